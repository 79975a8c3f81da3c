// Embeds the venv's CPython 3.11 with pybind11. The interpreter starts once and is never finalized:
// torch's extension modules do not survive Py_Finalize, and the process ends soon after anyway.
#include "python_session.h"

#include <pybind11/embed.h>

#include <string>
#include <utility>

namespace py = pybind11;

namespace fxlint::exporter {

namespace {

void startInterpreter() {
  static bool started = false;
  if (started) return;
  started = true;
  // The venv's python as program name: CPython finds pyvenv.cfg beside it, takes the base install
  // (pyenv's 3.11, whose libpython3.11.so this binary links) as home and the venv's site-packages.
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.install_signal_handlers = 0;
  PyConfig_SetBytesString(&config, &config.program_name, FXLINT_VENV_DIR "/bin/python");
  py::initialize_interpreter(&config, 0, nullptr, false);
  py::module_::import("sys").attr("path").attr("insert")(0, FXLINT_EXPORTER_PYTHON_DIR);
  // Every Python-side failure below is caught and reported; the GIL is held from here on.
}

// Calls the Python Session's `method`, turning a Python exception into PythonError.
template <typename... Args>
py::object call(py::object& session, const char* method, Args&&... args) {
  try {
    return session.attr(method)(std::forward<Args>(args)...);
  } catch (py::error_already_set& error) {
    throw PythonError(std::string(method) + ": " + error.what());
  }
}

}  // namespace

struct PythonSession::Impl {
  py::module_ helper;
  py::object session;
};

PythonSession::PythonSession(const std::string& request) : impl_(std::make_unique<Impl>()) {
  startInterpreter();
  try {
    impl_->helper = py::module_::import("fxlint_export");
    impl_->session = impl_->helper.attr("Session")(request);
  } catch (py::error_already_set& error) {
    if (impl_->helper && error.matches(impl_->helper.attr("UserCodeError"))) throw UserCodeError(py::str(error.value()));
    throw PythonError(std::string("starting the export in Python: ") + error.what());
  }
}

PythonSession::~PythonSession() = default;

void PythonSession::setDynamic(const std::string& dynamic) { call(impl_->session, "set_dynamic", dynamic); }

PythonSession::Capture PythonSession::capture(Strategy strategy) {
  return captureFromAnswer(py::str(call(impl_->session, "capture", strategyName(strategy))));
}

std::string PythonSession::toOnnx() { return call(impl_->session, "to_onnx").cast<std::string>(); }

std::string PythonSession::describe(const std::string& onnx) {
  return call(impl_->session, "describe", py::bytes(onnx)).cast<std::string>();
}

std::string PythonSession::check(const std::string& onnx) {
  return call(impl_->session, "check", py::bytes(onnx)).cast<std::string>();
}

std::string PythonSession::sameStructure(const std::string& untagged, const std::string& tagged) {
  return call(impl_->session, "same_structure", py::bytes(untagged), py::bytes(tagged)).cast<std::string>();
}

std::string PythonSession::validate(const std::string& onnx) {
  return call(impl_->session, "validate", py::bytes(onnx)).cast<std::string>();
}

double PythonSession::plainExportSeconds() { return call(impl_->session, "plain_export_seconds").cast<double>(); }

}  // namespace fxlint::exporter
