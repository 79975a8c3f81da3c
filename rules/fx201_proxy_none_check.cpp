// FX201 proxy-none-check: `is None` on a traced parameter is always False.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX201", "proxy-none-check", "`is None` on a traced parameter is always False", Family::Specializes, R"md(
## What it does
Finds `p is None` / `p is not None` where `p` is a forward parameter traced as a Proxy.
## Why is this bad?
A Proxy is never None: the branch for a missing argument is silently dropped from the graph. The
graph then fails or computes something else when called with None.
## Example
    def forward(self, x, mask=None):
        if mask is not None:
            x = x.masked_fill(mask, 0)
## Use instead
Trace with a concrete value for the optional parameter: `symbolic_trace(m, concrete_args={"mask":
None})`, or `fxlint --inputs x` to check that configuration.
## Fix
Advice only, no edit: the code is right, the trace configuration is what must change. The fix names
the `concrete_args` entry (and `fxlint --inputs`) that makes tracing take the branch eager takes.
## Languages
Python only: C++ tensor parameters cannot be None (the tracer's inputs are tensors).
)md"};

class ProxyNoneCheck final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyNoneCheck) return;
    out.report(kInfo, event, "`" + event.text + "` checks the traced parameter `" + event.detail + "` against None; a Proxy is never None, so tracing always takes the not-None branch",
               Fix{"Trace with `concrete_args={\"" + event.detail + "\": None}` (check it with `fxlint --inputs` naming the other parameters)",
                   Applicability::Advice, {}});
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyNoneCheck() { return std::make_unique<ProxyNoneCheck>(); }

}  // namespace fxlint::rules
