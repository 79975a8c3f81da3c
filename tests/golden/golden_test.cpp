// Golden test: fxlint over every file in samples/, checked against the files' own annotations
// (exact sets of diagnostics and every class's verdict, per trace configuration).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <fstream>
#include <set>
#include <sstream>

#include "expectations.h"

// One binary per sample language: `.py` under samples/ (fast), `.h` under samples/cpp (real torch headers).
#ifndef FXLINT_SAMPLE_EXTENSION
#define FXLINT_SAMPLE_EXTENSION ".py"
#endif

namespace fxlint::testing {
namespace {

std::vector<std::string> sampleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FXLINT_SAMPLES_DIR))
    if (entry.path().extension() == FXLINT_SAMPLE_EXTENSION) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// The whole samples/ tree analyzed once per configuration, as `fxlint` runs it: hazards reached from
// a class in one file and located in another are checked against the other file's annotations.
struct SampleRun {
  std::map<std::string, Expectations> expected;
  std::set<std::string> configs = {"vanilla"};
  std::map<std::string, std::vector<FileAnalysis>> analyses;  // config -> per file
  std::map<std::string, DiagnosticsByFile> diagnostics;       // config -> file -> diagnostics
};

const SampleRun& sampleRun() {
  static const SampleRun run = [] {
    SampleRun r;
    std::vector<SourceFilePtr> files;
    for (const std::string& path : sampleFiles()) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      auto file = std::make_shared<SourceFile>();
      file->path = path;
      file->text = text.str();
      r.expected[path] = parseExpectations(file->text);
      for (const auto& [config, _] : r.expected[path].verdicts) r.configs.insert(config);
      files.push_back(file);
    }
    for (const std::string& config : r.configs) {
      Analyzer analyzer(configFromName(config));
      for (const SourceFilePtr& file : files) r.analyses[config].push_back(analyzer.analyze(file));
      r.diagnostics[config] = collectDiagnostics(r.analyses[config], r.expected, config);
    }
    return r;
  }();
  return run;
}

class SampleGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleGolden, MatchesAnnotations) {
  const SampleRun& run = sampleRun();
  const Expectations& expected = run.expected.at(GetParam());
  for (const std::string& config : run.configs) {
    const auto& analyses = run.analyses.at(config);
    auto analysis = std::find_if(analyses.begin(), analyses.end(),
                                 [&](const FileAnalysis& a) { return a.file->path == GetParam(); });
    ASSERT_NE(analysis, analyses.end());
    EXPECT_TRUE(analysis->problems.empty()) << GetParam() << ": " << analysis->problems.front().message;
    static const std::vector<Diagnostic> kNone;
    const auto& byFile = run.diagnostics.at(config);
    auto produced = byFile.find(GetParam());
    for (const std::string& mismatch :
         compareWithExpectations(*analysis, expected, produced == byFile.end() ? kNone : produced->second, config))
      ADD_FAILURE() << GetParam() << ":" << mismatch;
  }
}

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::relative(info.param, FXLINT_SAMPLES_DIR).string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleGolden, ::testing::ValuesIn(sampleFiles()), testName);

}  // namespace
}  // namespace fxlint::testing
