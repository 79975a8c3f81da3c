// FX114 missing-forward: a module class whose hierarchy defines no forward().
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX114", "missing-forward", "no class in the module's hierarchy defines forward()",
                         Family::TraceFails, R"md(
## What it does
Reports an `nn.Module` subclass when neither it nor any of its bases (up to `torch.nn.Module`)
defines `forward`.
## Why is this bad?
`symbolic_trace` calls `forward`; `nn.Module`'s own raises `NotImplementedError` ("missing the
required forward function"). Abstract bases such as a `PreTrainedModel` family root are typically
such classes: trace one of their concrete subclasses instead.
## Example
    class Base(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(4, 4)
## Use instead
Define `forward`, or trace a subclass that does.
)md"};

class MissingForward final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::MissingForward) return;
    out.report(kInfo, event, "`" + event.text + "` defines no forward() and inherits `" + event.detail +
                                 ".forward`; symbolic_trace raises NotImplementedError");
  }
};

}  // namespace

std::unique_ptr<Rule> makeMissingForward() { return std::make_unique<MissingForward>(); }

}  // namespace fxlint::rules
