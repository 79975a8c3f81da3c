// FX105 proxy-iteration: iterating over a traced value.
#include "fxlint/rule.h"
#include "fix_support.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX105", "proxy-iteration", "iterating over a traced value", Family::TraceFails, R"md(
## What it does
Finds iteration over a traced value whose length Python needs: `for v in x`, `list(x.shape)`,
`tuple(x.shape)`, `zip(x, y)`, `enumerate(x)`, `any(x > 0)`, `3 in x.shape`, star-unpacking
(`B, *rest = x.shape`, `f(*x.shape)`, `x.view(*x.shape[:2], -1)`) and `**p`.
## Why is this bad?
A Proxy does not know its length while tracing, so `Proxy.__iter__` raises `TraceError: Proxy object
cannot be iterated`. Fixed-length unpacking (`B, C, H, W = x.shape`) is fine: FX reads the count
from the bytecode.
## Example
    for row in x:
        out.append(self.proj(row))
## Use instead
    out = self.proj(x)       # or B, C, H, W = x.shape instead of list(x.shape)
## Fix
Unsafe: star-unpacking of a size into a throwaway name, `*_, h, w = x.shape` (or `b, c, *_ = ...`),
becomes indexing, `h, w = x.shape[-2], x.shape[-1]`: the rank need not be known. Eager differs only
when the size has fewer dimensions than names (IndexError instead of ValueError) and `_` is no
longer bound.
{leaf-call fix}
)md"};

class ProxyIteration final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyIteration) return;
    out.report(kInfo, event, "`" + event.text + "` iterates over " + describeOrigin(event.provenance) + " (" + event.detail + "); symbolic_trace raises TraceError here", orElse(indexInsteadOfStar(event), adviceOrLeafCall(event)));
  }

 private:
  static std::optional<Fix> indexInsteadOfStar(const TraceEvent& event) {
    if (event.detail != "starred unpacking" || event.statements.empty()) return std::nullopt;
    const StatementOutline& stmt = event.statements.front();
    const ExprOutline& target = event.expression;
    if (stmt.kind != "assign" || stmt.targets.size() != 1 || stmt.targets[0].span != target.span || target.op != "tuple")
      return std::nullopt;
    // The value is read once per name: only side-effect-free forms (x.shape, x.size(), a name).
    const ExprOutline& value = stmt.head;
    bool plainSize = value.op == "name" || value.op == "attribute" ||
                     (value.op == "call" && value.operands.size() == 1 && value.operands[0].name == "size");
    const auto& names = target.operands;
    if (!plainSize || names.size() < 2) return std::nullopt;
    bool starFirst = sourceOf(event, names.front().span).starts_with("*_");
    bool starLast = sourceOf(event, names.back().span).starts_with("*_");
    if (starFirst == starLast) return std::nullopt;
    std::vector<std::string> bound, indexed;
    std::string base = operand(value, sourceOf(event, value.span));
    for (size_t i = starFirst ? 1 : 0; i < (starFirst ? names.size() : names.size() - 1); ++i) {
      if (names[i].op != "name") return std::nullopt;
      long index = starFirst ? long(i) - long(names.size()) : long(i);
      bound.push_back(names[i].name);
      indexed.push_back(base + "[" + std::to_string(index) + "]");
    }
    auto join = [](const std::vector<std::string>& parts) {
      std::string text;
      for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
      return text;
    };
    Span replaced = target.span;
    replaced.endOffset = value.span.endOffset;
    std::string text = join(bound) + " = " + join(indexed);
    return Fix{"Index the size instead of star-unpacking it: `" + text + "`", Applicability::Unsafe, {replaceSpan(replaced, text)}};
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyIteration() { return std::make_unique<ProxyIteration>(); }

}  // namespace fxlint::rules
