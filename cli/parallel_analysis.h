// Analyzes many files on several threads. Each thread has its own Analyzer per configuration (an
// Analyzer caches parsed imports and is not thread-safe), so threads share nothing mutable; results
// land at their file's index, so the order is the input order whatever the scheduling.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analysis_cache.h"
#include "config.h"
#include "driver.h"

namespace fxlint {

struct AnalysisTask {
  std::string path;
  size_t configuration;  // index into the configurations
};

struct ParallelOptions {
  unsigned jobs = 0;                      // threads; 0: one per core
  const AnalysisCache* cache = nullptr;   // null: analyze everything
  bool progress = false;                  // a progress line on stderr once the run takes over a second
  std::function<ReadResult(const std::string&)> read = readSource;  // must be thread-safe
  CppFrontendOptions cpp;                 // -p build/: C++ files' compile_commands.json
};

std::vector<FileAnalysis> analyzeFiles(const std::vector<AnalysisTask>& tasks,
                                       const std::vector<Configuration>& configurations,
                                       const ParallelOptions& options);

// The thread count `--jobs 0` stands for.
unsigned defaultJobs();

}  // namespace fxlint
