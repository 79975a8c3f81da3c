// EX304 unregistered-pytree-output: under torch.export, forward returns an object of a class that is no pytree node.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"EX304", "unregistered-pytree-output",
                         "torch.export: forward returns an object torch.export cannot flatten",
                         Family::ExportHazard, R"md(
## What it does
With `--capture export`, finds a `forward` whose result holds an instance of a plain class of your own
(a cache, a state object), directly or inside the tuples, lists, dicts and registered output classes it
returns, when no pytree registration run at import covers that class.
## Why is this bad?
torch.export flattens the output with `torch.utils._pytree`, which knows tensors, numbers, containers,
named tuples and the classes registered with `register_pytree_node` or `register_dataclass`. On any
other object it raises `RuntimeError: Found <class 'Cache'> in output, which is not a known type`
(torch 2.14), after running the whole forward. fxlint follows the registrations your modules make when
they are imported; one made later, by the script that exports, is not seen.
## Example
    def forward(self, x):
        cache = KeyValueCache()
        return self.block(x, cache), cache
## Use instead
Return the tensors the object holds, or register the class where it is defined:

    torch.utils._pytree.register_pytree_node(
        KeyValueCache,
        lambda c: ((c.keys, c.values), None),
        lambda children, _: KeyValueCache.from_lists(*children),
    )
)md"};

class UnregisteredPytreeOutput final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::UnregisteredPytreeOutput) return;
    out.report(kInfo, event, "forward returns an instance of `" + event.detail +
               "`, which no pytree registration covers; torch.export raises RuntimeError flattening the output");
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnregisteredPytreeOutput() { return std::make_unique<UnregisteredPytreeOutput>(); }

}  // namespace fxlint::rules
