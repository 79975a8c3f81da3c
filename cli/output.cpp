// Text and JSON output. JSON field names are a published schema (docs/json_output.md): add fields,
// never rename them, and bump schema_version on incompatible changes.
#include "output.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "fix_output.h"
#include "output_support.h"

namespace fxlint {
namespace {

constexpr int kSchemaVersion = 1;
using nlohmann::json;

json diagnosticJson(const Diagnostic& d) {
  return json{{"code", d.code},
              {"severity", severityName(d.severity)},
              {"file", d.file->path},
              {"line", d.span.begin.line},
              {"column", d.span.begin.column},
              {"end_line", d.span.end.line},
              {"end_column", d.span.end.column},
              {"message", d.message},
              {"chain", d.chain},
              {"fix", fixJson(d)}};
}

json configurationJson(const Configuration& configuration) {
  const TraceConfig& trace = configuration.trace;
  json config{{"name", trace.describe()}, {"inputs", nullptr}};
  if (trace.inputs) config["inputs"] = *trace.inputs;
  config["leaf_classes"] = trace.leafClasses;
  config["param_shapes_constant"] = trace.paramShapesConstant;
  config["tracer"] = tracerName(trace.tracer);
  config["source"] = configuration.source.empty() ? json(nullptr) : json(configuration.source);
  return config;
}

// The first configuration (the command line's, or the first file's); null when the run aborted before
// any was read (a configuration error).
json firstConfigurationJson(const RunResult& result) {
  return result.configurations.empty() ? json(nullptr) : configurationJson(result.configurations.front());
}

// Every configuration with the files analyzed under it.
json configurationsJson(const RunResult& result) {
  json list = json::array();
  for (const Configuration& configuration : result.configurations) {
    list.push_back(configurationJson(configuration));
    list.back()["files"] = json::array();
  }
  for (size_t i = 0; i < result.files.size(); ++i)
    list[result.configurationOf[i]]["files"].push_back(result.files[i].file->path);
  return list;
}

json dimJson(int dim) {
  if (dim == ShapeRef::kRank) return "rank";
  if (dim == ShapeRef::kAllDims) return "all";
  if (dim == ShapeRef::kUnknownDim) return nullptr;
  return dim;
}

const char* color(Severity s) {
  return s == Severity::Error ? "\033[1;31m" : s == Severity::Warning ? "\033[1;33m" : "\033[1;36m";
}

}  // namespace

void writeDiagnosticsText(std::ostream& out, const RunResult& result, bool useColor) {
  const char* bold = useColor ? "\033[1m" : "";
  const char* reset = useColor ? "\033[0m" : "";
  for (const Diagnostic& d : result.diagnostics) {
    out << bold << d.file->path << ":" << d.span.begin.line << ":" << d.span.begin.column << ":" << reset << " "
        << (useColor ? color(d.severity) : "") << d.code << reset << " " << d.message << "\n";
    std::string_view line = d.file->lineText(d.span.begin.line);
    if (!line.empty() && line.size() < 400) {
      std::string number = std::to_string(d.span.begin.line);
      std::string pad(number.size(), ' ');
      size_t start = d.span.begin.column > 0 ? d.span.begin.column - 1 : 0;
      size_t end = d.span.end.line == d.span.begin.line && d.span.end.column > d.span.begin.column
                       ? d.span.end.column - 1 : line.size();
      end = std::min(end, line.size());
      start = std::min(start, end);
      // Carets go under the characters as a terminal shows them, not under their bytes.
      std::string marker;
      for (size_t i = 0; i < start; ++i)
        if (line[i] == '\t') marker += '\t';
      marker += std::string(displayWidth(line.substr(0, start)) - (marker.size()), ' ');
      marker += std::string(std::max<size_t>(1, displayWidth(line.substr(start, end - start))), '^');
      out << " " << pad << " |\n " << number << " | " << line << "\n " << pad << " | " << marker << "\n";
    }
    if (d.chain.size() > 1) out << " = via: " << joinChain(d.chain) << "\n";
    writeFixLine(out, d);
  }
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : result.diagnostics) (d.severity == Severity::Error ? errors : warnings)++;
  std::map<VerdictKind, size_t> counts;
  size_t classes = 0;
  for (const FileAnalysis& file : result.files)
    for (const ClassVerdict& v : file.classes) { counts[v.verdict]++; classes++; }
  std::string suppressed = result.suppressed ? std::to_string(result.suppressed) + " suppressed" : "";
  if (result.diagnostics.empty())
    out << "No problems found" << (suppressed.empty() ? "" : " (" + suppressed + ")");
  else
    out << "Found " << result.diagnostics.size() << " diagnostic" << (result.diagnostics.size() == 1 ? "" : "s") << " ("
        << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " other"
        << (suppressed.empty() ? "" : "; " + suppressed) << ")";
  out << " in " << result.files.size() << " file" << (result.files.size() == 1 ? "" : "s") << "; " << classes
      << " module class" << (classes == 1 ? "" : "es") << ": " << counts[VerdictKind::Traceable] << " traceable, "
      << counts[VerdictKind::Specialized] << " specialized, " << counts[VerdictKind::Fails] << " fail, "
      << counts[VerdictKind::Unknown] << " unknown\n";
  writeFixSummary(out, result.diagnostics);
}

void writeDiagnosticsJson(std::ostream& out, const RunResult& result) {
  json diagnostics = json::array();
  for (const Diagnostic& d : result.diagnostics) diagnostics.push_back(diagnosticJson(d));
  json doc{{"schema_version", kSchemaVersion},
           {"configuration", firstConfigurationJson(result)},
           {"configurations", configurationsJson(result)},
           {"files", result.files.size()},
           {"diagnostics", diagnostics},
           {"suppressed", result.suppressed},
           {"errors", result.errors}};
  out << doc.dump(2) << "\n";
}

namespace {

json verdictJson(const ClassVerdict& v, Capture capture) {
  json entry{{"name", v.factory.empty() ? v.className : v.factory},
             {"file", v.file->path},
             {"line", v.span.begin.line},
             {"verdict", verdictName(v.verdict, capture)},
             {"first_failure", nullptr}};
  json sites = json::array(), unknown = json::array(), facts = json::array();
  for (size_t i = 0; i < v.events.size(); ++i) {
    const TraceEvent& event = v.events[i];
    std::vector<Diagnostic> diagnostics = diagnose(event);
    for (const Diagnostic& d : diagnostics) {
      json site = diagnosticJson(d);
      site["certain"] = event.onCertainPath;
      sites.push_back(site);
      if (int(i) == v.firstFailure && entry["first_failure"].is_null()) entry["first_failure"] = site;
      if (severityOf(event.kind) == EventSeverity::Unknown) unknown.push_back(d.message);
    }
    if (!isShapeDecision(event.kind) || diagnostics.empty()) continue;
    for (const ShapeRef& ref : event.provenance.dims) {
      if (!event.provenance.shape) continue;
      facts.push_back(json{{"input", ref.input}, {"dim", dimJson(ref.dim)}, {"direct", ref.direct},
                           {"file", event.file->path}, {"line", event.span.begin.line},
                           {"code", diagnostics.front().code}, {"text", event.text}});
    }
  }
  if (!v.factory.empty()) entry["class"] = v.className;
  if (!v.modulePath.empty()) entry["path"] = v.modulePath;
  if (!v.submodules.empty()) {
    json inner = json::array();
    for (const ClassVerdict& submodule : v.submodules) inner.push_back(verdictJson(submodule, capture));
    entry["submodules"] = inner;
  }
  entry["sites"] = sites;
  entry["unknown_reasons"] = unknown;
  entry["shape_facts"] = facts;
  entry["captures"] = json{{captureName(capture), json{{"verdict", entry["verdict"]}, {"first_failure", entry["first_failure"]}}}};
  return entry;
}

Capture captureOf(const RunResult& result, size_t file) {
  return result.configurations[result.configurationOf[file]].trace.capture;
}

// Adds each entry's verdict under torch.export (`alsoExport`, the same files) to its `captures`.
void addExportCaptures(json& classes, json& factories, const RunResult& alsoExport) {
  auto key = [](const json& entry) {
    return entry["file"].get<std::string>() + ":" + std::to_string(entry["line"].get<int>()) + ":" +
           entry["name"].get<std::string>();
  };
  std::map<std::string, json> exported;
  for (size_t i = 0; i < alsoExport.files.size(); ++i) {
    const FileAnalysis& file = alsoExport.files[i];
    for (const auto* list : {&file.classes, &file.factories})
      for (const ClassVerdict& v : *list) {
        json entry = verdictJson(v, Capture::Export);
        exported[key(entry)] = entry["captures"]["export"];
      }
  }
  for (json* list : {&classes, &factories})
    for (json& entry : *list)
      if (auto found = exported.find(key(entry)); found != exported.end()) entry["captures"]["export"] = found->second;
}

}  // namespace

void writeVerdictsJson(std::ostream& out, const RunResult& result, const RunResult* alsoExport) {
  json classes = json::array();
  json factories = json::array();
  json problems = json::array();
  for (size_t i = 0; i < result.files.size(); ++i) {
    const FileAnalysis& file = result.files[i];
    for (const ClassVerdict& v : file.classes) classes.push_back(verdictJson(v, captureOf(result, i)));
    for (const ClassVerdict& v : file.factories) factories.push_back(verdictJson(v, captureOf(result, i)));
    for (const FileProblem& p : file.problems)
      problems.push_back(json{{"file", file.file->path}, {"line", p.span.begin.line}, {"message", p.message}});
  }
  if (alsoExport) addExportCaptures(classes, factories, *alsoExport);
  json doc{{"schema_version", kSchemaVersion},
           {"configuration", firstConfigurationJson(result)},
           {"configurations", configurationsJson(result)},
           {"classes", classes},
           {"factories", factories},
           {"file_problems", problems},
           {"errors", result.errors}};
  out << doc.dump(2) << "\n";
}

void writeVerdictsText(std::ostream& out, const RunResult& result, const RunResult* alsoExport) {
  if (alsoExport) {
    writeVerdictsText(out, result);
    writeVerdictsText(out, *alsoExport);
    return;
  }
  // A configuration line opens the output and each run of files analyzed under another configuration.
  auto showConfiguration = [&](const Configuration& configuration) {
    out << "configuration: " << configuration.trace.describe()
        << (configuration.source.empty() ? "" : " (" + configuration.source + ")") << "\n";
  };
  if (result.files.empty() && !result.configurations.empty()) showConfiguration(result.configurations.front());
  for (size_t i = 0; i < result.files.size(); ++i) {
    const FileAnalysis& file = result.files[i];
    if (i == 0 || result.configurationOf[i] != result.configurationOf[i - 1])
      showConfiguration(result.configurations[result.configurationOf[i]]);
    for (const FileProblem& p : file.problems)
      out << file.file->path << ":" << std::max<uint32_t>(1, p.span.begin.line) << ": not analyzed: " << p.message << "\n";
    std::vector<const ClassVerdict*> entries;
    for (const ClassVerdict& v : file.classes) entries.push_back(&v);
    for (const ClassVerdict& v : file.factories) entries.push_back(&v);
    for (const ClassVerdict* entry : entries) {
      const ClassVerdict& v = *entry;
      out << file.file->path << ":" << v.span.begin.line << "  "
          << (v.factory.empty() ? v.className : v.factory + "() -> " + v.className) << "  "
          << verdictName(v.verdict, captureOf(result, i));
      if (v.firstFailure >= 0) {
        const TraceEvent& first = v.events[v.firstFailure];
        std::vector<Diagnostic> d = diagnose(first);
        out << "  " << (d.empty() ? "" : d.front().code + " ") << "at " << first.file->path << ":" << first.span.begin.line;
        if (first.chain.size() > 1) out << "  via " << joinChain(first.chain);
      } else if (v.verdict != VerdictKind::Traceable) {
        for (const TraceEvent& e : v.events) {
          std::vector<Diagnostic> d = diagnose(e);
          if (d.empty()) continue;
          out << "  " << d.front().code << " at " << e.file->path << ":" << e.span.begin.line;
          break;
        }
      }
      out << "\n";
    }
  }
}

}  // namespace fxlint
