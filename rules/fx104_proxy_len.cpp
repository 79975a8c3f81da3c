// FX104 proxy-len: len() of a traced value.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX104", "proxy-len", "len() of a traced value", Family::TraceFails, R"md(
## What it does
Finds `len()` applied to a traced tensor, a traced shape (`len(x.shape)`) or `*args` of forward.
## Why is this bad?
`len()` must return a Python int; FX's Proxy cannot provide one and raises
`RuntimeError: 'len' is not supported in symbolic tracing by default`.
## Example
    batch = len(x)
## Use instead
    batch = x.size(0)        # and x.dim() instead of len(x.shape)
## Fix
`len(x.shape)` and `len(x.size())` become `x.dim()`: safe (a torch.Size's length is the rank).
`len(x)` on a traced tensor becomes `x.size(0)`: unsafe, because on a 0-d tensor `len()` raises
TypeError and `size(0)` IndexError; on every other tensor they agree. `len()` of a traced `*args`
tuple, or of a value not known to be a tensor (a `torch.fx.wrap` function's result, `x.split(...)`),
gets no local fix.
{leaf-call fix}
)md"};

class ProxyLen final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyLen) return;
    out.report(kInfo, event, "`" + event.text + "` takes len() of " + describeOrigin(event.provenance) + "; symbolic_trace raises RuntimeError here", orElse(fix(event), adviceOrLeafCall(event)));
  }

 private:
  static std::optional<Fix> fix(const TraceEvent& event) {
    const ExprOutline& call = event.expression;
    if (call.op != "call" || call.operands.size() != 2 || !call.operands[1].keyword.empty()) return std::nullopt;
    const ExprOutline& arg = call.operands[1];
    // `x.shape` / `x.size()`: the rank.
    const ExprOutline* tensor = nullptr;
    if (arg.op == "attribute" && arg.name == "shape") tensor = &arg.operands[0];
    if (arg.op == "call" && arg.operands.size() == 1 && arg.operands[0].op == "attribute" && arg.operands[0].name == "size")
      tensor = &arg.operands[0].operands[0];
    if (tensor) {
      std::string text = operand(*tensor, sourceOf(event, tensor->span)) + ".dim()";
      return Fix{"Replace `" + event.text + "` with `" + text + "`", Applicability::Safe, {replaceSpan(call.span, text)}};
    }
    // A tensor: not a tuple of Proxies such as forward's *args, nor a leaf call's or split()'s result.
    bool tensorLike = !event.provenance.shape && event.detail == "len";
    if (!tensorLike || (arg.op != "name" && arg.op != "attribute" && arg.op != "subscript" && arg.op != "call")) return std::nullopt;
    std::string text = std::string(sourceOf(event, arg.span)) + ".size(0)";
    return Fix{"Replace `" + event.text + "` with `" + text + "`", Applicability::Unsafe, {replaceSpan(call.span, text)}};
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyLen() { return std::make_unique<ProxyLen>(); }

}  // namespace fxlint::rules
