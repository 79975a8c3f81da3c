// FX102 data-dependent-control-flow: Python control flow decided by tensor values.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX102", "data-dependent-control-flow", "Python control flow decided by tensor values", Family::TraceFails, R"md(
## What it does
Finds Python decisions (`if`, `while`, `assert`, `and`/`or`/`not`, ternaries, `bool()`) on a value
computed from the *contents* of a traced tensor: `x.sum() > 0`, `(x > 0).any()`, `x.max().item() > 1`.
## Why is this bad?
A traced tensor has no values while tracing: `bool()` of the Proxy raises `TraceError`. No capture
that works on graphs can keep such a branch; real-tensor tracing bakes in the branch taken for the
example input, so the exported model is input-specific.
## Example
    if x.sum() > 0:
        x = x * 2
## Use instead
    x = torch.where(x.sum() > 0, x * 2, x)
or move the decision into a function registered with `torch.fx.wrap` (it becomes one leaf call).
## Fix
{assert fix}
{leaf-call fix}
)md"};

class DataDependentControlFlow final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyAsBool || !(event.provenance.data || (!event.provenance.shape && !event.provenance.metadata))) return;
    out.report(kInfo, event, decisionMessage(event), orElse(assertInsteadOfRaise(event), adviceOrLeafCall(event)));
  }
};

}  // namespace

std::unique_ptr<Rule> makeDataDependentControlFlow() { return std::make_unique<DataDependentControlFlow>(); }

}  // namespace fxlint::rules
