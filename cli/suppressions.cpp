// Finding suppression comments and applying them to diagnostics.
#include "suppressions.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "catalog.h"

namespace fxlint {
namespace {

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

size_t skipSpaces(std::string_view text, size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}

// fxlint's own codes: FX or EX and digits. Other tools' codes in a `# noqa` are theirs to judge.
bool isFxlintCode(std::string_view token) {
  if (token.size() < 3 || !(token.starts_with("FX") || token.starts_with("EX"))) return false;
  return std::all_of(token.begin() + 2, token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// A code as ruff reads one in `# noqa: ...`: letters, then digits.
bool isCodeToken(std::string_view token) {
  size_t letters = 0;
  while (letters < token.size() && std::isupper(static_cast<unsigned char>(token[letters]))) ++letters;
  return letters > 0 && letters < token.size() &&
         std::all_of(token.begin() + letters, token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// One comment, from its `#` to the end of its line, with where it sits in the file.
struct Comment {
  std::string_view text;
  uint32_t line;
  uint32_t column;  // of the `#`, 1-based
  uint32_t offset;  // of the `#`

  Span span(size_t begin, size_t end) const {
    Span s;
    s.begin = Position{line, column + uint32_t(begin)};
    s.end = Position{line, column + uint32_t(end)};
    s.beginOffset = offset + uint32_t(begin);
    s.endOffset = offset + uint32_t(end);
    return s;
  }
};

// `fxlint: ignore-file`, `fxlint: ignore` or `fxlint: ignore[A, B]` starting at `at`.
void parseFxlintDirective(const Comment& comment, size_t at, FileSuppressions& out) {
  std::string_view text = comment.text;
  size_t wordStart = skipSpaces(text, at + std::string_view("fxlint:").size());
  size_t wordEnd = wordStart;
  while (wordEnd < text.size() && isWordChar(text[wordEnd])) ++wordEnd;
  std::string_view word = text.substr(wordStart, wordEnd - wordStart);
  if (word == "ignore-file") {
    out.ignoreFile = true;
    return;
  }
  if (word != "ignore") return;
  Suppression suppression;
  suppression.span = comment.span(at, wordEnd);
  size_t open = skipSpaces(text, wordEnd);
  if (open >= text.size() || text[open] != '[') {
    suppression.allCodes = true;
    out.byLine[comment.line].push_back(std::move(suppression));
    return;
  }
  size_t close = text.find(']', open);
  // Malformed (no `]`, or `[]`): no suppression, so the diagnostic stays visible rather than vanishing.
  if (close == std::string_view::npos) return;
  for (size_t start = open + 1; start < close;) {
    size_t comma = std::min(text.find(',', start), close);
    size_t first = skipSpaces(text, start), last = comma;
    while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    if (last > first)
      suppression.codes.push_back({std::string(text.substr(first, last - first)), comment.span(first, last)});
    start = comma + 1;
  }
  if (suppression.codes.empty()) return;
  suppression.span = comment.span(at, close + 1);
  out.byLine[comment.line].push_back(std::move(suppression));
}

// `noqa` or `noqa: A, B` (case-insensitive `noqa`, codes split by commas or spaces, as ruff reads them).
void parseNoqaDirective(const Comment& comment, size_t at, FileSuppressions& out) {
  std::string_view text = comment.text;
  size_t end = at + 4;
  if (end < text.size() && isWordChar(text[end])) return;
  Suppression suppression;
  suppression.noqa = true;
  suppression.span = comment.span(at, end);
  size_t colon = skipSpaces(text, end);
  bool anyCode = false;
  if (colon < text.size() && text[colon] == ':') {
    size_t position = colon + 1;
    while (true) {
      while (position < text.size() && (text[position] == ' ' || text[position] == '\t' || text[position] == ','))
        ++position;
      size_t tokenEnd = position;
      while (tokenEnd < text.size() && std::isalnum(static_cast<unsigned char>(text[tokenEnd]))) ++tokenEnd;
      std::string_view token = text.substr(position, tokenEnd - position);
      if (!isCodeToken(token)) break;
      anyCode = true;
      if (isFxlintCode(token)) suppression.codes.push_back({std::string(token), comment.span(position, tokenEnd)});
      suppression.span = comment.span(at, tokenEnd);
      position = tokenEnd;
    }
  }
  if (!anyCode) suppression.allCodes = true;
  else if (suppression.codes.empty()) return;  // only other tools' codes
  out.byLine[comment.line].push_back(std::move(suppression));
}

void parseComment(const Comment& comment, FileSuppressions& out) {
  // Each `#` may start a directive: `# type: ignore  # noqa: FX101` carries one in its second part.
  for (size_t hash = comment.text.find('#'); hash != std::string_view::npos; hash = comment.text.find('#', hash + 1)) {
    size_t at = skipSpaces(comment.text, hash + 1);
    std::string_view rest = comment.text.substr(at);
    if (rest.starts_with("fxlint:")) {
      parseFxlintDirective(comment, at, out);
    } else if (rest.size() >= 4 && std::equal(rest.begin(), rest.begin() + 4, "noqa", [](char a, char b) {
                 return std::tolower(static_cast<unsigned char>(a)) == b;
               })) {
      parseNoqaDirective(comment, at, out);
    }
  }
}

bool anySelected(const CodeSelection& codes, std::string_view pattern) {
  const auto& catalog = ruleCatalog();
  return std::any_of(catalog.begin(), catalog.end(),
                     [&](const RuleInfo& info) { return info.code.starts_with(pattern) && codes.selects(info.code); });
}

}  // namespace

FileSuppressions findSuppressions(std::string_view text) {
  FileSuppressions out;
  uint32_t line = 1;
  size_t lineStart = 0;
  char quote = 0;  // the quote of the string literal the scan is in, or 0 in code
  bool triple = false;
  auto opensTriple = [&](size_t at, char q) { return text.substr(at, 3) == std::string(3, q); };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      lineStart = i + 1;
      if (quote && !triple) quote = 0;  // an unterminated one-line string ends with its line (a syntax error)
      continue;
    }
    if (quote) {
      if (c == '\\' && i + 1 < text.size()) {
        if (text[i + 1] == '\n') {
          ++line;
          lineStart = i + 2;
        }
        ++i;  // the escaped character cannot close the string, even in a raw string
      } else if (c == quote && (!triple || opensTriple(i, quote))) {
        i += triple ? 2 : 0;
        quote = 0;
      }
      continue;
    }
    if (c == '#') {
      size_t end = std::min(text.find('\n', i), text.size());
      std::string_view body = text.substr(i, end - i);
      if (body.ends_with('\r')) body.remove_suffix(1);
      parseComment(Comment{body, line, uint32_t(i - lineStart + 1), uint32_t(i)}, out);
      i = end - 1;  // the newline itself is counted by the next iteration
    } else if (c == '\'' || c == '"') {
      quote = c;
      triple = opensTriple(i, c);
      i += triple ? 2 : 0;
    }
  }
  return out;
}

FileSuppressions& SuppressionIndex::forFile(const SourceFile& file) {
  // Normalized, since a file reached through an import may be spelt differently from the one named.
  std::string key = std::filesystem::path(file.path).lexically_normal().string();
  auto it = byPath_.find(key);
  if (it == byPath_.end()) it = byPath_.emplace(key, findSuppressions(file.text)).first;
  return it->second;
}

bool SuppressionIndex::suppresses(const Diagnostic& diagnostic) {
  if (!diagnostic.file) return false;
  FileSuppressions& found = forFile(*diagnostic.file);
  if (found.ignoreFile) return true;
  bool suppressed = false;
  // A diagnostic spanning lines (a condition split over several) may be suppressed on its first or last.
  for (uint32_t line : {diagnostic.span.begin.line, diagnostic.span.end.line}) {
    auto it = found.byLine.find(line);
    if (it != found.byLine.end())
      for (Suppression& suppression : it->second) {
        if (suppression.allCodes) suppression.used = suppressed = true;
        for (Suppression::Code& code : suppression.codes)
          if (diagnostic.code.starts_with(code.code)) code.used = suppressed = true;
      }
    if (diagnostic.span.end.line == diagnostic.span.begin.line) break;
  }
  return suppressed;
}

std::vector<Diagnostic> SuppressionIndex::unused(const SourceFilePtr& file, const CodeSelection& codes) {
  std::vector<Diagnostic> out;
  if (!codes.selects(kUnusedSuppressionCode)) return out;
  FileSuppressions& found = forFile(*file);
  if (found.ignoreFile) return out;
  auto report = [&](const Span& span, std::string message) {
    Diagnostic d;
    d.code = std::string(kUnusedSuppressionCode);
    d.severity = defaultSeverity(*findRuleInfo(kUnusedSuppressionCode));
    d.file = file;
    d.span = span;
    d.message = std::move(message);
    out.push_back(std::move(d));
  };
  for (auto& [line, suppressions] : found.byLine)
    for (const Suppression& suppression : suppressions) {
      if (suppression.allCodes && !suppression.used && !suppression.noqa)
        report(suppression.span, "unused suppression: no diagnostic on this line");
      for (const Suppression::Code& code : suppression.codes) {
        if (code.used) continue;
        if (!matchesAnyRule(code.code))
          report(code.span, "`" + code.code + "` in a suppression comment is not a rule code");
        else if (anySelected(codes, code.code))
          report(code.span, "unused suppression of " + code.code + ": no " + code.code + " diagnostic on this line");
      }
    }
  return out;
}

}  // namespace fxlint
