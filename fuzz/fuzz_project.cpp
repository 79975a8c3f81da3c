// libFuzzer target: several Python files as one project. The input is split on the line `#file` into
// up to four files, written into a package so that they can import each other (relatively, absolutely,
// cyclically):
//   pkg/__init__.py   pkg/a.py   pkg/b.py   c.py (beside pkg/, importing it as `pkg`)
// and all of them are analyzed with one Analyzer, the way the CLI analyzes a directory, under the
// HuggingFace convention (only `x`, `input_ids` and `pixel_values` are Proxies) so that both trace
// configurations are fuzzed between the two targets.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSeparator = "\n#file\n";
constexpr const char* kNames[] = {"pkg/__init__.py", "pkg/a.py", "pkg/b.py", "c.py"};
constexpr size_t kMaxFiles = std::size(kNames);

std::vector<std::string_view> split(std::string_view input) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < kMaxFiles) {
    size_t at = input.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(input);
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path dir = fxlint::fuzz::scratchDirectory();
  std::vector<std::string_view> parts = split({reinterpret_cast<const char*>(data), size});
  // Files of the previous input must not linger: a missing file is part of what is fuzzed.
  std::error_code ec;
  fs::remove_all(dir / "pkg", ec);
  fs::remove(dir / "c.py", ec);
  fs::create_directories(dir / "pkg");
  std::vector<std::shared_ptr<fxlint::SourceFile>> files;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto file = std::make_shared<fxlint::SourceFile>();
    file->path = (dir / kNames[i]).string();
    file->text = parts[i];
    std::ofstream(file->path, std::ios::binary) << file->text;
    files.push_back(std::move(file));
  }
  fxlint::TraceConfig config;
  config.inputs = std::vector<std::string>{"x", "input_ids", "pixel_values"};
  fxlint::Analyzer analyzer(config);
  for (const auto& file : files) fxlint::fuzz::checkAnalysis(analyzer.analyze(file));
  return 0;
}
