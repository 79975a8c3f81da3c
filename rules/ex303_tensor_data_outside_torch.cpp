// EX303 tensor-data-outside-torch: under torch.export, numpy or other non-torch code reads a tensor.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"EX303", "tensor-data-outside-torch",
                         "torch.export: numpy or other non-torch code given a tensor or a dynamic size",
                         Family::ExportHazard, R"md(
## What it does
With `--capture export`, finds a tensor (or a size read from a dim declared dynamic) given to code
outside torch that needs real numbers: `x.numpy()`, `np.asarray(x)`, `np.sqrt(x.shape[0])`.
## Why is this bad?
torch.export runs forward on fake tensors: `.numpy()` and numpy's conversions raise `RuntimeError`
(there is no data to copy), and numpy cannot take a symbolic size (`TypeError`). A static size is a
plain int and works.
## Example
    scale = np.sqrt(x.shape[-1])   # fxlint verdicts --capture export --dynamic x:2
## Use instead
    scale = x.shape[-1] ** 0.5     # or math.sqrt, or torch ops on tensors
)md"};

class TensorDataOutsideTorch final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::TensorDataOutsideTorch) return;
    out.report(kInfo, event, "`" + event.text + "` gives " + (event.provenance.data ? "a tensor" : "a dynamic size") +
                                 " to " + event.detail + ", which needs real numbers: torch.export's fake tensors "
                                 "have none");
  }
};

}  // namespace

std::unique_ptr<Rule> makeTensorDataOutsideTorch() { return std::make_unique<TensorDataOutsideTorch>(); }

}  // namespace fxlint::rules
