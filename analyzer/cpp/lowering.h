// Private to the C++ front-end: lowers the torch::nn::Module classes (and free functions) defined in a
// clang AST's main file to the IR, in the Python-shaped forms the interpreter already runs
// (`x.size(1)` -> `x.size(1)`, `x.sizes()[d]` -> `x.shape[d]`, `TORCH_CHECK(c)` -> `assert c`).
#pragma once

#include "fxlint/ir.h"

namespace clang {
class ASTContext;
}

namespace fxlint::cpp {

ir::Module lowerTranslationUnit(clang::ASTContext& context, SourceFilePtr file);

}  // namespace fxlint::cpp
