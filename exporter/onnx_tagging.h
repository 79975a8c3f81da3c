// Tags an exported ONNX model with its module hierarchy (docs/exporter.md, "Tags"): each node's
// innermost scope becomes a module attribution; the edits are made by the ONNX tagging module.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace fxlint::exporter {

enum class Attribution {
  Exact,     // the scope is a module of the model (the root included: ops of the root's own forward)
  Parent,    // the scope is no registered module; attributed to its nearest registered ancestor
  Constant,  // a graph-level Constant with no scope
  None,      // no scope recorded
};
const char* attributionName(Attribution attribution);

struct NodeScope {
  std::string name;
  std::string op;
  bool hasScope = false;
  std::string scope;  // innermost module path, "" for the root
};

struct NodeTag {
  std::string name;
  std::string op;
  Attribution attribution = Attribution::None;
  std::string module;      // the module path ("" root)
  std::string className;   // its class
};

// Attributes each node to a module of `modules` (path -> class) by its own scope.
std::vector<NodeTag> attributeNodes(const std::vector<NodeScope>& nodes, const std::map<std::string, std::string>& modules);

// The doc_string a tagged node carries: {"module": "layer1.conv1", "class": "...", "attribution": "exact"}.
std::string docStringOf(const NodeTag& tag);

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
