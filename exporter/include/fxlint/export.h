// `fxlint export`: the verdict-driven ONNX exporter (docs/exporter.md).
#pragma once

#include <string>
#include <vector>

namespace fxlint::exporter {

// Runs `fxlint export ARGS...` (the arguments after `export`) and returns the exit status. Without the
// venv at build time, says how to enable the exporter and returns 2.
int runExportCommand(const std::vector<std::string>& args);

}  // namespace fxlint::exporter
