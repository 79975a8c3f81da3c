// Golden test: fxlint over every file in samples/, checked against the files' own annotations
// (exact sets of diagnostics and every class's verdict, per trace configuration).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "expectations.h"

namespace fxlint::testing {
namespace {

std::vector<std::string> sampleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FXLINT_SAMPLES_DIR))
    if (entry.path().extension() == ".py") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class SampleGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleGolden, MatchesAnnotations) {
  std::ifstream in(GetParam());
  std::stringstream text;
  text << in.rdbuf();
  auto file = std::make_shared<SourceFile>();
  file->path = GetParam();
  file->text = text.str();
  Expectations expected = parseExpectations(file->text);
  std::set<std::string> configs = {"vanilla"};
  for (const auto& [config, _] : expected.verdicts) configs.insert(config);
  for (const auto& [config, _] : expected.diagnostics) configs.insert(config);
  for (const std::string& config : configs) {
    FileAnalysis analysis = analyzeSource(file, configFromName(config));
    EXPECT_TRUE(analysis.problems.empty()) << GetParam() << ": " << analysis.problems.front().message;
    for (const std::string& mismatch : compareWithExpectations(analysis, expected, config))
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
