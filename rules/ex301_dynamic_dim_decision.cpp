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
With `--capture export`, reports what torch.export records a guard for: a branch, `int()`, `len()`,
iteration, a Python index or a string formatted from such a dim (`min`/`max` stay symbolic, and a
comparison the range decides, `x.shape[0] > 1`, records nothing: a dynamic dim is at least 2). An ordering
(`seq_len > window`) narrows the dim's range: reported when the branch on it keeps eager behaviour on
both sides (a check whose other side raises costs nothing).
## Why is this bad?
Real-tensor export (`torch.onnx.export`, `torch.jit.trace`) runs the decision once, on the example
input, and bakes the outcome into the graph: the exported model declares the axis dynamic but is only
right for sizes that take the same branch. `torch.export` with `Dim.AUTO` (what `fxlint export` uses)
specializes the dim to the example's size or narrows its range, so the program rejects other sizes;
with a named `Dim` it raises a constraint violation.
## Example
    if x.shape[2] > 16:      # fxlint check --dynamic x:2
        return x * 2
    return x
## Use instead
Keep the dimension static, or make the decision a tensor op (`torch.where`), or a guard the exporter
records (`fxlint export --allow-specialization`).
)md"};

// "`x` dim 0" for the dims a decision reads, as written.
std::string dimsRead(const TraceEvent& event) {
  std::string text;
  for (const ShapeRef& ref : event.provenance.dims) {
    if (ref.dim == ShapeRef::kRank) continue;
    text += text.empty() ? "" : ", ";
    text += "`" + ref.input + "`";
    if (!ref.direct) text += " (through an intermediate tensor)";
    else if (ref.dim >= 0 || (ref.dim < 0 && ref.dim > ShapeRef::kRank)) text += " dim " + std::to_string(ref.dim);
  }
  return text.empty() ? "a dim" : text;
}

class DynamicDimDecision final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind == EventKind::DynamicDimGuard) {
      out.report(kInfo, event, "`" + event.text + "` decides on " + dimsRead(event) +
                                   ", declared dynamic: torch.export guards on it and bakes in the example's size");
      return;
    }
    if (event.kind == EventKind::DynamicDimNarrowed) {
      out.report(kInfo, event, "`" + event.text + "` branches on an ordering of " + dimsRead(event) +
                                   ", declared dynamic: torch.export keeps the example's branch and narrows the "
                                   "dim's range to it, rejecting sizes on the other side that eager accepts");
      return;
    }
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
