// A rule turns interpreter events into diagnostics with a code, a message and docs. Rules read
// events and their provenance only: never IR, tree-sitter or clang nodes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fxlint/fix.h"
#include "fxlint/trace_event.h"

namespace fxlint {

enum class Family { Analysis, TraceFails, Specializes, ExportHazard };
enum class Severity { Error, Warning, Info };
const char* severityName(Severity severity);
struct RuleInfo;
// The severity a rule's diagnostics carry (SARIF's defaultConfiguration.level).
Severity defaultSeverity(const RuleInfo& info);

struct RuleInfo {
  std::string_view code;     // "FX101": stable once published, never reused
  std::string_view name;     // "shape-dependent-control-flow"
  std::string_view summary;  // one line
  Family family;
  std::string_view doc;      // markdown: what it does, why, example, use instead
};

// `info.doc` with the wording several rules share expanded: a `{leaf-call fix}` line stands for the
// paragraph on the unsafe fix that makes the code around a hazard one torch.fx.wrap leaf call, an
// `{assert fix}` line for the one on turning `if COND: raise` into `torch._assert`.
std::string ruleDoc(const RuleInfo& info);

struct Diagnostic {
  std::string code;
  Severity severity = Severity::Error;
  SourceFilePtr file;
  Span span;
  std::string message;
  std::vector<std::string> chain;
  std::optional<Fix> fix;  // edits in `file`'s text, computed by the rule from its event
};

// What the user asked for beyond tracing: input dimensions they intend to export as dynamic.
struct RuleOptions {
  struct DynamicDim {
    std::string input;
    int dim;
  };
  std::vector<DynamicDim> dynamicDims;  // --dynamic pixel_values:0,2,3
};

class Reporter {
 public:
  Reporter(std::vector<Diagnostic>& out, const RuleOptions& options) : out_(out), options_(options) {}
  void report(const RuleInfo& rule, const TraceEvent& event, std::string message, std::optional<Fix> fix = std::nullopt);
  const RuleOptions& options() const { return options_; }

 private:
  std::vector<Diagnostic>& out_;
  const RuleOptions& options_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual RuleInfo info() const = 0;
  // Reports when `event` is what this rule is about; each event kind is claimed by exactly one rule.
  virtual void check(const TraceEvent& event, Reporter& out) const = 0;
};

// Every rule, sorted by code.
const std::vector<std::unique_ptr<Rule>>& allRules();
const Rule* findRule(std::string_view code);

// The diagnostics all rules derive from one event (normally exactly one, plus export hazards when
// `options` names dynamic dimensions).
std::vector<Diagnostic> diagnose(const TraceEvent& event, const RuleOptions& options = {});

// "`pixel_values.shape[1]`", "the values of `x`": how a Proxy's origin reads in a message.
std::string describeOrigin(const Provenance& provenance);

// The message of the control-flow rules: "`cond` (from `origin`) decides a Python `if`; ...".
std::string decisionMessage(const TraceEvent& event);

}  // namespace fxlint
