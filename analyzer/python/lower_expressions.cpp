// The Lowerer's expressions (operators, calls, displays, comprehensions, lambdas) and string literals,
// f-strings included. Statements are lowered in lower_statements.cpp, literal text decoded in
// string_literals.cpp.
#include "lowerer.h"

#include <optional>

#include "string_literals.h"

namespace fxlint::python {
namespace {

std::optional<ir::CompareOp> compareOp(std::string_view spelling) {
  static constexpr std::pair<std::string_view, ir::CompareOp> kOps[] = {
      {"==", ir::CompareOp::Eq}, {"!=", ir::CompareOp::NotEq}, {"<>", ir::CompareOp::NotEq},
      {"<", ir::CompareOp::Lt},  {"<=", ir::CompareOp::LtE},   {">", ir::CompareOp::Gt},
      {">=", ir::CompareOp::GtE}, {"is", ir::CompareOp::Is},   {"is not", ir::CompareOp::IsNot},
      {"in", ir::CompareOp::In}, {"not in", ir::CompareOp::NotIn}};
  for (const auto& [text, op] : kOps) {
    if (text == spelling) return op;
  }
  return std::nullopt;
}

}  // namespace

// ---- expressions ----

ir::ExprPtr Lowerer::expr(TSNode node) {
  if (depth_ >= kMaxNesting) {
    reportTooDeep(node);
    return makeExpr(ts::nodeSpan(node), ir::Opaque{"nesting too deep"});
  }
  DepthGuard guard(depth_);
  return exprAtDepth(node);
}

ir::ExprPtr Lowerer::required(const Child* child, TSNode parent) {
  return child ? expr(child->node) : missing(parent);
}

ir::ExprPtr Lowerer::missing(TSNode parent) {
  return makeExpr(ts::nodeSpan(parent), ir::Opaque{"syntax error"});
}

ir::ExprPtr Lowerer::exprAtDepth(TSNode node) {
  Kind kind = kindOf(node);
  Span span = ts::nodeSpan(node);
  switch (kind) {
    case Kind::Identifier: return makeExpr(span, ir::Name{text(node)});
    case Kind::Integer:
    case Kind::Float: {
      std::string spelling = text(node);
      bool imaginary = !spelling.empty() && (spelling.back() == 'j' || spelling.back() == 'J');
      auto constantKind = kind == Kind::Integer && !imaginary ? ir::ConstantKind::Int : ir::ConstantKind::Float;
      return makeExpr(span, ir::Constant{constantKind, std::move(spelling)});
    }
    case Kind::True: return makeExpr(span, ir::Constant{ir::ConstantKind::Bool, "True"});
    case Kind::False: return makeExpr(span, ir::Constant{ir::ConstantKind::Bool, "False"});
    case Kind::None: return makeExpr(span, ir::Constant{ir::ConstantKind::None, "None"});
    case Kind::Ellipsis: return makeExpr(span, ir::Constant{ir::ConstantKind::Ellipsis, "..."});
    case Kind::String:
    case Kind::ConcatenatedString: return stringLiteral(node, kind, span);
    case Kind::Attribute: {
      Children children(*this, node);
      const Child* attribute = children.field(fields_.attribute);
      return makeExpr(span, ir::Attribute{required(children.field(fields_.object), node),
                                          attribute ? text(attribute->node) : ""});
    }
    case Kind::Subscript: return subscript(node, span);
    case Kind::Slice: return slice(node, span);
    case Kind::Call: return call(node, span);
    case Kind::ListSplat:
    case Kind::ListSplatPattern: return makeExpr(span, ir::Starred{starredValue(node), false});
    case Kind::DictionarySplat:
    case Kind::DictionarySplatPattern: return makeExpr(span, ir::Starred{starredValue(node), true});
    case Kind::ParenthesizedExpression: return parenthesized(node);
    case Kind::List:
    case Kind::ListPattern: return sequence(node, span, ir::SequenceKind::List);
    case Kind::Set: return sequence(node, span, ir::SequenceKind::Set);
    case Kind::TuplePattern: return tuplePattern(node, span);
    case Kind::Tuple:
    case Kind::ExpressionList:
    case Kind::PatternList: return sequence(node, span, ir::SequenceKind::Tuple);
    case Kind::Dictionary: return dictionary(node, span);
    case Kind::ListComprehension: return comprehension(node, span, ir::ComprehensionKind::List);
    case Kind::SetComprehension: return comprehension(node, span, ir::ComprehensionKind::Set);
    case Kind::DictionaryComprehension: return comprehension(node, span, ir::ComprehensionKind::Dict);
    case Kind::GeneratorExpression: return comprehension(node, span, ir::ComprehensionKind::Generator);
    case Kind::UnaryOperator: {
      Children children(*this, node);
      const Child* op = children.field(fields_.op);
      std::string_view spelling = op ? ts_node_type(op->node) : "";
      ir::UnaryOp unary = spelling == "-"   ? ir::UnaryOp::Negate
                          : spelling == "~" ? ir::UnaryOp::Invert
                                            : ir::UnaryOp::Plus;
      return makeExpr(span, ir::Unary{unary, required(children.field(fields_.argument), node)});
    }
    case Kind::NotOperator: {
      Children children(*this, node);
      return makeExpr(span, ir::Unary{ir::UnaryOp::Not, required(children.field(fields_.argument), node)});
    }
    case Kind::BinaryOperator: {
      Children children(*this, node);
      const Child* op = children.field(fields_.op);
      return makeExpr(span, ir::Binary{op ? ts_node_type(op->node) : "", required(children.field(fields_.left), node),
                                       required(children.field(fields_.right), node)});
    }
    case Kind::BooleanOperator: return booleanOperator(node, span);
    case Kind::ComparisonOperator: return comparison(node, span);
    case Kind::ConditionalExpression: {
      Children children(*this, node);  // `then if test else orElse`
      ir::ExprPtr then = required(children.operand(0), node);
      ir::ExprPtr test = required(children.operand(1), node);
      return makeExpr(span, ir::Conditional{std::move(test), std::move(then), required(children.operand(2), node)});
    }
    case Kind::Lambda: return lambda(node, span);
    case Kind::NamedExpression: {
      Children children(*this, node);
      const Child* name = children.field(fields_.name);
      std::string target = name ? text(name->node) : "";
      return makeExpr(span, ir::NamedExpr{std::move(target), required(children.field(fields_.value), node)});
    }
    case Kind::Await: return makeExpr(span, ir::Opaque{"await expression"});
    case Kind::Yield: return makeExpr(span, ir::Opaque{"yield expression"});
    case Kind::Error: return makeExpr(span, ir::Opaque{"syntax error"});
    default: return makeExpr(span, ir::Opaque{"unsupported expression: " + std::string(ts_node_type(node))});
  }
}

ir::ExprPtr Lowerer::starredValue(TSNode node) {
  Children children(*this, node);
  return required(children.operand(0), node);
}

ir::ExprPtr Lowerer::parenthesized(TSNode node) {
  TSNode inner = node;
  while (kindOf(inner) == Kind::ParenthesizedExpression) {
    Children children(*this, inner);
    const Child* operand = children.operand(0);
    if (!operand) return missing(inner);
    inner = operand->node;
  }
  return exprAtDepth(inner);
}

ir::ExprPtr Lowerer::sequence(TSNode node, Span span, ir::SequenceKind kind) {
  Children children(*this, node);
  ir::Sequence result{kind, {}};
  for (const Child& child : children) {
    if (isOperand(child)) result.elements.push_back(expr(child.node));
  }
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::tuplePattern(TSNode node, Span span) {
  Children children(*this, node);
  const Child* only = nullptr;
  int operands = 0;
  for (const Child& child : children)
    if (isOperand(child)) {
      only = &child;
      ++operands;
    }
  if (operands == 1 && !children.has(Kind::Comma)) return expr(only->node);
  return sequence(node, span, ir::SequenceKind::Tuple);
}

ir::ExprPtr Lowerer::dictionary(TSNode node, Span span) {
  Children children(*this, node);
  ir::Dict result;
  for (const Child& child : children) {
    if (child.kind == Kind::Pair) {
      Children pair(*this, child.node);
      result.keys.push_back(required(pair.field(fields_.key), child.node));
      result.values.push_back(required(pair.field(fields_.value), child.node));
    } else if (child.kind == Kind::DictionarySplat) {
      result.keys.push_back(nullptr);
      result.values.push_back(starredValue(child.node));
    }
  }
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::subscript(TSNode node, Span span) {
  Children children(*this, node);
  ir::Subscript result{required(children.field(fields_.value), node), nullptr};
  std::vector<const Child*> indices;
  for (const Child& child : children) {
    if (child.field == fields_.subscript && child.kind != Kind::Error) indices.push_back(&child);
  }
  if (indices.size() == 1 && !children.has(Kind::Comma)) {
    result.index = expr(indices.front()->node);
  } else if (indices.empty()) {
    result.index = missing(node);
  } else {
    ir::Sequence tuple{ir::SequenceKind::Tuple, {}};
    for (const Child* index : indices) tuple.elements.push_back(expr(index->node));
    result.index = makeExpr(ts::spanBetween(indices.front()->node, indices.back()->node), std::move(tuple));
  }
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::slice(TSNode node, Span span) {
  Children children(*this, node);
  ir::Slice result;
  ir::ExprPtr* slots[] = {&result.lower, &result.upper, &result.step};
  size_t colons = 0;
  for (const Child& child : children) {
    if (child.kind == Kind::Colon) {
      ++colons;
    } else if (isOperand(child) && colons < 3) {
      *slots[colons] = expr(child.node);
    }
  }
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::call(TSNode node, Span span) {
  Children children(*this, node);
  ir::Call result{required(children.field(fields_.function), node), {}};
  const Child* arguments = children.field(fields_.arguments);
  if (arguments && arguments->kind == Kind::GeneratorExpression) {
    // `f(x for x in y)`: the generator is the only positional argument
    result.arguments.push_back({ir::ArgumentKind::Positional, "", expr(arguments->node)});
  } else if (arguments) {
    Children list(*this, arguments->node);
    for (const Child& argument : list) {
      if (!isOperand(argument)) continue;
      if (argument.kind == Kind::KeywordArgument) {
        Children keyword(*this, argument.node);
        const Child* name = keyword.field(fields_.name);
        result.arguments.push_back({ir::ArgumentKind::Keyword, name ? text(name->node) : "",
                                    required(keyword.field(fields_.value), argument.node)});
      } else if (argument.kind == Kind::ListSplat) {
        result.arguments.push_back({ir::ArgumentKind::Star, "", starredValue(argument.node)});
      } else if (argument.kind == Kind::DictionarySplat) {
        result.arguments.push_back({ir::ArgumentKind::DoubleStar, "", starredValue(argument.node)});
      } else {
        result.arguments.push_back({ir::ArgumentKind::Positional, "", expr(argument.node)});
      }
    }
  }
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::booleanOperator(TSNode node, Span span) {
  std::string_view op;
  std::vector<TSNode> rights;  // right operands, outermost first
  std::optional<TSNode> leftmost;
  TSNode current = node;
  for (;;) {
    Children children(*this, current);
    const Child* opChild = children.field(fields_.op);
    std::string_view spelling = opChild ? ts_node_type(opChild->node) : "";
    if (op.empty()) op = spelling;
    if (spelling != op) break;
    const Child* left = children.field(fields_.left);
    const Child* right = children.field(fields_.right);
    if (!left || !right) break;
    rights.push_back(right->node);
    if (left->kind != Kind::BooleanOperator) {
      leftmost = left->node;
      break;
    }
    current = left->node;
  }
  ir::BoolOp result{op == "and", {}};
  if (rights.empty()) return missing(node);
  // the loop stops on a left operand that is no same-operator chain; it is the first operand
  result.operands.push_back(leftmost ? expr(*leftmost) : expr(current));
  for (auto right = rights.rbegin(); right != rights.rend(); ++right) result.operands.push_back(expr(*right));
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::comparison(TSNode node, Span span) {
  Children children(*this, node);
  ir::Compare result;
  for (const Child& child : children) {
    if (child.field == fields_.operators) {
      std::string_view spelling = ts_node_type(child.node);
      if (spelling == "<>") report("syntax error: python 2 `<>` operator", ts::nodeSpan(child.node));
      result.ops.push_back(compareOp(spelling).value_or(ir::CompareOp::Eq));
    } else if (isOperand(child)) {
      result.operands.push_back(expr(child.node));
    }
  }
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::lambda(TSNode node, Span span) {
  Children children(*this, node);
  ir::Lambda result;
  if (const Child* parameters = children.field(fields_.parameters)) {
    Children list(*this, parameters->node);
    for (const Child& parameter : list) {
      if (!isOperand(parameter)) continue;
      if (parameter.kind == Kind::Identifier) {
        result.parameters.push_back(text(parameter.node));
        continue;
      }
      Children parts(*this, parameter.node);
      const Child* name = parameter.kind == Kind::DefaultParameter ? parts.field(fields_.name) : parts.operand(0);
      std::string_view stars = parameter.kind == Kind::ListSplatPattern        ? "*"
                               : parameter.kind == Kind::DictionarySplatPattern ? "**"
                                                                                : "";
      bool hasName = parameter.kind == Kind::DefaultParameter || !stars.empty();
      if (hasName && name) result.parameters.push_back(std::string(stars) + text(name->node));
    }
  }
  result.body = required(children.field(fields_.body), node);
  return makeExpr(span, std::move(result));
}

ir::ExprPtr Lowerer::comprehension(TSNode node, Span span, ir::ComprehensionKind kind) {
  Children children(*this, node);
  ir::Comprehension result{kind, nullptr, nullptr, {}};
  const Child* body = children.field(fields_.body);
  if (kind == ir::ComprehensionKind::Dict && body && body->kind == Kind::Pair) {
    Children pair(*this, body->node);
    result.element = required(pair.field(fields_.key), body->node);
    result.value = required(pair.field(fields_.value), body->node);
  } else {
    result.element = required(body, node);
  }
  for (const Child& child : children) {
    if (child.kind == Kind::ForInClause) {
      Children clause(*this, child.node);
      if (clause.has(Kind::Async)) return makeExpr(span, ir::Opaque{"async comprehension"});
      std::vector<const Child*> iterables;
      for (const Child& part : clause) {
        if (part.field == fields_.right && part.kind != Kind::Error) iterables.push_back(&part);
      }
      ir::ComprehensionFor loop{required(clause.field(fields_.left), child.node), nullptr, {}};
      if (iterables.size() == 1) {
        loop.iterable = expr(iterables.front()->node);
      } else if (iterables.empty()) {
        loop.iterable = missing(child.node);
      } else {
        // `for x in a, b` iterates a tuple
        ir::Sequence tuple{ir::SequenceKind::Tuple, {}};
        for (const Child* iterable : iterables) tuple.elements.push_back(expr(iterable->node));
        loop.iterable = makeExpr(ts::spanBetween(iterables.front()->node, iterables.back()->node), std::move(tuple));
      }
      result.fors.push_back(std::move(loop));
    } else if (child.kind == Kind::IfClause && !result.fors.empty()) {
      Children clause(*this, child.node);
      result.fors.back().conditions.push_back(required(clause.operand(0), child.node));
    }
  }
  return makeExpr(span, std::move(result));
}

// ---- string literals ----

// Collects the value of one string or of adjacent strings ("a" f"{b}").
struct Lowerer::StringBuilder {
  std::string literal;               // text not yet flushed into `parts`
  std::optional<Span> literalSpan;   // where that text came from
  std::vector<ir::ExprPtr> parts;    // filled once an interpolation is seen
  bool interpolated = false;
  bool bytes = false;

  void addLiteral(std::string_view raw, StringPrefix prefix, Span span) {
    appendLiteral(literal, raw, prefix);
    if (literalSpan) {
      literalSpan->end = span.end;
      literalSpan->endOffset = span.endOffset;
    } else {
      literalSpan = span;
    }
  }
  void flush() {
    if (!literal.empty()) {
      parts.push_back(makeExpr(*literalSpan, ir::Constant{ir::ConstantKind::String, std::move(literal)}));
    }
    literal.clear();
    literalSpan.reset();
  }
};

ir::ExprPtr Lowerer::stringLiteral(TSNode node, Kind kind, Span span) {
  StringBuilder builder;
  if (kind == Kind::ConcatenatedString) {
    Children children(*this, node);
    bool first = true;
    for (const Child& child : children) {
      if (child.kind != Kind::String) continue;
      stringPiece(child.node, builder, first);
      first = false;
    }
  } else {
    stringPiece(node, builder, true);
  }
  if (!builder.interpolated) {
    auto constantKind = builder.bytes ? ir::ConstantKind::Bytes : ir::ConstantKind::String;
    return makeExpr(span, ir::Constant{constantKind, std::move(builder.literal)});
  }
  builder.flush();
  return makeExpr(span, ir::FormattedString{std::move(builder.parts)});
}

void Lowerer::stringPiece(TSNode node, StringBuilder& builder, bool first) {
  Children children(*this, node);
  const Child* start = children.firstOfKind(Kind::StringStart);
  const Child* end = children.firstOfKind(Kind::StringEnd);
  StringPrefix prefix = start ? prefixOf(ts::nodeText(start->node, source_)) : StringPrefix{};
  if (first) builder.bytes = prefix.bytes;
  if (!prefix.formatted) {
    uint32_t begin = start ? ts_node_end_byte(start->node) : ts_node_start_byte(node);
    uint32_t stop = end ? ts_node_start_byte(end->node) : ts_node_end_byte(node);
    if (stop >= begin) builder.addLiteral(source_.substr(begin, stop - begin), prefix, ts::nodeSpan(node));
    return;
  }
  for (const Child& child : children) {
    if (child.kind == Kind::StringContent) {
      builder.addLiteral(ts::nodeText(child.node, source_), prefix, ts::nodeSpan(child.node));
    } else if (child.kind == Kind::Interpolation) {
      builder.interpolated = true;
      builder.flush();
      interpolation(child.node, builder.parts);
    }
  }
}

void Lowerer::interpolation(TSNode node, std::vector<ir::ExprPtr>& parts) {
  Children children(*this, node);
  parts.push_back(required(children.field(fields_.expression), node));
  const Child* spec = children.field(fields_.formatSpecifier);
  if (!spec) return;
  Children specParts(*this, spec->node);
  for (const Child& part : specParts) {
    if (part.kind != Kind::FormatExpression) continue;
    Children nested(*this, part.node);
    parts.push_back(required(nested.field(fields_.expression), part.node));
  }
}

}  // namespace fxlint::python
