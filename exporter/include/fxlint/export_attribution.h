// Which module each ONNX node belongs to, from the scope recorded on the node itself (docs/exporter.md,
// "Tags"): never by position in a node list, never by class names.
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

}  // namespace fxlint::exporter
