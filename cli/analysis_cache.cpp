// Cache entries are JSON files named by a 128-bit xxHash3 key; each holds the content hash of every
// imported file and the analysis itself, with source files referred to by path.
#include "analysis_cache.h"

#include <unistd.h>
#include <xxhash.h>

#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "atomic_file.h"

namespace fxlint {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kEntryFormat = 3;  // 2: fix outlines of events, submodule verdicts; 3: concrete_args, callers

std::string hexHash(std::string_view data) {
  XXH128_hash_t hash = XXH3_128bits(data.data(), data.size());
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return text;
}

std::optional<std::string> readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

// The fields of a configuration that change an analysis (not the rules' options or code selection).
std::string analysisSettings(const Configuration& configuration) {
  return json{{"trace", configuration.trace.fingerprint()}, {"roots", configuration.roots}}.dump();
}

json spanJson(const Span& span) {
  return json::array({span.begin.line, span.begin.column, span.end.line, span.end.column, span.beginOffset,
                      span.endOffset});
}

Span spanFrom(const json& j) {
  Span span;
  span.begin = Position{j.at(0).get<uint32_t>(), j.at(1).get<uint32_t>()};
  span.end = Position{j.at(2).get<uint32_t>(), j.at(3).get<uint32_t>()};
  span.beginOffset = j.at(4).get<uint32_t>();
  span.endOffset = j.at(5).get<uint32_t>();
  return span;
}

json outlineJson(const ExprOutline& e) {
  json operands = json::array();
  for (const ExprOutline& operand : e.operands) operands.push_back(outlineJson(operand));
  return json::array({spanJson(e.span), e.op, e.name, e.keyword, operands});
}

json outlineJson(const StatementOutline& s) {
  json targets = json::array(), body = json::array();
  for (const ExprOutline& target : s.targets) targets.push_back(outlineJson(target));
  for (const StatementOutline& statement : s.body) body.push_back(outlineJson(statement));
  return json::array({spanJson(s.span), s.kind, outlineJson(s.head), targets, body, s.hasElse});
}

ExprOutline exprOutlineFrom(const json& j) {
  ExprOutline e{spanFrom(j.at(0)), j.at(1).get<std::string>(), j.at(2).get<std::string>(), j.at(3).get<std::string>(), {}};
  for (const json& operand : j.at(4)) e.operands.push_back(exprOutlineFrom(operand));
  return e;
}

StatementOutline statementOutlineFrom(const json& j) {
  StatementOutline s;
  s.span = spanFrom(j.at(0));
  s.kind = j.at(1).get<std::string>();
  s.head = exprOutlineFrom(j.at(2));
  for (const json& target : j.at(3)) s.targets.push_back(exprOutlineFrom(target));
  for (const json& statement : j.at(4)) s.body.push_back(statementOutlineFrom(statement));
  s.hasElse = j.at(5).get<bool>();
  return s;
}

json blockJson(const BlockOutline& b) {
  json attributes = json::array();
  for (const ExprOutline& attribute : b.selfAttributes) attributes.push_back(outlineJson(attribute));
  return json::array({spanJson(b.span), spanJson(b.classSpan), b.inputs, b.outputs, attributes, b.namesInUse, b.refusal,
                      b.returns});
}

BlockOutline blockOutlineFrom(const json& j) {
  BlockOutline b{spanFrom(j.at(0)), spanFrom(j.at(1)), j.at(2).get<std::vector<std::string>>(),
                 j.at(3).get<std::vector<std::string>>(), {}, j.at(5).get<std::vector<std::string>>(),
                 j.at(6).get<std::string>(), j.at(7).get<bool>()};
  for (const json& attribute : j.at(4)) b.selfAttributes.push_back(exprOutlineFrom(attribute));
  return b;
}

json eventJson(const TraceEvent& event) {
  json dims = json::array();
  for (const ShapeRef& ref : event.provenance.dims) dims.push_back(json::array({ref.input, ref.dim, ref.direct}));
  const Provenance& p = event.provenance;
  json statements = json::array();
  for (const StatementOutline& statement : event.statements) statements.push_back(outlineJson(statement));
  return json{{"kind", int(event.kind)},
              {"file", event.file->path},
              {"span", spanJson(event.span)},
              {"text", event.text},
              {"detail", event.detail},
              {"provenance", json::array({p.shape, p.data, p.metadata, dims, p.originText})},
              {"chain", event.chain},
              {"certain", event.onCertainPath},
              {"expression", outlineJson(event.expression)},
              {"statements", statements},
              {"function", json::array({event.function.name, spanJson(event.function.span), event.function.moduleLevel,
                                        event.function.calledFromItsModule,
                                        event.function.callerFile ? event.function.callerFile->path : "",
                                        event.function.callerName, event.function.callerImportEnd})},
              {"block", blockJson(event.block)},
              {"concrete_args", event.concreteArgs}};
}

json verdictJson(const ClassVerdict& verdict) {
  json events = json::array(), submodules = json::array();
  for (const TraceEvent& event : verdict.events) events.push_back(eventJson(event));
  for (const ClassVerdict& submodule : verdict.submodules) submodules.push_back(verdictJson(submodule));
  return json{{"factory", verdict.factory},   {"class", verdict.className},
              {"file", verdict.file->path},   {"span", spanJson(verdict.span)},
              {"verdict", int(verdict.verdict)}, {"events", events},
              {"first_failure", verdict.firstFailure}, {"module_path", verdict.modulePath},
              {"submodules", submodules}};
}

// Rebuilds analyses from JSON; source files are looked up by path among the entry's files. Throws
// (json or out_of_range) on anything malformed, which the caller treats as a miss.
class Restorer {
 public:
  explicit Restorer(std::map<std::string, SourceFilePtr> files) : files_(std::move(files)) {}

  FileAnalysis analysis(const json& j, const SourceFilePtr& file) const {
    FileAnalysis analysis;
    analysis.file = file;
    for (const json& p : j.at("problems"))
      analysis.problems.push_back(FileProblem{FileProblemKind(p.at(0).get<int>()), p.at(1).get<std::string>(),
                                              spanFrom(p.at(2))});
    for (const json& v : j.at("classes")) analysis.classes.push_back(verdict(v));
    for (const json& v : j.at("factories")) analysis.factories.push_back(verdict(v));
    analysis.imports = j.at("imports").get<std::vector<std::string>>();
    return analysis;
  }

 private:
  const SourceFilePtr& source(const json& path) const { return files_.at(path.get<std::string>()); }

  ClassVerdict verdict(const json& j) const {
    ClassVerdict verdict;
    verdict.factory = j.at("factory").get<std::string>();
    verdict.className = j.at("class").get<std::string>();
    verdict.file = source(j.at("file"));
    verdict.span = spanFrom(j.at("span"));
    verdict.verdict = VerdictKind(j.at("verdict").get<int>());
    for (const json& e : j.at("events")) verdict.events.push_back(event(e));
    verdict.firstFailure = j.at("first_failure").get<int>();
    if (verdict.firstFailure >= int(verdict.events.size())) throw std::out_of_range("first_failure");
    verdict.modulePath = j.at("module_path").get<std::string>();
    for (const json& submodule : j.at("submodules")) verdict.submodules.push_back(this->verdict(submodule));
    return verdict;
  }

  TraceEvent event(const json& j) const {
    TraceEvent event;
    event.kind = EventKind(j.at("kind").get<int>());
    event.file = source(j.at("file"));
    event.span = spanFrom(j.at("span"));
    event.text = j.at("text").get<std::string>();
    event.detail = j.at("detail").get<std::string>();
    const json& p = j.at("provenance");
    event.provenance.shape = p.at(0).get<bool>();
    event.provenance.data = p.at(1).get<bool>();
    event.provenance.metadata = p.at(2).get<bool>();
    for (const json& d : p.at(3))
      event.provenance.dims.push_back(ShapeRef{d.at(0).get<std::string>(), d.at(1).get<int>(), d.at(2).get<bool>()});
    event.provenance.originText = p.at(4).get<std::string>();
    event.chain = j.at("chain").get<std::vector<std::string>>();
    event.onCertainPath = j.at("certain").get<bool>();
    event.expression = exprOutlineFrom(j.at("expression"));
    for (const json& statement : j.at("statements")) event.statements.push_back(statementOutlineFrom(statement));
    const json& function = j.at("function");
    event.function = FunctionOutline{function.at(0).get<std::string>(), spanFrom(function.at(1)), function.at(2).get<bool>(),
                                     function.at(3).get<bool>()};
    if (!function.at(4).get<std::string>().empty()) event.function.callerFile = source(function.at(4));
    event.function.callerName = function.at(5).get<std::string>();
    event.function.callerImportEnd = function.at(6).get<uint32_t>();
    event.block = blockOutlineFrom(j.at("block"));
    event.concreteArgs = j.at("concrete_args").get<std::vector<std::pair<std::string, std::string>>>();
    return event;
  }

  std::map<std::string, SourceFilePtr> files_;
};

}  // namespace

AnalysisCache::AnalysisCache(std::string directory) : directory_(std::move(directory)) {
  // The executable's own bytes: a rebuilt fxlint never reads its predecessor's entries, even at the
  // same version number.
  std::string executable = readWhole("/proc/self/exe").value_or("");
  std::error_code ec;
  runKey_ = std::string(FXLINT_VERSION) + "\n" + hexHash(executable) + "\n" + fs::current_path(ec).string();
}

std::string AnalysisCache::entryPath(const SourceFile& file, const Configuration& configuration) const {
  std::string key = runKey_ + "\n" + analysisSettings(configuration) + "\n" + file.path + "\n" + hexHash(file.text);
  return (fs::path(directory_) / (hexHash(key) + ".json")).string();
}

std::optional<FileAnalysis> AnalysisCache::load(const SourceFile& file, const Configuration& configuration) const {
  std::optional<std::string> text = readWhole(entryPath(file, configuration));
  if (!text) return std::nullopt;
  try {
    json entry = json::parse(*text);
    if (entry.at("format").get<int>() != kEntryFormat) return std::nullopt;
    auto self = std::make_shared<SourceFile>(file);
    std::map<std::string, SourceFilePtr> files{{file.path, self}};
    for (const json& dependency : entry.at("dependencies")) {
      std::string path = dependency.at(0).get<std::string>();
      std::optional<std::string> content = readWhole(path);
      if (!content || hexHash(*content) != dependency.at(1).get<std::string>()) return std::nullopt;
      auto source = std::make_shared<SourceFile>();
      source->path = path;
      source->text = std::move(*content);
      files.emplace(path, std::move(source));
    }
    return Restorer(std::move(files)).analysis(entry.at("analysis"), self);
  } catch (const std::exception&) {
    return std::nullopt;  // a corrupt, truncated or foreign entry
  }
}

void AnalysisCache::store(const FileAnalysis& analysis, const Configuration& configuration) const {
  const SourceFile& file = *analysis.file;
  json dependencies = json::array();
  std::map<std::string, const SourceFile*> known{{file.path, &file}};
  for (const std::string& path : analysis.imports) {
    std::optional<std::string> content = readWhole(path);
    if (!content) return;
    dependencies.push_back(json::array({path, hexHash(*content)}));
    known.emplace(path, nullptr);
  }
  json problems = json::array(), classes = json::array(), factories = json::array();
  for (const FileProblem& p : analysis.problems) problems.push_back(json::array({int(p.kind), p.message, spanJson(p.span)}));
  // An event in a file the entry cannot restore (not the file, not an import) makes it uncacheable.
  std::function<bool(const ClassVerdict&)> restorable = [&](const ClassVerdict& verdict) {
    if (!known.count(verdict.file->path)) return false;
    for (const TraceEvent& event : verdict.events)
      if (!known.count(event.file->path)) return false;
    return std::all_of(verdict.submodules.begin(), verdict.submodules.end(), restorable);
  };
  for (const ClassVerdict& v : analysis.classes) {
    if (!restorable(v)) return;
    classes.push_back(verdictJson(v));
  }
  for (const ClassVerdict& v : analysis.factories) {
    if (!restorable(v)) return;
    factories.push_back(verdictJson(v));
  }
  json entry{{"format", kEntryFormat},
             {"file", file.path},
             {"dependencies", dependencies},
             {"analysis", {{"problems", problems}, {"classes", classes}, {"factories", factories},
                           {"imports", analysis.imports}}}};
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) return;
  // git leaves the directory alone.
  fs::path gitignore = fs::path(directory_) / ".gitignore";
  if (!fs::exists(gitignore, ec)) writeFileAtomically(gitignore.string(), "*\n", false);
  writeFileAtomically(entryPath(file, configuration), entry.dump(), false);
}

}  // namespace fxlint
