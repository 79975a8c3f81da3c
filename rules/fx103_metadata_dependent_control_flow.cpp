// FX103 metadata-dependent-control-flow: Python control flow decided by a traced dtype or device.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX103", "metadata-dependent-control-flow", "Python control flow decided by a traced dtype or device", Family::TraceFails, R"md(
## What it does
Finds Python decisions on a traced tensor's metadata: `x.dtype == torch.float16`, `x.device.type`,
`x.is_cuda`, `x.requires_grad`.
## Why is this bad?
Under symbolic tracing these attributes are Proxies too, so the decision raises `TraceError`.
## Example
    if x.dtype == torch.float16:
        x = x.float()
## Use instead
    x = x.float()  # or x.to(self.weight.dtype): recorded as an op, no decision needed
## Fix
{assert fix}
{leaf-call fix}
)md"};

class MetadataDependentControlFlow final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyAsBool || !(event.provenance.metadata && !event.provenance.shape && !event.provenance.data)) return;
    out.report(kInfo, event, decisionMessage(event), orElse(assertInsteadOfRaise(event), adviceOrLeafCall(event)));
  }
};

}  // namespace

std::unique_ptr<Rule> makeMetadataDependentControlFlow() { return std::make_unique<MetadataDependentControlFlow>(); }

}  // namespace fxlint::rules
