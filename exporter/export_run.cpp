// `fxlint export` with the embedded interpreter: analyze, plan, capture (with fallback), convert, tag,
// check, validate, report; outputs are written only when everything succeeded.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "atomic_file.h"
#include "driver.h"
#include "export_page.h"
#include "fxlint/export.h"
#include "fxlint/export_plan.h"
#include "onnx_tagging.h"
#include "python_session.h"

namespace fxlint::exporter {

namespace {

using Json = nlohmann::json;

class PhaseTimer {
 public:
  void start(const std::string& phase, const std::string& progress) {
    stop();
    std::cerr << "fxlint export: " << progress << "\n";
    phase_ = phase;
    begin_ = std::chrono::steady_clock::now();
  }
  void stop() {
    if (phase_.empty()) return;
    seconds[phase_] += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin_).count();
    phase_.clear();
  }
  std::map<std::string, double> seconds;

 private:
  std::string phase_;
  std::chrono::steady_clock::time_point begin_;
};

// The target's verdict with the --input names as the only Proxies (HuggingFace's convention); a
// builder that needs arguments has none: an `unknown` verdict without events.
ClassVerdict findVerdict(const FileAnalysis& analysis, const std::string& target, bool& found) {
  found = true;
  for (const ClassVerdict& verdict : analysis.factories)
    if (verdict.factory == target) return verdict;
  for (const ClassVerdict& verdict : analysis.classes)
    if (verdict.className == target) return verdict;
  found = false;
  ClassVerdict none;
  none.className = target;
  none.verdict = VerdictKind::Unknown;
  return none;
}

struct PlannedExport {
  FileAnalysis analysis;
  ClassVerdict verdict;          // under FX
  ClassVerdict exportVerdict;    // under torch.export
  bool found = false;
  ExportPlan plan;
  double seconds = 0;
};

PlannedExport analyzeAndPlan(const SourceFilePtr& file, const ExportOptions& options) {
  auto begin = std::chrono::steady_clock::now();
  PlannedExport result;
  Analyzer analyzer(traceConfigFor(options, Capture::Fx), options.roots);
  result.analysis = analyzer.analyze(file);
  result.verdict = findVerdict(result.analysis, options.target, result.found);
  Analyzer exportAnalyzer(traceConfigFor(options, Capture::Export), options.roots);
  bool exportFound = false;
  result.exportVerdict = findVerdict(exportAnalyzer.analyze(file), options.target, exportFound);
  result.plan = planExport(result.verdict, result.exportVerdict, options);
  if (!result.found)
    result.plan.reason = "fxlint has no verdict for `" + options.target + "` (no class of that name, nor a builder "
                         "callable without arguments): torch.export first, then htp";
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

std::string hierarchyPathFor(const std::string& output) {
  std::string stem = output;
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".onnx") == 0) stem.resize(stem.size() - 5);
  return stem + ".hierarchy.json";
}

// Writes every file or none: each atomically; on a failure the ones already written are removed.
std::string writeAll(const std::vector<std::pair<std::string, std::string>>& files) {
  for (size_t i = 0; i < files.size(); ++i) {
    std::string error = writeFileAtomically(files[i].first, files[i].second);
    if (error.empty()) continue;
    for (size_t j = 0; j < i; ++j) std::remove(files[j].first.c_str());
    return "cannot write " + files[i].first + ": " + error;
  }
  return "";
}

Json inputsJson(const ExportOptions& options) {
  Json inputs = Json::array();
  for (const InputSpec& spec : options.inputs) {
    Json entry{{"name", spec.name}, {"shape", spec.shape}, {"dtype", spec.dtype}};
    if (spec.low) entry["low"] = *spec.low;
    if (spec.high) entry["high"] = *spec.high;
    inputs.push_back(entry);
  }
  return inputs;
}

Json dynamicJson(const std::vector<RuleOptions::DynamicDim>& dims) {
  std::map<std::string, std::vector<int>> byInput;
  for (const auto& dim : dims) byInput[dim.input].push_back(dim.dim);
  Json list = Json::array();
  for (const auto& [input, list_dims] : byInput) list.push_back({{"input", input}, {"dims", list_dims}});
  return list;
}

struct Coverage {
  std::map<std::string, size_t> byAttribution;
  size_t total = 0, atRoot = 0;
  std::vector<std::pair<std::string, size_t>> perModule;  // most nodes first
};

Coverage coverageOf(const std::vector<NodeTag>& tags) {
  Coverage coverage;
  std::map<std::string, size_t> perModule;
  for (const NodeTag& tag : tags) {
    ++coverage.total;
    ++coverage.byAttribution[attributionName(tag.attribution)];
    if (tag.attribution == Attribution::Exact || tag.attribution == Attribution::Parent) {
      ++perModule[tag.module];
      if (tag.module.empty()) ++coverage.atRoot;
    }
  }
  coverage.perModule.assign(perModule.begin(), perModule.end());
  std::stable_sort(coverage.perModule.begin(), coverage.perModule.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return coverage;
}

Json hierarchyJson(const std::vector<NodeTag>& tags, const std::map<std::string, std::string>& modules) {
  Json byModule = Json::object();
  Json constants = Json::array(), unattributed = Json::array();
  for (const NodeTag& tag : tags) {
    if (tag.attribution == Attribution::Constant) {
      constants.push_back(tag.name);
    } else if (tag.attribution == Attribution::None) {
      unattributed.push_back(tag.name);
    } else {
      Json& entry = byModule[tag.module];
      if (entry.is_null()) entry = {{"class", tag.className}, {"nodes", Json::array()}};
      entry["nodes"].push_back(tag.name);
    }
  }
  Json all = Json::object();
  for (const auto& [path, className] : modules) all[path] = className;
  return {{"format", "fxlint.hierarchy/1"},      {"modules", byModule},           {"module_classes", all},
          {"graph_constants", constants},        {"unattributed", unattributed}};
}

// Every module of the model (named_modules()) with the nodes attributed to it exactly and as the
// nearest registered ancestor of their scope: what the HTML report's hierarchy draws.
Json moduleCountsJson(const std::vector<NodeTag>& tags, const std::map<std::string, std::string>& modules) {
  std::map<std::string, std::pair<size_t, size_t>> counts;  // path -> (exact, parent)
  for (const NodeTag& tag : tags) {
    if (tag.attribution == Attribution::Exact) ++counts[tag.module].first;
    else if (tag.attribution == Attribution::Parent) ++counts[tag.module].second;
  }
  Json list = Json::array();
  for (const auto& [path, className] : modules) {
    auto found = counts.find(path);
    list.push_back({{"path", path}, {"class", className},
                    {"exact", found == counts.end() ? 0 : found->second.first},
                    {"parent", found == counts.end() ? 0 : found->second.second}});
  }
  return list;
}

std::string guardText(const Json& guard) {
  return "`" + guard["source"].get<std::string>() + "` was " + guard["value"].get<std::string>() +
         " on the example input, from " + guard["file"].get<std::string>() + ":" +
         std::to_string(guard["line"].get<int>());
}

int runExport(const ExportOptions& options) {
  PhaseTimer timer;
  Json report{{"model", options.file + ":" + options.target}};

  // 1. The analysis runs on its own thread while Python starts and builds the model: each takes seconds
  // and neither needs the other before the capture.
  auto wallStart = std::chrono::steady_clock::now();
  ReadResult source = readSource(options.file);
  if (!source.file) {
    std::cerr << "fxlint: " << source.error << "\n";
    return 2;
  }
  std::cerr << "fxlint export: analyzing " << options.file << "\n";
  std::future<PlannedExport> pending =
      std::async(std::launch::async, [&options, file = source.file] { return analyzeAndPlan(file, options); });

  // 2. The model in the embedded interpreter.
  timer.start("load", "starting Python and building " + options.target);
  Json request{{"file", options.file}, {"target", options.target}, {"inputs", inputsJson(options)},
               {"optimize", options.optimize},
               {"init_args", options.initArgs.empty() ? Json::object() : Json::parse(options.initArgs)}};
  if (options.opset) request["opset"] = *options.opset;
  std::unique_ptr<PythonSession> python;
  try {
    python = std::make_unique<PythonSession>(request.dump());
  } catch (const UserCodeError& error) {
    std::cerr << error.what();
    std::cerr << "fxlint export: " << options.file << ":" << options.target << " could not be built; nothing written\n";
    return 2;
  }
  timer.start("analysis_wait", "waiting for the analysis");
  PlannedExport planned = pending.get();
  timer.stop();
  timer.seconds["analyze"] = planned.seconds;
  const ClassVerdict& verdict = planned.verdict;
  ExportPlan& plan = planned.plan;
  for (const FileProblem& problem : planned.analysis.problems)
    std::cerr << siteOf(planned.analysis.file, problem.span) << ": " << problem.message << "\n";
  report["verdict"] = {{"target", options.target}, {"verdict", planned.found ? verdictName(verdict.verdict) : "none"}};
  if (verdict.firstFailure >= 0)
    report["verdict"]["first_failure"] = siteOf(verdict.events[verdict.firstFailure].file,
                                                verdict.events[verdict.firstFailure].span);
  const ClassVerdict& exported = planned.exportVerdict;
  report["verdict"]["export"] = {{"verdict", planned.found ? verdictName(exported.verdict, Capture::Export) : "none"}};
  if (exported.firstFailure >= 0)
    report["verdict"]["export"]["first_failure"] = siteOf(exported.events[exported.firstFailure].file,
                                                          exported.events[exported.firstFailure].span);

  Json guards = Json::array();
  for (const DimDecision& unsafe : plan.unsafeDims) {
    std::string site = siteOf(unsafe.diagnostic.file, unsafe.diagnostic.span);
    std::cerr << site << ": " << unsafe.diagnostic.code << " " << unsafe.diagnostic.message << "\n";
    guards.push_back(unsafe.input + " dim " + std::to_string(unsafe.dim) + " == " +
                     std::to_string(unsafe.exampleSize) + ", from " + site + " (" + unsafe.diagnostic.code + ")");
  }
  if (!plan.unsafeDims.empty() && !options.allowSpecialization) {
    std::cerr << "fxlint export: refused: a Python decision reads a dim requested dynamic (above); the export would "
                 "be wrong for other sizes. --allow-specialization exports it static and records the guard\n";
    return 1;
  }

  std::vector<Strategy> order = plan.order;
  std::string reason = plan.reason;
  if (options.strategy != StrategyRequest::Auto) {
    order = {Strategy(int(options.strategy) - 1)};
    reason = "requested with --strategy (auto would say: " + plan.reason + ")";
  }
  std::cerr << "fxlint export: strategy " << strategyName(order.front()) << ": " << reason << "\n";

  python->setDynamic(dynamicJson(plan.dynamic).dump());
  double plainSeconds = -1;
  if (options.benchmark) {  // a warm-up, so that neither side pays torch's first-use costs in the comparison
    timer.start("benchmark", "benchmark warm-up: plain torch.onnx.export");
    python->plainExportSeconds();
  }

  // 3. Capture and convert, falling back along the plan.
  std::string untagged;
  Strategy used = order.front();
  Json mispredictions = Json::array();
  for (size_t i = 0; i < order.size(); ++i) {
    Strategy strategy = order[i];
    timer.start("capture", std::string("capturing with ") + strategyName(strategy));
    PythonSession::Capture capture = python->capture(strategy);
    if (capture.ok) {
      timer.start("onnx", "converting to ONNX");
      try {
        untagged = python->toOnnx();
      } catch (const PythonError& error) {
        capture.ok = false;
        capture.error = std::string("ONNX conversion: ") + error.what();
      }
    }
    if (capture.ok) {
      used = strategy;
      break;
    }
    std::string where = capture.line ? options.file + ":" + std::to_string(capture.line) + ": " : "";
    std::string line = capture.error.substr(0, capture.error.find('\n'));
    mispredictions.push_back({{"strategy", strategyName(strategy)}, {"error", capture.error},
                              {"line", capture.line ? Json(capture.line) : Json()}});
    bool last = i + 1 == order.size();
    std::cerr << "fxlint export: " << (options.strategy == StrategyRequest::Auto ? "misprediction: " : "") << where
              << strategyName(strategy) << " capture failed: " << line
              << (last ? "" : std::string("; falling back to ") + strategyName(order[i + 1])) << "\n";
    if (last) {
      std::cerr << "fxlint export: every capture failed; nothing written\n";
      return 1;
    }
  }

  if (used != order.front())
    reason = std::string("fallback after ") + strategyName(order.front()) + " failed; predicted: " + reason;

  // 4. Tags, metadata, checks.
  timer.start("tag", "tagging nodes with their modules");
  Json described = Json::parse(python->describe(untagged));
  std::vector<NodeScope> scopes;
  for (const Json& node : described["nodes"])
    scopes.push_back({node["name"], node["op"], node.contains("scope"), node.value("scope", "")});
  std::map<std::string, std::string> modules = described["modules"];
  std::vector<NodeTag> tags = attributeNodes(scopes, modules);
  for (const Json& guard : described["guards"]) guards.push_back(guardText(guard));
  Json verdictSummary = report["verdict"];
  std::map<std::string, std::string> metadata{
      {"fxlint.version", FXLINT_VERSION},
      {"fxlint.strategy", strategyName(used)},
      {"fxlint.strategy_reason", reason},
      {"fxlint.verdict", verdictSummary.dump()},
      {"fxlint.inputs", inputsJson(options).dump()},
      {"fxlint.dynamic_axes", dynamicJson(plan.dynamic).dump()},
      {"fxlint.guards", guards.dump()},
      {"fxlint.tags", "node doc_string: {\"module\", \"class\", \"attribution\"} (docs/exporter.md)"}};
  if (!mispredictions.empty()) metadata["fxlint.mispredictions"] = mispredictions.dump();
  TagResult tagged = tagModel(untagged, tags, metadata);
  if (!tagged.error.empty()) {
    std::cerr << "fxlint export: tagging failed: " << tagged.error << "; nothing written\n";
    return 1;
  }
  timer.start("check", "checking the ONNX model");
  std::string problem = python->sameStructure(untagged, tagged.model);
  if (problem.empty()) problem = python->check(tagged.model);
  int opset = described["opset"];
  if (options.opset && *options.opset != opset)
    std::cerr << "fxlint export: torch's exporter could not convert to opset " << *options.opset << "; the model is opset "
              << opset << "\n";
  if (problem.empty() && opset <= 17) problem = checkWithSystemOnnx(tagged.model);
  if (!problem.empty()) {
    std::cerr << "fxlint export: the ONNX check failed: " << problem << "; nothing written\n";
    return 1;
  }
  timer.stop();
  // What a user waits for, validation aside: the whole command up to here, minus the benchmark's own runs.
  double exportSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count() -
                         timer.seconds["benchmark"];
  if (options.benchmark) {
    timer.start("benchmark", "benchmark: plain torch.onnx.export of the same model");
    plainSeconds = python->plainExportSeconds();
  }

  // 5. Validation against eager.
  Json validation = Json::array();
  bool valid = true;
  if (options.validate) {
    timer.start("validate", "validating with ONNX Runtime against eager PyTorch");
    validation = Json::parse(python->validate(tagged.model));
    for (const Json& run : validation)
      valid = valid && !run.contains("error") && run["max_abs_error"].get<double>() <= options.tolerance;
  }
  timer.stop();

  // 6. Report and files.
  Coverage coverage = coverageOf(tags);
  Json perModule = Json::array();
  for (size_t i = 0; i < coverage.perModule.size() && i < 20; ++i)
    perModule.push_back({{"module", coverage.perModule[i].first}, {"nodes", coverage.perModule[i].second}});
  report["strategy"] = {{"used", strategyName(used)}, {"reason", reason}, {"mispredictions", mispredictions}};
  report["nodes"] = {{"total", coverage.total}, {"root", coverage.atRoot}, {"per_module_top", perModule}};
  for (const char* kind : {"exact", "parent", "constant", "none"}) report["nodes"][kind] = coverage.byAttribution[kind];
  report["guards"] = guards;
  report["dynamic_axes"] = dynamicJson(plan.dynamic);
  report["opset"] = opset;
  if (options.opset) report["opset_requested"] = *options.opset;
  report["validation"] = {{"tolerance", options.tolerance}, {"runs", validation}, {"ok", valid}};
  report["seconds"] = timer.seconds;
  report["seconds"]["total_excluding_validation"] = exportSeconds;
  // The peer: what a script does that imports torch, builds the model and calls torch.onnx.export.
  double peerSeconds = timer.seconds["load"] + plainSeconds;
  if (options.benchmark) {
    report["benchmark"] = {{"fxlint_export_s", exportSeconds}, {"plain_torch_onnx_export_s", plainSeconds},
                           {"load_s", timer.seconds["load"]}, {"ratio", exportSeconds / peerSeconds}};
  }
  std::string hierarchyPath = hierarchyPathFor(options.output);
  report["outputs"] = {{"onnx", options.output}, {"hierarchy", hierarchyPath}};

  std::cout << "strategy: " << strategyName(used) << " (" << reason << ")\n";
  for (const Json& miss : mispredictions)
    std::cout << "misprediction: " << miss["strategy"].get<std::string>() << " failed\n";
  std::cout << "nodes: " << coverage.total << " (exact module " << coverage.byAttribution["exact"] << ", parent "
            << coverage.byAttribution["parent"] << ", graph constants " << coverage.byAttribution["constant"]
            << ", none " << coverage.byAttribution["none"] << "; at the root " << coverage.atRoot << ")\n";
  for (const Json& guard : guards) std::cout << "guard: " << guard.get<std::string>() << "\n";
  for (const Json& run : validation) {
    std::cout << "validation (" << run["label"].get<std::string>() << ", " << run["shapes"].dump() << "): ";
    if (run.contains("error")) std::cout << run["error"].get<std::string>() << "\n";
    else std::cout << "max abs error " << run["max_abs_error"].get<double>() << "\n";
  }
  if (options.benchmark)
    std::cout << "benchmark: fxlint export " << exportSeconds << " s (validation aside); Python start, torch import and "
              << "model build " << timer.seconds["load"] << " s + plain torch.onnx.export " << plainSeconds
              << " s = " << peerSeconds << " s; ratio " << exportSeconds / peerSeconds << "\n";
  if (!valid) {
    std::cerr << "fxlint export: ONNX Runtime disagrees with eager beyond --tolerance " << options.tolerance
              << "; nothing written\n";
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> files{{options.output, tagged.model},
                                                         {hierarchyPath, hierarchyJson(tags, modules).dump(2) + "\n"}};
  if (options.report) files.push_back({*options.report, report.dump(2) + "\n"});
  if (options.reportHtml) {
    Json page = report;
    page["modules"] = moduleCountsJson(tags, modules);
    files.push_back({*options.reportHtml, fxlint::report::exportReportPage(page)});
  }
  if (std::string error = writeAll(files); !error.empty()) {
    std::cerr << "fxlint export: " << error << "\n";
    return 1;
  }
  std::cout << "wrote " << options.output << " and " << hierarchyPath << "\n";
  return 0;
}

}  // namespace

int runExportCommand(const std::vector<std::string>& args) {
  ExportOptions options;
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kExportUsage;
    return args.empty() ? 2 : 0;
  }
  if (std::string error = parseExportOptions(args, options); !error.empty()) {
    std::cerr << "fxlint export: " << error << "\nrun `fxlint export --help` for usage\n";
    return 2;
  }
  try {
    return runExport(options);
  } catch (const PythonEnvironmentError& error) {
    std::cerr << "fxlint export: " << error.what() << "\n";
    return 2;
  } catch (const PythonError& error) {
    std::cerr << "fxlint export: internal error in Python: " << error.what() << "\n";
    return 2;
  }
}

}  // namespace fxlint::exporter
