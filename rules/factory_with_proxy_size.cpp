// FX108 factory-with-proxy-size: a torch factory function given a traced size, device or dtype.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX108", "factory-with-proxy-size", "a torch factory function given a traced size, device or dtype", Family::TraceFails, R"md(
## What it does
Finds tensor factory functions (`torch.zeros`, `torch.ones`, `torch.arange`, `torch.full`,
`torch.tensor`, ...) whose size, device or dtype comes from a traced value.
## Why is this bad?
Factory functions parse their arguments into real integers, devices and dtypes; a Proxy is none of
these, so the call raises while tracing.
## Example
    mask = torch.zeros(x.size(0), self.dim)
## Use instead
    mask = x.new_zeros(x.size(0), self.dim)   # same dtype and device as x; traces
)md"};

class FactoryWithProxySize final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::FactoryWithProxy) return;
    out.report(kInfo, event, "`" + event.text + "` gives " + describeOrigin(event.provenance) + " to `" + event.detail + "`, which needs real Python values; symbolic_trace raises TypeError here");
  }
};

}  // namespace

std::unique_ptr<Rule> makeFactoryWithProxySize() { return std::make_unique<FactoryWithProxySize>(); }

}  // namespace fxlint::rules
