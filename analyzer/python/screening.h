// Screening, the front-end's first step: refuses binary and non-UTF-8 text and files too large or too deep
// for tree-sitter-python, blanks the comment runs that would crash it, and sets its time budget. Parsing
// and lowering are left to python_frontend.cpp and the Lowerer. Private to the Python front-end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fxlint/ir.h"

namespace fxlint::python {

// A problem of the Python front-end at `span` (screening, syntax errors, limits of the lowering).
inline ir::FrontendProblem problemAt(std::string message, Span span, ir::ProblemKind kind = ir::ProblemKind::SyntaxError) {
  return {std::move(message), span, kind};
}

// What tree-sitter may be given for a file.
struct ParseInput {
  std::optional<ir::FrontendProblem> problem;  // set when the file must not be parsed
  std::optional<std::string> blanked;          // the text with comments blanked, when it needs that
};

// Problems that stop a file before parsing: binary, not UTF-8.
std::optional<ir::FrontendProblem> screenEncoding(std::string_view text);

// Guards tree-sitter against the inputs that crash it: files too large or too deep to parse are
// refused, and long comment runs blanked.
ParseInput prepareForTreeSitter(std::string_view text);

// How long tree-sitter may take to parse `text`, in microseconds.
uint64_t parseBudgetMicros(std::string_view text);

}  // namespace fxlint::python
