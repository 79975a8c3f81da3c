// The node kinds and field ids of tree-sitter-python, resolved once by name into tables indexed by
// symbol, so the lowering switches on an enum instead of comparing strings. What the nodes mean is left
// to the Lowerer. Private to the Python front-end: it includes tree-sitter.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace fxlint::python {

enum class Kind : uint8_t {
  Other, Error, Comment, LineContinuation,
  // statements and their parts
  Block, ExpressionStatement, ImportStatement, ImportFromStatement, FutureImportStatement,
  PrintStatement, ExecStatement, AssertStatement, ReturnStatement, DeleteStatement, RaiseStatement,
  PassStatement, BreakStatement, ContinueStatement, GlobalStatement, NonlocalStatement,
  TypeAliasStatement, IfStatement, ElseClause, ForStatement, WhileStatement, TryStatement,
  ExceptClause, ExceptGroupClause, FinallyClause, WithStatement, WithClause, WithItem,
  FunctionDefinition, ClassDefinition, DecoratedDefinition, Decorator, MatchStatement,
  Assignment, AugmentedAssignment,
  // definitions and imports
  DefaultParameter, TypedParameter, TypedDefaultParameter,
  ListSplatPattern, DictionarySplatPattern, TuplePattern, ListPattern, PatternList, KeywordSeparator,
  PositionalSeparator, DottedName, RelativeImport, ImportPrefix, AliasedImport, WildcardImport,
  // expressions and their parts
  Identifier, String, ConcatenatedString, StringStart, StringContent, StringEnd, Interpolation,
  FormatExpression, Integer, Float, True, False, None, Ellipsis, Attribute, Subscript,
  Slice, Call, KeywordArgument, ListSplat, DictionarySplat, ParenthesizedExpression,
  GeneratorExpression, List, ListComprehension, Set, SetComprehension, Dictionary,
  DictionaryComprehension, Pair, Tuple, ExpressionList, ForInClause, IfClause, UnaryOperator,
  NotOperator, BinaryOperator, BooleanOperator, ComparisonOperator, ConditionalExpression, Lambda,
  NamedExpression, AsPattern, Await, Yield,
  // anonymous tokens the lowering looks for
  Colon, Comma, Async,
};

// Field ids, resolved once by name.
struct Fields {
  TSFieldId alias, alternative, argument, arguments, attribute, body, cause, condition, consequence,
      definition, expression, formatSpecifier, function, key, left, moduleName, name, object, operators, op,
      parameters, right, subscript, superclasses, type, value;
};

// Symbol-indexed kinds and the field ids of the python grammar, built once per process.
class Grammar {
 public:
  explicit Grammar(const TSLanguage* language);

  Kind kindOf(TSNode node) const {
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol < kinds_.size()) return kinds_[symbol];
    // ERROR's symbol (65535) lies outside the grammar's table.
    return std::strcmp(ts_node_type(node), "ERROR") == 0 ? Kind::Error : Kind::Other;
  }

  // False for nodes whose grammar declares no fields (lists, argument lists, modules, ERROR): their
  // children need no field lookup, which tree-sitter makes climb the hidden nodes above each child —
  // the whole cost of lowering a million-element literal.
  bool hasFields(TSNode node) const {
    TSSymbol symbol = ts_node_symbol(node);
    return symbol < fieldless_.size() && !fieldless_[symbol];
  }

  Fields fields{};

 private:
  std::vector<Kind> kinds_;
  std::vector<bool> fieldless_;
};

// The grammar of tree_sitter_python(), built on first use.
const Grammar& pythonGrammar();

// True for the kinds of simple and compound statements.
bool isStatementKind(Kind kind);

}  // namespace fxlint::python
