// Applying fixes to files: `fxlint check --fix`, `--unsafe-fixes`, `--diff` and `fxlint fix`. Runs the
// analysis, applies a non-overlapping subset of the fixes in each file, re-analyzes and repeats (a
// bounded number of passes) until nothing applicable is left; files are rewritten atomically.
#pragma once

#include <string>
#include <vector>

#include "driver.h"

namespace fxlint {

struct FixOptions {
  bool unsafe = false;    // apply unsafe fixes too
  bool diffOnly = false;  // compute the first pass and return its diff; write nothing
};

struct FixRun {
  RunResult result;                  // the analysis after the last pass: what remains
  size_t applied = 0;                // fixes applied, over all passes
  std::vector<std::string> changed;  // files rewritten (or, with diffOnly, that would be)
  std::vector<std::string> dropped;  // "path:line:col: CODE fix dropped: ..." for each fix that did not parse
  std::vector<std::string> errors;   // files that could not be written
  std::string diff;                  // with diffOnly: the unified diff of every file
  int passes = 0;
};

// Each pass can move a statement that the previous pass's leaf call made hazardous (its result is a
// Proxy), so a chain of such statements takes one pass each; the limit only stops a fix that cycles.
inline constexpr int kMaxFixPasses = 32;

bool isApplicable(const Diagnostic& d, const FixOptions& options);
FixRun runFixes(const RunOptions& run, const FixOptions& options);

}  // namespace fxlint
