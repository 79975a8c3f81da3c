// Shared fix building: see fix_support.h.
#include "fix_support.h"

#include <map>

namespace fxlint::rules {
namespace {

bool contains(const Span& outer, const Span& inner) {
  return outer.beginOffset <= inner.beginOffset && inner.endOffset <= outer.endOffset;
}

bool callsNothing(const ExprOutline& expr) {
  if (expr.op == "call") return false;
  for (const ExprOutline& operand : expr.operands)
    if (!callsNothing(operand)) return false;
  return true;
}

// `cond` (or its negation) as an expression that is a bool in eager and a Proxy under tracing, or
// nullopt. Comparisons invert (`!=` to `==`, ...), `not` flips, and `and`/`or` become `&`/`|` (De Morgan
// when negated) only between comparisons that call nothing: `&` evaluates both sides, so an operand
// guarded by the other (`x is not None and x.shape[0] > 1`) must not be reached that way.
std::optional<std::string> condition(const TraceEvent& event, const ExprOutline& cond, bool negate) {
  static const std::map<std::string, std::string> kInverse = {
      {"==", "!="}, {"!=", "=="}, {"<", ">="}, {">=", "<"}, {">", "<="}, {"<=", ">"}};
  if (cond.op == "not" && cond.operands.size() == 1) return condition(event, cond.operands[0], !negate);
  if ((cond.op == "and" || cond.op == "or") && callsNothing(cond)) {
    bool conjunction = (cond.op == "and") != negate;
    std::string joined;
    for (const ExprOutline& operand : cond.operands) {
      if (!kInverse.count(operand.op)) return std::nullopt;
      std::optional<std::string> part = condition(event, operand, negate);
      if (!part) return std::nullopt;
      joined += (joined.empty() ? "(" : conjunction ? " & (" : " | (") + *part + ")";
    }
    return joined;
  }
  auto inverse = kInverse.find(cond.op);
  if (inverse == kInverse.end() || cond.operands.size() != 2) return std::nullopt;
  return std::string(sourceOf(event, cond.operands[0].span)) + " " + (negate ? inverse->second : cond.op) + " " +
         std::string(sourceOf(event, cond.operands[1].span));
}

}  // namespace

std::string_view sourceOf(const TraceEvent& event, const Span& span) { return event.file->slice(span); }

Edit replaceSpan(const Span& span, std::string replacement) {
  return Edit{span.beginOffset, span.endOffset, std::move(replacement)};
}

bool importsTorch(const TraceEvent& event) {
  const std::string& text = event.file->text;
  for (size_t at = text.find("import torch"); at != std::string::npos; at = text.find("import torch", at + 1)) {
    bool lineStart = at == 0 || text[at - 1] == '\n';
    size_t after = at + std::string_view("import torch").size();
    bool lineEnd = after == text.size() || text[after] == '\n' || text[after] == '\r' || text[after] == ' ' || text[after] == '#';
    if (lineStart && lineEnd) return true;
  }
  return false;
}

std::string operand(const ExprOutline& expr, std::string_view text) {
  bool atomic = expr.op == "name" || expr.op == "attribute" || expr.op == "call" || expr.op == "subscript" ||
                (expr.op == "constant" && !text.starts_with("-"));
  return atomic ? std::string(text) : "(" + std::string(text) + ")";
}

std::optional<Fix> assertInsteadOfRaise(const TraceEvent& event) {
  if (event.statements.empty() || !importsTorch(event)) return std::nullopt;
  const StatementOutline& stmt = event.statements.front();
  if (stmt.kind != "if" || stmt.hasElse || stmt.body.size() != 1 || stmt.body[0].kind != "raise" ||
      !contains(stmt.head.span, event.span))
    return std::nullopt;
  std::optional<std::string> holds = condition(event, stmt.head, true);
  if (!holds) return std::nullopt;
  const ExprOutline& exception = stmt.body[0].head;
  std::string message;
  if (exception.op == "call" && exception.operands.size() >= 2 && exception.operands[1].keyword.empty())
    message = sourceOf(event, exception.operands[1].span);
  else if (exception.op == "call" || exception.op == "name" || exception.op == "attribute")
    message = "\"" + std::string(sourceOf(event, exception.op == "call" ? exception.operands[0].span : exception.span)) + "\"";
  else
    return std::nullopt;
  // A comment after the `if` header stays, at the end of the new line.
  std::string_view header = event.file->text;
  header = header.substr(stmt.head.span.endOffset, stmt.body[0].span.beginOffset - stmt.head.span.endOffset);
  size_t hash = header.find('#');
  std::string comment = hash == std::string_view::npos ? "" : "  " + std::string(header.substr(hash, header.find_first_of("\r\n", hash) - hash));
  Fix fix;
  fix.title = "Replace the raising check with `torch._assert(" + *holds + ", ...)`";
  fix.applicability = Applicability::Unsafe;
  fix.edits.push_back(replaceSpan(stmt.span, "torch._assert(" + *holds + ", " + message + ")" + comment));
  return fix;
}

std::optional<Fix> wrapEnclosingFunction(const TraceEvent& event) {
  // torch.fx.wrap patches the name in its own module's globals only: a caller elsewhere stays unwrapped.
  if (!event.function.moduleLevel || !event.function.calledFromItsModule || !importsTorch(event)) return std::nullopt;
  const std::string& name = event.function.name;
  return Fix{"Register `" + name + "` with `torch.fx.wrap` (one leaf call in the graph)", Applicability::Unsafe,
             {Edit{event.function.span.endOffset, event.function.span.endOffset, "\n\n\ntorch.fx.wrap(\"" + name + "\")"}}};
}

}  // namespace fxlint::rules
