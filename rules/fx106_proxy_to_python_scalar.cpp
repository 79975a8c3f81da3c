// FX106 proxy-to-python-scalar: a traced value converted to a Python number.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX106", "proxy-to-python-scalar", "a traced value converted to a Python number", Family::TraceFails, R"md(
## What it does
Finds `int(p)`, `float(p)`, `range(p)`, `round(p)`, `"%d" % p` and `"{:d}".format(p)` on a traced
value.
## Why is this bad?
These need a real number. A Proxy is not one: Python raises `TypeError` while tracing. Under
real-tensor export the number is baked in as a constant, so the dimension cannot be dynamic.
## Example
    for i in range(x.size(1)):
        ...
## Use instead
Vectorize over the dimension, or keep the size symbolic (`x.new_zeros(x.size(0), n)`,
`x.view(x.size(0), -1)`).
## Fix
{leaf-call fix}
## Languages
Python only: C++ sizes are already integers; the front-end lowers no `int()`/`float()` conversions.
)md"};

class ProxyToPythonScalar final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyToScalar) return;
    out.report(kInfo, event, "`" + event.text + "` converts " + describeOrigin(event.provenance) + " to a Python number (" + event.detail + "); symbolic_trace raises TypeError here", adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyToPythonScalar() { return std::make_unique<ProxyToPythonScalar>(); }

}  // namespace fxlint::rules
