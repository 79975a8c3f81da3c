// Where a pip-installed fxlint finds what its executable does not hold: the Python interpreter of the
// installation it belongs to, and the `fxlint` Python package installed with it (the clang and ONNX
// modules in _native/, the exporter's Python half). Only the wheel build (FXLINT_WHEEL) links it; a
// CMake build knows its paths at configure time.
#pragma once

#include <string>
#include <vector>

namespace fxlint::install_layout {

struct Installation {
  std::string python;      // python3 (or python) beside the executable, else python3 on PATH
  std::string packageDir;  // the `fxlint` package's directory as that interpreter imports it
  std::string error;       // why packageDir is empty
  // LibTorch's header directories in that interpreter's torch (torch/include and the C++ API's), the
  // default include paths of C++ files as a CMake build takes them from its venv; empty without torch.
  std::vector<std::string> torchIncludeDirs;
};

// Found once per process, by one run of the interpreter; never throws.
const Installation& installation();

// The file `name` in the package's _native/ directory, or "" with `error` saying why.
std::string nativeModulePath(const std::string& name, std::string& error);

// Runs `argv` (argv[0] looked up on PATH when it has no slash) and returns what it printed on stdout and
// stderr; `status` is its exit status, -1 when it could not be started.
std::string runAndCapture(const std::vector<std::string>& argv, int& status);

}  // namespace fxlint::install_layout
