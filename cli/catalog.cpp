// The rule catalog: every registered rule's info, and the documents `fxlint rule` and SARIF show.
#include "catalog.h"

namespace fxlint {

const std::vector<RuleInfo>& ruleCatalog() {
  static const std::vector<RuleInfo> kCatalog = [] {
    std::vector<RuleInfo> infos;
    for (const auto& rule : allRules()) infos.push_back(rule->info());
    return infos;
  }();
  return kCatalog;
}

const RuleInfo* findRuleInfo(std::string_view code) {
  for (const RuleInfo& info : ruleCatalog())
    if (info.code == code) return &info;
  return nullptr;
}

std::string ruleDocument(const RuleInfo& info) {
  return "# " + std::string(info.code) + " " + std::string(info.name) + "\n\n" + std::string(info.summary) + "\n" +
         ruleDoc(info);
}

std::string ruleDescription(const RuleInfo& info) {
  constexpr std::string_view kHeading = "## What it does\n";
  size_t start = info.doc.find(kHeading);
  if (start == std::string_view::npos) return std::string(info.summary);
  start += kHeading.size();
  size_t end = info.doc.find("\n## ", start);
  std::string body(info.doc.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  return body;
}

}  // namespace fxlint
