// Python front-end: parses a file with tree-sitter-python and lowers it to the IR.
// Never throws on bad input: syntax errors, non-UTF-8 text and binary data become problems.
#pragma once

#include "fxlint/ir.h"

namespace fxlint {

ir::ParseResult parsePython(SourceFilePtr file);

// Parses without lowering: the benchmark's reference for raw tree-sitter speed. Returns false when
// the parser could not produce a tree.
bool parsePythonTreeOnly(const std::string& text);

}  // namespace fxlint
