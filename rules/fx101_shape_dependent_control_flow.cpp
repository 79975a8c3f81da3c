// FX101 shape-dependent-control-flow: Python control flow decided by a traced shape.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX101", "shape-dependent-control-flow", "Python control flow decided by a traced shape", Family::TraceFails, R"md(
## What it does
Finds `if`/`while`/`assert`/ternaries/`not`/`and`/`or`/`bool()`/`in` decided by a value computed from
a traced input's shape: `x.shape[1] != C`, `x.size(0) > 1`, `x.dim() == 4`, `x.ndim`, `x.numel()`.
## Why is this bad?
Under `torch.fx.symbolic_trace` a shape is a Proxy; Python calls `bool()` on it to decide the branch
and FX raises `TraceError: symbolically traced variables cannot be used as inputs to control flow`.
Under real-tensor export the branch taken for the example input is baked in silently, so that
dimension cannot be exported as dynamic.
## Example
    num_channels = pixel_values.shape[1]
    if num_channels != self.num_channels:
        raise ValueError("channel mismatch")
## Use instead
    torch._assert(pixel_values.shape[1] == self.num_channels, "channel mismatch")
`torch._assert` is recorded in the graph instead of being evaluated while tracing.
## Known problems
Errs toward reporting: a dimension that is always passed concretely is still flagged.
## Fix
{assert fix}
{leaf-call fix}
)md"};

class ShapeDependentControlFlow final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyAsBool || !(event.provenance.shape && !event.provenance.data)) return;
    out.report(kInfo, event, decisionMessage(event), orElse(assertInsteadOfRaise(event), adviceOrLeafCall(event)));
  }
};

}  // namespace

std::unique_ptr<Rule> makeShapeDependentControlFlow() { return std::make_unique<ShapeDependentControlFlow>(); }

}  // namespace fxlint::rules
