// Line lookup and slicing for SourceFile.
#include "fxlint/source.h"

namespace fxlint {

std::string_view SourceFile::lineText(uint32_t line) const {
  if (line == 0) return {};
  size_t start = 0;
  for (uint32_t current = 1; current < line; ++current) {
    size_t newline = text.find('\n', start);
    if (newline == std::string::npos) return {};
    start = newline + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  std::string_view result(text.data() + start, end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

std::string_view SourceFile::slice(const Span& span) const {
  if (span.endOffset < span.beginOffset || span.endOffset > text.size()) return {};
  return std::string_view(text).substr(span.beginOffset, span.endOffset - span.beginOffset);
}

}  // namespace fxlint
