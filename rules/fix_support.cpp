// Shared fix building: see fix_support.h.
#include "fix_support.h"

#include <algorithm>
#include <map>
#include <set>

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

// `block` (its first line starting at the statement) moved from under `indent` to under `unit`. Lines
// without `indent` are continuations or comments, where indentation does not matter.
std::string reindented(std::string_view block, const std::string& indent, const std::string& unit) {
  std::string out;
  for (bool first = true; !block.empty(); first = false) {
    size_t end = block.find('\n');
    std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view() : block.substr(end + 1);
    if (!first) line.remove_prefix(line.starts_with(indent) ? indent.size() : std::min(line.size(), line.find_first_not_of(" \t")));
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    out += (blank ? std::string() : unit + std::string(line)) + "\n";
  }
  return out;
}

// Whether the event is inside a method, where its innermost statement has a BlockOutline.
bool inMethodBlock(const TraceEvent& event) { return event.block.span.endOffset != event.block.span.beginOffset; }

}  // namespace

std::string_view sourceOf(const TraceEvent& event, const Span& span) { return event.file->slice(span); }

Edit replaceSpan(const Span& span, std::string replacement) {
  return Edit{span.beginOffset, span.endOffset, std::move(replacement)};
}

bool importsTorch(const SourceFile& file) {
  const std::string& text = file.text;
  for (size_t at = text.find("import torch"); at != std::string::npos; at = text.find("import torch", at + 1)) {
    bool lineStart = at == 0 || text[at - 1] == '\n';
    size_t after = at + std::string_view("import torch").size();
    bool lineEnd = after == text.size() || text[after] == '\n' || text[after] == '\r' || text[after] == ' ' || text[after] == '#';
    if (lineStart && lineEnd) return true;
  }
  return false;
}

std::optional<uint32_t> torchImportPoint(const SourceFile& file) {
  const std::string& text = file.text;
  int tripleQuotes = 0;  // outside a triple-quoted string when even
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line(text.data() + start, end - start);
    bool importLine = line.starts_with("import ") || (line.starts_with("from ") && !line.starts_with("from __future__"));
    if (importLine && tripleQuotes % 2 == 0) return uint32_t(start);
    for (std::string_view quote : {"\"\"\"", "'''"})
      for (size_t at = line.find(quote); at != std::string_view::npos; at = line.find(quote, at + 3)) ++tripleQuotes;
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<Fix> namingTorch(Fix fix, const SourceFile& file) {
  if (importsTorch(file)) return fix;
  std::optional<uint32_t> at = torchImportPoint(file);
  if (!at) return std::nullopt;
  fix.edits.push_back(Edit{*at, *at, "import torch\n"});
  std::sort(fix.edits.begin(), fix.edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  return fix;
}

std::string operand(const ExprOutline& expr, std::string_view text) {
  bool atomic = expr.op == "name" || expr.op == "attribute" || expr.op == "call" || expr.op == "subscript" ||
                (expr.op == "constant" && !text.starts_with("-"));
  return atomic ? std::string(text) : "(" + std::string(text) + ")";
}

std::optional<Fix> assertInsteadOfRaise(const TraceEvent& event) {
  if (event.statements.empty()) return std::nullopt;
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
  return namingTorch(std::move(fix), *event.file);
}

std::optional<Fix> wrapEnclosingFunction(const TraceEvent& event) {
  const FunctionOutline& function = event.function;
  if (!function.moduleLevel) return std::nullopt;
  if (function.calledFromItsModule)
    return namingTorch(Fix{"Register `" + function.name + "` with `torch.fx.wrap` (one leaf call in the graph)", Applicability::Unsafe,
                           {Edit{function.span.endOffset, function.span.endOffset, "\n\n\ntorch.fx.wrap(\"" + function.name + "\")"}}},
                       *event.file);
  if (!function.callerFile) return std::nullopt;
  const std::string& name = function.callerName;
  Fix fix{"Register `" + name + "` with `torch.fx.wrap` in " + function.callerFile->path + ", which calls it (one leaf call in the graph)",
          Applicability::Unsafe,
          {Edit{function.callerImportEnd, function.callerImportEnd, "\ntorch.fx.wrap(\"" + name + "\")"}}};
  fix.file = function.callerFile;
  return namingTorch(std::move(fix), *function.callerFile);
}

namespace {

// The block of `method` (in `file`) moved into a new wrapped function; `what` names it in the title.
std::optional<Fix> extractBlock(const BlockOutline& block, const SourceFilePtr& file, const std::string& method,
                                const std::string& what) {
  const std::string& text = file->text;
  size_t lineStart = text.rfind('\n', block.span.beginOffset == 0 ? 0 : block.span.beginOffset - 1);
  lineStart = lineStart == std::string::npos || block.span.beginOffset == 0 ? 0 : lineStart + 1;
  std::string indent = text.substr(lineStart, block.span.beginOffset - lineStart);

  // Each `self.a.b` (or `x.a.b`) becomes a parameter `b` (or `self_a_b`) that clashes with no name of the method.
  std::set<std::string> taken(block.namesInUse.begin(), block.namesInUse.end());
  struct Attribute {
    std::string chain, parameter, argument;
  };
  std::vector<Attribute> attributes;
  for (const ExprOutline& attribute : block.attributeArguments) {
    auto known = std::find_if(attributes.begin(), attributes.end(), [&](const auto& a) { return a.chain == attribute.name; });
    if (known != attributes.end()) continue;
    std::string joined = attribute.name;
    std::replace(joined.begin(), joined.end(), '.', '_');
    std::string last = attribute.name.substr(attribute.name.rfind('.') + 1);
    std::string parameter = !taken.count(last) ? last : !taken.count(joined) ? joined : "";
    if (parameter.empty()) return std::nullopt;
    taken.insert(parameter);
    attributes.push_back({attribute.name, parameter, std::string(file->slice(attribute.span))});
  }
  std::string base = "_fxlint_" + method + "_" + std::to_string(block.span.begin.line), name = base;
  for (int n = 2; text.find(name) != std::string::npos; ++n) name = base + "_" + std::to_string(n);

  // The block's text with the attributes replaced, re-indented one level under the new `def`.
  std::vector<Edit> renames;
  for (const ExprOutline& attribute : block.attributeArguments) {
    auto it = std::find_if(attributes.begin(), attributes.end(), [&](const auto& a) { return a.chain == attribute.name; });
    renames.push_back(Edit{attribute.span.beginOffset - block.span.beginOffset, attribute.span.endOffset - block.span.beginOffset, it->parameter});
  }
  std::sort(renames.begin(), renames.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string moved = applyEdits(file->slice(block.span), renames);
  std::string unit = indent.find('\t') != std::string::npos ? "\t" : "    ";
  std::string body = reindented(moved, indent, unit);
  auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
    return out;
  };
  std::vector<std::string> parameters = block.inputs, arguments = block.inputs;
  if (block.passesSelf) {  // a submodule: FX passes it as a get_attr, and its `self.` reads stay as written
    parameters.insert(parameters.begin(), block.self);
    arguments.insert(arguments.begin(), block.self);
  }
  for (const Attribute& attribute : attributes) {
    parameters.push_back(attribute.parameter);
    arguments.push_back(attribute.argument);
  }
  std::string function = "def " + name + "(" + join(parameters) + "):\n" + body;
  if (!block.outputs.empty()) function += unit + "return " + join(block.outputs) + "\n";
  std::string call = (block.returns ? "return " : block.outputs.empty() ? "" : join(block.outputs) + " = ") + name + "(" +
                     join(arguments) + ")";
  return namingTorch(Fix{"Move " + what + " into `" + name + "`, registered with `torch.fx.wrap` (one leaf call in the graph)",
                         Applicability::Unsafe,
                         {Edit{block.classSpan.beginOffset, block.classSpan.beginOffset, function + "\n\ntorch.fx.wrap(\"" + name + "\")\n\n\n"},
                          replaceSpan(block.span, call)}},
                     *file);
}

}  // namespace

std::optional<Fix> extractEnclosingBlock(const TraceEvent& event) {
  if (!inMethodBlock(event) || !event.block.refusal.empty() || event.realTensorTrace) return std::nullopt;
  return extractBlock(event.block, event.file, event.function.name, "the statement");
}

std::optional<Fix> extractCallSite(const TraceEvent& event) {
  const CallSiteBlock& site = event.callSite;
  if (!site.file || !site.block.refusal.empty() || event.realTensorTrace) return std::nullopt;
  std::optional<Fix> fix = extractBlock(site.block, site.file, site.function,
                                        "the call that leads here (" + site.file->path + ":" + std::to_string(site.block.span.begin.line) + ")");
  if (fix) fix->file = site.file;
  return fix;
}

std::optional<Fix> wrapInLeafCall(const TraceEvent& event) {
  return orElse(wrapEnclosingFunction(event), extractEnclosingBlock(event));
}

std::optional<Fix> concreteArgsAdvice(const TraceEvent& event) {
  if (event.concreteArgs.empty()) return std::nullopt;
  std::string entries;
  for (const auto& [name, value] : event.concreteArgs) entries += (entries.empty() ? "\"" : ", \"") + name + "\": " + value;
  return Fix{"Trace with `concrete_args={" + entries + "}` (check it with `fxlint --inputs` naming the other parameters)",
             Applicability::Advice, {}};
}

std::optional<Fix> proxyableClass(const TraceEvent& event) {
  const ClassOutline& cls = event.block.unpassableClass;
  if (!inMethodBlock(event) || !cls.file || event.realTensorTrace) return std::nullopt;
  const std::string keyword = "metaclass=torch.fx.ProxyableClassMeta";
  Edit edit{cls.nameSpan.endOffset, cls.nameSpan.endOffset, "(" + keyword + ")"};
  if (cls.arguments.endOffset > cls.arguments.beginOffset) {  // `(...)` holding `object` or nothing
    std::string_view inside = cls.file->slice(cls.arguments);
    inside = inside.substr(1, inside.size() - 2);
    size_t last = inside.find_last_not_of(" \t\r\n");
    bool empty = last == std::string_view::npos;
    uint32_t at = cls.arguments.beginOffset + 1 + uint32_t(empty ? 0 : last + 1);
    edit = Edit{at, at, empty ? keyword : inside[last] == ',' ? " " + keyword : ", " + keyword};
  }
  Fix fix{"Declare `" + cls.name + "` with `" + keyword + "` in " + cls.file->path +
              ", so FX can pass its instances to a wrapped function (as constant attributes)",
          Applicability::Unsafe, {edit}};
  fix.file = cls.file;
  return namingTorch(std::move(fix), *cls.file);
}

std::string describeRefusal(const BlockOutline& block) {
  const std::string& subject = block.refusal.subject;
  switch (block.refusal.reason) {
    case RefusalReason::None: return "";
    case RefusalReason::ContainsReturn: return "it contains `return`";
    case RefusalReason::LeavesLoop: return "`break`/`continue` leaves it";
    case RefusalReason::ContainsDel: return "it contains `del`";
    case RefusalReason::DefinesFunction: return "it defines a function";
    case RefusalReason::ContainsStatement: return "it contains a " + subject;
    case RefusalReason::CallsSuper: return "it calls `super()`";
    case RefusalReason::ContainsUnreadable:
      return "it contains " + (subject.empty() ? std::string("code fxlint cannot read") : subject);
    case RefusalReason::MultiLineString: return "it contains a multi-line string";
    case RefusalReason::RebindsSelf: return "it rebinds `" + subject + "`";
    case RefusalReason::AssignsState: return "it assigns to an attribute or an item";
    case RefusalReason::UnpassableValue: {
      std::string text = "`" + subject + "` holds a value FX cannot pass to a wrapped function";
      if (block.unpassableClass.file) text += " (an instance of `" + block.unpassableClass.name + "`)";
      return text;
    }
    case RefusalReason::UsesTracedModule:
      return "it uses `" + subject + "` itself, and the traced module cannot be passed to a wrapped function";
    case RefusalReason::MutatesInPlace: return "it may mutate `" + subject + "` in place";
    case RefusalReason::NoSelfParameter: return "the method has no `self` parameter";
    case RefusalReason::MethodTooLarge: return "the method is too large to analyze";
    case RefusalReason::SharesLine: return "it shares a line with other code";
    case RefusalReason::ElifBranch: return "it is an `elif` branch";
    case RefusalReason::HiddenBinding: return "the method has `global`, `nonlocal` or an import";
    case RefusalReason::ReadBeforeBound: return "it may read `" + subject + "` before the method binds it";
    case RefusalReason::OptionalInputsOnly: return "it decides on optional inputs only, which concrete_args settles (FX201)";
  }
  return "";
}

std::optional<Fix> adviceOrLeafCall(const TraceEvent& event) {
  for (auto make : {concreteArgsAdvice, wrapInLeafCall, proxyableClass, extractCallSite})
    if (auto fix = make(event)) return fix;
  if (event.realTensorTrace) return std::nullopt;
  // Why there is none, when the reason is one the user can act on.
  std::string why;
  if (inMethodBlock(event) && !event.block.refusal.empty())
    why = "the statement around it cannot move into a function registered with torch.fx.wrap: " + describeRefusal(event.block);
  else if ((inMethodBlock(event) || event.function.moduleLevel) && !importsTorch(*event.file) && !torchImportPoint(*event.file))
    why = event.file->path + " has no top-level import beside which `import torch` could go (torch.fx.wrap needs it)";
  if (why.empty()) return std::nullopt;
  return Fix{"No automatic fix: " + why, Applicability::Advice, {}};
}

}  // namespace fxlint::rules
