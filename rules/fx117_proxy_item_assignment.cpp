// FX117 proxy-item-assignment: an item or slice of a traced tensor assigned in place.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX117", "proxy-item-assignment", "an item or slice of a traced value assigned in place",
                         Family::TraceFails, R"md(
## What it does
Finds `y[index] = value` (and `y[index] += value`) where `y` is a traced value: a forward input or a
tensor computed from one.
## Why is this bad?
`torch.fx.Proxy` defines no `__setitem__`, so the assignment raises `TypeError: 'Proxy' object does not
support item assignment` (torch 2.14). Assigning into a Python list or dict, or into a buffer (a real
tensor during tracing), is fine.
## Example
    y = self.proj(x)
    y[:, 0] = 0.0
## Use instead
The out-of-place (or in-place method) form, which FX records as one node:

    y = self.proj(x)
    y = y.index_fill(1, torch.tensor([0], device=y.device), 0.0)   # or y.masked_fill(mask, v), torch.where
## Fix
{leaf-call fix}
)md"};

class ProxyItemAssignment final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyItemAssignment) return;
    out.report(kInfo, event, "`" + event.text + " = ...` assigns in place into a traced value (from " +
               describeOrigin(event.provenance) + "); symbolic_trace raises TypeError here (a Proxy has no __setitem__)",
               adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyItemAssignment() { return std::make_unique<ProxyItemAssignment>(); }

}  // namespace fxlint::rules
