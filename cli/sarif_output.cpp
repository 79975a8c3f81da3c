// SARIF 2.1.0 output for code scanning (OASIS SARIF 2.1.0; objects are named as in the spec). One run:
// the tool with every rule's metadata and help, one result per diagnostic, the call chain as a code
// flow, and the run's errors as tool execution notifications.
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "catalog.h"
#include "output.h"
#include "output_support.h"
#include "paths.h"

namespace fxlint {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kSchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kSourceRoot = "%SRCROOT%";

const char* level(Severity severity) {  // result.level: error, warning, note (or none)
  return severity == Severity::Error ? "error" : severity == Severity::Warning ? "warning" : "note";
}

const char* familyTag(Family family) {
  switch (family) {
    case Family::Analysis: return "analysis";
    case Family::TraceFails: return "trace-fails";
    case Family::Specializes: return "specializes";
    case Family::ExportHazard: return "export-hazard";
  }
  return "analysis";
}

std::string directoryUri(const std::filesystem::path& dir) {
  std::string text = encodeUriPath(dir.generic_string());
  if (text.empty() || text.back() != '/') text += '/';  // run.originalUriBaseIds: a base ends with a slash
  return "file://" + text;
}

// artifactLocation: relative to %SRCROOT% (the current directory) when the file lies below it, else
// an absolute file URI.
json artifactLocation(const std::string& path) {
  if (auto relative = relativeToCurrentDirectory(path))
    return json{{"uri", encodeUriPath(*relative)}, {"uriBaseId", kSourceRoot}};
  std::error_code ec;
  return json{{"uri", "file://" + encodeUriPath(std::filesystem::absolute(path, ec).lexically_normal().generic_string())}};
}

json ruleJson(const RuleInfo& info) {
  std::string document = ruleDocument(info);
  return json{{"id", info.code},
              {"name", info.name},
              {"shortDescription", {{"text", info.summary}}},
              {"fullDescription", {{"text", ruleDescription(info)}}},
              {"help", {{"text", document}, {"markdown", document}}},
              {"defaultConfiguration", {{"level", level(defaultSeverity(info))}}},
              {"properties", {{"tags", {familyTag(info.family)}}}}};
}

json locationJson(const Diagnostic& d) {
  Utf16Range columns = utf16Range(d);
  json region{{"startLine", d.span.begin.line},
              {"startColumn", columns.startColumn},
              {"endLine", d.span.end.line},
              {"endColumn", columns.endColumn}};
  return json{{"physicalLocation", {{"artifactLocation", artifactLocation(d.file->path)}, {"region", region}}}};
}

// codeFlow: the chain, outermost first, as one thread flow; only the last step (the diagnostic's own
// site) has a source location, the others name the call.
json codeFlowJson(const Diagnostic& d) {
  json steps = json::array();
  for (size_t i = 0; i < d.chain.size(); ++i) {
    json location = i + 1 == d.chain.size() ? locationJson(d) : json::object();
    location["message"] = {{"text", d.chain[i]}};
    steps.push_back({{"location", location}, {"nestingLevel", i}});
  }
  return json{{"threadFlows", json::array({{{"locations", steps}}})}};
}

}  // namespace

void writeDiagnosticsSarif(std::ostream& out, const RunResult& result) {
  json rules = json::array();
  const auto& catalog = ruleCatalog();
  for (const RuleInfo& info : catalog) rules.push_back(ruleJson(info));

  json results = json::array();
  for (const Diagnostic& d : result.diagnostics) {
    json entry{{"ruleId", d.code}, {"level", level(d.severity)}, {"message", {{"text", d.message}}}};
    if (const RuleInfo* info = findRuleInfo(d.code)) entry["ruleIndex"] = info - catalog.data();
    entry["locations"] = json::array({locationJson(d)});
    if (d.chain.size() > 1) entry["codeFlows"] = json::array({codeFlowJson(d)});
    results.push_back(std::move(entry));
  }

  json notifications = json::array();
  for (const std::string& error : result.errors)
    notifications.push_back({{"level", "error"}, {"message", {{"text", error}}}});
  std::error_code ec;
  json run{{"tool", {{"driver", {{"name", "fxlint"}, {"version", FXLINT_VERSION}, {"semanticVersion", FXLINT_VERSION},
                                 {"rules", rules}}}}},
           {"originalUriBaseIds", {{kSourceRoot, {{"uri", directoryUri(std::filesystem::current_path(ec))}}}}},
           {"columnKind", "utf16CodeUnits"},
           {"results", results},
           {"invocations", json::array({{{"executionSuccessful", result.errors.empty()},
                                         {"toolExecutionNotifications", notifications}}})}};
  json doc{{"version", "2.1.0"}, {"$schema", kSchemaUri}, {"runs", json::array({run})}};
  out << doc.dump(2) << "\n";
}

}  // namespace fxlint
