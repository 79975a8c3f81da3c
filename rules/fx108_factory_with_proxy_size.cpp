// FX108 factory-with-proxy-size: a torch factory function given a traced size, device or dtype.
#include "fxlint/rule.h"
#include "fix_support.h"

#include <algorithm>
#include <iterator>

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX108", "factory-with-proxy-size", "a torch factory function given a traced size, device or dtype", Family::TraceFails, R"md(
## What it does
Finds tensor factory functions (`torch.zeros`, `torch.ones`, `torch.arange`, `torch.full`,
`torch.tensor`, ...) whose size, device or dtype comes from a traced value.
## Why is this bad?
Factory functions parse their arguments into real integers, devices and dtypes; a Proxy is none of
these, so the call raises while tracing.
## Example
    mask = torch.zeros(x.size(0), self.dim)
## Use instead
    mask = x.new_zeros(x.size(0), self.dim)   # same dtype and device as x; traces
## Fix
Safe. `torch.zeros`/`ones`/`empty` whose arguments read a size off a tensor `x` (`x.size(0)`,
`x.shape[1]`) become `x.new_zeros(...)` (`new_ones`, `new_empty`) with the same arguments, plus
`dtype=torch.get_default_dtype()` and `device=torch.get_default_device()` unless given: `x.new_*`
would otherwise inherit x's dtype and device, while the factory uses the defaults (both are read when
the line runs, as the factory reads them). No fix for other factories (`torch.tensor`, `torch.arange`,
`torch.randn`, ...), for `out=`, or for `*`/`**` arguments.
{leaf-call fix}
)md"};

class FactoryWithProxySize final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::FactoryWithProxy) return;
    out.report(kInfo, event, "`" + event.text + "` gives " + describeOrigin(event.provenance) + " to `" + event.detail + "`, which needs real Python values; symbolic_trace raises TypeError here", orElse(fix(event), adviceOrLeafCall(event)));
  }

 private:
  // The tensor a size argument is read from: `x` of `x.size(..)`, `x.shape`, `x.shape[i]`.
  static const ExprOutline* sizeSource(const ExprOutline& expr) {
    if (expr.op == "attribute" && expr.name == "shape") return &expr.operands[0];
    if (expr.op == "call" && !expr.operands.empty() && expr.operands[0].op == "attribute" && expr.operands[0].name == "size")
      return &expr.operands[0].operands[0];
    for (const ExprOutline& inner : expr.operands)
      if (const ExprOutline* found = sizeSource(inner)) return found;
    return nullptr;
  }

  static std::optional<Fix> fix(const TraceEvent& event) {
    const ExprOutline& call = event.expression;
    static const std::string kFactories[] = {"torch.zeros", "torch.ones", "torch.empty"};
    if (call.op != "call" || std::find(std::begin(kFactories), std::end(kFactories), event.detail) == std::end(kFactories) ||
        !importsTorch(*event.file))
      return std::nullopt;
    const ExprOutline* source = nullptr;
    std::vector<std::string> arguments;
    bool hasDtype = false, hasDevice = false;
    for (size_t i = 1; i < call.operands.size(); ++i) {
      const ExprOutline& arg = call.operands[i];
      if (arg.keyword == "*" || arg.keyword == "**" || arg.keyword == "out") return std::nullopt;
      if (!source) source = sizeSource(arg);
      hasDtype = hasDtype || arg.keyword == "dtype";
      hasDevice = hasDevice || arg.keyword == "device";
      arguments.push_back((arg.keyword.empty() ? "" : arg.keyword + "=") + std::string(sourceOf(event, arg.span)));
    }
    if (!source || (source->op != "name" && source->op != "attribute")) return std::nullopt;
    std::string method = "new_" + event.detail.substr(std::string_view("torch.").size());
    if (!hasDtype) arguments.push_back("dtype=torch.get_default_dtype()");
    if (!hasDevice) arguments.push_back("device=torch.get_default_device()");
    std::string text = std::string(sourceOf(event, source->span)) + "." + method + "(";
    for (size_t i = 0; i < arguments.size(); ++i) text += (i ? ", " : "") + arguments[i];
    text += ")";
    return Fix{"Use `" + std::string(sourceOf(event, source->span)) + "." + method + "(...)` with the factory's default dtype and device",
               Applicability::Safe, {replaceSpan(call.span, text)}};
  }
};

}  // namespace

std::unique_ptr<Rule> makeFactoryWithProxySize() { return std::make_unique<FactoryWithProxySize>(); }

}  // namespace fxlint::rules
