// Strategy choice and dynamic-axis safety from the analyzer's verdicts under FX and torch.export
// (docs/exporter.md, "Strategy").
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

// "EX301 at file:62: message" for the first rule that claims the event.
std::string cite(const TraceEvent& event) {
  std::vector<Diagnostic> diagnostics = diagnose(event);
  if (diagnostics.empty()) return siteOf(event.file, event.span) + ": `" + event.text + "`";
  const Diagnostic& first = diagnostics.front();
  return first.code + " at " + siteOf(event.file, event.span) + ": " + first.message;
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

// The requested dynamic dims a Python decision reads (EX301), each with the line: those torch.export
// guards on, and those it only narrows the range of (an ordering, `x.shape[0] > 16`), which an ONNX
// graph cannot check (FX's trace reports every decision on a size, whatever its kind).
void findUnsafeDims(const ClassVerdict& fx, const ClassVerdict& exported, const ExportOptions& options,
                    ExportPlan& plan) {
  RuleOptions ruleOptions{options.dynamic};
  for (const InputSpec& spec : options.inputs)
    for (const RuleOptions::DynamicDim& dim : options.dynamic)
      if (dim.input == spec.name) ruleOptions.dynamicDims.push_back({dim.input, dim.dim - int(spec.shape.size())});
  // A size handed to a torch factory stays symbolic in torch.export's graph and in ONNX: not a decision.
  std::vector<const TraceEvent*> events;
  for (const ClassVerdict* verdict : {&exported, &fx})
    for (const TraceEvent& event : verdict->events)
      if (event.kind != EventKind::FactoryWithProxy) events.push_back(&event);
  for (const TraceEvent* decision : events) {
    const TraceEvent& event = *decision;
    std::vector<Diagnostic> diagnostics;
    for (Diagnostic& d : diagnose(event, ruleOptions))
      if (d.code == "EX301") diagnostics.push_back(std::move(d));
    if (diagnostics.empty()) continue;
    for (const RuleOptions::DynamicDim& requested : options.dynamic) {
      bool read = std::any_of(event.provenance.dims.begin(), event.provenance.dims.end(), [&](const ShapeRef& ref) {
        if (ref.input != requested.input || ref.dim == ShapeRef::kRank) return false;
        int dim = normalizedDim(options, ref.input, ref.dim);
        return dim == requested.dim || dim == ShapeRef::kAllDims || dim == ShapeRef::kUnknownDim;
      });
      bool known = std::any_of(plan.unsafeDims.begin(), plan.unsafeDims.end(), [&](const DimDecision& d) {
        return d.input == requested.input && d.dim == requested.dim;
      });
      if (read && !known)
        plan.unsafeDims.push_back({requested.input, requested.dim, exampleSize(options, requested.input, requested.dim),
                                   diagnostics.front()});
    }
  }
  for (const RuleOptions::DynamicDim& dim : options.dynamic) {
    bool unsafe = std::any_of(plan.unsafeDims.begin(), plan.unsafeDims.end(), [&](const DimDecision& d) {
      return d.input == dim.input && d.dim == dim.dim;
    });
    if (!unsafe) plan.dynamic.push_back(dim);
  }
}

std::string nameOf(const ClassVerdict& verdict) {
  return verdict.factory.empty() ? verdict.className : verdict.factory + "()";
}

}  // namespace

TraceConfig traceConfigFor(const ExportOptions& options, Capture capture) {
  TraceConfig config;
  config.capture = capture;
  config.inputs.emplace();
  for (const InputSpec& spec : options.inputs) config.inputs->push_back(spec.name);
  // Each requested dim in both spellings, as the example's rank gives them (x:0 of a rank-4 input is
  // also x.shape[-4]): the analysis then matches negative indices exactly.
  for (const RuleOptions::DynamicDim& dim : options.dynamic) {
    config.dynamicDims.push_back({dim.input, dim.dim, true});
    for (const InputSpec& spec : options.inputs)
      if (spec.name == dim.input) config.dynamicDims.push_back({dim.input, dim.dim - int(spec.shape.size()), true});
  }
  return config;
}

ExportPlan planExport(const ClassVerdict& fx, const ClassVerdict& exported, const ExportOptions& options) {
  ExportPlan plan;
  findUnsafeDims(fx, exported, options, plan);
  Strategy chosen;
  std::string name = nameOf(fx);
  if (fx.verdict == VerdictKind::Traceable && exported.verdict != VerdictKind::Fails) {
    chosen = Strategy::Fx;
    plan.reason = "fxlint's verdict for " + name + " is `traceable`: symbolic_trace captures it with its module paths";
  } else if (fx.verdict == VerdictKind::Traceable) {
    // The fx capture hands its graph to torch.export, which traces through torch.fx.wrap leaves.
    chosen = Strategy::Htp;
    plan.reason = "fxlint's verdict for " + name + " is `traceable`, but the fx graph goes through torch.export, "
                  "which fails: " + cite(exported.events[exported.firstFailure]) +
                  "; a real-tensor trace bakes that decision in as a guard";
  } else {
    std::string fxWhy = std::string("fxlint's FX verdict for ") + name + " is `" + verdictName(fx.verdict) + "`";
    if (fx.firstFailure >= 0) fxWhy += " (" + cite(fx.events[fx.firstFailure]) + ")";
    std::string exportVerdict = verdictName(exported.verdict, Capture::Export);
    if (exported.verdict == VerdictKind::Fails) {
      chosen = Strategy::Htp;
      plan.reason = fxWhy + ", and torch.export fails too: " + cite(exported.events[exported.firstFailure]) +
                    "; a real-tensor trace bakes that decision in as a guard";
    } else {
      // `specialized` only by the dims findUnsafeDims refuses (or pins), or by an except clause that
      // catches a guard; `unknown`: export is worth trying first, htp remains.
      chosen = Strategy::Export;
      plan.reason = fxWhy + "; its torch.export verdict is `" + exportVerdict + "`";
      if (exported.verdict == VerdictKind::Unknown) {
        for (const TraceEvent& event : exported.events)
          if (severityOf(event.kind) == EventSeverity::Unknown) {
            plan.reason += " (" + cite(event) + ")";
            break;
          }
      }
    }
  }
  const Strategy all[] = {Strategy::Fx, Strategy::Export, Strategy::Htp};
  for (Strategy strategy : all)
    if (int(strategy) >= int(chosen)) plan.order.push_back(strategy);
  return plan;
}

}  // namespace fxlint::exporter
