// Helpers shared by the output formats.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fxlint/rule.h"

namespace fxlint {

// "A.forward -> self.body -> B.forward:7"
std::string joinChain(const std::vector<std::string>& chain);

// How many terminal columns UTF-8 `text` takes: combining marks none, East Asian wide characters and
// emoji two, anything else (a tab too) one. An approximation of wcwidth that needs no locale.
size_t displayWidth(std::string_view text);

// A 1-based byte column of `line` as a 1-based column in UTF-16 code units (SARIF's default column
// kind). Bytes past the end of the line count one each.
uint32_t utf16Column(std::string_view line, uint32_t byteColumn);

// The inverse: a 1-based column in UTF-16 code units as a 1-based byte column of `line`. A column
// inside a surrogate pair maps to its character's start; columns past the end count one byte each.
uint32_t byteColumn(std::string_view line, uint32_t utf16Column);

// The diagnostic's start and end columns in UTF-16 code units.
struct Utf16Range {
  uint32_t startColumn;
  uint32_t endColumn;
};
Utf16Range utf16Range(const Diagnostic& diagnostic);

}  // namespace fxlint
