// Which rule codes a run reports, from --select/--extend-select/--ignore (or the same config keys),
// by code or prefix, with ruff's precedence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fxlint {

struct CodeSelection {
  std::optional<std::vector<std::string>> select;  // unset: every rule
  std::vector<std::string> extendSelect;           // added to `select`
  std::vector<std::string> ignore;

  // The longest pattern matching `code` decides; on a tie `ignore` wins. So `--select FX1 --ignore FX101`
  // is FX1xx but FX101, and `--ignore FX1 --extend-select FX101` keeps FX101.
  bool selects(std::string_view code) const;
};

// Whether `pattern` is a rule code or a prefix of one.
bool matchesAnyRule(std::string_view pattern);

// The first of `patterns` that matches no rule, if any.
std::optional<std::string> firstUnknownPattern(const std::vector<std::string>& patterns);

}  // namespace fxlint
