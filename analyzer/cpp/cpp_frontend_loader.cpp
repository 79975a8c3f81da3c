// parseCpp: loads the Clang module (fxlint_cpp_clang, built when CMake finds clang 14) on first use,
// with RTLD_LOCAL so that LLVM's symbols stay out of the process's global scope (cpp_frontend.h says
// why). Without the module, every C++ file is one problem saying so, and the run goes on.
// In the wheel (FXLINT_WHEEL) the module lies in the installed package and clang is the machine's own:
// libclang-cpp.so.14 is loaded first, or each C++ file's problem says how to install it.
#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include "fxlint/cpp_frontend.h"
#ifdef FXLINT_WHEEL
#include "fxlint/install_layout.h"
#endif

namespace fxlint {
namespace {

using ParseEntry = void (*)(const SourceFilePtr*, const CppFrontendOptions*, ir::ParseResult*);

struct ClangModule {
  ParseEntry parse = nullptr;
  std::string error;  // why it is not there
};

#ifdef FXLINT_WHEEL
// The module is linked without clang, so clang's libraries go into the global scope first, where the
// module's references find them. That is safe here, unlike in a CMake build: the wheel's `fxlint export`
// runs torch in a Python process of its own. FXLINT_LIBCLANG_CPP names another libclang-cpp 14.
std::string loadMachineClang() {
  const char* override = std::getenv("FXLINT_LIBCLANG_CPP");
  const char* library = override && *override ? override : "libclang-cpp.so.14";
  if (dlopen(library, RTLD_NOW | RTLD_GLOBAL)) return "";
  return std::string("C++ files need clang 14's library ") + library + ", which cannot be loaded (" + dlerror() +
         "): install it (Debian and Ubuntu: apt-get install libclang-cpp14) or set FXLINT_LIBCLANG_CPP to its path";
}
#endif

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
#ifdef FXLINT_WHEEL
    module.error = loadMachineClang();
    if (!module.error.empty()) return;
    std::string installed = install_layout::nativeModulePath(path, module.error);
    if (installed.empty()) {
      module.error = "cannot find the C++ front-end: " + module.error;
      return;
    }
    path = installed.c_str();
#endif
    // Never closed: diagnostics may hold objects whose code lives in the module.
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      module.error = std::string("cannot load the C++ front-end: ") + dlerror();
      return;
    }
    module.parse = reinterpret_cast<ParseEntry>(dlsym(handle, "fxlint_parse_cpp"));
    if (!module.parse) module.error = std::string("the C++ front-end module is broken: ") + dlerror();
#ifdef FXLINT_WHEEL
    // LibTorch's headers from the installation's torch, if it has one: the default include paths a
    // CMake build takes from its venv.
    using IncludeDirsEntry = void (*)(const std::vector<std::string>*);
    if (auto setIncludeDirs = reinterpret_cast<IncludeDirsEntry>(dlsym(handle, "fxlint_set_include_dirs")))
      setIncludeDirs(&install_layout::installation().torchIncludeDirs);
#endif
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
