// Chain joining and column conversion for the output formats.
#include "output_support.h"

namespace fxlint {

std::string joinChain(const std::vector<std::string>& chain) {
  std::string text;
  for (size_t i = 0; i < chain.size(); ++i) text += (i ? " -> " : "") + chain[i];
  return text;
}

uint32_t utf16Column(std::string_view line, uint32_t byteColumn) {
  if (byteColumn == 0) return 0;
  size_t bytes = byteColumn - 1;
  uint32_t units = 0;
  for (size_t i = 0; i < bytes; ++i) {
    if (i >= line.size()) {
      units += uint32_t(bytes - i);
      break;
    }
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte belongs to the character before
    units += c >= 0xF0 ? 2 : 1;        // four-byte sequences lie outside the BMP: a surrogate pair
  }
  return units + 1;
}

Utf16Range utf16Range(const Diagnostic& diagnostic) {
  const Span& span = diagnostic.span;
  std::string_view first = diagnostic.file->lineText(span.begin.line);
  std::string_view last = span.end.line == span.begin.line ? first : diagnostic.file->lineText(span.end.line);
  return {utf16Column(first, span.begin.column), utf16Column(last, span.end.column)};
}

}  // namespace fxlint
