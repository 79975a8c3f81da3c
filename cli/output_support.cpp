// Chain joining and column conversion for the output formats.
#include "output_support.h"

namespace fxlint {

std::string joinChain(const std::vector<std::string>& chain) {
  std::string text;
  for (size_t i = 0; i < chain.size(); ++i) text += (i ? " -> " : "") + chain[i];
  return text;
}

namespace {

size_t codePointWidth(char32_t c) {
  if ((c >= 0x300 && c <= 0x36F) || c == 0x200D) return 0;  // combining marks, zero-width joiner
  bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
              (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
              (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
              (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace

size_t displayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < text.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    width += codePointWidth(c);
    i += length;
  }
  return width;
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

uint32_t byteColumn(std::string_view line, uint32_t utf16Column) {
  if (utf16Column == 0) return 0;
  uint32_t units = 0;
  size_t i = 0;
  while (i < line.size()) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    uint32_t width = c >= 0xF0 ? 2 : 1;
    if (units + width > utf16Column - 1) break;
    units += width;
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return uint32_t(i) + (utf16Column - 1 - units) * (i >= line.size()) + 1;
}

Utf16Range utf16Range(const Diagnostic& diagnostic) {
  const Span& span = diagnostic.span;
  std::string_view first = diagnostic.file->lineText(span.begin.line);
  std::string_view last = span.end.line == span.begin.line ? first : diagnostic.file->lineText(span.end.line);
  return {utf16Column(first, span.begin.column), utf16Column(last, span.end.column)};
}

}  // namespace fxlint
