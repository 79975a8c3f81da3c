// parseCpp: loads the Clang module (fxlint_cpp_clang, built when CMake finds clang 14) on first use,
// with RTLD_LOCAL so that LLVM's symbols stay out of the process's global scope (cpp_frontend.h says
// why). Without the module, every C++ file is one problem saying so, and the run goes on.
#include <dlfcn.h>

#include <mutex>

#include "fxlint/cpp_frontend.h"

namespace fxlint {
namespace {

using ParseEntry = void (*)(const SourceFilePtr*, const CppFrontendOptions*, ir::ParseResult*);

struct ClangModule {
  ParseEntry parse = nullptr;
  std::string error;  // why it is not there
};

const ClangModule& clangModule() {
  static ClangModule module;
  static std::once_flag loaded;
  std::call_once(loaded, [] {
    const char* path = FXLINT_CPP_MODULE;
    if (!*path) {
      module.error = "fxlint was built without the C++ front-end (FXLINT_CPP_FRONTEND=OFF, or clang 14's "
                     "development packages were not found at configure time: scripts/setup.sh installs them)";
      return;
    }
    // Never closed: diagnostics may hold objects whose code lives in the module.
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      module.error = std::string("cannot load the C++ front-end: ") + dlerror();
      return;
    }
    module.parse = reinterpret_cast<ParseEntry>(dlsym(handle, "fxlint_parse_cpp"));
    if (!module.parse) module.error = std::string("the C++ front-end module is broken: ") + dlerror();
  });
  return module;
}

}  // namespace

ir::ParseResult parseCpp(SourceFilePtr file, const CppFrontendOptions& options) {
  ir::ParseResult result;
  const ClangModule& module = clangModule();
  if (module.parse) {
    module.parse(&file, &options, &result);
    return result;
  }
  ir::FrontendProblem problem;
  problem.kind = ir::ProblemKind::Unparsable;
  problem.span.begin = problem.span.end = Position{1, 1};
  problem.message = module.error;
  result.problems.push_back(std::move(problem));
  return result;
}

}  // namespace fxlint
