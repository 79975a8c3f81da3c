// Building blocks for the fixes rules attach: source text of outlined spans, and the rewrites several
// rules share (a raising shape check becomes torch._assert).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fxlint/fix.h"
#include "fxlint/trace_event.h"

namespace fxlint::rules {

std::string_view sourceOf(const TraceEvent& event, const Span& span);
Edit replaceSpan(const Span& span, std::string replacement);
// Whether the file binds `torch` at module level (`import torch` on a line of its own), so a fix may
// name it.
bool importsTorch(const SourceFile& file);
// Where `import torch` can go in a file that lacks it: the start of its first top-level `import` or
// `from` line (not `from __future__`); nullopt when it has none.
std::optional<uint32_t> torchImportPoint(const SourceFile& file);
// `fix`, which names `torch`, with an `import torch` added when `file` lacks one (nullopt when there
// is nowhere to put it).
std::optional<Fix> namingTorch(Fix fix, const SourceFile& file);

// `text` as an operand of a binary operator or a method call: parenthesized unless it is atomic.
std::string operand(const ExprOutline& expr, std::string_view text);

// `if COND: raise E(msg)` (no else) around a decision event becomes `torch._assert(NOT COND, msg)`,
// where NOT COND inverts comparisons, flips `not` and turns `and`/`or` of call-free comparisons into
// `&`/`|` (De Morgan); nullopt for any other shape.
std::optional<Fix> assertInsteadOfRaise(const TraceEvent& event);

// A hazard inside a module-level function with no local rewrite: register that function with
// `torch.fx.wrap`, so tracing records one call to it (unsafe: the graph no longer sees inside). wrap
// patches the globals of the module it is called in: right after the definition when the function
// was called from its own module; after the `from ... import` that bound it in the calling module
// when called from another (a fix in that file). nullopt inside methods, nested functions and
// module-level code, and when the calling module lacks such an import or `import torch`.
std::optional<Fix> wrapEnclosingFunction(const TraceEvent& event);

// A hazard inside a method with no local rewrite: the innermost statement around it moves into a new
// module-level function `_fxlint_<method>_<line>` registered with `torch.fx.wrap`, called in its place
// with the locals it reads and `self.` attributes as arguments, binding the names read afterwards
// (unsafe: the graph no longer sees inside). nullopt when the event's BlockOutline refuses.
std::optional<Fix> extractEnclosingBlock(const TraceEvent& event);

// A hazard whose own statement cannot move: the statement of a calling method that leads to it
// (TraceEvent::callSite) moves instead, as extractEnclosingBlock would move it (a fix in that file).
std::optional<Fix> extractCallSite(const TraceEvent& event);

// An event that depends on optional forward parameters only: advice to trace with them as
// concrete_args at their defaults (no edit). nullopt otherwise.
std::optional<Fix> concreteArgsAdvice(const TraceEvent& event);

// The unsafe leaf-call fix: wrapEnclosingFunction, else extractEnclosingBlock.
std::optional<Fix> wrapInLeafCall(const TraceEvent& event);

// A block refused because an argument holds an instance of a project class FX cannot pass: declare
// that class (in its own file) with metaclass=torch.fx.ProxyableClassMeta, after which the block can
// move (unsafe: constructing it from traced values while tracing becomes a graph node, and torch logs
// a one-time warning when the first instance is made). nullopt otherwise.
std::optional<Fix> proxyableClass(const TraceEvent& event);

// For a hazard with no local rewrite: concreteArgsAdvice, else wrapInLeafCall, else proxyableClass, else
// extractCallSite, else advice saying why
// neither applies when the user can act on it (the block refuses to move, the file lacks `import torch`).
std::optional<Fix> adviceOrLeafCall(const TraceEvent& event);

// Why a block cannot move, as a user reads it: "it contains `return`".
std::string describeRefusal(const BlockOutline& block);

// `preferred` when there is one, else `fallback`.
inline std::optional<Fix> orElse(std::optional<Fix> preferred, std::optional<Fix> fallback) {
  return preferred ? std::move(preferred) : std::move(fallback);
}

}  // namespace fxlint::rules
