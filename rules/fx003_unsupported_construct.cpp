// FX003 unsupported-construct: code on the traced path fxlint cannot model.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX003", "unsupported-construct", "code on the traced path fxlint cannot model", Family::Analysis, R"md(
## What it does
Reports Python constructs on the traced path that the analyzer does not model (`match` statements,
`yield`, `await`, nested class definitions in forward).
## Why is this bad?
fxlint cannot tell what tracing does there, so the verdict becomes `unknown` rather than a guess.
## Example
    def forward(self, x):
        match self.mode:
            case "a": return x
## Use instead
An `if`/`elif` chain on the same value.
)md"};

class UnsupportedConstruct final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::UnsupportedConstruct) return;
    out.report(kInfo, event, "`" + event.detail + "` on the traced path is not modelled by fxlint; the verdict is unknown");
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnsupportedConstruct() { return std::make_unique<UnsupportedConstruct>(); }

}  // namespace fxlint::rules
