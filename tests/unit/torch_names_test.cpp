// The interpreter knows Python; what torch does is data in analyzer/torch_facts/. A torch name spelled
// out in analyzer/interp/ is knowledge that a new torch version could not change by data alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fxlint {
namespace {

TEST(TorchNames, OnlyInTheTorchFacts) {
  namespace fs = std::filesystem;
  std::vector<std::string> found;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FXLINT_SOURCE_DIR) / "analyzer" / "interp")) {
    std::ifstream in(entry.path());
    std::string line;
    ++files;
    for (int number = 1; std::getline(in, line); ++number)
      if (line.find("\"torch.") != std::string::npos)
        found.push_back(entry.path().filename().string() + ":" + std::to_string(number) + ": " + line);
  }
  EXPECT_GT(files, 10u) << "analyzer/interp/ not found under " << FXLINT_SOURCE_DIR;
  std::ostringstream list;
  for (const std::string& site : found) list << site << "\n";
  EXPECT_TRUE(found.empty()) << "torch names belong in analyzer/torch_facts/:\n" << list.str();
}

}  // namespace
}  // namespace fxlint
