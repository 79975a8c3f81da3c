// FX116 traced-module-to-leaf: the module being traced is passed to a torch.fx.wrap function.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX116", "traced-module-to-leaf", "the module being traced is passed to a torch.fx.wrap function",
                         Family::TraceFails, R"md(
## What it does
Finds a call to a function registered with `torch.fx.wrap` (a leaf of the graph) that receives the
module being traced itself, typically `helper(self, x)` in the root's `forward`.
## Why is this bad?
FX records a module argument as a `get_attr` of its path inside the root. A submodule has a path
(`self.stem` is `"stem"`); the root's path is the empty string, so building the GraphModule raises
`AttributeError: '...' object has no attribute ''` after tracing has finished.
## Example
    torch.fx.wrap("pad_if_odd")

    class Model(nn.Module):
        def forward(self, x):
            return pad_if_odd(self, x)
## Use instead
Pass what the function needs (`self.conv`, a number) rather than `self`, or move the call into a
submodule: a submodule's `self` passes as a `get_attr`.
## Fix
None: which of the module's attributes the function reads is a design decision.
## Languages
Python only: `torch.fx.wrap` has no C++ counterpart.
)md"};

class TracedModuleToLeaf final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::TracedModuleToLeaf) return;
    out.report(kInfo, event, "`" + event.text + "` passes the module being traced to `" + event.detail +
                                 "`, a torch.fx.wrap leaf; FX cannot record it (building the GraphModule raises AttributeError)");
  }
};

}  // namespace

std::unique_ptr<Rule> makeTracedModuleToLeaf() { return std::make_unique<TracedModuleToLeaf>(); }

}  // namespace fxlint::rules
