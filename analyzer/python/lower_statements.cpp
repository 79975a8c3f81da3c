// The Lowerer's statements, definitions and imports, and the report of the file's first syntax error.
// Expressions and string literals are lowered in lower_expressions.cpp.
#include "lowerer.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "screening.h"

namespace fxlint::python {
namespace {

// Longest source excerpt quoted in a syntax-error message.
constexpr size_t kMaxExcerpt = 40;

// A short, single-line excerpt of `text` for messages, cut at a UTF-8 character boundary.
std::string excerpt(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n\f");
  if (start == std::string_view::npos) return {};
  text.remove_prefix(start);
  text = text.substr(0, text.find_first_of("\r\n"));
  if (text.size() <= kMaxExcerpt) return std::string(text);
  size_t cut = kMaxExcerpt;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace

void Lowerer::lowerModule() {
  reportFirstSyntaxError();
  statements(root_, Scope{ScopeKind::Module}, module_.topLevel);
}

void Lowerer::report(std::string message, Span span) {
  problems_.push_back(problemAt(std::move(message), span));
}

void Lowerer::reportTooDeep(TSNode node) {
  if (reportedTooDeep_) return;
  reportedTooDeep_ = true;
  report("nesting too deep: code nested more than " + std::to_string(kMaxNesting) + " levels is not analyzed",
         ts::nodeSpan(node));
}

// ---- syntax errors ----

void Lowerer::reportFirstSyntaxError() {
  TSNode current = root_;
  if (!ts_node_has_error(current)) return;
  bool descended = kindOf(current) != Kind::Error;
  while (descended) {
    descended = false;
    if (!cursor_.enterChildrenOf(current)) break;
    do {
      TSNode child = cursor_.node();
      if (kindOf(child) == Kind::Error || ts_node_is_missing(child)) {
        current = child;
        break;
      }
      if (ts_node_has_error(child)) {
        current = child;
        descended = true;
        break;
      }
    } while (cursor_.next());
  }
  reportSyntaxError(current);
}

void Lowerer::reportSyntaxError(TSNode node) {
  if (ts_node_is_missing(node)) {
    std::string expected = ts_node_type(node);
    if (ts_node_is_named(node)) {
      std::replace(expected.begin(), expected.end(), '_', ' ');
      return report("syntax error: expected " + expected, ts::nodeSpan(node));
    }
    return report("syntax error: expected `" + expected + "`", ts::nodeSpan(node));
  }
  // Quote the region from its first token: comments tree-sitter swept into it explain nothing.
  Children children(*this, node);
  bool empty = children.begin() == children.end();
  Span span = empty ? ts::nodeSpan(node) : ts::spanBetween(children.begin()->node, node);
  std::string quoted = excerpt(source_.substr(span.beginOffset, span.endOffset - span.beginOffset));
  if (quoted.empty()) return report("syntax error", span);
  // One skipped token is "unexpected"; a longer region is quoted from its start.
  if (empty || std::next(children.begin()) == children.end()) {
    return report("syntax error: unexpected `" + quoted + "`", span);
  }
  std::string message = "syntax error: cannot parse `" + quoted + "`";
  if (span.begin.line != span.end.line) message += " (through line " + std::to_string(span.end.line) + ")";
  report(message, span);
}

// ---- statements ----

void Lowerer::statements(TSNode parent, Scope scope, ir::Block& out) {
  Children children(*this, parent);
  for (const Child& child : children) {
    if (child.named || child.kind == Kind::Error) statement(child.node, child.kind, scope, out);
  }
}

ir::Block Lowerer::suite(const Child* block, Scope scope) {
  ir::Block out;
  if (block) statements(block->node, scope, out);
  return out;
}

bool Lowerer::stoppedTooDeep(TSNode node, Span span, ir::Block& out) {
  if (depth_ < kMaxNesting) return false;
  reportTooDeep(node);
  out.push_back(makeStmt(span, ir::OpaqueStmt{"nesting too deep"}));
  return true;
}

void Lowerer::statement(TSNode node, Kind kind, Scope scope, ir::Block& out) {
  Span span = ts::nodeSpan(node);
  if (stoppedTooDeep(node, span, out)) return;
  DepthGuard guard(depth_);
  switch (kind) {
    case Kind::ExpressionStatement: return expressionStatement(node, span, out, scope);
    case Kind::ImportStatement:
    case Kind::ImportFromStatement:
    case Kind::FutureImportStatement: return importStatement(node, kind);
    case Kind::FunctionDefinition: return define(function(node, {}), span, scope, out);
    case Kind::ClassDefinition: return defineClass(node, {}, span, scope, out);
    case Kind::DecoratedDefinition: return decorated(node, span, scope, out);
    case Kind::IfStatement: return out.push_back(ifStatement(node, span, scope));
    case Kind::ForStatement: return out.push_back(forStatement(node, span, scope));
    case Kind::WhileStatement: return out.push_back(whileStatement(node, span, scope));
    case Kind::TryStatement: return out.push_back(tryStatement(node, span, scope));
    case Kind::WithStatement: return out.push_back(withStatement(node, span, scope));
    case Kind::ReturnStatement: {
      Children children(*this, node);
      const Child* value = children.operand(0);
      return out.push_back(makeStmt(span, ir::Return{value ? expr(value->node) : nullptr}));
    }
    case Kind::RaiseStatement: {
      Children children(*this, node);  // `from cause` only sets __cause__: ignored
      const Child* exception = children.operand(0);
      bool isCause = exception && exception->field == fields_.cause;
      return out.push_back(makeStmt(span, ir::Raise{exception && !isCause ? expr(exception->node) : nullptr}));
    }
    case Kind::AssertStatement: {
      Children children(*this, node);
      const Child* test = children.operand(0);
      const Child* message = children.operand(1);
      return out.push_back(makeStmt(span, ir::Assert{required(test, node), message ? expr(message->node) : nullptr}));
    }
    case Kind::PassStatement: return out.push_back(makeStmt(span, ir::Jump{ir::JumpKind::Pass}));
    case Kind::BreakStatement: return out.push_back(makeStmt(span, ir::Jump{ir::JumpKind::Break}));
    case Kind::ContinueStatement: return out.push_back(makeStmt(span, ir::Jump{ir::JumpKind::Continue}));
    case Kind::DeleteStatement: return out.push_back(deleteStatement(node, span));
    case Kind::GlobalStatement:
    case Kind::NonlocalStatement: return;  // scoping declarations: nothing runs
    case Kind::MatchStatement: return out.push_back(makeStmt(span, ir::OpaqueStmt{"match statement"}));
    case Kind::TypeAliasStatement: return out.push_back(makeStmt(span, ir::OpaqueStmt{"type alias statement"}));
    case Kind::PrintStatement:
    case Kind::ExecStatement: {
      std::string what = kind == Kind::PrintStatement ? "python 2 print statement" : "python 2 exec statement";
      report("syntax error: " + what + " (python 3 cannot import this file)", span);
      return out.push_back(makeStmt(span, ir::OpaqueStmt{what}));
    }
    case Kind::Error: {
      // Already reported; keep whole statements tree-sitter recognized inside the broken region.
      out.push_back(makeStmt(span, ir::OpaqueStmt{"syntax error"}));
      Children children(*this, node);
      for (const Child& child : children) {
        if (isStatementKind(child.kind)) statement(child.node, child.kind, scope, out);
      }
      return;
    }
    default: {
      std::string what = "unsupported statement: " + std::string(ts_node_type(node));
      return out.push_back(makeStmt(span, ir::OpaqueStmt{std::move(what)}));
    }
  }
}

void Lowerer::expressionStatement(TSNode node, Span span, ir::Block& out, Scope scope) {
  Children children(*this, node);
  const Child* first = children.operand(0);
  if (!first) return out.push_back(makeStmt(span, ir::OpaqueStmt{"syntax error"}));
  if (first->kind == Kind::Assignment) return assignment(first->node, span, out, scope);
  if (first->kind == Kind::AugmentedAssignment) {
    Children parts(*this, first->node);
    const Child* op = parts.field(fields_.op);
    std::string spelling = op ? ts_node_type(op->node) : "";
    if (!spelling.empty() && spelling.back() == '=') spelling.pop_back();
    return out.push_back(makeStmt(span, ir::AugAssign{required(parts.field(fields_.left), first->node), spelling,
                                                      required(parts.field(fields_.right), first->node)}));
  }
  if (!children.operand(1)) return out.push_back(makeStmt(span, ir::ExprStmt{expr(first->node)}));
  // `a, b` as a statement: a tuple
  ir::Sequence tuple{ir::SequenceKind::Tuple, {}};
  for (const Child& child : children) {
    if (isOperand(child)) tuple.elements.push_back(expr(child.node));
  }
  out.push_back(makeStmt(span, ir::ExprStmt{makeExpr(span, std::move(tuple))}));
}

void Lowerer::assignment(TSNode node, Span span, ir::Block& out, Scope scope) {
  ir::Assign assign;
  TSNode current = node;
  for (;;) {
    Children children(*this, current);
    const Child* left = children.field(fields_.left);
    const Child* right = children.field(fields_.right);
    // Annotated names in a class body are dataclass fields, with or without a default.
    if (scope.kind == ScopeKind::Class && scope.classDef && assign.targets.empty() && left &&
        children.field(fields_.type) && left->kind == Kind::Identifier)
      scope.classDef->annotatedFields.push_back(text(left->node));
    if (!right) {
      // `x: int` declares an annotation and runs nothing.
      if (assign.targets.empty() && children.field(fields_.type)) return;
      assign.value = missing(current);
      break;
    }
    assign.targets.push_back(required(left, current));
    if (right->kind != Kind::Assignment) {
      assign.value = expr(right->node);
      break;
    }
    current = right->node;
  }
  out.push_back(makeStmt(span, std::move(assign)));
}

ir::StmtPtr Lowerer::deleteStatement(TSNode node, Span span) {
  Children children(*this, node);
  ir::Delete del;
  const Child* targets = children.operand(0);
  if (targets && targets->kind == Kind::ExpressionList) {
    Children list(*this, targets->node);
    for (const Child& child : list) {
      if (isOperand(child)) del.targets.push_back(expr(child.node));
    }
  } else if (targets) {
    del.targets.push_back(expr(targets->node));
  }
  return makeStmt(span, std::move(del));
}

ir::StmtPtr Lowerer::ifStatement(TSNode node, Span span, Scope scope) {
  Children children(*this, node);
  std::vector<const Child*> alternatives;
  for (const Child& child : children) {
    if (child.field == fields_.alternative) alternatives.push_back(&child);
  }
  const Child* condition = children.field(fields_.condition);
  // `if TYPE_CHECKING:` never runs: its body lowers to nothing. Its named imports are kept apart: a lazy
  // package (module `__getattr__`, or a module object swapped into sys.modules) declares there what its
  // attributes are. Star imports (a whole package, as in large libraries' __init__) are dropped.
  bool typeCheckingOnly = condition && isTypeCheckingFlag(text(condition->node));
  if (typeCheckingOnly && scope.kind == ScopeKind::Module) typeCheckingImports(children.field(fields_.consequence));
  ir::If result{required(condition, node), typeCheckingOnly ? ir::Block{} : suite(children.field(fields_.consequence), scope),
                elseChain(alternatives, 0, node, scope)};
  return makeStmt(span, std::move(result));
}

bool Lowerer::isTypeCheckingFlag(std::string_view condition) {
  return condition == "TYPE_CHECKING" || condition == "typing.TYPE_CHECKING";
}

ir::Block Lowerer::elseChain(const std::vector<const Child*>& alternatives, size_t index, TSNode ifNode, Scope scope) {
  ir::Block out;
  if (index == alternatives.size()) return out;
  const Child& alternative = *alternatives[index];
  Children children(*this, alternative.node);
  if (alternative.kind == Kind::ElseClause) return suite(children.field(fields_.body), scope);
  Span span = ts::spanBetween(alternative.node, ifNode);
  if (stoppedTooDeep(alternative.node, span, out)) return out;
  DepthGuard guard(depth_);
  ir::If nested{required(children.field(fields_.condition), alternative.node),
                suite(children.field(fields_.consequence), scope), elseChain(alternatives, index + 1, ifNode, scope)};
  out.push_back(makeStmt(span, std::move(nested)));
  return out;
}

ir::Block Lowerer::elseBody(const Children& children, Scope scope) {
  const Child* alternative = children.field(fields_.alternative);
  if (!alternative) return {};
  Children clause(*this, alternative->node);
  return suite(clause.field(fields_.body), scope);
}

ir::StmtPtr Lowerer::forStatement(TSNode node, Span span, Scope scope) {
  Children children(*this, node);
  if (children.has(Kind::Async)) return makeStmt(span, ir::OpaqueStmt{"async for loop"});
  ir::For result{required(children.field(fields_.left), node), required(children.field(fields_.right), node),
                 suite(children.field(fields_.body), scope), elseBody(children, scope)};
  return makeStmt(span, std::move(result));
}

ir::StmtPtr Lowerer::whileStatement(TSNode node, Span span, Scope scope) {
  Children children(*this, node);
  ir::While result{required(children.field(fields_.condition), node), suite(children.field(fields_.body), scope),
                   elseBody(children, scope)};
  return makeStmt(span, std::move(result));
}

ir::StmtPtr Lowerer::tryStatement(TSNode node, Span span, Scope scope) {
  Children children(*this, node);
  ir::Try result;
  result.body = suite(children.field(fields_.body), scope);
  for (const Child& child : children) {
    if (child.kind == Kind::ExceptClause || child.kind == Kind::ExceptGroupClause) {
      result.handlers.push_back(handler(child, scope));
    } else if (child.kind == Kind::ElseClause || child.kind == Kind::FinallyClause) {
      Children clause(*this, child.node);
      bool isElse = child.kind == Kind::ElseClause;
      const Child* body = isElse ? clause.field(fields_.body) : clause.firstOfKind(Kind::Block);
      (isElse ? result.orElse : result.finally) = suite(body, scope);
    }
  }
  return makeStmt(span, std::move(result));
}

ir::ExceptHandler Lowerer::handler(const Child& clause, Scope scope) {
  Children children(*this, clause.node);
  ir::ExceptHandler result;
  result.span = ts::nodeSpan(clause.node);
  const Child* type = nullptr;
  const Child* name = nullptr;
  std::optional<Children> pattern;
  if (clause.kind == Kind::ExceptClause) {
    type = children.field(fields_.value);
    name = children.field(fields_.alias);
    if (name && children.has(Kind::Comma)) report("syntax error: python 2 `except E, name`", result.span);
  } else {
    type = children.operand(0);
    name = children.operand(1);
    if (type && type->kind == Kind::Block) type = nullptr;
    if (name && name->kind == Kind::Block) name = nullptr;
  }
  if (type && type->kind == Kind::AsPattern) {
    pattern.emplace(*this, type->node);
    name = pattern->field(fields_.alias);
    type = pattern->operand(0);
  }
  if (type) {
    result.type = type->kind == Kind::ListSplat ? starredValue(type->node) : expr(type->node);
  }
  if (name) result.name = text(name->node);
  result.body = suite(children.firstOfKind(Kind::Block), scope);
  return result;
}

ir::StmtPtr Lowerer::withStatement(TSNode node, Span span, Scope scope) {
  Children children(*this, node);
  if (children.has(Kind::Async)) return makeStmt(span, ir::OpaqueStmt{"async with statement"});
  ir::With result;
  if (const Child* clause = children.firstOfKind(Kind::WithClause)) {
    Children items(*this, clause->node);
    for (const Child& item : items) {
      if (item.kind != Kind::WithItem) continue;
      Children parts(*this, item.node);
      const Child* value = parts.field(fields_.value);
      if (value && value->kind == Kind::AsPattern) {
        Children pattern(*this, value->node);
        const Child* target = pattern.field(fields_.alias);
        std::optional<Children> targetParts;
        if (target) targetParts.emplace(*this, target->node);
        const Child* targetExpr = targetParts ? targetParts->operand(0) : nullptr;
        result.items.push_back({required(pattern.operand(0), value->node), required(targetExpr, value->node)});
      } else {
        result.items.push_back({required(value, item.node), nullptr});
      }
    }
  }
  result.body = suite(children.field(fields_.body), scope);
  return makeStmt(span, std::move(result));
}

// ---- definitions ----

void Lowerer::decorated(TSNode node, Span span, Scope scope, ir::Block& out) {
  Children children(*this, node);
  std::vector<ir::ExprPtr> decorators;
  for (const Child& child : children) {
    if (child.kind != Kind::Decorator) continue;
    Children decorator(*this, child.node);
    decorators.push_back(required(decorator.operand(0), child.node));
  }
  const Child* definition = children.field(fields_.definition);
  if (!definition) return out.push_back(makeStmt(span, ir::OpaqueStmt{"syntax error"}));
  if (definition->kind == Kind::ClassDefinition) {
    return defineClass(definition->node, std::move(decorators), span, scope, out);
  }
  define(function(definition->node, std::move(decorators)), span, scope, out);
}

void Lowerer::define(std::shared_ptr<ir::FunctionDef> function, Span span, Scope scope, ir::Block& out) {
  switch (scope.kind) {
    case ScopeKind::Module: module_.functions.push_back(std::move(function)); return;
    case ScopeKind::Class: scope.classDef->methods.push_back(std::move(function)); return;
    case ScopeKind::Function: out.push_back(makeStmt(span, ir::LocalFunction{std::move(function)})); return;
  }
}

std::shared_ptr<ir::FunctionDef> Lowerer::function(TSNode node, std::vector<ir::ExprPtr> decorators) {
  Children children(*this, node);
  auto result = std::make_shared<ir::FunctionDef>();
  result->span = ts::nodeSpan(node);
  result->decorators = std::move(decorators);
  if (const Child* name = children.field(fields_.name)) {
    result->name = text(name->node);
    result->nameSpan = ts::nodeSpan(name->node);
  }
  if (const Child* parameters = children.field(fields_.parameters)) parameterList(parameters->node, *result);
  result->body = suite(children.field(fields_.body), Scope{ScopeKind::Function});
  return result;
}

void Lowerer::parameterList(TSNode node, ir::FunctionDef& function) {
  Children children(*this, node);
  bool keywordOnly = false;  // after `*` or `*args`
  for (const Child& child : children) {
    if (!isOperand(child)) continue;
    ir::Parameter parameter;
    parameter.span = ts::nodeSpan(child.node);
    parameter.kind = keywordOnly ? ir::ParameterKind::KeywordOnly : ir::ParameterKind::Positional;
    TSNode nameNode = child.node;
    Kind kind = child.kind;
    std::optional<Children> parts;
    if (kind == Kind::DefaultParameter || kind == Kind::TypedDefaultParameter || kind == Kind::TypedParameter) {
      parts.emplace(*this, child.node);
      const Child* name = kind == Kind::TypedParameter ? parts->operand(0) : parts->field(fields_.name);
      if (!name) continue;
      if (const Child* value = parts->field(fields_.value)) parameter.defaultValue = expr(value->node);
      if (const Child* type = parts->field(fields_.type)) {
        // The grammar wraps the annotation's expression in a `type` node.
        TSNode inner = ts_node_named_child_count(type->node) == 1 ? ts_node_named_child(type->node, 0) : type->node;
        parameter.annotation = expr(inner);
      }
      nameNode = name->node;
      kind = name->kind;
    }
    switch (kind) {
      case Kind::Identifier: parameter.name = text(nameNode); break;
      case Kind::ListSplatPattern:
      case Kind::DictionarySplatPattern: {
        Children splat(*this, nameNode);
        const Child* name = splat.operand(0);
        parameter.name = name ? text(name->node) : "";
        bool positional = kind == Kind::ListSplatPattern;
        parameter.kind = positional ? ir::ParameterKind::VarPositional : ir::ParameterKind::VarKeyword;
        keywordOnly = keywordOnly || positional;
        break;
      }
      case Kind::KeywordSeparator: keywordOnly = true; continue;
      case Kind::PositionalSeparator: continue;  // the parameters before `/` stay Positional
      default:
        report("syntax error: python 2 tuple parameter `" + excerpt(ts::nodeText(nameNode, source_)) + "`",
               parameter.span);
        continue;
    }
    function.parameters.push_back(std::move(parameter));
  }
}

void Lowerer::defineClass(TSNode node, std::vector<ir::ExprPtr> decorators, Span span, Scope scope, ir::Block& out) {
  if (scope.kind != ScopeKind::Module) {
    const char* what =
        scope.kind == ScopeKind::Class ? "nested class definition" : "class definition inside a function";
    return out.push_back(makeStmt(span, ir::OpaqueStmt{what}));
  }
  Children children(*this, node);
  auto result = std::make_shared<ir::ClassDef>();
  result->span = ts::nodeSpan(node);
  result->decorators = std::move(decorators);
  if (const Child* name = children.field(fields_.name)) {
    result->name = text(name->node);
    result->nameSpan = ts::nodeSpan(name->node);
  }
  if (const Child* superclasses = children.field(fields_.superclasses)) {
    result->arguments = ts::nodeSpan(superclasses->node);
    Children bases(*this, superclasses->node);
    for (const Child& base : bases) {
      if (!isOperand(base) || base.kind == Kind::DictionarySplat) continue;
      if (base.kind == Kind::KeywordArgument) {  // metaclass= and other class keywords do not name a base
        Children keyword(*this, base.node);
        const Child* name = keyword.field(fields_.name);
        if (name && text(name->node) == "metaclass") result->metaclass = required(keyword.field(fields_.value), base.node);
        continue;
      }
      result->bases.push_back(expr(base.node));
    }
  }
  result->classBody = suite(children.field(fields_.body), Scope{ScopeKind::Class, result.get()});
  module_.classes.push_back(std::move(result));
}

void Lowerer::typeCheckingImports(const Child* block) {
  if (!block) return;
  size_t before = module_.imports.size();
  for (const Child& child : Children(*this, block->node))
    if (child.kind == Kind::ImportStatement || child.kind == Kind::ImportFromStatement) importStatement(child.node, child.kind);
  for (size_t i = before; i < module_.imports.size(); ++i)
    if (module_.imports[i].name != "*") module_.typeCheckingImports.push_back(std::move(module_.imports[i]));
  module_.imports.resize(before);
}

void Lowerer::importStatement(TSNode node, Kind kind) {
  Children children(*this, node);
  std::string moduleName;
  if (kind == Kind::FutureImportStatement) {
    moduleName = "__future__";
  } else if (const Child* from = children.field(fields_.moduleName)) {
    moduleName = from->kind == Kind::RelativeImport ? relativeName(from->node) : dottedName(from->node);
  }
  for (const Child& child : children) {
    ir::Import import;
    import.span = ts::nodeSpan(child.node);
    import.statement = ts::nodeSpan(node);
    if (child.kind == Kind::WildcardImport) {
      import.module = moduleName;
      import.name = "*";
    } else if (child.field == fields_.name) {
      std::string name;
      if (child.kind == Kind::AliasedImport) {
        Children aliased(*this, child.node);
        const Child* dotted = aliased.field(fields_.name);
        const Child* alias = aliased.field(fields_.alias);
        if (dotted) name = dottedName(dotted->node);
        if (alias) import.alias = text(alias->node);
      } else {
        name = dottedName(child.node);
      }
      // `import a.b` names a module; `from m import n` a name in module m
      (kind == Kind::ImportStatement ? import.module : import.name) = std::move(name);
      if (kind != Kind::ImportStatement) import.module = moduleName;
    } else {
      continue;
    }
    module_.imports.push_back(std::move(import));
  }
}

std::string Lowerer::dottedName(TSNode node) {
  if (kindOf(node) != Kind::DottedName) return text(node);
  Children children(*this, node);
  std::string result;
  for (const Child& child : children) {
    if (child.kind != Kind::Identifier) continue;
    if (!result.empty()) result += '.';
    result.append(ts::nodeText(child.node, source_));
  }
  return result;
}

std::string Lowerer::relativeName(TSNode node) {
  Children children(*this, node);
  std::string result;
  for (const Child& child : children) {
    if (child.kind == Kind::ImportPrefix) {
      std::string_view dots = ts::nodeText(child.node, source_);
      result.append(static_cast<size_t>(std::count(dots.begin(), dots.end(), '.')), '.');
    } else if (child.kind == Kind::DottedName) {
      result += dottedName(child.node);
    }
  }
  return result;
}

}  // namespace fxlint::python
