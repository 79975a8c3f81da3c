// FX110 non-torch-call-on-proxy: a traced value given to numpy or a scripted function.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX110", "non-torch-call-on-proxy", "a traced value given to numpy or a scripted function", Family::TraceFails, R"md(
## What it does
Finds calls that need real values receiving a traced value: numpy functions (`np.sqrt(x.size(-1))`)
and functions compiled with `@torch.jit.script`.
## Why is this bad?
numpy converts its argument to an array and a scripted function checks argument types; a Proxy is
neither a number nor a tensor, so the call raises.
## Example
    scale = np.sqrt(q.size(-1))
## Use instead
    scale = math.sqrt(q.size(-1))   # math is auto-wrapped by FX
## Fix
{leaf-call fix}
## Languages
Python only: numpy and scripted functions have no LibTorch counterpart the C++ front-end lowers.
)md"};

class NonTorchCallOnProxy final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::NonTorchCallOnProxy) return;
    out.report(kInfo, event, "`" + event.text + "` gives " + describeOrigin(event.provenance) + " to `" + event.detail + "`, which computes on real values; symbolic_trace fails here", adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeNonTorchCallOnProxy() { return std::make_unique<NonTorchCallOnProxy>(); }

}  // namespace fxlint::rules
