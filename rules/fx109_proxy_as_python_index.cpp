// FX109 proxy-as-python-index: a Python container or a real tensor indexed by a traced value.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX109", "proxy-as-python-index", "a Python container or a real tensor indexed by a traced value", Family::TraceFails, R"md(
## What it does
Finds a traced value used as an index or key of a Python list, tuple or dict, of an `nn.ModuleList`,
`nn.Sequential` or `nn.ModuleDict`, or as an index or slice bound of a real tensor (a buffer registered
with `register_buffer` or assigned as `nn.Buffer`).
## Why is this bad?
Lists and dicts need real keys: a Proxy is no key of a dict (`KeyError`) and no list index (`TypeError`). Buffers are real tensors during tracing (FX does not proxy them by
default), and a real tensor cannot be indexed by a Proxy: `TypeError`.
## Example
    return x + self.pe[:, : x.size(1)]
## Use instead
Make the buffer a Proxy by going through an op first (`self.pe.narrow(1, 0, x.size(1))` still needs a
real length), or register the table as a parameter, or slice with `torch.narrow` inside a function
registered with `torch.fx.wrap`.
## Fix
{leaf-call fix}
)md"};

class ProxyAsPythonIndex final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyAsPythonIndex) return;
    const char* raised = event.detail == "mapping" ? "KeyError" : "TypeError";
    out.report(kInfo, event, "`" + event.text + "` indexes a " + event.detail + " with " + describeOrigin(event.provenance) +
               "; symbolic_trace raises " + raised + " here", adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyAsPythonIndex() { return std::make_unique<ProxyAsPythonIndex>(); }

}  // namespace fxlint::rules
