// FX112 tensor-list-from-proxy: torch.cat/stack given one traced value standing for a list.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX112", "tensor-list-from-proxy", "torch.cat/stack given one traced value standing for a list", Family::TraceFails, R"md(
## What it does
Finds `torch.cat`/`torch.stack` (and friends) whose tensor-list argument is a single Proxy, such as
the result of `x.split(...)` or `x.unbind(0)` passed on directly.
## Why is this bad?
While tracing, the result of `split` is one Proxy, not a list; the tensor-list argument cannot be
parsed from it.
## Example
    y = torch.cat(x.split(2, dim=1), dim=0)
## Use instead
Unpack to a known number of parts first (`a, b = x.split(2, dim=1)`), or use a reshaping op.
## Fix
{leaf-call fix}
## Languages
Python only: C++'s types make a single tensor where a TensorList is needed a compile error.
)md"};

class TensorListFromProxy final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::TensorListFromProxy) return;
    out.report(kInfo, event, "`" + event.text + "` passes " + describeOrigin(event.provenance) + " where `" + event.detail + "` needs a list of tensors; symbolic_trace fails here", adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeTensorListFromProxy() { return std::make_unique<TensorListFromProxy>(); }

}  // namespace fxlint::rules
