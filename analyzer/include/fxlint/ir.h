// The language-neutral IR that front-ends (Python via tree-sitter, C++ via clang) lower to and the
// abstract interpreter runs. It keeps only what tracing semantics depend on; anything a front-end
// cannot lower becomes `Opaque` with the reason, never silently dropped.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fxlint/source.h"

namespace fxlint::ir {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

// ---- expressions ----------------------------------------------------------------------------------

struct Name { std::string id; };

enum class ConstantKind { Int, Float, String, Bytes, Bool, None, Ellipsis };
struct Constant {
  ConstantKind kind;
  std::string text;  // source spelling; for strings the unquoted value when known
};

struct Attribute { ExprPtr object; std::string name; };
struct Subscript { ExprPtr object; ExprPtr index; };
struct Slice { ExprPtr lower, upper, step; };  // each may be null

enum class ArgumentKind { Positional, Keyword, Star, DoubleStar };
struct Argument {
  ArgumentKind kind = ArgumentKind::Positional;
  std::string keyword;  // for Keyword
  ExprPtr value;
};
struct Call { ExprPtr callee; std::vector<Argument> arguments; };

enum class UnaryOp { Not, Negate, Plus, Invert };
struct Unary { UnaryOp op; ExprPtr operand; };

// Arithmetic and bitwise operators, spelled as in Python ("+", "//", "@", "&", ...).
struct Binary { std::string op; ExprPtr lhs, rhs; };

enum class CompareOp { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };
// `a < b < c` is one Compare with two ops and three operands (a chain).
struct Compare { std::vector<CompareOp> ops; std::vector<ExprPtr> operands; };

struct BoolOp { bool isAnd; std::vector<ExprPtr> operands; };
struct Conditional { ExprPtr test, then, orElse; };

enum class SequenceKind { Tuple, List, Set };
struct Sequence { SequenceKind kind; std::vector<ExprPtr> elements; };
struct Dict { std::vector<ExprPtr> keys, values; };  // a null key is `**value`
struct Starred { ExprPtr value; bool isDouble = false; };

struct ComprehensionFor { ExprPtr target; ExprPtr iterable; std::vector<ExprPtr> conditions; };
enum class ComprehensionKind { List, Set, Dict, Generator };
struct Comprehension {
  ComprehensionKind kind;
  ExprPtr element;  // for Dict: the key
  ExprPtr value;    // for Dict only
  std::vector<ComprehensionFor> fors;
};

// f"..." with the interpolated expressions.
struct FormattedString { std::vector<ExprPtr> parts; };
struct Lambda { std::vector<std::string> parameters; ExprPtr body; };
struct NamedExpr { std::string target; ExprPtr value; };  // walrus

// Code a front-end could not lower (await, yield, unknown syntax): `what` says which.
struct Opaque { std::string what; };

struct Expr {
  Span span;
  std::variant<Name, Constant, Attribute, Subscript, Slice, Call, Unary, Binary, Compare, BoolOp,
               Conditional, Sequence, Dict, Starred, Comprehension, FormattedString, Lambda, NamedExpr,
               Opaque>
      node;
};

// ---- statements -----------------------------------------------------------------------------------

struct ExprStmt { ExprPtr value; };
// `a = b = value`; targets may be Name, Attribute, Subscript, Sequence (unpacking), Starred.
struct Assign { std::vector<ExprPtr> targets; ExprPtr value; };
struct AugAssign { ExprPtr target; std::string op; ExprPtr value; };
struct If { ExprPtr test; Block body; Block orElse; };
struct While { ExprPtr test; Block body; Block orElse; };
struct For { ExprPtr target; ExprPtr iterable; Block body; Block orElse; };
struct Return { ExprPtr value; };  // may be null
struct Raise { ExprPtr exception; };  // may be null (re-raise)
struct Assert { ExprPtr test; ExprPtr message; };
struct WithItem { ExprPtr context; ExprPtr target; };
struct With { std::vector<WithItem> items; Block body; };
struct ExceptHandler { ExprPtr type; std::string name; Block body; Span span; };  // type null: bare
struct Try { Block body; std::vector<ExceptHandler> handlers; Block orElse; Block finally; };
enum class JumpKind { Pass, Break, Continue };
struct Jump { JumpKind kind; };
struct Delete { std::vector<ExprPtr> targets; };
struct FunctionDef;
struct LocalFunction { std::shared_ptr<FunctionDef> function; };  // a def nested in a body
struct OpaqueStmt { std::string what; };

struct Stmt {
  Span span;
  std::variant<ExprStmt, Assign, AugAssign, If, While, For, Return, Raise, Assert, With, Try, Jump,
               Delete, LocalFunction, OpaqueStmt>
      node;
};

// ---- definitions ----------------------------------------------------------------------------------

enum class ParameterKind { Positional, VarPositional, KeywordOnly, VarKeyword };
struct Parameter {
  std::string name;
  ParameterKind kind = ParameterKind::Positional;
  ExprPtr defaultValue;  // null when none
  ExprPtr annotation;    // null when none; `config: ResNetConfig` says what a constructor receives
  Span span;
};

struct FunctionDef {
  std::string name;
  std::vector<Parameter> parameters;  // including `self` for methods
  std::vector<ExprPtr> decorators;
  Block body;
  Span span;      // the whole definition
  Span nameSpan;  // the name after `def`
};

struct ClassDef {
  std::string name;
  std::vector<ExprPtr> bases;       // keyword arguments other than metaclass= are dropped
  ExprPtr metaclass;                // `metaclass=...`, or null
  Span arguments;                   // `(...)` after the name, empty without parentheses
  std::vector<ExprPtr> decorators;
  std::vector<std::shared_ptr<FunctionDef>> methods;
  Block classBody;  // assignments at class level (class attributes), in order
  // Names declared with an annotation at class level (`x: int` or `x: int = 0`), in order: the
  // fields a @dataclass-style decorator turns into __init__ parameters.
  std::vector<std::string> annotatedFields;
  Span span;
  Span nameSpan;
};

// `import a.b as c` -> {module "a.b", name "", alias "c"}; `from .x import y as z` -> {module ".x",
// name "y", alias "z"}; `from m import *` -> name "*".
struct Import {
  std::string module;
  std::string name;
  std::string alias;
  Span span;
  Span statement;  // the whole import statement (several names share one)
};

struct Module {
  SourceFilePtr source;
  std::vector<Import> imports;
  // Named imports under a module-level `if TYPE_CHECKING:`: never run, but what a lazy module's
  // attributes are (names the module binds no other way resolve through them).
  std::vector<Import> typeCheckingImports;
  std::vector<std::shared_ptr<ClassDef>> classes;
  std::vector<std::shared_ptr<FunctionDef>> functions;
  Block topLevel;  // other module-level statements (e.g. `torch.fx.wrap("f")`, constants)
};

// What a front-end returns: the module (possibly partial) and problems that prevent analysis.
enum class ProblemKind { SyntaxError, NotUtf8, Binary, Unparsable };  // Unparsable: limits, internal
struct FrontendProblem {
  std::string message;
  Span span;
  ProblemKind kind = ProblemKind::SyntaxError;
};
struct ParseResult {
  std::optional<Module> module;  // empty when the file cannot be analyzed at all
  std::vector<FrontendProblem> problems;
};

}  // namespace fxlint::ir
