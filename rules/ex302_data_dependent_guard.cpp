// EX302 data-dependent-guard: under torch.export, a Python decision on tensor values.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"EX302", "data-dependent-guard", "torch.export: a Python decision on tensor values",
                         Family::ExportHazard, R"md(
## What it does
With `--capture export`, finds Python decisions on the *values* of a tensor: a branch on `x.sum() > 0`
or `t.item() > 3`, `bool(t)`, `int(t)` or `float(t)`, a Python list indexed by a tensor, a branch on an
element of `t.tolist()`.
## Why is this bad?
torch.export runs forward on fake tensors, which have shapes but no values. A decision on a value
needs one: export raises `GuardOnDataDependentSymNode` (a `RuntimeError`) at that line. Inside a
`try` whose `except` catches it, export instead bakes in the `except` path (EX302 becomes FX204).
## Example
    v = x.max().item()
    if v > 0:
        x = x / v
## Use instead
    x = torch.where(x.max() > 0, x / x.max(), x)
or state what the value may be before deciding on it, which export then assumes:
    v = x.max().item()
    torch._check(v > 0)
)md"};

class DataDependentGuard final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::DataDependentGuard) return;
    out.report(kInfo, event, "`" + event.text + "` decides on tensor values: torch.export's fake tensors have none "
                             "(GuardOnDataDependentSymNode)");
  }
};

}  // namespace

std::unique_ptr<Rule> makeDataDependentGuard() { return std::make_unique<DataDependentGuard>(); }

}  // namespace fxlint::rules
