// FX205 proxy-in-string: a traced value formatted into a string.
#include "fxlint/rule.h"

namespace fxlint::rules {
namespace {

constexpr RuleInfo kInfo{"FX205", "proxy-in-string", "a traced value formatted into a string", Family::Specializes, R"md(
## What it does
Finds traced values formatted into strings: f-strings, `str()`, `repr()`, `"%s" % p`, `str.format`.
## Why is this bad?
The string is computed once at trace time and contains text like `Proxy(getattr_1)` instead of the
value; messages, keys or names built from it are wrong in the graph.
## Example
    key = f"layer_{x.size(1)}"
## Use instead
Build such strings from configuration values, not from traced ones.
## Languages
Python only: the C++ front-end lowers no string formatting.
)md"};

class ProxyInString final : public Rule {
 public:
  RuleInfo info() const override { return kInfo; }
  void check(const TraceEvent& event, Reporter& out) const override {
    if (event.kind != EventKind::ProxyInString) return;
    out.report(kInfo, event, "`" + event.text + "` formats " + describeOrigin(event.provenance) + " into a string; tracing bakes the Proxy's name into it");
  }
};

}  // namespace

std::unique_ptr<Rule> makeProxyInString() { return std::make_unique<ProxyInString>(); }

}  // namespace fxlint::rules
