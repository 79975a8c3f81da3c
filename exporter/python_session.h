// The Python side of an export: the user's model in torch, driven through exporter/python/fxlint_export.py.
// Two implementations: python_session.cpp embeds the build venv's CPython (pybind11 stays inside it);
// python_worker_session.cpp, the wheel's, runs the installation's own Python as a child process.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "fxlint/export_plan.h"

namespace fxlint::exporter {

// The user's file failed to import, or its model failed to build: what() is the Python traceback.
struct UserCodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Python raised where fxlint's helper did not expect it: what() is the exception and its traceback.
struct PythonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The wheel's worker cannot run: the installation's Python lacks torch (what() says what to install), or
// fxlint's own package cannot be imported by it.
struct PythonEnvironmentError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class PythonSession {
 public:
  // Starts Python (the embedded venv once per process, or the worker), imports torch and the user's
  // model. `request` is the JSON the Python Session takes (file, target, init_args, inputs, opset, optimize).
  explicit PythonSession(const std::string& request);
  ~PythonSession();
  PythonSession(const PythonSession&) = delete;
  PythonSession& operator=(const PythonSession&) = delete;

  struct Capture {
    bool ok = false;
    std::string error;  // the capture's exception, one line
    int line = 0;       // the user's line it was raised from, 0 when none
  };
  void setDynamic(const std::string& dynamic);  // JSON [{input, dims}]: the dims exported dynamic
  Capture capture(Strategy strategy);
  std::string toOnnx();                           // the captured program as ONNX bytes
  std::string describe(const std::string& onnx);  // JSON: nodes with scopes, modules, guards, opset
  std::string check(const std::string& onnx);     // the venv's onnx checker: empty when fine
  std::string sameStructure(const std::string& untagged, const std::string& tagged);  // empty when same
  std::string validate(const std::string& onnx);  // JSON list of {label, shapes, max_abs_error | error}
  double plainExportSeconds();                    // plain torch.onnx.export of the model, timed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The Python Session's answer to `capture` (JSON {ok, error, line}) as a Capture; capture_answer.cpp.
PythonSession::Capture captureFromAnswer(const std::string& answer);

}  // namespace fxlint::exporter
