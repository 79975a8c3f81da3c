// Builds the symbol-indexed kind table and the field ids of tree-sitter-python from their names (see
// grammar.h); how nodes are lowered is left to the Lowerer.
#include "grammar.h"

#include <string_view>
#include <unordered_map>

#include "ts_handles.h"

namespace fxlint::python {
namespace {

struct KindName {
  std::string_view name;
  bool named;
  Kind kind;
};

constexpr KindName kKindNames[] = {
    {"comment", true, Kind::Comment}, {"line_continuation", true, Kind::LineContinuation},
    {"block", true, Kind::Block},
    {"expression_statement", true, Kind::ExpressionStatement}, {"import_statement", true, Kind::ImportStatement},
    {"import_from_statement", true, Kind::ImportFromStatement},
    {"future_import_statement", true, Kind::FutureImportStatement},
    {"print_statement", true, Kind::PrintStatement}, {"exec_statement", true, Kind::ExecStatement},
    {"assert_statement", true, Kind::AssertStatement}, {"return_statement", true, Kind::ReturnStatement},
    {"delete_statement", true, Kind::DeleteStatement}, {"raise_statement", true, Kind::RaiseStatement},
    {"pass_statement", true, Kind::PassStatement}, {"break_statement", true, Kind::BreakStatement},
    {"continue_statement", true, Kind::ContinueStatement}, {"global_statement", true, Kind::GlobalStatement},
    {"nonlocal_statement", true, Kind::NonlocalStatement},
    {"type_alias_statement", true, Kind::TypeAliasStatement}, {"if_statement", true, Kind::IfStatement},
    {"else_clause", true, Kind::ElseClause},
    {"for_statement", true, Kind::ForStatement}, {"while_statement", true, Kind::WhileStatement},
    {"try_statement", true, Kind::TryStatement}, {"except_clause", true, Kind::ExceptClause},
    {"except_group_clause", true, Kind::ExceptGroupClause}, {"finally_clause", true, Kind::FinallyClause},
    {"with_statement", true, Kind::WithStatement}, {"with_clause", true, Kind::WithClause},
    {"with_item", true, Kind::WithItem}, {"function_definition", true, Kind::FunctionDefinition},
    {"class_definition", true, Kind::ClassDefinition}, {"decorated_definition", true, Kind::DecoratedDefinition},
    {"decorator", true, Kind::Decorator}, {"match_statement", true, Kind::MatchStatement},
    {"assignment", true, Kind::Assignment}, {"augmented_assignment", true, Kind::AugmentedAssignment},
    {"default_parameter", true, Kind::DefaultParameter}, {"typed_parameter", true, Kind::TypedParameter},
    {"typed_default_parameter", true, Kind::TypedDefaultParameter},
    {"list_splat_pattern", true, Kind::ListSplatPattern},
    {"dictionary_splat_pattern", true, Kind::DictionarySplatPattern}, {"tuple_pattern", true, Kind::TuplePattern},
    {"list_pattern", true, Kind::ListPattern}, {"pattern_list", true, Kind::PatternList},
    {"keyword_separator", true, Kind::KeywordSeparator}, {"positional_separator", true, Kind::PositionalSeparator},
    {"dotted_name", true, Kind::DottedName}, {"relative_import", true, Kind::RelativeImport},
    {"import_prefix", true, Kind::ImportPrefix}, {"aliased_import", true, Kind::AliasedImport},
    {"wildcard_import", true, Kind::WildcardImport}, {"identifier", true, Kind::Identifier},
    {"string", true, Kind::String}, {"concatenated_string", true, Kind::ConcatenatedString},
    {"string_start", true, Kind::StringStart}, {"string_content", true, Kind::StringContent},
    {"string_end", true, Kind::StringEnd}, {"interpolation", true, Kind::Interpolation},
    {"format_expression", true, Kind::FormatExpression},
    {"integer", true, Kind::Integer}, {"float", true, Kind::Float}, {"true", true, Kind::True},
    {"false", true, Kind::False}, {"none", true, Kind::None}, {"ellipsis", true, Kind::Ellipsis},
    {"attribute", true, Kind::Attribute}, {"subscript", true, Kind::Subscript}, {"slice", true, Kind::Slice},
    {"call", true, Kind::Call},
    {"keyword_argument", true, Kind::KeywordArgument}, {"list_splat", true, Kind::ListSplat},
    {"dictionary_splat", true, Kind::DictionarySplat},
    {"parenthesized_expression", true, Kind::ParenthesizedExpression},
    {"generator_expression", true, Kind::GeneratorExpression}, {"list", true, Kind::List},
    {"list_comprehension", true, Kind::ListComprehension}, {"set", true, Kind::Set},
    {"set_comprehension", true, Kind::SetComprehension}, {"dictionary", true, Kind::Dictionary},
    {"dictionary_comprehension", true, Kind::DictionaryComprehension}, {"pair", true, Kind::Pair},
    {"tuple", true, Kind::Tuple}, {"expression_list", true, Kind::ExpressionList},
    {"for_in_clause", true, Kind::ForInClause}, {"if_clause", true, Kind::IfClause},
    {"unary_operator", true, Kind::UnaryOperator}, {"not_operator", true, Kind::NotOperator},
    {"binary_operator", true, Kind::BinaryOperator}, {"boolean_operator", true, Kind::BooleanOperator},
    {"comparison_operator", true, Kind::ComparisonOperator},
    {"conditional_expression", true, Kind::ConditionalExpression}, {"lambda", true, Kind::Lambda},
    {"named_expression", true, Kind::NamedExpression}, {"as_pattern", true, Kind::AsPattern},
    {"await", true, Kind::Await},
    {"yield", true, Kind::Yield}, {":", false, Kind::Colon}, {",", false, Kind::Comma},
    {"async", false, Kind::Async},
};

// The named nodes with many children for which tree-sitter-python's node-types.json declares no field.
constexpr std::string_view kFieldlessNodes[] = {
    "module", "argument_list", "parameters", "list", "tuple", "set", "dictionary", "expression_list",
    "pattern_list", "tuple_pattern", "list_pattern", "string", "concatenated_string", "dotted_name",
};

}  // namespace

Grammar::Grammar(const TSLanguage* language) {
  std::unordered_map<std::string_view, Kind> named, anonymous;
  for (const KindName& entry : kKindNames) (entry.named ? named : anonymous).emplace(entry.name, entry.kind);
  uint32_t count = ts_language_symbol_count(language);
  kinds_.assign(count, Kind::Other);
  fieldless_.assign(count, false);
  for (uint32_t symbol = 0; symbol < count; ++symbol) {
    auto id = static_cast<TSSymbol>(symbol);
    const char* name = ts_language_symbol_name(language, id);
    if (name == nullptr) continue;
    auto& table = ts_language_symbol_type(language, id) == TSSymbolTypeRegular ? named : anonymous;
    if (auto found = table.find(name); found != table.end()) kinds_[symbol] = found->second;
    if (&table == &named) {
      for (std::string_view fieldless : kFieldlessNodes) fieldless_[symbol] = fieldless_[symbol] || name == fieldless;
    }
  }
  auto field = [language](const char* name) {
    return ts_language_field_id_for_name(language, name, static_cast<uint32_t>(std::strlen(name)));
  };
  fields.alias = field("alias");
  fields.alternative = field("alternative");
  fields.argument = field("argument");
  fields.arguments = field("arguments");
  fields.attribute = field("attribute");
  fields.body = field("body");
  fields.cause = field("cause");
  fields.condition = field("condition");
  fields.consequence = field("consequence");
  fields.definition = field("definition");
  fields.expression = field("expression");
  fields.formatSpecifier = field("format_specifier");
  fields.function = field("function");
  fields.key = field("key");
  fields.left = field("left");
  fields.moduleName = field("module_name");
  fields.name = field("name");
  fields.object = field("object");
  fields.operators = field("operators");
  fields.op = field("operator");
  fields.parameters = field("parameters");
  fields.right = field("right");
  fields.subscript = field("subscript");
  fields.superclasses = field("superclasses");
  fields.type = field("type");
  fields.value = field("value");
}

const Grammar& pythonGrammar() {
  static const Grammar grammar(tree_sitter_python());
  return grammar;
}

bool isStatementKind(Kind kind) {
  switch (kind) {
    case Kind::ExpressionStatement: case Kind::ImportStatement: case Kind::ImportFromStatement:
    case Kind::FutureImportStatement: case Kind::PrintStatement: case Kind::ExecStatement:
    case Kind::AssertStatement: case Kind::ReturnStatement: case Kind::DeleteStatement:
    case Kind::RaiseStatement: case Kind::PassStatement: case Kind::BreakStatement:
    case Kind::ContinueStatement: case Kind::GlobalStatement: case Kind::NonlocalStatement:
    case Kind::TypeAliasStatement: case Kind::IfStatement: case Kind::ForStatement:
    case Kind::WhileStatement: case Kind::TryStatement: case Kind::WithStatement:
    case Kind::FunctionDefinition: case Kind::ClassDefinition: case Kind::DecoratedDefinition:
    case Kind::MatchStatement:
      return true;
    default:
      return false;
  }
}

}  // namespace fxlint::python
