// The driver behind the CLI: finds files and their configuration files, reads them safely, runs the
// analysis and the rules once per configuration, applies suppressions, and gathers diagnostics and
// verdicts in a deterministic order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "fxlint/analysis.h"
#include "fxlint/rule.h"

namespace fxlint {

struct RunOptions {
  std::vector<std::string> paths;
  Settings commandLine;                   // overrides every configuration file
  std::optional<std::string> configFile;  // --config: this file for every path, no discovery
  bool isolated = false;                  // --isolated: no configuration file at all
  unsigned jobs = 0;                      // --jobs: analysis threads; 0: one per core
  std::optional<std::string> cacheDirectory;  // unset: no cache (--no-cache)
  bool progress = false;                  // a progress line on stderr for runs over a second
  // Text to analyze instead of the file's on disk (an editor's unsaved buffers), by path as given.
  std::map<std::string, std::string> unsavedText;
  CppFrontendOptions cpp;                 // -p build/: C++ files' compile_commands.json
  // Run the rules over every event (diagnostics, fixes, suppressions). Verdicts need none of it: they
  // come from the events alone.
  bool diagnose = true;
};

struct RunResult {
  // Distinct configurations in order of first use; configurations[0] always exists (the command
  // line's alone when no file was analyzed).
  std::vector<Configuration> configurations;
  std::vector<FileAnalysis> files;         // in path order
  std::vector<size_t> configurationOf;     // files[i] was analyzed with configurations[configurationOf[i]]
  std::vector<Diagnostic> diagnostics;     // sorted by file, line, column, code; deduplicated; unsuppressed
                                           // (empty without RunOptions::diagnose)
  size_t suppressed = 0;                   // diagnostics hidden by suppression comments
  std::vector<std::string> errors;         // usage-level problems (a path that does not exist)
  bool aborted = false;                    // a configuration file is invalid: nothing was analyzed
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

}  // namespace fxlint
