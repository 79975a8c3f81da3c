// Suppression comments: `# fxlint: ignore[FX101,FX105]`, a bare `# fxlint: ignore`, `# fxlint: ignore-file`
// and ruff's `# noqa` / `# noqa: FX101`. Found by a scan that knows Python's string literals, so a `#`
// inside a string is not a comment. Suppressions hide diagnostics; they never change a verdict.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fxlint/rule.h"
#include "selection.h"

namespace fxlint {

struct Suppression {
  struct Code {
    std::string code;  // a rule code or a prefix of one
    Span span;
    bool used = false;
  };
  bool noqa = false;      // `# noqa`: shared with other tools, so a bare one is never reported unused
  bool allCodes = false;  // bare: every code on the line
  bool used = false;      // for a bare one: it suppressed something
  Span span;              // the directive, from `fxlint:` or `noqa`
  std::vector<Code> codes;
};

struct FileSuppressions {
  bool ignoreFile = false;
  std::map<uint32_t, std::vector<Suppression>> byLine;
};

// The suppression comments of a file. Limits: the scan treats every quote as opening a string
// literal, so Python 3.12 f-strings reusing their own quote inside `{}` can hide a later comment.
FileSuppressions findSuppressions(std::string_view text);

// Applies the suppressions of every file diagnostics point into, and reports the unused ones.
class SuppressionIndex {
 public:
  // True when a comment on the diagnostic's first or last line, or `ignore-file`, covers its code.
  bool suppresses(const Diagnostic& diagnostic);

  // FX005 diagnostics for the suppressions in `file` that suppressed nothing, for codes `codes` selects.
  std::vector<Diagnostic> unused(const SourceFilePtr& file, const CodeSelection& codes);

 private:
  FileSuppressions& forFile(const SourceFile& file);
  std::map<std::string, FileSuppressions> byPath_;
};

}  // namespace fxlint
