// FX113 fx-wrap-not-at-top-level: torch.fx.wrap called inside a function.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX113", "fx-wrap-not-at-top-level", "torch.fx.wrap called inside a function", Family::TraceFails, R"md(
## What it does
Finds `torch.fx.wrap(...)` (or `@torch.fx.wrap`) used inside a function or method.
## Why is this bad?
`torch.fx.wrap` inspects its caller's frame and raises `NotImplementedError` unless it is called at
module top level.
## Example
    def forward(self, x):
        torch.fx.wrap("helper")
## Use instead
    torch.fx.wrap("helper")   # at module top level, after `def helper`
## Languages
Python only: `torch.fx.wrap` has no C++ counterpart.
)md"};

class FxWrapNotAtTopLevel final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::WrapNotAtTopLevel) return;
    out.report(kInfo, event, "`" + event.text + "` calls torch.fx.wrap inside a function; it must be called at module top level");
  }
};

}  // namespace

std::unique_ptr<Rule> makeFxWrapNotAtTopLevel() { return std::make_unique<FxWrapNotAtTopLevel>(); }

}  // namespace fxlint::rules
