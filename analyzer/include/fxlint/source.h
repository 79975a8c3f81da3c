// Source files and positions. Every IR node and diagnostic points back here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace fxlint {

// 1-based line and column (columns count bytes, as tree-sitter and clang do).
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

struct Span {
  Position begin;
  Position end;
  uint32_t beginOffset = 0;  // byte offsets into SourceFile::text
  uint32_t endOffset = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

// A file's path and text. Shared by the IR and diagnostics, so it outlives both.
struct SourceFile {
  std::string path;
  std::string text;

  // The text of line `line` (1-based) without its newline; empty when out of range.
  std::string_view lineText(uint32_t line) const;
  // The exact source text covered by `span`.
  std::string_view slice(const Span& span) const;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

}  // namespace fxlint
