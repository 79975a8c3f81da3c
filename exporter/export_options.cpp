// `fxlint export` command-line parsing.
#include "fxlint/export_options.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fxlint::exporter {

const char* const kExportUsage = R"(usage: fxlint export FILE.py:CLASS_OR_FACTORY --input NAME:SHAPE[:DTYPE] [options] -o OUT.onnx

Captures the model the way fxlint's analysis says will work, exports it to ONNX with every node tagged
with the module it ran in, checks and validates it (docs/exporter.md).

options:
  --input NAME:1x3x224x224[:float32|int64|...]  an example input: a forward parameter (repeatable)
  --input-specs FILE     JSON list of {"name", "shape", "dtype", "low", "high"} instead of --input
  --init-args JSON       constructor keyword arguments; {"$class": "pkg.Config", ...} builds an object
  --dynamic NAME:D,D     input dims exported dynamic (repeatable); a dim a Python decision reads is refused
  --allow-specialization export such dims static instead, recording the decision as a guard
  --strategy auto|fx|export|htp   capture (default auto: from the analyzer's verdict, with fallback)
  --opset N              ONNX opset (default: torch's)
  -o, --output FILE      the ONNX model; FILE's stem + .hierarchy.json maps modules to nodes
  --report FILE          a JSON report (strategy, coverage, validation, timings)
  --report-html FILE     the report as one self-contained HTML page, with the module hierarchy and node
                         counts per module (docs/report.md)
  --root DIR             also resolve absolute imports from DIR in the analysis (repeatable)
  --tolerance X          max |onnxruntime - eager| accepted (default 1e-4)
  --no-validate          skip the ONNX Runtime comparison
  --no-optimize          skip torch's ONNX optimizer: one ONNX node per captured op, no fusions
  --benchmark            also time plain torch.onnx.export of the same model, in the same process

exit status: 0 exported, 1 refused or failed (nothing written), 2 usage error or the user's code failed
)";

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

bool parseInt(const std::string& text, long& value) {
  char* end = nullptr;
  value = std::strtol(text.c_str(), &end, 10);
  return !text.empty() && *end == '\0';
}

const char* const kDtypes[] = {"float32", "float16", "bfloat16", "float64", "int64", "int32", "bool"};

bool knownDtype(const std::string& dtype) {
  for (const char* known : kDtypes)
    if (dtype == known) return true;
  return false;
}

std::string readInputSpecs(const std::string& path, std::vector<InputSpec>& specs) {
  std::ifstream in(path);
  if (!in) return "--input-specs: cannot read " + path;
  nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
  if (!document.is_array()) return "--input-specs: " + path + " is not a JSON list of input specs";
  for (const auto& entry : document) {
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() || !entry.contains("shape") ||
        !entry["shape"].is_array())
      return "--input-specs: each entry needs \"name\" (string) and \"shape\" (list of sizes)";
    InputSpec spec;
    spec.name = entry["name"];
    for (const auto& size : entry["shape"]) {
      if (!size.is_number_integer() || size.get<int64_t>() < 0) return "--input-specs: sizes are integers >= 0";
      spec.shape.push_back(size.get<int64_t>());
    }
    if (entry.contains("dtype")) {
      if (!entry["dtype"].is_string() || !knownDtype(entry["dtype"])) return "--input-specs: unknown dtype";
      spec.dtype = entry["dtype"];
    }
    if (entry.contains("low") && entry["low"].is_number()) spec.low = entry["low"].get<double>();
    if (entry.contains("high") && entry["high"].is_number()) spec.high = entry["high"].get<double>();
    specs.push_back(spec);
  }
  return "";
}

}  // namespace

std::string parseInputSpec(const std::string& text, InputSpec& spec) {
  std::vector<std::string> parts = split(text, ':');
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty())
    return "--input takes NAME:SHAPE[:DTYPE], e.g. pixel_values:1x3x224x224";
  spec.name = parts[0];
  for (const std::string& size : split(parts[1], 'x')) {
    long value;
    if (!parseInt(size, value) || value < 0) return "--input " + text + ": `" + size + "` is not a size";
    spec.shape.push_back(value);
  }
  if (parts.size() == 3) {
    if (!knownDtype(parts[2])) return "--input " + text + ": unknown dtype `" + parts[2] + "`";
    spec.dtype = parts[2];
  }
  return "";
}

std::string parseExportOptions(const std::vector<std::string>& args, ExportOptions& options) {
  std::optional<std::string> specsFile;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string name = arg.substr(0, arg.find('='));
    auto value = [&]() -> std::optional<std::string> {
      if (arg.size() > name.size()) return arg.substr(name.size() + 1);
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    if (name == "--input") {
      auto v = value();
      InputSpec spec;
      if (!v) return "--input takes NAME:SHAPE[:DTYPE]";
      if (std::string error = parseInputSpec(*v, spec); !error.empty()) return error;
      options.inputs.push_back(spec);
    } else if (name == "--input-specs") {
      specsFile = value();
      if (!specsFile) return "--input-specs takes a JSON file";
    } else if (name == "--init-args") {
      auto v = value();
      if (!v || !nlohmann::json::parse(*v, nullptr, false).is_object())
        return "--init-args takes a JSON object of keyword arguments";
      options.initArgs = *v;
    } else if (name == "--dynamic") {
      auto v = value();
      size_t colon = v ? v->rfind(':') : std::string::npos;
      if (!v || colon == std::string::npos || colon == 0) return "--dynamic takes NAME:DIM[,DIM...]";
      for (const std::string& dim : split(v->substr(colon + 1), ',')) {
        long parsed;
        if (!parseInt(dim, parsed)) return "--dynamic: `" + dim + "` is not a dimension index";
        options.dynamic.push_back({v->substr(0, colon), int(parsed)});
      }
    } else if (name == "--strategy") {
      auto v = value();
      if (v == "auto") options.strategy = StrategyRequest::Auto;
      else if (v == "fx") options.strategy = StrategyRequest::Fx;
      else if (v == "export") options.strategy = StrategyRequest::Export;
      else if (v == "htp") options.strategy = StrategyRequest::Htp;
      else return "--strategy takes auto, fx, export or htp";
    } else if (name == "--opset") {
      auto v = value();
      long opset;
      if (!v || !parseInt(*v, opset) || opset < 7) return "--opset takes an ONNX opset number";
      options.opset = int(opset);
    } else if (name == "-o" || name == "--output") {
      auto v = value();
      if (!v || v->empty()) return "--output takes a file name";
      options.output = *v;
    } else if (name == "--report") {
      options.report = value();
      if (!options.report || options.report->empty()) return "--report takes a file name";
    } else if (name == "--report-html") {
      options.reportHtml = value();
      if (!options.reportHtml || options.reportHtml->empty()) return "--report-html takes a file name";
    } else if (name == "--root") {
      auto v = value();
      if (!v) return "--root takes a directory";
      options.roots.push_back(*v);
    } else if (name == "--tolerance") {
      auto v = value();
      char* end = nullptr;
      options.tolerance = v ? std::strtod(v->c_str(), &end) : -1;
      if (!v || *end != '\0' || options.tolerance < 0) return "--tolerance takes a number >= 0";
    } else if (arg == "--allow-specialization") {
      options.allowSpecialization = true;
    } else if (arg == "--no-validate") {
      options.validate = false;
    } else if (arg == "--no-optimize") {
      options.optimize = false;
    } else if (arg == "--benchmark") {
      options.benchmark = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return "unknown option `" + arg + "`";
    } else if (options.file.empty()) {
      size_t colon = arg.rfind(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == arg.size())
        return "the model is FILE.py:CLASS or FILE.py:factory_function";
      options.file = arg.substr(0, colon);
      options.target = arg.substr(colon + 1);
    } else {
      return "one model per export (got `" + arg + "` too)";
    }
  }
  if (specsFile) {
    if (!options.inputs.empty()) return "--input and --input-specs exclude each other";
    if (std::string error = readInputSpecs(*specsFile, options.inputs); !error.empty()) return error;
  }
  if (options.file.empty()) return "no model given (FILE.py:CLASS)";
  if (options.inputs.empty()) return "no example input given (--input NAME:SHAPE)";
  if (options.output.empty()) return "no output given (-o OUT.onnx)";
  for (const RuleOptions::DynamicDim& dim : options.dynamic) {
    const InputSpec* spec = nullptr;
    for (const InputSpec& candidate : options.inputs)
      if (candidate.name == dim.input) spec = &candidate;
    if (!spec) return "--dynamic " + dim.input + ": no --input of that name";
    if (dim.dim < 0 || dim.dim >= int(spec->shape.size()))
      return "--dynamic " + dim.input + ":" + std::to_string(dim.dim) + ": the input has " +
             std::to_string(spec->shape.size()) + " dims";
  }
  return "";
}

}  // namespace fxlint::exporter
