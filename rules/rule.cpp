// Shared plumbing for rules: the reporter, origin phrasing, running every rule on an event.
#include "fxlint/rule.h"

#include <utility>

namespace fxlint {

const char* severityName(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

Severity defaultSeverity(const RuleInfo& info) {
  // FX001 is an error although it is an analysis problem: a file that cannot be read is never fine.
  if (info.code == "FX001") return Severity::Error;
  return info.family == Family::TraceFails || info.family == Family::ExportHazard ? Severity::Error
                                                                                  : Severity::Warning;
}

void Reporter::report(const RuleInfo& rule, const TraceEvent& event, std::string message, std::optional<Fix> fix) {
  Diagnostic d;
  d.code = std::string(rule.code);
  d.severity = defaultSeverity(rule);
  d.file = event.file;
  d.span = event.span;
  d.message = std::move(message);
  d.chain = event.chain;
  d.fix = std::move(fix);
  out_.push_back(std::move(d));
}

std::string ruleDoc(const RuleInfo& info) {
  constexpr std::string_view kAssertFix =
      R"md(Unsafe. `if COND: raise E(msg)` with nothing else in the `if` (no `elif`/`else`) becomes
`torch._assert(NOT COND, msg)`, where NOT COND inverts comparisons (`!=` to `==`, `<` to `>=`, ...),
flips `not`, and turns `and`/`or` into `&`/`|` (De Morgan) when every operand is a comparison that
calls nothing; the assertion is recorded in the graph. Eager behaviour changes in one documented way:
a failing check raises AssertionError instead of `E` (and `&` evaluates both sides). Offered only when
the file has a top-level `import torch`.)md";
  constexpr std::string_view kLeafCallFix =
      R"md(When the hazard depends only on forward parameters that have defaults (a flag, a count), the
help names the `concrete_args` that trace them at their defaults, and no code changes. Otherwise
(unsafe), the code around the hazard becomes one leaf call. Inside a module-level function,
`torch.fx.wrap("name")` is added after the function when its own module calls it, or after the
`from ... import name` of the module that calls it (wrap patches the caller's globals). Inside a
method of a module-level class, the innermost statement around the hazard (the `if`, the loop, the
assignment) moves into a new module-level function `_fxlint_<method>_<line>`, registered with
`torch.fx.wrap` and called in its place: the locals it reads and the `self.` attributes it reads are
its arguments, and it returns the names read afterwards. Eager is unchanged; the graph records one
call and no longer sees inside. A `return` statement moves whole; a `return` inside another
statement moves with the method-body statement holding it and the rest of the method; a loop
filling a list, set or dict made a few statements before it moves with the statement that makes it,
even from before the branch that holds the loop. A block that calls a method or submodule of `self`
gets `self` passed, where its module is a submodule of the traced one; in the traced module itself
(which FX cannot pass, FX116) it gets what it reaches through `self.a` instead: submodules (as
get_attr) and attributes, never a bound method. A local FX cannot pass (a plain object) that the
block reads only as `obj.a.b` passes those attributes instead. When what blocks the move is an
instance of a project class without bases, that class is declared with
`metaclass=torch.fx.ProxyableClassMeta` (FX then passes its instances as constant attributes), and
the next pass moves the block. When the statement cannot move at all, the statement of a calling
method that leads to it moves instead, making that whole call one leaf, unless the call assigned
that calling method's own `self` on the way. A block assigning to an attribute, or mutating a list
or dict built while tracing, is not moved (docs/fixes.md).)md";
  std::string doc(info.doc);
  for (auto [placeholder, text] : {std::pair{std::string_view("{assert fix}"), kAssertFix},
                                   std::pair{std::string_view("{leaf-call fix}"), kLeafCallFix}})
    if (size_t at = doc.find(placeholder); at != std::string::npos) doc.replace(at, placeholder.size(), text);
  return doc;
}

std::vector<Diagnostic> diagnose(const TraceEvent& event, const RuleOptions& options) {
  std::vector<Diagnostic> out;
  Reporter reporter(out, options);
  for (const auto& rule : allRules()) rule->check(event, reporter);
  return out;
}

std::string decisionMessage(const TraceEvent& event) {
  std::string origin = describeOrigin(event.provenance);
  std::string subject = "`" + event.text + "`";
  if (origin != subject && origin != "the traced input `" + event.text + "`") subject += " (from " + origin + ")";
  else if (origin != subject) subject = origin;
  if (event.realTensorTrace)  // C++: the tracer evaluates the decision on the example input's real value
    return subject + " decides a C++ `" + (event.detail == "assert" ? std::string("TORCH_CHECK") : event.detail) +
           "`; LibTorch's tracer bakes in the outcome for the example input";
  return subject + " decides a Python `" + event.detail + "`; symbolic_trace raises TraceError here";
}

std::string describeOrigin(const Provenance& provenance) {
  if (!provenance.originText.empty()) return "`" + provenance.originText + "`";
  for (const ShapeRef& ref : provenance.dims)
    if (!ref.input.empty()) return "the traced input `" + ref.input + "`";
  return "a traced value";
}

}  // namespace fxlint
