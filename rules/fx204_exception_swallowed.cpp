// FX204 exception-swallowed: a tracing failure caught by the model's own try/except.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX204", "exception-swallowed", "a tracing failure caught by the model's own try/except", Family::Specializes, R"md(
## What it does
Finds a construct that raises under symbolic tracing inside a `try` whose `except` catches the error
(`except Exception`, `ValueError`, `TypeError`, `RuntimeError`, bare `except`).
## Why is this bad?
Tracing succeeds, but the graph records the fallback path, not the one eager execution takes.
## Example
    try:
        n = int(x.size(0))
    except TypeError:
        n = 1
## Use instead
Remove the failing construct from the try block (see the rule it would otherwise trigger).
## Languages
Python only: in C++ (LibTorch's tracer runs real tensors) a decision never raises, so nothing is swallowed.
)md"};

class ExceptionSwallowed final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ExceptionSwallowed) return;
    out.report(kInfo, event, "`" + event.text + "` fails under tracing (" + event.detail + ") but a surrounding try/except swallows it; the fallback branch is baked into the graph");
  }
};

}  // namespace

std::unique_ptr<Rule> makeExceptionSwallowed() { return std::make_unique<ExceptionSwallowed>(); }

}  // namespace fxlint::rules
