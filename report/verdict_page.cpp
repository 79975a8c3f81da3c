// Builds the verdict report's data from a run: the same verdicts, sites and counts as the JSON outputs
// (cli/output.cpp), plus what only a page needs: the source lines of every frame, located chain steps,
// fixes as unified diffs and module trees.
#include "verdict_page.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "catalog.h"
#include "chain_sites.h"
#include "fxlint/fix.h"
#include "html_page.h"

namespace fxlint::report {

namespace {

using nlohmann::json;

// Lines of context shown above and below a site, and the most lines of a multi-line site shown.
constexpr uint32_t kContextLines = 3;
constexpr uint32_t kMaxSiteLines = 16;
// A source line longer than this (minified code, data) is cut: the page stays small.
constexpr size_t kMaxLineBytes = 400;

class PageBuilder {
 public:
  explicit PageBuilder(const RunResult& result) : result_(result), locator_(readFiles(result)) {}

  json build(const std::string& title) {
    json data;
    data["format"] = "fxlint.report/1";
    data["title"] = title;
    data["version"] = FXLINT_VERSION;
    data["configurations"] = configurations();
    json entries = json::array();
    json problems = json::array();
    for (const FileAnalysis& file : result_.files) {
      for (const ClassVerdict& verdict : file.classes) entries.push_back(entry(verdict, "class"));
      for (const ClassVerdict& verdict : file.factories) entries.push_back(entry(verdict, "builder"));
      for (const FileProblem& problem : file.problems)
        problems.push_back({{"file", fileIndex(file.file)}, {"line", problem.span.begin.line}, {"message", problem.message}});
    }
    data["entries"] = std::move(entries);
    data["file_problems"] = std::move(problems);
    json byRule = json::object();
    for (const Diagnostic& d : result_.diagnostics) {
      json& count = byRule[d.code];
      count = count.is_null() ? 1 : count.get<int>() + 1;
      noteRule(d.code);
    }
    data["diagnostic_counts"] = {{"total", result_.diagnostics.size()}, {"by_rule", byRule},
                           {"suppressed", result_.suppressed}, {"files", result_.files.size()}};
    data["errors"] = result_.errors;
    data["rules"] = rules_;
    data["diagnostics"] = std::move(diagnostics_);
    data["sites"] = std::move(sites_);
    data["trees"] = std::move(trees_);
    data["module_classes"] = std::move(classNames_);
    data["files"] = std::move(paths_);
    data["sources"] = sources();
    return data;
  }

 private:
  static std::vector<SourceFilePtr> readFiles(const RunResult& result) {
    std::vector<SourceFilePtr> files;
    std::set<std::string> seen;
    auto add = [&](const SourceFilePtr& file) {
      if (file && seen.insert(file->path).second) files.push_back(file);
    };
    for (const FileAnalysis& analysis : result.files) add(analysis.file);
    // Imported files hold classes of the chains too; they were read by the analysis, so they exist.
    for (const FileAnalysis& analysis : result.files)
      for (const std::string& path : analysis.imports)
        if (!seen.count(path)) add(readSource(path).file);
    return files;
  }

  int fileIndex(const SourceFilePtr& file) {
    auto [at, fresh] = fileIndices_.emplace(file->path, int(paths_.size()));
    if (fresh) {
      paths_.push_back(file->path);
      fileTexts_.push_back(file);
    }
    return at->second;
  }

  void needLines(const SourceFilePtr& file, uint32_t first, uint32_t last) {
    std::set<uint32_t>& lines = neededLines_[fileIndex(file)];
    for (uint32_t line = first > kContextLines ? first - kContextLines : 1; line <= last + kContextLines; ++line)
      lines.insert(line);
  }

  void noteRule(const std::string& code) {
    if (rules_.contains(code)) return;
    const RuleInfo* info = findRuleInfo(code);
    rules_[code] = info ? json{{"name", info->name}, {"summary", info->summary}} : json{{"name", ""}, {"summary", ""}};
  }

  json configurations() {
    json list = json::array();
    for (const Configuration& configuration : result_.configurations) {
      const TraceConfig& trace = configuration.trace;
      json dynamic = json::array();
      for (const auto& dim : configuration.rules.dynamicDims) dynamic.push_back(dim.input + ":" + std::to_string(dim.dim));
      list.push_back({{"name", trace.describe()},
                      {"inputs", trace.inputs ? json(*trace.inputs) : json(nullptr)},
                      {"leaf_classes", trace.leafClasses},
                      {"param_shapes_constant", trace.paramShapesConstant},
                      {"dynamic", dynamic},
                      {"roots", configuration.roots},
                      {"source", configuration.source.empty() ? json(nullptr) : json(configuration.source)},
                      {"files", 0}});
    }
    for (size_t i = 0; i < result_.files.size(); ++i) {
      json& files = list[result_.configurationOf[i]]["files"];
      files = files.get<int>() + 1;
    }
    return list;
  }

  // One diagnostic as a site of the page, shared by every entry that reaches it with the same chain.
  int site(const Diagnostic& d, const TraceEvent& event, const SourceFilePtr& modelFile) {
    json chain = json::array();
    for (const ChainStep& step : locator_.locate(d.chain, d.file, d.span.begin.line, modelFile)) {
      if (step.file) {
        needLines(step.file, step.line, step.line);
        chain.push_back(json::array({step.label, fileIndex(step.file), step.line}));
      } else {
        chain.push_back(json::array({step.label}));
      }
    }
    json fix = nullptr;
    if (d.fix) {
      fix = {{"title", d.fix->title}, {"applicability", applicabilityName(d.fix->applicability)}};
      if (!d.fix->edits.empty()) {
        const SourceFile& file = d.fix->file ? *d.fix->file : *d.file;
        fix["diff"] = unifiedDiff(file.path, file.text, d.fix->edits);
      }
    }
    uint32_t lastLine = std::min(d.span.end.line, d.span.begin.line + kMaxSiteLines);
    needLines(d.file, d.span.begin.line, std::max(d.span.begin.line, lastLine));
    json diagnostic{{"code", d.code},
                    {"severity", severityName(d.severity)},
                    {"file", fileIndex(d.file)},
                    {"line", d.span.begin.line},
                    {"column", d.span.begin.column},
                    {"end_line", d.span.end.line},
                    {"end_column", d.span.end.column},
                    {"message", d.message},
                    {"fix", fix}};
    noteRule(d.code);
    json entry{{"diagnostic", intern(diagnostics_, diagnosticIndices_, std::move(diagnostic))},
               {"certain", event.onCertainPath},
               {"chain", std::move(chain)}};
    return intern(sites_, siteIndices_, std::move(entry));
  }

  // The index of `value` in `table`, appended when new: the same diagnostic reached by several classes,
  // or the same module tree built by a class and its builder, is written once.
  static int intern(json& table, std::unordered_map<std::string, int>& indices, json value) {
    std::string key = value.dump(-1, ' ', false, json::error_handler_t::replace);
    auto [at, fresh] = indices.emplace(std::move(key), int(table.size()));
    if (fresh) table.push_back(std::move(value));
    return at->second;
  }

  // Each event's diagnostics in execution order, as `fxlint verdicts --format json` lists them; the
  // index of the first failure's first diagnostic in `first`.
  std::vector<int> sitesOf(const ClassVerdict& verdict, int& first, bool firstOnly) {
    std::vector<int> indices;
    first = -1;
    for (size_t i = 0; i < verdict.events.size(); ++i) {
      if (firstOnly && int(i) != verdict.firstFailure) continue;
      for (const Diagnostic& d : diagnose(verdict.events[i])) {
        int index = site(d, verdict.events[i], verdict.file);
        if (int(i) == verdict.firstFailure && first < 0) first = index;
        indices.push_back(index);
      }
    }
    return indices;
  }

  // The module tree: every module inside the built model (torch's too), each project module with its own
  // verdict. The modules whose own trace fails at the model's first failure, each inside the previous,
  // lead to the failing submodule: the deepest of them is marked so the page opens the tree down to it.
  // Nodes are arrays naming their parent by index (torchvision's models hold tens of thousands of modules):
  // [parent, name, class] for torch's modules, plus [file, line, verdict, first failure, failing] for the
  // project's.
  int tree(const ClassVerdict& model, int modelFirst) {
    std::map<std::string, const ClassVerdict*> ownVerdicts;
    for (const ClassVerdict& submodule : model.submodules) ownVerdicts.emplace(submodule.modulePath, &submodule);
    // The same rule at the same place, whatever the chain that reached it and the fix offered there (a
    // module traced on its own may get another: `self` is then the root).
    auto placeOf = [&](int index) {
      const json& d = diagnostics_[sites_[size_t(index)]["diagnostic"].get<size_t>()];
      return std::make_tuple(d["code"], d["file"], d["line"], d["column"]);
    };
    auto sameSite = [&](int index) { return modelFirst >= 0 && index >= 0 && placeOf(index) == placeOf(modelFirst); };
    json nodes = json::array();
    std::map<std::string, int> indexOf;
    std::string failingPath;
    bool haveFailingPath = false;
    size_t failingNode = SIZE_MAX;
    for (const BuiltModule& module : model.moduleTree) {
      // The parent is the longest registered prefix; paths a module is not registered under have none.
      int parent = -1;
      std::string name = module.path;
      for (size_t dot = module.path.rfind('.'); dot != std::string::npos && dot > 0; dot = module.path.rfind('.', dot - 1)) {
        auto found = indexOf.find(module.path.substr(0, dot));
        if (found == indexOf.end()) continue;
        parent = found->second;
        name = module.path.substr(dot + 1);
        break;
      }
      indexOf.emplace(module.path, int(nodes.size()));
      json node = json::array({parent, name, className(module.className)});
      auto own = ownVerdicts.find(module.path);
      if (module.projectClass && own != ownVerdicts.end()) {
        const ClassVerdict& submodule = *own->second;
        int first = -1;
        sitesOf(submodule, first, true);
        bool inside = !haveFailingPath || module.path.rfind(failingPath + ".", 0) == 0;
        if (inside && sameSite(first)) {
          failingPath = module.path;
          haveFailingPath = true;
          failingNode = nodes.size();
        }
        node.insert(node.end(), {json(fileIndex(submodule.file)), json(submodule.span.begin.line),
                                 json(int(submodule.verdict)), json(first), json(0)});
      }
      nodes.push_back(std::move(node));
    }
    if (failingNode != SIZE_MAX) nodes[failingNode][7] = 1;
    return intern(trees_, treeIndices_, std::move(nodes));
  }

  int className(const std::string& name) {
    auto [at, fresh] = classIndices_.emplace(name, int(classNames_.size()));
    if (fresh) classNames_.push_back(name);
    return at->second;
  }

  json entry(const ClassVerdict& verdict, const char* kind) {
    int first = -1;
    std::vector<int> sites = sitesOf(verdict, first, false);
    json result{{"kind", kind},
                {"name", verdict.factory.empty() ? verdict.className : verdict.factory},
                {"class", verdict.className},
                {"file", fileIndex(verdict.file)},
                {"line", verdict.span.begin.line},
                {"verdict", verdictName(verdict.verdict)},
                {"first", first},
                {"sites", sites}};
    if (!verdict.moduleTree.empty()) result["tree"] = tree(verdict, first);
    return result;
  }

  json sources() {
    json all = json::object();
    for (const auto& [index, lines] : neededLines_) {
      const SourceFile& file = *fileTexts_[size_t(index)];
      json text = json::object();
      uint32_t last = lastLine(file);
      for (uint32_t line : lines) {
        if (line > last) break;
        std::string_view content = file.lineText(line);
        size_t keep = std::min(content.size(), kMaxLineBytes);
        while (keep < content.size() && keep > 0 && (static_cast<unsigned char>(content[keep]) & 0xC0) == 0x80)
          --keep;  // not inside a UTF-8 character
        std::string cut(content.substr(0, keep));
        if (keep < content.size()) cut += " …";
        text[std::to_string(line)] = cut;
      }
      all[std::to_string(index)] = std::move(text);
    }
    return all;
  }

  static uint32_t lastLine(const SourceFile& file) {
    uint32_t lines = uint32_t(std::count(file.text.begin(), file.text.end(), '\n'));
    return file.text.empty() || file.text.back() == '\n' ? lines : lines + 1;
  }

  const RunResult& result_;
  ChainLocator locator_;
  json diagnostics_ = json::array();
  std::unordered_map<std::string, int> diagnosticIndices_;
  json sites_ = json::array();
  std::unordered_map<std::string, int> siteIndices_;
  json trees_ = json::array();
  json classNames_ = json::array();
  std::map<std::string, int> classIndices_;
  std::unordered_map<std::string, int> treeIndices_;
  json paths_ = json::array();
  std::vector<SourceFilePtr> fileTexts_;
  std::map<std::string, int> fileIndices_;
  std::map<int, std::set<uint32_t>> neededLines_;
  json rules_ = json::object();
};

}  // namespace

json verdictReportData(const RunResult& result, const std::string& title) {
  return PageBuilder(result).build(title);
}

std::string verdictReportPage(const RunResult& result, const std::string& title) {
  return htmlPage("fxlint report: " + title, verdictReportData(result, title), "verdicts.js");
}

}  // namespace fxlint::report
