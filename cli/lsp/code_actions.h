// The code actions the language server offers for a diagnostic, as plain edits in the file's own
// coordinates (1-based lines, byte columns); the server converts them to LSP positions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fxlint/rule.h"

namespace fxlint::lsp {

struct Edit {
  Span span;  // begin and end positions; an insertion has begin == end
  std::string newText;
};

struct CodeAction {
  std::string title;
  std::string kind;  // an LSP CodeActionKind: "quickfix"
  std::vector<Edit> edits;
  bool preferred = false;
};

// Every action for `diagnostic` in `file`, the one place they are gathered: the fix its rule attached
// (first; preferred when safe, its title marked when unsafe), then the suppression comment.
std::vector<CodeAction> codeActionsFor(const Diagnostic& diagnostic, const SourceFile& file);

// The edit that makes a suppression comment cover `diagnostic`: its code added to an existing
// `# fxlint: ignore[...]` on the diagnostic's first or last line, else `  # fxlint: ignore[CODE]` at the
// end of that line. Checked by re-scanning the edited text, so a line that ends inside a string
// literal gets no edit.
std::optional<Edit> suppressionEdit(const Diagnostic& diagnostic, const SourceFile& file);

}  // namespace fxlint::lsp
