// FX203 tracing-state-check: torch.jit.is_tracing() and friends decide a branch.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX203", "tracing-state-check", "torch.jit.is_tracing() and friends decide a branch", Family::Specializes, R"md(
## What it does
Finds branches decided by `torch.jit.is_tracing()`, `torch.jit.is_scripting()`,
`torch.onnx.is_in_onnx_export()` or `torch.compiler.is_compiling()`.
## Why is this bad?
These report False under torch.fx symbolic tracing, so the FX graph follows the eager branch while
real-tensor exports follow the other one: two captures of the same model differ.
## Example
    if not torch.jit.is_tracing():
        self._check_inputs(x)
## Use instead
Use `torch.fx._symbolic_trace.is_fx_tracing()` when the intent is to skip code under FX.
## Languages
Python only: `torch::jit::tracer::isTracing()` is not modelled by the C++ front-end.
)md"};

class TracingStateCheck final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::TracingStateCheck) return;
    out.report(kInfo, event, "`" + event.text + "` decides a branch on the tracing state; it is False under torch.fx, as in eager, but True under the "
                                 "capture it tests for (TorchScript, torch.jit.trace, ONNX export or torch.compile), so captures differ");
  }
};

}  // namespace

std::unique_ptr<Rule> makeTracingStateCheck() { return std::make_unique<TracingStateCheck>(); }

}  // namespace fxlint::rules
