// FX104 proxy-len: len() of a traced value.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX104", "proxy-len", "len() of a traced value", Family::TraceFails, R"md(
## What it does
Finds `len()` applied to a traced tensor, a traced shape (`len(x.shape)`) or `*args` of forward.
## Why is this bad?
`len()` must return a Python int; FX's Proxy cannot provide one and raises
`RuntimeError: 'len' is not supported in symbolic tracing by default`.
## Example
    batch = len(x)
## Use instead
    batch = x.size(0)        # and x.dim() instead of len(x.shape)
)md"};

class ProxyLen final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyLen) return;
    out.report(kInfo, event, "`" + event.text + "` takes len() of " + describeOrigin(event.provenance) + "; symbolic_trace raises RuntimeError here");
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyLen() { return std::make_unique<ProxyLen>(); }

}  // namespace fxlint::rules
