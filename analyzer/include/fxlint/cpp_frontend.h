// C++ front-end: parses a LibTorch source with Clang LibTooling 14 and lowers its torch::nn::Module
// classes to the IR. Clang lives in a module of its own (analyzer/cpp/), loaded with RTLD_LOCAL the
// first time a C++ file is parsed: LLVM's symbols must never be global in fxlint's process, where
// `fxlint export` imports torch (triton bundles another LLVM and would bind to them and crash).
// Never throws on bad input: missing headers and compile errors become problems citing file:line.
#pragma once

#include <string>
#include <string_view>

#include "fxlint/ir.h"

namespace fxlint {

struct CppFrontendOptions {
  // A directory holding compile_commands.json (`fxlint check -p build/`); empty: the LibTorch include
  // paths found at configure time, -std=c++17.
  std::string compileCommandsDir;
};

// `.cpp .cc .cxx .h .hpp`: files the C++ front-end reads.
bool isCppSourcePath(std::string_view path);

ir::ParseResult parseCpp(SourceFilePtr file, const CppFrontendOptions& options);

}  // namespace fxlint
