// Writes the module tags and model metadata into an exported ONNX model, through the ONNX tagging module.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fxlint/export_attribution.h"

namespace fxlint::exporter {

// The model with doc_strings and metadata_props set, or an error (through the dlopen'ed module).
struct TagResult {
  std::string model;
  std::string error;
};
TagResult tagModel(const std::string& model, const std::vector<NodeTag>& tags,
                   const std::map<std::string, std::string>& metadata);

// Debian's ONNX checker and shape inference (opsets <= 17); empty when fine.
std::string checkWithSystemOnnx(const std::string& model);

}  // namespace fxlint::exporter
