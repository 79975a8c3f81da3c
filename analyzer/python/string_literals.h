// The values of Python string literals: a literal's prefix, and the decoding of its source text (escapes,
// newlines, `{{` in f-strings). Splitting literals into pieces and interpolations is left to the Lowerer.
#pragma once

#include <string>
#include <string_view>

namespace fxlint::python {

struct StringPrefix {
  bool raw = false, bytes = false, formatted = false;
};

// The prefix of a literal, read from its opening token (`rb'`, `F"""`).
StringPrefix prefixOf(std::string_view stringStart);

// Appends the value of literal source text: newlines normalized as Python reads source, escapes
// decoded unless raw, and `{{`/`}}` halved in f-strings.
void appendLiteral(std::string& out, std::string_view raw, StringPrefix prefix);

}  // namespace fxlint::python
