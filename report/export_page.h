// The page of `fxlint export --report-html`: the exported ONNX model's module hierarchy with node counts
// per module (exact, parent, and below it), the strategy chosen and why, fallbacks and mispredictions,
// validation per input size and guards. Drawn by assets/export.js from the data export_run.cpp gathers.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace fxlint::report {

// `data`: the export's JSON report (docs/exporter.md) plus `modules`, a list of
// {"path", "class", "exact", "parent"} for every module of the model, in named_modules() order.
std::string exportReportPage(const nlohmann::json& data);

}  // namespace fxlint::report
