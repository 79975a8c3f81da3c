// FX202 proxy-type-check: isinstance()/type()/hasattr() on a traced value.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX202", "proxy-type-check", "isinstance()/type()/hasattr() on a traced value", Family::Specializes, R"md(
## What it does
Finds `isinstance(p, torch.Tensor)`, `torch.is_tensor(p)`, `type(p) is ...`, `hasattr(p, ...)` on a
traced value.
## Why is this bad?
Under tracing the value is an `fx.Proxy`: `isinstance(p, torch.Tensor)` is False and `hasattr` is
True, so the graph silently follows a branch that eager execution does not.
## Example
    if isinstance(x, torch.Tensor):
        x = x.float()
## Use instead
Decide on a configuration attribute (`self.cast_input`) or drop the check.
## Fix
{leaf-call fix} Inside the new function the check sees the real value, as in eager mode.
## Languages
Python only: C++ types are static; there is no isinstance() to lower.
)md"};

class ProxyTypeCheck final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyTypeCheck) return;
    out.report(kInfo, event, "`" + event.text + "` inspects the type of " + describeOrigin(event.provenance) + "; under tracing it is a Proxy, so the answer differs from eager", adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyTypeCheck() { return std::make_unique<ProxyTypeCheck>(); }

}  // namespace fxlint::rules
