// Strategy choice and dynamic-axis safety from the analyzer's events (DESIGN.md, "Exporter").
#include "fxlint/export_plan.h"

#include <algorithm>

namespace fxlint::exporter {

const char* strategyName(Strategy strategy) {
  switch (strategy) {
    case Strategy::Fx: return "fx";
    case Strategy::Export: return "export";
    case Strategy::Htp: return "htp";
  }
  return "?";
}

std::string siteOf(const SourceFilePtr& file, const Span& span) {
  return (file ? file->path : std::string("?")) + ":" + std::to_string(span.begin.line);
}

namespace {

// Whether torch.export gets past what made symbolic_trace stop or specialize here: decisions on sizes
// or dtypes (it specializes static shapes and guards on them), `is None`/isinstance checks, and code
// fxlint cannot see (torch.export is tried first, htp remains). Decisions on tensor values are
// data-dependent errors for torch.export; the model's own raise and the like need real values.
bool exportHandles(const TraceEvent& event) {
  switch (severityOf(event.kind)) {
    case EventSeverity::Unknown:
      return true;
    case EventSeverity::Specializes:
      return event.kind != EventKind::ExceptionSwallowed && !event.provenance.data;
    case EventSeverity::Fatal:
      return isShapeDecision(event.kind) && !event.provenance.data &&
             (event.provenance.shape || event.provenance.metadata);
  }
  return false;
}

// "FX101 at file:62: message" for the rule that claims the event (not the export hazards).
std::string cite(const TraceEvent& event) {
  for (const Diagnostic& diagnostic : diagnose(event))
    if (diagnostic.code.rfind("EX", 0) != 0)
      return diagnostic.code + " at " + siteOf(event.file, event.span) + ": " + diagnostic.message;
  return siteOf(event.file, event.span) + ": `" + event.text + "`";
}

// A dim as written in the source (x.shape[-1]) as an index into the example input's shape.
int normalizedDim(const ExportOptions& options, const std::string& input, int dim) {
  for (const InputSpec& spec : options.inputs)
    if (spec.name == input && dim < 0 && dim >= -int(spec.shape.size())) return dim + int(spec.shape.size());
  return dim;
}

int64_t exampleSize(const ExportOptions& options, const std::string& input, int dim) {
  for (const InputSpec& spec : options.inputs)
    if (spec.name == input && dim >= 0 && dim < int(spec.shape.size())) return spec.shape[dim];
  return -1;
}

void findUnsafeDims(const ClassVerdict& verdict, const ExportOptions& options, ExportPlan& plan) {
  // EX301 matches dims as written; the requests are also given in the negative form it may see.
  RuleOptions ruleOptions{options.dynamic};
  for (const InputSpec& spec : options.inputs)
    for (const RuleOptions::DynamicDim& dim : options.dynamic)
      if (dim.input == spec.name) ruleOptions.dynamicDims.push_back({dim.input, dim.dim - int(spec.shape.size())});
  for (const TraceEvent& event : verdict.events) {
    for (const Diagnostic& diagnostic : diagnose(event, ruleOptions)) {
      if (diagnostic.code != "EX301") continue;
      for (const ShapeRef& ref : event.provenance.dims) {
        int dim = normalizedDim(options, ref.input, ref.dim);
        bool requested = std::any_of(options.dynamic.begin(), options.dynamic.end(), [&](const auto& d) {
          return d.input == ref.input && d.dim == dim;
        });
        bool known = std::any_of(plan.unsafeDims.begin(), plan.unsafeDims.end(), [&](const DimDecision& d) {
          return d.input == ref.input && d.dim == dim;
        });
        if (ref.direct && requested && !known)
          plan.unsafeDims.push_back({ref.input, dim, exampleSize(options, ref.input, dim), diagnostic});
      }
    }
  }
  for (const RuleOptions::DynamicDim& dim : options.dynamic) {
    bool unsafe = std::any_of(plan.unsafeDims.begin(), plan.unsafeDims.end(), [&](const DimDecision& d) {
      return d.input == dim.input && d.dim == dim.dim;
    });
    if (!unsafe) plan.dynamic.push_back(dim);
  }
}

}  // namespace

ExportPlan planExport(const ClassVerdict& verdict, const ExportOptions& options) {
  ExportPlan plan;
  findUnsafeDims(verdict, options, plan);
  Strategy chosen;
  std::string name = verdict.factory.empty() ? verdict.className : verdict.factory + "()";
  if (verdict.verdict == VerdictKind::Traceable) {
    chosen = Strategy::Fx;
    plan.reason = "fxlint's verdict for " + name + " is `traceable`: symbolic_trace captures it with its module "
                  "paths";
  } else {
    auto blocking = std::find_if(verdict.events.begin(), verdict.events.end(),
                                 [](const TraceEvent& e) { return !exportHandles(e); });
    if (blocking != verdict.events.end()) {
      chosen = Strategy::Htp;
      plan.reason = std::string("fxlint's verdict for ") + name + " is `" + verdictName(verdict.verdict) +
                    "` and torch.export cannot capture it either: " + cite(*blocking) +
                    "; a real-tensor trace bakes that decision in as a guard";
    } else {
      chosen = Strategy::Export;
      int first = verdict.firstFailure >= 0 ? verdict.firstFailure : 0;
      plan.reason = std::string("fxlint's verdict for ") + name + " is `" + verdictName(verdict.verdict) + "`";
      if (!verdict.events.empty()) plan.reason += " (" + cite(verdict.events[first]) + ")";
      plan.reason += ", but only on what torch.export handles (decisions on static sizes, `is None`, what "
                     "fxlint cannot see), and no dynamic dim requested feeds a decision";
    }
  }
  const Strategy all[] = {Strategy::Fx, Strategy::Export, Strategy::Htp};
  for (Strategy strategy : all)
    if (int(strategy) >= int(chosen)) plan.order.push_back(strategy);
  return plan;
}

}  // namespace fxlint::exporter
