// Parses the inline annotations of sample files (samples/README.md) and checks fxlint's output against them:
//   class C(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable
//   if x.shape[1] != 3:  # expect: FX101 "x.shape[1]"; FX204
// C++ samples write `// expect...`; `[dynamic=x:0,2,3]` scopes one to a real-tensor trace where those dims vary.
// Unscoped expectations apply to vanilla tracing; `[inputs=a,b]` ones to that configuration only, where
// the exact-set check covers the classes that carry a verdict for it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fxlint/analysis.h"
#include "fxlint/rule.h"

namespace fxlint::testing {

struct ExpectedDiagnostic {
  uint32_t line;
  std::string code;
  std::string fragment;  // must appear in the message; may be empty
};

struct Expectations {
  // config name ("vanilla", "inputs=a,b") -> class line -> verdict
  std::map<std::string, std::map<uint32_t, std::string>> verdicts;
  std::map<std::string, std::vector<ExpectedDiagnostic>> diagnostics;
  std::vector<std::string> parseErrors;
};

Expectations parseExpectations(const std::string& text);

// TraceConfig for a config name.
TraceConfig configFromName(const std::string& name);

// The diagnostics a set of analyses produce under `config`, grouped by the file they point into. For a
// non-vanilla config only classes with an expect-verdict for it contribute (`expectedByFile` says which).
using DiagnosticsByFile = std::map<std::string, std::vector<Diagnostic>>;
DiagnosticsByFile collectDiagnostics(const std::vector<FileAnalysis>& analyses,
                                     const std::map<std::string, Expectations>& expectedByFile,
                                     const std::string& config);

// Compares one file's verdicts (from `analysis`) and the diagnostics located in it (`produced`, from
// every class of the run) with the file's expectations; returns human-readable mismatches (empty when
// everything expected is produced and everything produced is expected).
std::vector<std::string> compareWithExpectations(const FileAnalysis& analysis, const Expectations& expected,
                                                 const std::vector<Diagnostic>& produced, const std::string& config);

// The whole check for one self-contained snippet.
std::vector<std::string> checkSnippet(SourceFilePtr file);

}  // namespace fxlint::testing
