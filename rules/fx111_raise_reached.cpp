// FX111 raise-reached: the model's own raise is reached while tracing.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX111", "raise-reached", "the model's own raise is reached while tracing", Family::TraceFails, R"md(
## What it does
Reports a `raise` statement that tracing reaches on a path fxlint could decide, typically because an
earlier silent decision went the wrong way: under vanilla tracing every parameter is a Proxy and a
Proxy is never None.
## Why is this bad?
The model's own exception ends the trace.
## Example
    if input_ids is not None and inputs_embeds is not None:
        raise ValueError("pass one of input_ids or inputs_embeds")
## Use instead
Trace with concrete arguments for the optional parameters (`concrete_args={"inputs_embeds": None}`,
`fxlint --inputs input_ids`).
)md"};

class RaiseReached final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::RaiseReached) return;
    if (event.realTensorTrace)
      out.report(kInfo, event, "this throw is reached on every path; LibTorch's tracer raises the model's own exception");
    else
      out.report(kInfo, event, "this raise is reached while tracing (a silent decision on a Proxy led here); symbolic_trace raises the model's own exception");
  }
};

}  // namespace

std::unique_ptr<Rule> makeRaiseReached() { return std::make_unique<RaiseReached>(); }

}  // namespace fxlint::rules
