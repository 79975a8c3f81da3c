// What `fxlint export` is asked to do, parsed from its command line (docs/exporter.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fxlint/rule.h"

namespace fxlint::exporter {

struct InputSpec {
  std::string name;
  std::vector<int64_t> shape;
  std::string dtype = "float32";
  std::optional<double> low, high;  // value range (integer inputs: token ids and the like)
};

enum class StrategyRequest { Auto, Fx, Export, Htp };

struct ExportOptions {
  std::string file;      // the user's Python file
  std::string target;    // a module class or a factory function in it
  std::string initArgs;  // JSON object of constructor keyword arguments ("$class" builds an object)
  std::vector<InputSpec> inputs;
  std::vector<RuleOptions::DynamicDim> dynamic;
  StrategyRequest strategy = StrategyRequest::Auto;
  std::optional<int> opset;
  std::string output;                 // out.onnx; its sidecar is out.hierarchy.json
  std::optional<std::string> report;  // JSON report
  std::optional<std::string> reportHtml;  // the same as one self-contained HTML page (report/export_page.h)
  std::vector<std::string> roots;     // --root: extra import roots for the analysis
  bool allowSpecialization = false;
  bool validate = true;
  bool optimize = true;  // torch's ONNX optimizer (fusions); off: one ONNX node per captured op
  double tolerance = 1e-4;
  bool benchmark = false;  // also time a plain torch.onnx.export of the same model in the process
};

// Parses `fxlint export ...` arguments (argv[0] is the first argument after `export`). Empty on
// success, else the usage error.
std::string parseExportOptions(const std::vector<std::string>& args, ExportOptions& options);

// --input name:1x3x224x224[:dtype]
std::string parseInputSpec(const std::string& text, InputSpec& spec);

extern const char* const kExportUsage;

}  // namespace fxlint::exporter
