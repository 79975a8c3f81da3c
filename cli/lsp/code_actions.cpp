#include "lsp/code_actions.h"

#include <algorithm>
#include <optional>

#include "suppressions.h"

namespace fxlint::lsp {

namespace {

Position endOfLine(const SourceFile& file, uint32_t line) {
  return Position{line, uint32_t(file.lineText(line).size()) + 1};
}

// The text with `edit` applied; edits made here are on one line, so positions map to offsets directly.
std::string applied(const SourceFile& file, const Edit& edit) {
  size_t lineStart = 0;
  for (uint32_t line = 1; line < edit.span.begin.line; ++line) lineStart = file.text.find('\n', lineStart) + 1;
  std::string text = file.text;
  size_t begin = lineStart + edit.span.begin.column - 1, end = lineStart + edit.span.end.column - 1;
  return text.replace(begin, end - begin, edit.newText);
}

bool covers(const FileSuppressions& suppressions, uint32_t line, const std::string& code) {
  auto it = suppressions.byLine.find(line);
  if (it == suppressions.byLine.end()) return false;
  for (const Suppression& s : it->second) {
    if (s.allCodes) return true;
    for (const Suppression::Code& c : s.codes)
      if (code.starts_with(c.code)) return true;
  }
  return false;
}

std::optional<Edit> editOnLine(const Diagnostic& diagnostic, const SourceFile& file, const FileSuppressions& existing,
                               uint32_t line) {
  if (line == 0 || line > uint32_t(std::count(file.text.begin(), file.text.end(), '\n')) + 1) return std::nullopt;
  Edit edit;
  edit.span.begin = edit.span.end = endOfLine(file, line);
  edit.newText = "  # fxlint: ignore[" + diagnostic.code + "]";
  if (auto it = existing.byLine.find(line); it != existing.byLine.end())
    for (const Suppression& s : it->second)
      if (!s.noqa && !s.allCodes && !s.codes.empty()) {
        edit.span.begin = edit.span.end = s.codes.back().span.end;
        edit.newText = ", " + diagnostic.code;
        break;
      }
  if (!covers(findSuppressions(applied(file, edit)), line, diagnostic.code)) return std::nullopt;
  return edit;
}

Position positionAt(std::string_view text, uint32_t offset) {
  Position position{1, 1};
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

// The rule's fix as an action: safe fixes are preferred; advice (no edit) is left to the hover.
std::optional<CodeAction> fixAction(const Diagnostic& diagnostic, const SourceFile& file) {
  if (!diagnostic.fix || diagnostic.fix->edits.empty()) return std::nullopt;
  // Edits are offsets into the text the rule saw; a site in an imported file is not this document's,
  // nor is a fix that edits the module calling a function.
  if (!diagnostic.file || diagnostic.file->path != file.path || diagnostic.file->text != file.text) return std::nullopt;
  if (diagnostic.fix->file && diagnostic.fix->file->path != file.path) return std::nullopt;
  const Fix& fix = *diagnostic.fix;
  CodeAction action{fix.title, "quickfix", {}, fix.applicability == Applicability::Safe};
  if (fix.applicability == Applicability::Unsafe) action.title += " (unsafe fix: " + diagnostic.code + "'s docs say what changes)";
  for (const fxlint::Edit& edit : fix.edits) {
    Edit converted;
    converted.span.begin = positionAt(file.text, edit.begin);
    converted.span.end = positionAt(file.text, edit.end);
    converted.span.beginOffset = edit.begin;
    converted.span.endOffset = edit.end;
    converted.newText = edit.replacement;
    action.edits.push_back(std::move(converted));
  }
  return action;
}

}  // namespace

std::optional<Edit> suppressionEdit(const Diagnostic& diagnostic, const SourceFile& file) {
  FileSuppressions existing = findSuppressions(file.text);
  if (auto edit = editOnLine(diagnostic, file, existing, diagnostic.span.begin.line)) return edit;
  if (diagnostic.span.end.line != diagnostic.span.begin.line)
    return editOnLine(diagnostic, file, existing, diagnostic.span.end.line);
  return std::nullopt;
}

std::vector<CodeAction> codeActionsFor(const Diagnostic& diagnostic, const SourceFile& file) {
  std::vector<CodeAction> actions;
  if (auto fix = fixAction(diagnostic, file)) actions.push_back(std::move(*fix));
  if (auto edit = suppressionEdit(diagnostic, file))
    actions.push_back(CodeAction{"Suppress " + diagnostic.code + " on this line (# fxlint: ignore[" + diagnostic.code + "])",
                                 "quickfix", {*edit}, false});
  return actions;
}

}  // namespace fxlint::lsp
