// The rule catalog: registry rules plus the driver's own FX005, severities and rule documents.
#include "catalog.h"

#include <algorithm>

namespace fxlint {
namespace {

// FIXME(#10): rules/ is to register FX005 with this doc; until it does, the catalog supplies it, and
// once it does the registry's entry wins and this one can go.
constexpr RuleInfo kUnusedSuppression{kUnusedSuppressionCode, "unused-suppression",
                                      "a suppression comment that suppresses nothing", Family::Analysis, R"md(
## What it does
Reports a suppression comment that suppressed no diagnostic in this run: a code listed in
`# fxlint: ignore[FX101]` or `# noqa: FX101` with no FX101 diagnostic on that line, a bare
`# fxlint: ignore` on a line without diagnostics, or a listed code that names no rule.
## Why is this bad?
A suppression outlives the hazard it was written for: after the model is fixed, a stale
`# fxlint: ignore[FX101]` would silently hide the next shape-dependent branch written on that line.
A misspelt code suppresses nothing at all.
## Example
    x = self.conv(x)  # fxlint: ignore[FX101]
## Use instead
    x = self.conv(x)
Remove the comment, or list only the codes reported on that line.
## Known problems
A code is only checked when it is selected in the run (`--select FX1` does not report an unused
`FX201`), and a suppression is judged by the traces of this run: a line in a helper module that is
reached only from classes in files not being checked looks unused. A bare `# noqa` and codes of other
tools in `# noqa: E501` are left alone; `# fxlint: ignore-file` is never reported.
)md"};

}  // namespace

const std::vector<RuleInfo>& ruleCatalog() {
  static const std::vector<RuleInfo> kCatalog = [] {
    std::vector<RuleInfo> infos;
    for (const auto& rule : allRules()) infos.push_back(rule->info());
    if (!findRule(kUnusedSuppressionCode)) {
      // Keep registry order: FX005 goes after the last FX00x code.
      auto after = std::find_if(infos.begin(), infos.end(),
                                [](const RuleInfo& info) { return info.code > kUnusedSuppressionCode; });
      infos.insert(after, kUnusedSuppression);
    }
    return infos;
  }();
  return kCatalog;
}

const RuleInfo* findRuleInfo(std::string_view code) {
  for (const RuleInfo& info : ruleCatalog())
    if (info.code == code) return &info;
  return nullptr;
}

Severity defaultSeverity(const RuleInfo& info) {
  // FX001 is an error although its family is Analysis: the driver reports an unreadable file as one.
  if (info.code == "FX001") return Severity::Error;
  return info.family == Family::TraceFails || info.family == Family::ExportHazard ? Severity::Error
                                                                                  : Severity::Warning;
}

std::string ruleDocument(const RuleInfo& info) {
  return "# " + std::string(info.code) + " " + std::string(info.name) + "\n\n" + std::string(info.summary) + "\n" +
         std::string(info.doc);
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
