// Rule selection by code or prefix.
#include "selection.h"

#include "catalog.h"

namespace fxlint {

bool CodeSelection::selects(std::string_view code) const {
  size_t decidedBy = 0;
  bool selected = !select.has_value();
  auto apply = [&](const std::vector<std::string>& patterns, bool enable) {
    for (const std::string& pattern : patterns)
      if (code.starts_with(pattern) && pattern.size() >= decidedBy) {
        decidedBy = pattern.size();
        selected = enable;
      }
  };
  if (select) apply(*select, true);
  apply(extendSelect, true);
  apply(ignore, false);
  return selected;
}

bool matchesAnyRule(std::string_view pattern) {
  if (pattern.empty()) return false;
  for (const auto& info : ruleCatalog())
    if (info.code.starts_with(pattern)) return true;
  return false;
}

std::optional<std::string> firstUnknownPattern(const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns)
    if (!matchesAnyRule(pattern)) return pattern;
  return std::nullopt;
}

}  // namespace fxlint
