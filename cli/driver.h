// The driver behind the CLI: finds files, reads them safely, runs the analysis and the rules, and
// gathers diagnostics and verdicts in a deterministic order.
#pragma once

#include <string>
#include <vector>

#include "fxlint/analysis.h"
#include "fxlint/rule.h"

namespace fxlint {

struct RunOptions {
  std::vector<std::string> paths;
  std::vector<std::string> roots;  // extra directories to resolve absolute imports from
  TraceConfig trace;
  RuleOptions rules;                // e.g. --dynamic dims for EX301
  std::vector<std::string> select;  // rule codes or prefixes; empty: all
  std::vector<std::string> ignore;
};

struct RunResult {
  std::vector<FileAnalysis> files;     // in path order
  std::vector<Diagnostic> diagnostics; // sorted by file, line, column, code; deduplicated
  std::vector<std::string> errors;     // usage-level problems (a path that does not exist)
};

// Python files under `paths` (directories recursively, skipping hidden, cache and venv directories),
// sorted; files named explicitly are taken whatever their extension.
std::vector<std::string> collectFiles(const std::vector<std::string>& paths, std::vector<std::string>& errors);

// Reads a file as analyzable text, or says why it cannot.
struct ReadResult {
  SourceFilePtr file;
  std::string error;  // set when the file cannot be read
};
ReadResult readSource(const std::string& path);

RunResult run(const RunOptions& options);

bool ruleSelected(const RunOptions& options, std::string_view code);

}  // namespace fxlint
