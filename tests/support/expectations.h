// Parses the inline annotations of sample files (STYLE.md §2) and checks fxlint's output against them:
//   class C(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable
//   if x.shape[1] != 3:  # expect: FX101 "x.shape[1]"; FX204
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

// Compares one configuration's analysis with the expectations; returns human-readable mismatches
// (empty when everything expected is produced and everything produced is expected).
std::vector<std::string> compareWithExpectations(const FileAnalysis& analysis, const Expectations& expected,
                                                 const std::string& config);

}  // namespace fxlint::testing
