// FX107 builtin-min-max: builtin min()/max() on traced values.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX107", "builtin-min-max", "builtin min()/max() on traced values", Family::TraceFails, R"md(
## What it does
Finds Python's builtin `min()`/`max()` given a traced value.
## Why is this bad?
The builtins compare their arguments and call `bool()` on the result, which raises `TraceError` for a
Proxy.
## Example
    size = max(x.size(-1), self.min_size)
## Use instead
    size = torch.clamp(..., min=self.min_size)  # or torch.maximum for tensors
## Fix
{leaf-call fix}
)md"};

class BuiltinMinMax final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::BuiltinMinMax) return;
    out.report(kInfo, event, "`" + event.text + "` compares " + describeOrigin(event.provenance) + " with builtin " + event.detail + "(); symbolic_trace raises TraceError here", adviceOrLeafCall(event));
  }
};

}  // namespace

std::unique_ptr<Rule> makeBuiltinMinMax() { return std::make_unique<BuiltinMinMax>(); }

}  // namespace fxlint::rules
