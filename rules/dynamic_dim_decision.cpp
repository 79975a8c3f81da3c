// EX301 dynamic-dim-decision: a Python decision reads an input dimension the user wants dynamic.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"EX301", "dynamic-dim-decision",
                         "a Python decision reads an input dimension declared dynamic (--dynamic)",
                         Family::ExportHazard, R"md(
## What it does
With `--dynamic input:dims`, reports every Python decision (a branch, `int()`, `range()`, `len()`, a
factory size) that reads one of those input dimensions directly: `x.shape[2] > 16`, `range(x.size(0))`.
## Why is this bad?
Real-tensor export (`torch.onnx.export`, `torch.jit.trace`) runs the decision once, on the example
input, and bakes the outcome into the graph: the exported model declares the axis dynamic but is only
right for sizes that take the same branch. `torch.export` refuses such dims with a constraint violation.
## Example
    if x.shape[2] > 16:      # fxlint check --dynamic x:2
        return x * 2
    return x
## Use instead
Keep the dimension static, or make the decision a tensor op (`torch.where`), or a guard the exporter
records (`fxlint export --allow-specialization`).
)md"};

class DynamicDimDecision final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (!isShapeDecision(event.kind) || !event.provenance.shape) return;
    for (const ShapeRef& ref : event.provenance.dims) {
      if (!ref.direct) continue;
      for (const RuleOptions::DynamicDim& dynamic : out.options().dynamicDims) {
        if (dynamic.input != ref.input || dynamic.dim != ref.dim) continue;
        out.report(kInfo, event, "`" + event.text + "` decides on `" + ref.input + "` dim " + std::to_string(ref.dim) +
                                     ", declared dynamic; an export bakes in the branch taken for the example input");
        return;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeDynamicDimDecision() { return std::make_unique<DynamicDimDecision>(); }

}  // namespace fxlint::rules
