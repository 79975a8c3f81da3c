// FX002 unresolved-call: a traced value is passed to code fxlint cannot see.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX002", "unresolved-call", "a traced value is passed to code fxlint cannot see", Family::Analysis, R"md(
## What it does
Reports a call that receives a traced value (a Proxy) when the callee's code is not available to the
analysis: a function or module imported from a package fxlint does not read, or a method resolved
through a base class it cannot see.
## Why is this bad?
Whether tracing succeeds depends on that code. fxlint never guesses "traceable": the class's verdict
becomes `unknown` and this diagnostic says which call is the reason.
## Example
    from somelib import fancy_pool
    def forward(self, x):
        return fancy_pool(x)
## Use instead
Analyze the package that defines the callee too (pass its directory), or declare the callee a leaf
(`torch.fx.wrap`) when it must not be traced through.
)md"};

class UnresolvedCall final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::UnresolvedCall) return;
    out.report(kInfo, event, "`" + event.text + "` passes " + describeOrigin(event.provenance) + " to `" + event.detail + "`, which fxlint cannot see; the verdict is unknown");
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnresolvedCall() { return std::make_unique<UnresolvedCall>(); }

}  // namespace fxlint::rules
