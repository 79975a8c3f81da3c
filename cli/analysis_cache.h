// A content-addressed cache of file analyses in `.fxlint_cache/` (docs/integrations.md): an entry is
// found by a key over fxlint's build, the analysis settings, the file's path and content, and is valid
// only while every project file the analysis read through imports still has the content it had.
// Rules, selection and suppressions run after the cache, so they never need to be in the key.
#pragma once

#include <optional>
#include <string>

#include "config.h"
#include "fxlint/analysis.h"

namespace fxlint {

class AnalysisCache {
 public:
  // `directory` is created on the first store. Stateless after construction: safe to share between
  // threads, and between processes (entries are written atomically; unreadable ones are misses).
  explicit AnalysisCache(std::string directory);

  // The cached analysis of `file` under `configuration`, or nothing when there is no valid entry.
  std::optional<FileAnalysis> load(const SourceFile& file, const Configuration& configuration) const;
  // Records `analysis` (of a file that was read and parsed; files that could not be read are not
  // cached). Failures are ignored: the cache is an optimization.
  void store(const FileAnalysis& analysis, const Configuration& configuration) const;

 private:
  std::string entryPath(const SourceFile& file, const Configuration& configuration) const;
  std::string directory_;
  std::string runKey_;  // fxlint's version and executable, and the working directory
};

}  // namespace fxlint
