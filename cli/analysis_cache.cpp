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
#include "fxlint/analysis_json.h"

namespace fxlint {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// 2: fix outlines of events, submodule verdicts; 3: concrete_args, callers; 4: analysis_json.h's layout
constexpr int kEntryFormat = 7;  // 7: attribute chains of locals passed to moved blocks

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
    return analysisFromJson(entry.at("analysis"), self, [&files](const std::string& path) { return files.at(path); });
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
  // An event (or its caller) in a file the entry cannot restore (not the file, not an import) makes it
  // uncacheable: load() would find no source for it.
  auto knownFile = [&known](const SourceFilePtr& source) { return !source || known.count(source->path) > 0; };
  std::function<bool(const ClassVerdict&)> restorable = [&](const ClassVerdict& verdict) {
    if (!knownFile(verdict.file)) return false;
    for (const TraceEvent& event : verdict.events)
      if (!knownFile(event.file) || !knownFile(event.function.callerFile)) return false;
    return std::all_of(verdict.submodules.begin(), verdict.submodules.end(), restorable);
  };
  if (!std::all_of(analysis.classes.begin(), analysis.classes.end(), restorable) ||
      !std::all_of(analysis.factories.begin(), analysis.factories.end(), restorable))
    return;
  json entry{{"format", kEntryFormat},
             {"file", file.path},
             {"dependencies", dependencies},
             {"analysis", analysisToJson(analysis)}};
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) return;
  // git leaves the directory alone.
  fs::path gitignore = fs::path(directory_) / ".gitignore";
  if (!fs::exists(gitignore, ec)) writeFileAtomically(gitignore.string(), "*\n", false);
  writeFileAtomically(entryPath(file, configuration), entry.dump(), false);
}

}  // namespace fxlint
