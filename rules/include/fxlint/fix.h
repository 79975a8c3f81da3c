// Fixes: source edits a rule attaches to a diagnostic, and the engine that applies a set of them to a
// file's text (non-overlapping subset; a fix whose result does not parse is dropped).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fxlint/source.h"

namespace fxlint {

// Safe: eager behaviour is identical. Unsafe: it changes in a way the rule's docs state (e.g. the
// exception type). Advice: no edit can help; the title says what to do (e.g. concrete_args).
enum class Applicability { Safe, Unsafe, Advice };
const char* applicabilityName(Applicability applicability);

// Replaces the bytes [begin, end) of the file's text (begin == end inserts).
struct Edit {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string replacement;
  friend bool operator==(const Edit&, const Edit&) = default;
};

struct Fix {
  std::string title;  // "Replace `len(x)` with `x.size(0)`"
  Applicability applicability = Applicability::Safe;
  std::vector<Edit> edits;  // sorted by begin, non-overlapping; empty for Advice
  // The file the edits are in when it is not the diagnostic's (a torch.fx.wrap in the calling module).
  SourceFilePtr file = nullptr;
};

// The result of applying fixes to one text.
struct AppliedFixes {
  std::string text;
  std::vector<size_t> applied;     // indices into the fixes given, in the order given
  std::vector<size_t> overlapping; // left for a later pass: they overlap an applied fix
  std::vector<size_t> unparsable;  // dropped: the text no longer parses with them
};

// Applies the largest prefix-greedy set of non-overlapping fixes (in order of their first edit) to
// `text`. When `parses` rejects the result, each chosen fix is tried alone and those that break
// parsing are dropped; the rest are applied again (and dropped all together if that still fails).
AppliedFixes applyFixes(std::string_view text, const std::vector<const Fix*>& fixes,
                        const std::function<bool(std::string_view)>& parses);

// `text` with `edits` (sorted, non-overlapping) applied.
std::string applyEdits(std::string_view text, const std::vector<Edit>& edits);

// A unified diff (3 lines of context) between `before` and `before` with `edits` applied, with
// `---`/`+++` headers naming `path`; empty when the edits change nothing.
std::string unifiedDiff(const std::string& path, std::string_view before, std::vector<Edit> edits);

}  // namespace fxlint
