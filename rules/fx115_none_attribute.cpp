// FX115 none-attribute: None is used as an object on the traced path (an attribute read, or a torch
// layer's input).
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX115", "none-attribute", "an attribute of a value that is None while tracing",
                         Family::TraceFails, R"md(
## What it does
Finds attribute reads and method calls on a value that is certainly `None` on the traced path, and a
`None` given as the input of a `torch.nn` layer (whose forward reads it as a tensor).
## Why is this bad?
Python raises `AttributeError` (inside a layer, `AttributeError` or `TypeError`). While tracing this
typically happens when a parameter is given as a concrete `None` (`concrete_args`, `fxlint --inputs`, an
input torch.export is not given) and code written for a tensor or a dict uses it, or when a decorator's
`**kwargs` receives a positional placeholder (FX passes a decorated forward's arguments by position).
## Example
    def forward(self, x, mask=None):
        return x * mask.float()      # traced with --inputs x: mask is None
## Use instead
Keep the parameter traced, or guard the use with `if mask is not None`. Under torch.export, give the
input in the example arguments (`fxlint --inputs`).
## Languages
Python only: the C++ front-end does not model None (empty holders are not lowered as None).
)md"};

class NoneAttribute final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind == EventKind::NoneModuleInput) {
      out.report(kInfo, event, "`" + event.text + "` gives None to `" + event.detail +
                                   "`, whose forward reads its input as a tensor; it raises inside torch");
      return;
    }
    if (event.kind != EventKind::NoneAttribute) return;
    out.report(kInfo, event, "`" + event.text + "` reads `" + event.detail +
                                 "` of a value that is None here; Python raises AttributeError");
  }
};

}  // namespace

std::unique_ptr<Rule> makeNoneAttribute() { return std::make_unique<NoneAttribute>(); }

}  // namespace fxlint::rules
