// FX001 unanalyzable-file: the file cannot be read or parsed.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX001", "unanalyzable-file", "the file cannot be read or parsed", Family::Analysis, R"md(
## What it does
Reports a file fxlint cannot analyze: a syntax error, text that is not UTF-8, binary data, or a file
that cannot be read. The rest of the run goes on.
## Why is this bad?
No verdict can be given for the classes in such a file; a half-parsed model would give guesses.
## Example
    class Broken(nn.Module):
        def forward(self, x)
            return x
## Use instead
Fix the syntax error (the message cites the first one); save the file as UTF-8.
)md"};

class UnanalyzableFile final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent&, Reporter&) const override {}  // reported by the driver for files
};

}  // namespace

std::unique_ptr<Rule> makeUnanalyzableFile() { return std::make_unique<UnanalyzableFile>(); }

}  // namespace fxlint::rules
