// libFuzzer target: one Python file, as arbitrary bytes, through the front-end, the abstract
// interpreter (vanilla symbolic_trace: every forward parameter a Proxy) and every rule.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = std::make_shared<fxlint::SourceFile>();
  // Not written to disk: the file's package root is the empty scratch directory, so its imports
  // resolve to nothing and each run depends on the input alone.
  file->path = fxlint::fuzz::scratchDirectory() + "/model.py";
  file->text.assign(reinterpret_cast<const char*>(data), size);
  fxlint::fuzz::checkAnalysis(fxlint::analyzeSource(file, fxlint::TraceConfig{}));
  return 0;
}
