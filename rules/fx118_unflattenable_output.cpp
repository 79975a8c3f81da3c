// FX118 unflattenable-output: forward returns an object symbolic_trace cannot make a graph output of.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX118", "unflattenable-output", "forward returns an object FX cannot put in the graph",
                         Family::TraceFails, R"md(
## What it does
Finds a `forward` whose result holds an instance of a plain class of your own (a cache, a state
object), directly or inside the tuples, lists and dicts it returns.
## Why is this bad?
After running forward, `symbolic_trace` turns the result into the graph's output with `create_arg`,
which knows tensors, numbers, strings, containers, dataclasses and torch types; any other object raises
`NotImplementedError: argument of type: <class 'Cache'>` (torch 2.14). torch.export raises as well
("Found <class 'Cache'> in output, which is not a known type") unless the class is registered as a
pytree node.
## Example
    def forward(self, x):
        cache = KeyValueCache()
        return self.block(x, cache), cache
## Use instead
Return the tensors the object holds (or make the class a `@dataclass`, and register it with
`torch.utils._pytree.register_dataclass` for torch.export):

    def forward(self, x):
        cache = KeyValueCache()
        return self.block(x, cache), tuple(cache.keys), tuple(cache.values)
)md"};

class UnflattenableOutput final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::UnflattenableOutput) return;
    out.report(kInfo, event, "forward returns an instance of `" + event.detail +
               "`, which symbolic_trace cannot make a graph output of; it raises NotImplementedError here");
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnflattenableOutput() { return std::make_unique<UnflattenableOutput>(); }

}  // namespace fxlint::rules
