// File discovery, safe reading, grouping by configuration, the (parallel, cached) analysis of
// parallel_analysis.h, then diagnosis and suppressions in path order.
#include "driver.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

#include "analysis_cache.h"
#include "catalog.h"
#include "parallel_analysis.h"
#include "suppressions.h"

namespace fxlint {
namespace fs = std::filesystem;

namespace {

bool skippedDirectory(const fs::path& dir) {
  std::string name = dir.filename().string();
  return (name.size() > 1 && name[0] == '.') || name == "__pycache__" || name == "node_modules";
}

// The selected diagnostics of one analyzed file: its problems (FX001), then every traced class's and
// builder's events through the rules.
std::vector<Diagnostic> diagnoseFile(const FileAnalysis& analysis, const Configuration& config) {
  std::vector<Diagnostic> out;
  if (config.codes.selects("FX001"))
    for (const FileProblem& problem : analysis.problems) {
      Diagnostic d;
      d.code = "FX001";
      d.severity = defaultSeverity(*findRuleInfo("FX001"));
      d.file = analysis.file;
      d.span = problem.span;
      if (d.span.begin.line == 0) d.span.begin = d.span.end = Position{1, 1};
      d.message = problem.message;
      out.push_back(std::move(d));
    }
  std::vector<const ClassVerdict*> traced;
  for (const ClassVerdict& verdict : analysis.classes) traced.push_back(&verdict);
  for (const ClassVerdict& verdict : analysis.factories) traced.push_back(&verdict);
  for (const ClassVerdict* verdict : traced)
    for (const TraceEvent& event : verdict->events)
      for (Diagnostic& d : diagnose(event, config.rules))
        if (config.codes.selects(d.code)) out.push_back(std::move(d));
  return out;
}

}  // namespace

std::vector<std::string> collectFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors.push_back(path + ": no such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    // skip_permission_denied: an unreadable directory is skipped, not fatal; symlinked directories
    // are not followed, so link loops cannot trap the walk.
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(path + ": " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(path + ": " + ec.message());
        break;
      }
      std::error_code entryError;
      if (it->is_directory(entryError)) {
        if (skippedDirectory(it->path())) it.disable_recursion_pending();
        continue;
      }
      if (it->path().extension() == ".py" && it->is_regular_file(entryError)) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

ReadResult readSource(const std::string& path) {
  ReadResult result;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    result.error = "is a directory, not a file";
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = "cannot be read (" + std::string(std::strerror(errno)) + ")";
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    result.error = "read error";
    return result;
  }
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  file->text = std::move(text).str();
  result.file = std::move(file);
  return result;
}

RunResult run(const RunOptions& options) {
  RunResult result;
  std::vector<std::string> files;
  for (const std::string& path : options.paths) {
    // An editor's buffer is analyzed whether or not it was ever saved.
    if (options.unsavedText.count(path)) files.push_back(path);
    else for (std::string& file : collectFiles({path}, result.errors)) files.push_back(std::move(file));
  }

  // Files are grouped by the configuration file that applies to them: one Analyzer, with one trace
  // configuration, per group.
  std::vector<std::string> configErrors;
  std::shared_ptr<const ConfigFile> explicitConfig;
  if (options.configFile && !options.isolated) {
    explicitConfig = loadConfigFile(*options.configFile, configErrors);
    if (!explicitConfig && configErrors.empty())
      configErrors.push_back(*options.configFile + ": has no [tool.fxlint] table");
  }
  ConfigFinder finder;
  std::map<const ConfigFile*, size_t> groupOf;
  std::vector<std::vector<size_t>> members;
  for (size_t i = 0; i < files.size(); ++i) {
    const ConfigFile* config = options.isolated || options.configFile ? explicitConfig.get()
                                                                      : finder.forFile(files[i], configErrors).get();
    auto [it, added] = groupOf.emplace(config, result.configurations.size());
    if (added) {
      result.configurations.push_back(effectiveConfiguration(config, options.commandLine));
      members.emplace_back();
    }
    members[it->second].push_back(i);
  }
  if (!configErrors.empty()) {
    result.errors.insert(result.errors.end(), configErrors.begin(), configErrors.end());
    result.aborted = true;
    return result;
  }
  if (result.configurations.empty())
    result.configurations.push_back(effectiveConfiguration(explicitConfig.get(), options.commandLine));

  std::vector<AnalysisTask> tasks(files.size());
  for (size_t group = 0; group < members.size(); ++group)
    for (size_t i : members[group]) tasks[i] = AnalysisTask{files[i], group};
  std::optional<AnalysisCache> cache;
  if (options.cacheDirectory) cache.emplace(*options.cacheDirectory);
  ParallelOptions parallel;
  parallel.jobs = options.jobs;
  parallel.cache = cache ? &*cache : nullptr;
  parallel.progress = options.progress;
  parallel.cpp = options.cpp;
  parallel.read = [&](const std::string& path) {
    auto unsaved = options.unsavedText.find(path);
    if (unsaved == options.unsavedText.end()) return readSource(path);
    auto file = std::make_shared<SourceFile>();
    file->path = path;
    file->text = unsaved->second;
    return ReadResult{std::move(file), ""};
  };
  std::vector<FileAnalysis> analyses = analyzeFiles(tasks, result.configurations, parallel);

  result.configurationOf.resize(files.size());
  for (size_t i = 0; i < files.size(); ++i) result.configurationOf[i] = tasks[i].configuration;
  if (!options.diagnose) {
    result.files = std::move(analyses);
    return result;
  }
  // One diagnostic per site: the first class's that reached it, unless a later one carries an edit and
  // it does not (a fix can depend on the trace: `self` passes only where its module is a submodule).
  using Site = std::tuple<std::string, uint32_t, uint32_t, std::string>;
  auto siteOf = [](const Diagnostic& d) { return Site{d.file->path, d.span.begin.line, d.span.begin.column, d.code}; };
  auto hasEdits = [](const Diagnostic& d) { return d.fix && !d.fix->edits.empty(); };
  std::map<Site, size_t> kept;  // site -> index in result.diagnostics; SIZE_MAX when suppressed
  SuppressionIndex suppressions;
  for (size_t i = 0; i < files.size(); ++i) {
    for (Diagnostic& d : diagnoseFile(analyses[i], result.configurations[tasks[i].configuration])) {
      auto [at, fresh] = kept.emplace(siteOf(d), SIZE_MAX);
      if (!fresh) {
        if (at->second != SIZE_MAX && hasEdits(d) && !hasEdits(result.diagnostics[at->second]))
          result.diagnostics[at->second] = std::move(d);
        continue;
      }
      if (suppressions.suppresses(d)) {
        ++result.suppressed;
      } else {
        at->second = result.diagnostics.size();
        result.diagnostics.push_back(std::move(d));
      }
    }
  }
  result.files = std::move(analyses);
  // Only once every diagnostic has been offered to the suppressions can one be known to be unused.
  for (size_t i = 0; i < result.files.size(); ++i)
    for (Diagnostic& d : suppressions.unused(result.files[i].file, result.configurations[result.configurationOf[i]].codes))
      if (kept.emplace(siteOf(d), result.diagnostics.size()).second) result.diagnostics.push_back(std::move(d));
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file->path, a.span.begin.line, a.span.begin.column, a.code) <
           std::tie(b.file->path, b.span.begin.line, b.span.begin.column, b.code);
  });
  return result;
}

}  // namespace fxlint
