// Outlines of IR expressions and statements for TraceEvent: the source structure rules need to compute
// fixes, without handing them IR nodes.
#include "interp/outline.h"

#include "interp/support.h"

namespace fxlint::interp {
namespace {

constexpr int kMaxExprDepth = 5;

const char* compareOpText(ir::CompareOp op) {
  switch (op) {
    case ir::CompareOp::Eq: return "==";
    case ir::CompareOp::NotEq: return "!=";
    case ir::CompareOp::Lt: return "<";
    case ir::CompareOp::LtE: return "<=";
    case ir::CompareOp::Gt: return ">";
    case ir::CompareOp::GtE: return ">=";
    case ir::CompareOp::Is: return "is";
    case ir::CompareOp::IsNot: return "is not";
    case ir::CompareOp::In: return "in";
    case ir::CompareOp::NotIn: return "not in";
  }
  return "other";
}

ExprOutline outline(const ir::Expr& expr, int depth) {
  ExprOutline out;
  out.span = expr.span;
  out.op = "other";
  if (depth >= kMaxExprDepth) return out;
  auto add = [&](const ir::Expr* operand, std::string keyword = {}) {
    if (!operand) return;
    out.operands.push_back(outline(*operand, depth + 1));
    out.operands.back().keyword = std::move(keyword);
  };
  if (auto* n = as<ir::Name>(expr)) {
    out.op = "name";
    out.name = n->id;
  } else if (as<ir::Constant>(expr)) {
    out.op = "constant";
  } else if (auto* a = as<ir::Attribute>(expr)) {
    out.op = "attribute";
    add(a->object.get());
    out.name = a->name;
  } else if (auto* s = as<ir::Subscript>(expr)) {
    out.op = "subscript";
    add(s->object.get());
    add(s->index.get());
  } else if (auto* c = as<ir::Call>(expr)) {
    out.op = "call";
    add(c->callee.get());
    for (const ir::Argument& arg : c->arguments) {
      switch (arg.kind) {
        case ir::ArgumentKind::Positional: add(arg.value.get()); break;
        case ir::ArgumentKind::Keyword: add(arg.value.get(), arg.keyword); break;
        case ir::ArgumentKind::Star: add(arg.value.get(), "*"); break;
        case ir::ArgumentKind::DoubleStar: add(arg.value.get(), "**"); break;
      }
    }
  } else if (auto* u = as<ir::Unary>(expr)) {
    if (u->op == ir::UnaryOp::Not) out.op = "not";
    add(u->operand.get());
  } else if (auto* cmp = as<ir::Compare>(expr)) {
    if (cmp->ops.size() == 1) out.op = compareOpText(cmp->ops[0]);
    for (const auto& operand : cmp->operands) add(operand.get());
  } else if (auto* b = as<ir::BoolOp>(expr)) {
    out.op = b->isAnd ? "and" : "or";
    for (const auto& operand : b->operands) add(operand.get());
  } else if (auto* seq = as<ir::Sequence>(expr)) {
    if (seq->kind == ir::SequenceKind::Tuple) out.op = "tuple";
    for (const auto& element : seq->elements) add(element.get());
  }
  return out;
}

}  // namespace

ExprOutline outlineExpr(const ir::Expr& expr) { return outline(expr, 0); }

StatementOutline outlineStmt(const ir::Stmt& stmt, bool withBody) {
  StatementOutline out;
  out.span = stmt.span;
  out.kind = "other";
  auto body = [&](const ir::Block& block) {
    if (!withBody) return;
    for (const auto& inner : block) out.body.push_back(outlineStmt(*inner, false));
  };
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ir::If> || std::is_same_v<T, ir::While>) {
          out.kind = std::is_same_v<T, ir::If> ? "if" : "while";
          out.head = outlineExpr(*node.test);
          body(node.body);
          out.hasElse = !node.orElse.empty();
        } else if constexpr (std::is_same_v<T, ir::For>) {
          out.kind = "for";
          out.head = outlineExpr(*node.iterable);
          out.targets.push_back(outlineExpr(*node.target));
          body(node.body);
          out.hasElse = !node.orElse.empty();
        } else if constexpr (std::is_same_v<T, ir::Assign>) {
          out.kind = "assign";
          out.head = outlineExpr(*node.value);
          for (const auto& target : node.targets) out.targets.push_back(outlineExpr(*target));
        } else if constexpr (std::is_same_v<T, ir::ExprStmt>) {
          out.kind = "expr";
          out.head = outlineExpr(*node.value);
        } else if constexpr (std::is_same_v<T, ir::Return>) {
          out.kind = "return";
          if (node.value) out.head = outlineExpr(*node.value);
        } else if constexpr (std::is_same_v<T, ir::Raise>) {
          out.kind = "raise";
          if (node.exception) out.head = outlineExpr(*node.exception);
        } else if constexpr (std::is_same_v<T, ir::Assert>) {
          out.kind = "assert";
          out.head = outlineExpr(*node.test);
        } else if constexpr (std::is_same_v<T, ir::With>) {
          out.kind = "with";
          body(node.body);
        } else if constexpr (std::is_same_v<T, ir::Try>) {
          out.kind = "try";
          body(node.body);
        }
      },
      stmt.node);
  return out;
}

}  // namespace fxlint::interp
