// File discovery, safe reading and the analysis loop.
#include "driver.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

namespace fxlint {
namespace fs = std::filesystem;

namespace {

bool skippedDirectory(const fs::path& dir) {
  std::string name = dir.filename().string();
  return (name.size() > 1 && name[0] == '.') || name == "__pycache__" || name == "node_modules";
}

bool matches(std::string_view code, const std::vector<std::string>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return code.substr(0, p.size()) == p; });
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

bool ruleSelected(const RunOptions& options, std::string_view code) {
  if (!options.select.empty() && !matches(code, options.select)) return false;
  return !matches(code, options.ignore);
}

RunResult run(const RunOptions& options) {
  RunResult result;
  std::vector<std::string> files = collectFiles(options.paths, result.errors);
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>> seen;
  Analyzer analyzer(options.trace, options.roots);
  for (const std::string& path : files) {
    ReadResult read = readSource(path);
    FileAnalysis analysis;
    if (!read.file) {
      auto placeholder = std::make_shared<SourceFile>();
      placeholder->path = path;
      analysis.file = placeholder;
      analysis.problems.push_back(FileProblem{FileProblemKind::Unreadable, read.error, Span{}});
    } else {
      analysis = analyzer.analyze(read.file);
    }
    for (const FileProblem& problem : analysis.problems) {
      if (!ruleSelected(options, "FX001")) continue;
      Diagnostic d;
      d.code = "FX001";
      d.severity = Severity::Error;
      d.file = analysis.file;
      d.span = problem.span;
      if (d.span.begin.line == 0) d.span.begin = d.span.end = Position{1, 1};
      d.message = problem.message;
      result.diagnostics.push_back(std::move(d));
    }
    std::vector<const ClassVerdict*> traced;
    for (const ClassVerdict& verdict : analysis.classes) traced.push_back(&verdict);
    for (const ClassVerdict& verdict : analysis.factories) traced.push_back(&verdict);
    for (const ClassVerdict* verdict : traced)
      for (const TraceEvent& event : verdict->events)
        for (Diagnostic& d : diagnose(event, options.rules)) {
          if (!ruleSelected(options, d.code)) continue;
          auto key = std::make_tuple(d.file->path, d.span.begin.line, d.span.begin.column, d.code);
          if (seen.insert(key).second) result.diagnostics.push_back(std::move(d));
        }
    result.files.push_back(std::move(analysis));
  }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file->path, a.span.begin.line, a.span.begin.column, a.code) <
           std::tie(b.file->path, b.span.begin.line, b.span.begin.column, b.code);
  });
  return result;
}

}  // namespace fxlint
