// FX115 none-attribute: an attribute of None is read on the traced path.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX115", "none-attribute", "an attribute of a value that is None while tracing",
                         Family::TraceFails, R"md(
## What it does
Finds attribute reads and method calls on a value that is certainly `None` on the traced path.
## Why is this bad?
Python raises `AttributeError`. While tracing this typically happens when a parameter is given as a
concrete `None` (`concrete_args`, `fxlint --inputs`) and code written for a tensor or a dict uses it,
or when a decorator's `**kwargs` receives a positional placeholder (FX passes a decorated forward's
arguments by position).
## Example
    def forward(self, x, mask=None):
        return x * mask.float()      # traced with --inputs x: mask is None
## Use instead
Keep the parameter traced, or guard the use with `if mask is not None`.
## Languages
Python only: the C++ front-end does not model None (empty holders are not lowered as None).
)md"};

class NoneAttribute final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::NoneAttribute) return;
    out.report(kInfo, event, "`" + event.text + "` reads `" + event.detail +
                                 "` of a value that is None here; Python raises AttributeError");
  }
};

}  // namespace

std::unique_ptr<Rule> makeNoneAttribute() { return std::make_unique<NoneAttribute>(); }

}  // namespace fxlint::rules
