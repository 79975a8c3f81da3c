#include "fxlint/export_attribution.h"

#include <nlohmann/json.hpp>

namespace fxlint::exporter {

const char* attributionName(Attribution attribution) {
  switch (attribution) {
    case Attribution::Exact: return "exact";
    case Attribution::Parent: return "parent";
    case Attribution::Constant: return "constant";
    case Attribution::None: return "none";
  }
  return "?";
}

std::vector<NodeTag> attributeNodes(const std::vector<NodeScope>& nodes,
                                    const std::map<std::string, std::string>& modules) {
  std::vector<NodeTag> tags;
  for (const NodeScope& node : nodes) {
    NodeTag tag;
    tag.name = node.name;
    tag.op = node.op;
    if (!node.hasScope) {
      tag.attribution = node.op == "Constant" ? Attribution::Constant : Attribution::None;
    } else {
      std::string path = node.scope;
      tag.attribution = Attribution::Exact;
      while (!modules.count(path) && !path.empty()) {
        size_t dot = path.rfind('.');
        path = dot == std::string::npos ? "" : path.substr(0, dot);
        tag.attribution = Attribution::Parent;
      }
      tag.module = path;
      auto found = modules.find(path);
      if (found != modules.end()) tag.className = found->second;
    }
    tags.push_back(tag);
  }
  return tags;
}

std::string docStringOf(const NodeTag& tag) {
  return nlohmann::json{{"module", tag.module}, {"class", tag.className},
                        {"attribution", attributionName(tag.attribution)}}.dump();
}

}  // namespace fxlint::exporter
