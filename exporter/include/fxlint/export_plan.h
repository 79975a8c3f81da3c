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

// The analysis configuration for the target under a capture: the --input names are the inputs, the
// --dynamic dims dynamic.
TraceConfig traceConfigFor(const ExportOptions& options, Capture capture);

// From the target's verdicts under FX and under torch.export (each analyzed with traceConfigFor): fx when
// FX traces it, else torch.export unless it fails there, else htp; the requested dims torch.export
// would guard on are unsafe.
ExportPlan planExport(const ClassVerdict& fx, const ClassVerdict& exported, const ExportOptions& options);

// "samples/x.py:62"
std::string siteOf(const SourceFilePtr& file, const Span& span);

}  // namespace fxlint::exporter
