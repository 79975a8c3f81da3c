// Fixes in the text and JSON reports (schema: docs/json_output.md).
#include "fix_output.h"

#include <algorithm>
#include <string>

namespace fxlint {
namespace {

nlohmann::json positionJson(const SourceFile& file, uint32_t offset) {
  offset = std::min<uint32_t>(offset, uint32_t(file.text.size()));
  uint32_t line = 1, column = 1;
  for (uint32_t i = 0; i < offset; ++i) {
    if (file.text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {{"line", line}, {"column", column}, {"offset", offset}};
}

}  // namespace

nlohmann::json fixJson(const Diagnostic& d) {
  if (!d.fix) return nullptr;
  const SourceFile& file = d.fix->file ? *d.fix->file : *d.file;
  nlohmann::json edits = nlohmann::json::array();
  for (const Edit& edit : d.fix->edits)
    edits.push_back({{"start", positionJson(file, edit.begin)},
                     {"end", positionJson(file, edit.end)},
                     {"content", edit.replacement}});
  return {{"title", d.fix->title}, {"applicability", applicabilityName(d.fix->applicability)}, {"file", file.path}, {"edits", edits}};
}

void writeFixLine(std::ostream& out, const Diagnostic& d) {
  if (!d.fix) return;
  switch (d.fix->applicability) {
    case Applicability::Safe: out << " = fix [*]: " << d.fix->title << "\n"; break;
    case Applicability::Unsafe: out << " = fix (unsafe): " << d.fix->title << "\n"; break;
    case Applicability::Advice: out << " = help: " << d.fix->title << "\n"; break;
  }
}

void writeFixSummary(std::ostream& out, const std::vector<Diagnostic>& diagnostics) {
  size_t safe = 0, unsafe = 0;
  for (const Diagnostic& d : diagnostics)
    if (d.fix && !d.fix->edits.empty()) (d.fix->applicability == Applicability::Safe ? safe : unsafe)++;
  if (safe) out << "[*] " << safe << " fixable with `--fix`";
  if (unsafe) out << (safe ? "; " + std::to_string(unsafe) + " more" : std::to_string(unsafe) + " fixable")
                  << " with `--unsafe-fixes`";
  if (safe || unsafe) out << "\n";
}

}  // namespace fxlint
