// Every public header of the libraries, included together with nothing else: the heavy dependencies
// (tree-sitter, clang, CPython and pybind11, ONNX and protobuf) stay behind them, so a header that starts
// leaking one stops this file from compiling.
#include "fxlint/analysis.h"
#include "fxlint/analysis_json.h"
#include "fxlint/cpp_frontend.h"
#include "fxlint/export.h"
#include "fxlint/export_attribution.h"
#include "fxlint/export_options.h"
#include "fxlint/export_plan.h"
#include "fxlint/fix.h"
#include "fxlint/ir.h"
#include "fxlint/python_frontend.h"
#include "fxlint/rule.h"
#include "fxlint/source.h"
#include "fxlint/trace_config.h"
#include "fxlint/trace_event.h"

#include <gtest/gtest.h>

#ifdef TREE_SITTER_API_H_
#error "a public header includes tree-sitter"
#endif
#if defined(LLVM_CLANG_TOOLING_TOOLING_H) || defined(LLVM_CLANG_AST_ASTCONTEXT_H) || defined(LLVM_CLANG_AST_DECL_H)
#error "a public header includes clang"
#endif
#if defined(Py_PYTHON_H) || defined(PYBIND11_VERSION_MAJOR)
#error "a public header includes CPython or pybind11"
#endif
#if defined(GOOGLE_PROTOBUF_VERSION) || defined(ONNX_ONNX_PB_H)
#error "a public header includes protobuf or ONNX"
#endif

namespace fxlint {
namespace {

// The checks above are the test; this proves the headers are usable together.
TEST(IncludeHygiene, PublicHeadersStandAlone) {
  TraceConfig config;
  EXPECT_EQ(config.describe(), "vanilla");
}

}  // namespace
}  // namespace fxlint
