// FX005 unused-suppression: a suppression comment that suppresses nothing.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX005", "unused-suppression", "a suppression comment that suppresses nothing",
                         Family::Analysis, R"md(
## What it does
Reports a suppression comment that suppressed no diagnostic in this run: a code listed in
`# fxlint: ignore[FX101]` or `# noqa: FX101` with no FX101 diagnostic on that line, a bare
`# fxlint: ignore` on a line without diagnostics, or a listed code that names no rule.
## Why is this bad?
A suppression outlives the hazard it was written for: after the model is fixed, a stale
`# fxlint: ignore[FX101]` would silently hide the next shape-dependent branch written on that line.
A misspelt code suppresses nothing at all.
## Example
    x = self.conv(x)  # fxlint: ignore[FX101]
## Use instead
    x = self.conv(x)
Remove the comment, or list only the codes reported on that line.
## Known problems
A code is only checked when it is selected in the run (`--select FX1` does not report an unused
`FX201`), and a suppression is judged by the traces of this run: a line in a helper module that is
reached only from classes in files not being checked looks unused. A bare `# noqa` and codes of other
tools in `# noqa: E501` are left alone; `# fxlint: ignore-file` is never reported.
)md"};

class UnusedSuppression final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  // Suppressions are comments, not trace events: the driver matches them against the run's diagnostics.
  void check(const TraceEvent&, Reporter&) const override {}
};

}  // namespace

std::unique_ptr<Rule> makeUnusedSuppression() { return std::make_unique<UnusedSuppression>(); }

}  // namespace fxlint::rules
