// The exporter's decision before anything runs: which capture the analyzer's verdict says will work and
// why (citing lines), and whether the requested dynamic axes are safe. Pure C++: no Python involved.
#pragma once

#include <string>
#include <vector>

#include "fxlint/analysis.h"
#include "fxlint/export_options.h"
#include "fxlint/rule.h"

namespace fxlint::exporter {

enum class Strategy { Fx, Export, Htp };
const char* strategyName(Strategy strategy);

// A requested dynamic dim that a Python decision reads: refused, or pinned to the example's size.
struct DimDecision {
  std::string input;
  int dim = 0;
  int64_t exampleSize = 0;
  Diagnostic diagnostic;  // the EX301 report: site, message
};

struct ExportPlan {
  std::vector<Strategy> order;  // the chosen capture first, then the fallbacks
  std::string reason;           // why the first one, citing file:line
  std::vector<DimDecision> unsafeDims;
  std::vector<RuleOptions::DynamicDim> dynamic;  // what is exported dynamic (unsafe dims removed)
};

// `verdict` is the target's verdict traced with the --input names as the only Proxies.
ExportPlan planExport(const ClassVerdict& verdict, const ExportOptions& options);

// "samples/x.py:62"
std::string siteOf(const SourceFilePtr& file, const Span& span);

}  // namespace fxlint::exporter
