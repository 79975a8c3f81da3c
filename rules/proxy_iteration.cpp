// FX105 proxy-iteration: iterating over a traced value.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX105", "proxy-iteration", "iterating over a traced value", Family::TraceFails, R"md(
## What it does
Finds iteration over a traced value whose length Python needs: `for v in x`, `list(x.shape)`,
`tuple(x.shape)`, `zip(x, y)`, `enumerate(x)`, `any(x > 0)`, `3 in x.shape`, star-unpacking
(`B, *rest = x.shape`, `f(*x.shape)`, `x.view(*x.shape[:2], -1)`) and `**p`.
## Why is this bad?
A Proxy does not know its length while tracing, so `Proxy.__iter__` raises `TraceError: Proxy object
cannot be iterated`. Fixed-length unpacking (`B, C, H, W = x.shape`) is fine: FX reads the count
from the bytecode.
## Example
    for row in x:
        out.append(self.proj(row))
## Use instead
    out = self.proj(x)       # or B, C, H, W = x.shape instead of list(x.shape)
## Fix
Unsafe, when the hazard is inside a module-level function called from its own module: `torch.fx.wrap("name")` is added after
the function, so tracing records one call to it (docs/fixes.md). Eager is unchanged; the graph no
longer sees inside. No fix inside methods.
)md"};

class ProxyIteration final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyIteration) return;
    out.report(kInfo, event, "`" + event.text + "` iterates over " + describeOrigin(event.provenance) + " (" + event.detail + "); symbolic_trace raises TraceError here", wrapEnclosingFunction(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyIteration() { return std::make_unique<ProxyIteration>(); }

}  // namespace fxlint::rules
