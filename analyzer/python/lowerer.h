// The Lowerer: turns a tree-sitter-python tree into the IR with exact spans. Its methods are defined in
// lower_statements.cpp and lower_expressions.cpp; screening and parsing are left to python_frontend.cpp,
// what the IR means to the analyzer. Private to the Python front-end: it includes tree-sitter.
#pragma once

#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fxlint/ir.h"
#include "grammar.h"
#include "ts_handles.h"

namespace fxlint::python {

// IR nesting (statements and expressions together) deeper than this is lowered to Opaque: the
// lowering recurses once per level, and so do the IR's destructors and the interpreter.
constexpr int kMaxNesting = 200;

template <class Node>
ir::ExprPtr makeExpr(Span span, Node node) {
  return std::make_unique<ir::Expr>(ir::Expr{span, std::move(node)});
}

template <class Node>
ir::StmtPtr makeStmt(Span span, Node node) {
  return std::make_unique<ir::Stmt>(ir::Stmt{span, std::move(node)});
}

struct Child {
  TSNode node;
  TSFieldId field;
  Kind kind;
  bool named;
};

// An operand: a named child that is not an ERROR node (those are reported once for the file).
inline bool isOperand(const Child& child) { return child.named && child.kind != Kind::Error; }

enum class ScopeKind { Module, Class, Function };
struct Scope {
  ScopeKind kind;
  ir::ClassDef* classDef = nullptr;  // for Class
};

// Choices the IR leaves open, made by the Lowerer:
// - Imports anywhere (module, if/try blocks, class bodies, function bodies) are recorded in
//   Module::imports and emit no statement: a local `import torch.nn.functional as F` binds the same
//   module object a global import would.
// - At module level, and inside module-level if/try/with/for/while blocks, `def`s, classes and
//   imports are declarations collected in Module::functions/classes/imports, not statements.
//   Likewise `def`s anywhere in a class body (even under an `if`) are methods.
// - Nested classes are not lowered: in a class body they become OpaqueStmt("nested class
//   definition") in classBody, in a function OpaqueStmt("class definition inside a function").
// - FunctionDef::span and ClassDef::span start at `def`/`class` (decorators excluded, like
//   Python's ast); the enclosing Stmt of a LocalFunction covers the decorators too.
// - AugAssign::op is the binary operator without `=` ("+", "//"), as in Binary::op.
// - FormattedString::parts interleaves literal pieces (String constants) with the interpolated
//   expressions in source order; expressions inside format specs (`{x:{width}}`) follow their field.
// - Lambda::parameters are names; `*args`/`**kwargs` keep their stars; defaults are dropped.
// - Imaginary literals (`1j`) are Float constants whose text keeps the `j`.
// - Parentheses are transparent: `(a + b)` has the span of `a + b`, as in Python's ast.
class Lowerer {
 public:
  Lowerer(const Grammar& grammar, std::string_view source, TSNode root, ir::Module& module)
      : grammar_(grammar), fields_(grammar.fields), source_(source), root_(root), cursor_(root), module_(module) {}

  void lowerModule();

  std::vector<ir::FrontendProblem> takeProblems() { return std::move(problems_); }

 private:
  // The children of one node (comments and line continuations left out), in a buffer borrowed from
  // the lowerer's pool so that walking millions of nodes does not allocate for each.
  class Children {
   public:
    Children(Lowerer& lowerer, TSNode parent) : pool_(lowerer.spareBuffers_) {
      if (!pool_.empty()) {
        items_ = std::move(pool_.back());
        pool_.pop_back();
      }
      ts::TsCursor& cursor = lowerer.cursor_;
      // An ERROR node's children have no fields (its symbol lies outside the grammar's table), and
      // may hang from a deep chain of hidden nodes that tree-sitter's field lookup climbs for every
      // child: skip the lookup wherever the grammar declares no field.
      bool hasFields = lowerer.grammar_.hasFields(parent);
      if (!cursor.enterChildrenOf(parent)) return;
      do {
        TSNode node = cursor.node();
        Kind kind = lowerer.kindOf(node);
        if (kind == Kind::Comment || kind == Kind::LineContinuation) continue;
        items_.push_back({node, hasFields ? cursor.field() : TSFieldId{0}, kind, ts_node_is_named(node)});
      } while (cursor.next());
    }
    ~Children() {
      items_.clear();
      try {
        pool_.push_back(std::move(items_));
      } catch (const std::bad_alloc&) {
        // the buffer is simply freed instead of reused: a destructor must not throw
      }
    }
    Children(const Children&) = delete;
    Children& operator=(const Children&) = delete;

    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }

    // The first child in `field`, or null.
    const Child* field(TSFieldId id) const {
      for (const Child& child : items_) {
        if (child.field == id) return &child;
      }
      return nullptr;
    }
    const Child* firstOfKind(Kind kind) const {
      for (const Child& child : items_) {
        if (child.kind == kind) return &child;
      }
      return nullptr;
    }
    // The `index`-th operand, or null.
    const Child* operand(size_t index) const {
      for (const Child& child : items_) {
        if (isOperand(child) && index-- == 0) return &child;
      }
      return nullptr;
    }
    bool has(Kind kind) const { return firstOfKind(kind) != nullptr; }

   private:
    std::vector<std::vector<Child>>& pool_;
    std::vector<Child> items_;
  };

  class DepthGuard {
   public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int& depth_;
  };

  std::string text(TSNode node) const { return std::string(ts::nodeText(node, source_)); }
  Kind kindOf(TSNode node) const { return grammar_.kindOf(node); }

  void report(std::string message, Span span);

  // One problem for the whole file: the deeper code is summarized, not each place.
  void reportTooDeep(TSNode node);

  // ---- syntax errors ----

  // Reports the first ERROR or MISSING node in document order. Only subtrees that contain an error
  // are entered, iteratively, so deep trees cost neither stack nor time.
  void reportFirstSyntaxError();

  void reportSyntaxError(TSNode node);

  // ---- statements ----

  void statements(TSNode parent, Scope scope, ir::Block& out);

  // The statements of a suite (a `block` node); missing suites (error recovery) lower to nothing.
  ir::Block suite(const Child* block, Scope scope);
  void typeCheckingImports(const Child* block);  // the named imports of an `if TYPE_CHECKING:` block

  // True, after leaving an OpaqueStmt in `out`, when a statement at `node` would pass kMaxNesting.
  bool stoppedTooDeep(TSNode node, Span span, ir::Block& out);

  void statement(TSNode node, Kind kind, Scope scope, ir::Block& out);
  void expressionStatement(TSNode node, Span span, ir::Block& out, Scope scope);

  // `a = b = value` nests assignments to the right; walked iteratively into one Assign.
  void assignment(TSNode node, Span span, ir::Block& out, Scope scope);

  ir::StmtPtr deleteStatement(TSNode node, Span span);
  ir::StmtPtr ifStatement(TSNode node, Span span, Scope scope);
  static bool isTypeCheckingFlag(std::string_view condition);

  // The orElse of an if from its `index`-th alternative on: `elif` becomes a nested If (spanning
  // from `elif` to the end of the whole statement, as in Python's ast), `else` its body.
  ir::Block elseChain(const std::vector<const Child*>& alternatives, size_t index, TSNode ifNode, Scope scope);

  // The body of an `else:` clause given as the `alternative` field; empty without one.
  ir::Block elseBody(const Children& children, Scope scope);

  ir::StmtPtr forStatement(TSNode node, Span span, Scope scope);
  ir::StmtPtr whileStatement(TSNode node, Span span, Scope scope);
  ir::StmtPtr tryStatement(TSNode node, Span span, Scope scope);

  // `except E`, `except (A, B) as e`, `except* E as g` (which tree-sitter may also parse as an
  // except_clause over a starred `*E`), and Python 2's `except E, e`.
  ir::ExceptHandler handler(const Child& clause, Scope scope);

  ir::StmtPtr withStatement(TSNode node, Span span, Scope scope);

  // ---- definitions ----

  void decorated(TSNode node, Span span, Scope scope, ir::Block& out);

  // Places a function by scope: a module function, a method, or a LocalFunction statement.
  void define(std::shared_ptr<ir::FunctionDef> function, Span span, Scope scope, ir::Block& out);

  std::shared_ptr<ir::FunctionDef> function(TSNode node, std::vector<ir::ExprPtr> decorators);
  void parameterList(TSNode node, ir::FunctionDef& function);
  void defineClass(TSNode node, std::vector<ir::ExprPtr> decorators, Span span, Scope scope, ir::Block& out);
  void importStatement(TSNode node, Kind kind);

  // `a . b` is legal Python: join the identifiers rather than copy the text.
  std::string dottedName(TSNode node);

  std::string relativeName(TSNode node);

  // ---- expressions ----

  ir::ExprPtr expr(TSNode node);

  // A child the syntax requires; error recovery can drop it, so absence is an Opaque syntax error
  // at the parent rather than a null the interpreter would trip on.
  ir::ExprPtr required(const Child* child, TSNode parent);

  ir::ExprPtr missing(TSNode parent);
  ir::ExprPtr exprAtDepth(TSNode node);

  // The operand of `*x` / `**x`.
  ir::ExprPtr starredValue(TSNode node);

  // Parentheses are transparent; unwrapped in a loop so `((((x))))` costs no recursion.
  ir::ExprPtr parenthesized(TSNode node);

  ir::ExprPtr sequence(TSNode node, Span span, ir::SequenceKind kind);

  // `for _, (name) in ...`: tree-sitter reads a parenthesized target as a tuple pattern; without a
  // comma it is the name itself, as in Python.
  ir::ExprPtr tuplePattern(TSNode node, Span span);

  ir::ExprPtr dictionary(TSNode node, Span span);

  // `x[i]`; several indices (`x[:, 0]`, `x[i,]`) form a Tuple spanning them.
  ir::ExprPtr subscript(TSNode node, Span span);

  // `lower:upper:step`, each part optional: a part's slot is the number of colons before it.
  ir::ExprPtr slice(TSNode node, Span span);

  ir::ExprPtr call(TSNode node, Span span);

  // `a and b and c` is left-nested in the tree; its same-operator left spine is walked iteratively
  // into one flat BoolOp, as Python's ast does. Parenthesized operands stay nested.
  ir::ExprPtr booleanOperator(TSNode node, Span span);

  ir::ExprPtr comparison(TSNode node, Span span);
  ir::ExprPtr lambda(TSNode node, Span span);
  ir::ExprPtr comprehension(TSNode node, Span span, ir::ComprehensionKind kind);

  // ---- string literals ----

  struct StringBuilder;  // defined in lower_expressions.cpp
  ir::ExprPtr stringLiteral(TSNode node, Kind kind, Span span);
  void stringPiece(TSNode node, StringBuilder& builder, bool first);

  // `{expr!r:spec}`: the expression, then any expressions nested in the format spec.
  void interpolation(TSNode node, std::vector<ir::ExprPtr>& parts);

  const Grammar& grammar_;
  const Fields& fields_;
  std::string_view source_;
  TSNode root_;
  ts::TsCursor cursor_;
  ir::Module& module_;
  std::vector<std::vector<Child>> spareBuffers_;
  std::vector<ir::FrontendProblem> problems_;
  int depth_ = 0;
  bool reportedTooDeep_ = false;
};

}  // namespace fxlint::python
