// C++ front-end: parses a LibTorch source with Clang LibTooling 14 and lowers its torch::nn::Module
// classes to the IR. Clang stays private to this library (analyzer/cpp/); this header is plain C++.
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

// False when fxlint was configured without clang 14's development packages.
bool cppFrontendAvailable();

// `.cpp .cc .cxx .h .hpp`: files the C++ front-end reads.
bool isCppSourcePath(std::string_view path);

ir::ParseResult parseCpp(SourceFilePtr file, const CppFrontendOptions& options);

}  // namespace fxlint
