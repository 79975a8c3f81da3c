// FX004 analysis-budget-exceeded: the analysis stopped at a named limit.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX004", "analysis-budget-exceeded", "the analysis stopped at a named limit", Family::Analysis, R"md(
## What it does
Reports where the abstract interpreter stopped because a limit was reached: call depth (32 nested
calls, e.g. two classes whose forwards call each other) or the number of steps per class.
## Why is this bad?
Tracing beyond the limit is not simulated, so the verdict is `unknown`. Real torch.fx would usually
hit a RecursionError on such code.
## Example
    class A(nn.Module):
        def forward(self, x): return self.b(x)   # B.forward calls back into A
## Use instead
Break the recursion; bounded recursion can be unrolled into an explicit loop over modules.
)md"};

class AnalysisBudgetExceeded final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::BudgetExceeded) return;
    out.report(kInfo, event, "analysis stopped here: " + event.detail + "; the verdict is unknown");
  }
};

}  // namespace

std::unique_ptr<Rule> makeAnalysisBudgetExceeded() { return std::make_unique<AnalysisBudgetExceeded>(); }

}  // namespace fxlint::rules
