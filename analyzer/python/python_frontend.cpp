// Python front-end: screens the text (NUL bytes, UTF-8), guards tree-sitter-python against the
// inputs that crash or stall it, parses, and lowers the tree to the IR with exact spans. It decides nothing about tracing: constructs it
// cannot express become Opaque/OpaqueStmt with the reason, and syntax errors become problems beside a
// best-effort module; the analyzer decides what to make of both.
//
// Choices the IR leaves open, made here:
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
#include "fxlint/python_frontend.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ts_handles.h"

namespace fxlint {
namespace {

// IR nesting (statements and expressions together) deeper than this is lowered to Opaque: the
// lowering recurses once per level, and so do the IR's destructors and the interpreter.
constexpr int kMaxNesting = 200;

// tree-sitter 0.20.7 corrupts its heap when error recovery runs with about 65,000 entries on its
// parse stack (e.g. `x = ` followed by 70,000 `(` or `-`). The screening pass estimates the stack
// depth and refuses files past this bound. CPython itself rejects far shallower code (200 open
// brackets, 100 indentation levels, a few thousand nested operators); the only valid code refused
// is absurd: more than 10,000 chained assignments (`a = b = ... = 0`) or line continuations in a row.
constexpr uint32_t kMaxNestingEstimate = 10000;
// What one indentation level may put on tree-sitter's stack (compound statement, `:`, block, ...).
constexpr uint32_t kStackPerIndentLevel = 4;
// tree-sitter keeps comments and line continuations (extras) on its stack until the next reduction,
// so a long run of them before a syntax error crashes it too, and recovery is quadratic in the run.
// Comments are blanked (spaces keep every offset) in files with a run longer than this.
constexpr uint32_t kMaxCommentRun = 1000;

// tree-sitter's error recovery can be quadratic (in a run of comments before an error: 20,000 take
// 11 s), so parsing gets a time budget far above what valid code needs (it parses 5-10 MB/s).
constexpr uint64_t kParseMicrosBase = 5'000'000;
constexpr uint64_t kParseMicrosPerMegabyte = 1'000'000;

// Longest source excerpt quoted in a syntax-error message.
constexpr size_t kMaxExcerpt = 40;

ir::FrontendProblem problemAt(std::string message, Span span, ir::ProblemKind kind = ir::ProblemKind::SyntaxError) {
  return {std::move(message), span, kind};
}

// ---- screening: what must never reach tree-sitter ------------------------------------------------

// The position of byte `offset`; only called once per refused file, so a scan is fine.
Span byteSpan(std::string_view text, size_t offset) {
  size_t lineStart = 0;
  uint32_t line = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      lineStart = i + 1;
    }
  }
  auto column = static_cast<uint32_t>(offset - lineStart + 1);
  auto begin = static_cast<uint32_t>(offset);
  return {{line, column}, {line, column + 1}, begin, begin + 1};
}

// The offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included), or npos.
size_t firstInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return i;
    }
    if (size - i < length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (size_t k = 2; k < length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

bool isIdentifierByte(unsigned char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c >= 0x80;
}

bool isStringPrefix(std::string_view word) {
  if (word.size() > 2) return false;
  return std::all_of(word.begin(), word.end(),
                     [](char c) { return std::string_view("rRbBfFuU").find(c) != std::string_view::npos; });
}

// Estimates, in one pass over a rough Python tokenization, how deep tree-sitter's parse stack can
// get. It counts what stays open: brackets, f-strings and their `{...}` fields, indentation levels,
// and in each of those the operators still waiting for their right operand. Operators that bind
// tightly (prefix `-`/`+`/`~`, `**`, `await`) are finished by the next infix operator; the others
// (`=`, `:`, `not`, `lambda`, `yield`, `if`/`else`, prefix `*`) by a comma inside brackets, and
// at statement level, where `a, b = c, d = ...` chains across commas, only by the end of the
// logical line. A lambda's parameters are not finished by their commas. Runs of line
// continuations count too (runs of comments are measured; see kMaxCommentRun). It errs high; only
// files far past anything CPython compiles reach the bound.
class NestingEstimator {
 public:
  // With `comments`, records where every comment is.
  explicit NestingEstimator(std::string_view text, std::vector<std::pair<size_t, size_t>>* comments = nullptr)
      : text_(text), comments_(comments) {}

  // The offset where the estimate first passes kMaxNestingEstimate, or npos.
  size_t firstExcess() {
    while (pos_ < text_.size()) {
      Mode mode = frames_.back().mode;
      bool over = mode == Mode::FString || mode == Mode::FormatSpec ? stringContent() : code();
      if (over) return std::min(pos_, text_.size() - 1);
    }
    return std::string_view::npos;
  }

  // The most comments found in a row (after firstExcess).
  uint32_t longestCommentRun() const { return longestCommentRun_; }

 private:
  // Code is the logical line (the bottom frame), a bracket, or an f-string field `{...}`; FString
  // and FormatSpec (after `:` in a field) hold literal text that may open fields.
  enum class Mode : uint8_t { Code, Field, FString, FormatSpec };
  struct Frame {
    Mode mode = Mode::Code;
    char quote = 0;  // FString: its quote character
    bool triple = false;
    uint32_t tight = 0;    // waiting operators finished by an infix operator
    uint32_t loose = 0;    // ... by a comma (or, in the bottom frame, the end of the line)
    uint32_t lambdas = 0;  // lambdas whose parameter list is still open
  };

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  // True when the estimate passes the bound.
  bool over() const {
    return open_ + continuationRun_ + kStackPerIndentLevel * static_cast<uint32_t>(indents_.size() - 1) >
           kMaxNestingEstimate;
  }
  bool push(Frame frame) {
    frames_.push_back(frame);
    ++open_;
    return over();
  }
  void pop() {
    const Frame& top = frames_.back();
    open_ -= 1 + top.tight + top.loose;
    frames_.pop_back();
  }
  bool addTight() {
    ++frames_.back().tight;
    ++open_;
    return over();
  }
  bool addLoose() {
    ++frames_.back().loose;
    ++open_;
    return over();
  }
  void finishTight() {
    open_ -= frames_.back().tight;
    frames_.back().tight = 0;
  }
  void finishAll() {
    Frame& top = frames_.back();
    open_ -= top.tight + top.loose;
    top = Frame{top.mode, top.quote, top.triple};
  }
  bool atStatementLevel() const { return frames_.size() == 1; }

  // One token of code; true when the estimate passes the bound.
  bool code() {
    if (atLineStart_ && atStatementLevel()) {
      indent();
      return false;
    }
    char c = text_[pos_];
    switch (c) {
      case '\n':
        ++pos_;
        if (atStatementLevel()) {  // inside brackets a newline is whitespace
          finishAll();
          afterOperand_ = false;
          atLineStart_ = true;
        }
        return false;
      case '#': {
        size_t begin = pos_;
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        if (comments_) comments_->emplace_back(begin, pos_);
        longestCommentRun_ = std::max(longestCommentRun_, ++commentRun_);
        return false;
      }
      case '\\':  // a line continuation (CRLF included) or a stray backslash
        pos_ += text_.substr(pos_, 3) == "\\\r\n" ? 3 : 2;
        ++continuationRun_;
        return over();
      case ' ': case '\t': case '\f': case '\r':
        ++pos_;
        return false;
      default:
        break;
    }
    // A real token: tree-sitter folds the extras before it into its next reduction.
    commentRun_ = 0;
    continuationRun_ = 0;
    switch (c) {
      case '\'': case '"':
        return string(false);
      case '(': case '[': case '{':
        ++pos_;
        afterOperand_ = false;
        return push(Frame{});
      case ')': case ']': case '}':
        ++pos_;
        afterOperand_ = true;
        // `}` also closes a field; a stray closer (a syntax error) closes nothing
        if (!atStatementLevel() && (frames_.back().mode == Mode::Code || c == '}')) pop();
        return false;
      case ',':
        ++pos_;
        afterOperand_ = false;
        if (frames_.back().lambdas > 0) return false;  // a lambda's parameters
        if (atStatementLevel()) {
          finishTight();
        } else {
          finishAll();
        }
        return false;
      case ';':
        ++pos_;
        afterOperand_ = false;
        finishAll();
        return false;
      case ':':
        return colon();
      default:
        break;
    }
    auto byte = static_cast<unsigned char>(c);
    if (isIdentifierByte(byte) || (c == '.' && pos_ + 1 < text_.size() && isDigit(text_[pos_ + 1]))) return word();
    return op();
  }

  bool colon() {
    ++pos_;
    afterOperand_ = false;
    Frame& top = frames_.back();
    if (top.lambdas > 0) {
      --top.lambdas;
      return false;
    }
    if (top.mode == Mode::Field) return push(Frame{Mode::FormatSpec});
    return addLoose();  // annotations (`x: a: b` nests), dict entries, slices, compound statements
  }

  // A string literal starting at pos_ (after any prefix); f-strings open a frame.
  bool string(bool formatted) {
    char quote = text_[pos_];
    std::string_view tripleQuote = quote == '"' ? R"(""")" : "'''";
    bool triple = text_.substr(pos_, 3) == tripleQuote;
    pos_ += triple ? 3 : 1;
    afterOperand_ = true;
    if (formatted) return push(Frame{Mode::FString, quote, triple});
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
      } else if (c == quote && (!triple || text_.substr(pos_, 3) == tripleQuote)) {
        pos_ += triple ? 3 : 1;
        return false;
      } else if (c == '\n' && !triple) {
        return false;  // unterminated: the newline ends the line as usual
      } else {
        ++pos_;
      }
    }
    return false;
  }

  // Literal text of an f-string or a format spec, up to the next field, its end, or a newline
  // that ends it; true when the estimate passes the bound.
  bool stringContent() {
    const Frame top = frames_.back();
    bool spec = top.mode == Mode::FormatSpec;
    std::string_view tripleQuote = top.quote == '"' ? R"(""")" : "'''";
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (!spec && c == top.quote && (!top.triple || text_.substr(pos_, 3) == tripleQuote)) {
        pos_ += top.triple ? 3 : 1;
        pop();
        return false;
      }
      if (c == '\\') {
        pos_ += 2;
      } else if (c == '{' && !spec && text_.substr(pos_, 2) == "{{") {
        pos_ += 2;
      } else if (c == '{') {
        ++pos_;
        afterOperand_ = false;
        return push(Frame{Mode::Field});
      } else if (c == '}' && spec) {
        ++pos_;
        pop();  // the spec
        pop();  // its field
        return false;
      } else if (c == '\n' && (spec || !top.triple)) {
        pop();  // unterminated; the enclosing frames see the newline
        return false;
      } else {
        ++pos_;
      }
    }
    return false;
  }

  // Measures a logical line's indentation (tabs to multiples of 8, as Python's tokenizer does) and
  // tracks the indentation stack; blank and comment lines do not count.
  void indent() {
    atLineStart_ = false;
    uint32_t width = 0;
    size_t i = pos_;
    for (; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == ' ') {
        ++width;
      } else if (c == '\t') {
        width = (width / 8 + 1) * 8;
      } else if (c == '\f') {
        width = 0;
      } else {
        break;
      }
    }
    pos_ = i;
    if (i >= text_.size() || text_[i] == '\n' || text_[i] == '\r' || text_[i] == '#') return;
    while (indents_.size() > 1 && width < indents_.back()) indents_.pop_back();
    if (width > indents_.back()) indents_.push_back(width);
  }

  // An identifier, keyword, number or string prefix; true when the estimate passes the bound.
  bool word() {
    size_t begin = pos_;
    bool number = isDigit(text_[pos_]) || text_[pos_] == '.';
    std::string_view radix = text_.substr(begin, 2);
    bool hex = number && (radix == "0x" || radix == "0X");
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool afterE = pos_ > begin && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E');
      bool exponentSign = number && !hex && (c == '+' || c == '-') && afterE;
      if (!isIdentifierByte(static_cast<unsigned char>(c)) && !(number && c == '.') && !exponentSign) break;
      ++pos_;
    }
    std::string_view w = text_.substr(begin, pos_ - begin);
    if (!number && pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"') && isStringPrefix(w)) {
      return string(w.find_first_of("fF") != std::string_view::npos);
    }
    static constexpr std::array<std::string_view, 4> kLoose = {"not", "yield", "if", "else"};
    static constexpr std::array<std::string_view, 4> kInfix = {"and", "or", "in", "is"};
    static constexpr std::array<std::string_view, 10> kStatementStart = {
        "for", "from", "return", "assert", "del", "raise", "while", "with", "as", "elif"};
    auto among = [w](const auto& words) { return std::find(words.begin(), words.end(), w) != words.end(); };
    bool infix = afterOperand_;
    afterOperand_ = false;
    if (w == "await") return addTight();
    if (w == "lambda") {
      ++frames_.back().lambdas;
      return addLoose();
    }
    if (among(kLoose)) return addLoose();
    if (among(kInfix)) {
      if (infix) finishTight();
    } else if (!among(kStatementStart)) {
      afterOperand_ = true;  // a name or a number
    }
    return false;
  }

  // An operator token; true when the estimate passes the bound.
  bool op() {
    static constexpr std::array<std::string_view, 25> kOperators = {
        "**=", "//=", ">>=", "<<=", "...", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
        "->",  ":=",  "+=",  "-=",  "*=",  "/=", "%=", "&=", "|=", "^=", "@=", "<>"};
    std::string_view rest = text_.substr(pos_);
    std::string_view token = rest.substr(0, 1);
    for (std::string_view candidate : kOperators) {
      if (rest.substr(0, candidate.size()) == candidate) {
        token = candidate;
        break;
      }
    }
    pos_ += token.size();
    bool infix = afterOperand_;
    afterOperand_ = token == "...";  // Ellipsis is an operand
    if (token == "...") return false;
    bool comparison = token == "==" || token == "!=" || token == "<=" || token == ">=";
    if (token.back() == '=' && !comparison) return addLoose();  // assignments, `:=`
    if (token == "**") return addTight();  // right-associative, or a `**kwargs` prefix
    if (!infix) {
      if (token == "*") return addLoose();  // `*x` binds more loosely than any operator
      bool prefix = token == "-" || token == "+" || token == "~" || token == "@";
      return prefix && addTight();
    }
    if (token != ".") finishTight();
    return false;
  }

  std::string_view text_;
  std::vector<std::pair<size_t, size_t>>* comments_;
  size_t pos_ = 0;
  uint32_t commentRun_ = 0;
  uint32_t longestCommentRun_ = 0;
  uint32_t continuationRun_ = 0;
  bool atLineStart_ = true;
  bool afterOperand_ = false;
  std::vector<Frame> frames_{Frame{}};  // the logical line, then what is open in it
  std::vector<uint32_t> indents_{0};
  uint32_t open_ = 0;  // open frames (beyond the first) plus every frame's waiting operators
};

// What tree-sitter may be given for a file.
struct ParseInput {
  std::optional<ir::FrontendProblem> problem;  // set when the file must not be parsed
  std::optional<std::string> blanked;          // the text with comments blanked, when it needs that
};

ir::FrontendProblem tooDeep(std::string_view text, size_t offset) {
  return problemAt("nesting too deep for the parser: more than " + std::to_string(kMaxNestingEstimate) +
                       " brackets, operators, blocks or line continuations open at once",
                   byteSpan(text, offset));
}

uint64_t parseBudgetMicros(std::string_view text) {
  return kParseMicrosBase + kParseMicrosPerMegabyte * text.size() / 1'000'000;
}

// Guards tree-sitter against the inputs that crash it: files too large or too deep to parse are
// refused, and long comment runs blanked.
ParseInput prepareForTreeSitter(std::string_view text) {
  ParseInput input;
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    std::string size = std::to_string(text.size());
    input.problem = problemAt("file too large (" + size + " bytes; the parser handles under 4 GiB)", {});
    return input;
  }
  NestingEstimator estimator(text);
  if (size_t deep = estimator.firstExcess(); deep != std::string_view::npos) {
    input.problem = tooDeep(text, deep);
  } else if (estimator.longestCommentRun() > kMaxCommentRun) {
    std::vector<std::pair<size_t, size_t>> comments;
    NestingEstimator(text, &comments).firstExcess();
    std::string& blanked = input.blanked.emplace(text);
    for (auto [begin, end] : comments) std::fill(blanked.begin() + begin, blanked.begin() + end, ' ');
  }
  return input;
}

// Problems that stop a file before parsing: binary, not UTF-8.
std::optional<ir::FrontendProblem> screenEncoding(std::string_view text) {
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return problemAt("binary file (NUL byte at offset " + std::to_string(nul) + ")", byteSpan(text, nul),
                     ir::ProblemKind::Binary);
  }
  if (size_t bad = firstInvalidUtf8(text); bad != std::string_view::npos) {
    Span span = byteSpan(text, bad);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    return problemAt("file is not valid UTF-8 (byte " + std::string(byte) + " at " + std::to_string(span.begin.line) +
                         ":" + std::to_string(span.begin.column) + ")",
                     span, ir::ProblemKind::NotUtf8);
  }
  return std::nullopt;
}

// ---- the grammar's node kinds and fields -----------------------------------------------------------

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

// Field ids, resolved once by name.
struct Fields {
  TSFieldId alias, alternative, argument, arguments, attribute, body, cause, condition, consequence,
      definition, expression, formatSpecifier, function, key, left, moduleName, name, object, operators, op,
      parameters, right, subscript, superclasses, type, value;
};

// Symbol-indexed kinds and the field ids of the python grammar, built once per process.
class Grammar {
 public:
  explicit Grammar(const TSLanguage* language) {
    std::unordered_map<std::string_view, Kind> named, anonymous;
    for (const KindName& entry : kKindNames) (entry.named ? named : anonymous).emplace(entry.name, entry.kind);
    uint32_t count = ts_language_symbol_count(language);
    kinds_.assign(count, Kind::Other);
    for (uint32_t symbol = 0; symbol < count; ++symbol) {
      auto id = static_cast<TSSymbol>(symbol);
      const char* name = ts_language_symbol_name(language, id);
      if (name == nullptr) continue;
      auto& table = ts_language_symbol_type(language, id) == TSSymbolTypeRegular ? named : anonymous;
      if (auto found = table.find(name); found != table.end()) kinds_[symbol] = found->second;
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

  Kind kindOf(TSNode node) const {
    TSSymbol symbol = ts_node_symbol(node);
    if (symbol < kinds_.size()) return kinds_[symbol];
    // ERROR's symbol (65535) lies outside the grammar's table.
    return std::strcmp(ts_node_type(node), "ERROR") == 0 ? Kind::Error : Kind::Other;
  }

  Fields fields{};

 private:
  std::vector<Kind> kinds_;
};

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

// ---- string literals ------------------------------------------------------------------------------

struct StringPrefix {
  bool raw = false, bytes = false, formatted = false;
};

StringPrefix prefixOf(std::string_view stringStart) {
  StringPrefix prefix;
  for (char c : stringStart) {
    if (c == 'r' || c == 'R') prefix.raw = true;
    if (c == 'b' || c == 'B') prefix.bytes = true;
    if (c == 'f' || c == 'F') prefix.formatted = true;
  }
  return prefix;
}

void appendUtf8(std::string& out, uint32_t codePoint) {
  if (codePoint < 0x80) {
    out += static_cast<char>(codePoint);
  } else if (codePoint < 0x800) {
    out += static_cast<char>(0xC0 | (codePoint >> 6));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  } else if (codePoint < 0x10000) {
    out += static_cast<char>(0xE0 | (codePoint >> 12));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (codePoint >> 18));
    out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (codePoint & 0x3F));
  }
}

// Reads `digits` hex digits at the start of `text`; nullopt if there are fewer.
std::optional<uint32_t> parseHex(std::string_view text, size_t digits) {
  if (text.size() < digits) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[i];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value * 16 + digit;
  }
  return value;
}

// Decodes the escape sequence at the start of `text` (which begins with a backslash) into `out`
// and returns how many bytes it used. Unknown escapes keep their backslash, as Python does.
size_t decodeEscape(std::string& out, std::string_view text, bool bytes) {
  auto emit = [&](uint32_t value) {
    if (bytes) {
      out += static_cast<char>(value & 0xFF);
    } else {
      appendUtf8(out, value);
    }
  };
  char e = text[1];
  switch (e) {
    case '\n': return 2;  // backslash-newline continues the literal on the next line
    case '\r': return text.size() > 2 && text[2] == '\n' ? 3 : 2;
    case '\\': case '\'': case '"': out += e; return 2;
    case 'a': out += '\a'; return 2;
    case 'b': out += '\b'; return 2;
    case 'f': out += '\f'; return 2;
    case 'n': out += '\n'; return 2;
    case 'r': out += '\r'; return 2;
    case 't': out += '\t'; return 2;
    case 'v': out += '\v'; return 2;
    case 'x':
      if (auto value = parseHex(text.substr(2), 2)) {
        emit(*value);
        return 4;
      }
      break;
    case 'u': case 'U': {
      size_t digits = e == 'u' ? 4 : 8;
      auto value = parseHex(text.substr(2), digits);
      if (!bytes && value && *value <= 0x10FFFF) {
        appendUtf8(out, *value);
        return 2 + digits;
      }
      break;
    }
    case 'N':
      // \N{NAME} needs Unicode's name table; the name is kept as written.
      if (!bytes) {
        size_t close = text.find('}');
        if (close != std::string_view::npos) {
          out.append(text.substr(0, close + 1));
          return close + 1;
        }
      }
      break;
    default:
      if (e >= '0' && e <= '7') {
        uint32_t value = 0;
        size_t used = 1;
        while (used <= 3 && used < text.size() && text[used] >= '0' && text[used] <= '7') {
          value = value * 8 + static_cast<uint32_t>(text[used] - '0');
          ++used;
        }
        emit(value);
        return used;
      }
  }
  out += '\\';
  return 1;
}

// Appends the value of literal source text: newlines normalized as Python reads source, escapes
// decoded unless raw, and `{{`/`}}` halved in f-strings.
void appendLiteral(std::string& out, std::string_view raw, StringPrefix prefix) {
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '\r') {
      out += '\n';
      i += i + 1 < raw.size() && raw[i + 1] == '\n' ? 2 : 1;
    } else if (prefix.formatted && (c == '{' || c == '}') && i + 1 < raw.size() && raw[i + 1] == c) {
      out += c;
      i += 2;
    } else if (c == '\\' && !prefix.raw && i + 1 < raw.size()) {
      i += decodeEscape(out, raw.substr(i), prefix.bytes);
    } else {
      out += c;
      ++i;
    }
  }
}

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

template <class Node>
ir::ExprPtr makeExpr(Span span, Node node) {
  return std::make_unique<ir::Expr>(ir::Expr{span, std::move(node)});
}

template <class Node>
ir::StmtPtr makeStmt(Span span, Node node) {
  return std::make_unique<ir::Stmt>(ir::Stmt{span, std::move(node)});
}

// ---- lowering -------------------------------------------------------------------------------------

struct Child {
  TSNode node;
  TSFieldId field;
  Kind kind;
  bool named;
};

// An operand: a named child that is not an ERROR node (those are reported once for the file).
bool isOperand(const Child& child) { return child.named && child.kind != Kind::Error; }

enum class ScopeKind { Module, Class, Function };
struct Scope {
  ScopeKind kind;
  ir::ClassDef* classDef = nullptr;  // for Class
};

class Lowerer {
 public:
  Lowerer(const Grammar& grammar, std::string_view source, TSNode root, ir::Module& module)
      : grammar_(grammar), fields_(grammar.fields), source_(source), root_(root), cursor_(root), module_(module) {}

  void lowerModule() {
    reportFirstSyntaxError();
    statements(root_, Scope{ScopeKind::Module}, module_.topLevel);
  }

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
      // An ERROR node's children have no fields, and may hang from a deep chain of hidden nodes
      // that tree-sitter's field lookup climbs for every child: skip it there.
      bool hasFields = lowerer.kindOf(parent) != Kind::Error;
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

  void report(std::string message, Span span) { problems_.push_back(problemAt(std::move(message), span)); }

  // One problem for the whole file: the deeper code is summarized, not each place.
  void reportTooDeep(TSNode node) {
    if (reportedTooDeep_) return;
    reportedTooDeep_ = true;
    report("nesting too deep: code nested more than " + std::to_string(kMaxNesting) + " levels is not analyzed",
           ts::nodeSpan(node));
  }

  // ---- syntax errors ----

  // Reports the first ERROR or MISSING node in document order. Only subtrees that contain an error
  // are entered, iteratively, so deep trees cost neither stack nor time.
  void reportFirstSyntaxError() {
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

  void reportSyntaxError(TSNode node) {
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

  void statements(TSNode parent, Scope scope, ir::Block& out) {
    Children children(*this, parent);
    for (const Child& child : children) {
      if (child.named || child.kind == Kind::Error) statement(child.node, child.kind, scope, out);
    }
  }

  // The statements of a suite (a `block` node); missing suites (error recovery) lower to nothing.
  ir::Block suite(const Child* block, Scope scope) {
    ir::Block out;
    if (block) statements(block->node, scope, out);
    return out;
  }

  // True, after leaving an OpaqueStmt in `out`, when a statement at `node` would pass kMaxNesting.
  bool stoppedTooDeep(TSNode node, Span span, ir::Block& out) {
    if (depth_ < kMaxNesting) return false;
    reportTooDeep(node);
    out.push_back(makeStmt(span, ir::OpaqueStmt{"nesting too deep"}));
    return true;
  }

  void statement(TSNode node, Kind kind, Scope scope, ir::Block& out) {
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

  void expressionStatement(TSNode node, Span span, ir::Block& out, Scope scope) {
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

  // `a = b = value` nests assignments to the right; walked iteratively into one Assign.
  void assignment(TSNode node, Span span, ir::Block& out, Scope scope) {
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

  ir::StmtPtr deleteStatement(TSNode node, Span span) {
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

  ir::StmtPtr ifStatement(TSNode node, Span span, Scope scope) {
    Children children(*this, node);
    std::vector<const Child*> alternatives;
    for (const Child& child : children) {
      if (child.field == fields_.alternative) alternatives.push_back(&child);
    }
    const Child* condition = children.field(fields_.condition);
    // `if TYPE_CHECKING:` never runs: its imports (often star imports of a whole package, as in
    // transformers' __init__) are not the module's, and its body lowers to nothing.
    bool typeCheckingOnly = condition && isTypeCheckingFlag(text(condition->node));
    ir::If result{required(condition, node), typeCheckingOnly ? ir::Block{} : suite(children.field(fields_.consequence), scope),
                  elseChain(alternatives, 0, node, scope)};
    return makeStmt(span, std::move(result));
  }

  static bool isTypeCheckingFlag(std::string_view condition) {
    return condition == "TYPE_CHECKING" || condition == "typing.TYPE_CHECKING";
  }

  // The orElse of an if from its `index`-th alternative on: `elif` becomes a nested If (spanning
  // from `elif` to the end of the whole statement, as in Python's ast), `else` its body.
  ir::Block elseChain(const std::vector<const Child*>& alternatives, size_t index, TSNode ifNode, Scope scope) {
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

  // The body of an `else:` clause given as the `alternative` field; empty without one.
  ir::Block elseBody(const Children& children, Scope scope) {
    const Child* alternative = children.field(fields_.alternative);
    if (!alternative) return {};
    Children clause(*this, alternative->node);
    return suite(clause.field(fields_.body), scope);
  }

  ir::StmtPtr forStatement(TSNode node, Span span, Scope scope) {
    Children children(*this, node);
    if (children.has(Kind::Async)) return makeStmt(span, ir::OpaqueStmt{"async for loop"});
    ir::For result{required(children.field(fields_.left), node), required(children.field(fields_.right), node),
                   suite(children.field(fields_.body), scope), elseBody(children, scope)};
    return makeStmt(span, std::move(result));
  }

  ir::StmtPtr whileStatement(TSNode node, Span span, Scope scope) {
    Children children(*this, node);
    ir::While result{required(children.field(fields_.condition), node), suite(children.field(fields_.body), scope),
                     elseBody(children, scope)};
    return makeStmt(span, std::move(result));
  }

  ir::StmtPtr tryStatement(TSNode node, Span span, Scope scope) {
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

  // `except E`, `except (A, B) as e`, `except* E as g` (which tree-sitter may also parse as an
  // except_clause over a starred `*E`), and Python 2's `except E, e`.
  ir::ExceptHandler handler(const Child& clause, Scope scope) {
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

  ir::StmtPtr withStatement(TSNode node, Span span, Scope scope) {
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

  void decorated(TSNode node, Span span, Scope scope, ir::Block& out) {
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

  // Places a function by scope: a module function, a method, or a LocalFunction statement.
  void define(std::shared_ptr<ir::FunctionDef> function, Span span, Scope scope, ir::Block& out) {
    switch (scope.kind) {
      case ScopeKind::Module: module_.functions.push_back(std::move(function)); return;
      case ScopeKind::Class: scope.classDef->methods.push_back(std::move(function)); return;
      case ScopeKind::Function: out.push_back(makeStmt(span, ir::LocalFunction{std::move(function)})); return;
    }
  }

  std::shared_ptr<ir::FunctionDef> function(TSNode node, std::vector<ir::ExprPtr> decorators) {
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

  void parameterList(TSNode node, ir::FunctionDef& function) {
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

  void defineClass(TSNode node, std::vector<ir::ExprPtr> decorators, Span span, Scope scope, ir::Block& out) {
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

  void importStatement(TSNode node, Kind kind) {
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

  // `a . b` is legal Python: join the identifiers rather than copy the text.
  std::string dottedName(TSNode node) {
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

  std::string relativeName(TSNode node) {
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

  // ---- expressions ----

  ir::ExprPtr expr(TSNode node) {
    if (depth_ >= kMaxNesting) {
      reportTooDeep(node);
      return makeExpr(ts::nodeSpan(node), ir::Opaque{"nesting too deep"});
    }
    DepthGuard guard(depth_);
    return exprAtDepth(node);
  }

  // A child the syntax requires; error recovery can drop it, so absence is an Opaque syntax error
  // at the parent rather than a null the interpreter would trip on.
  ir::ExprPtr required(const Child* child, TSNode parent) { return child ? expr(child->node) : missing(parent); }

  ir::ExprPtr missing(TSNode parent) { return makeExpr(ts::nodeSpan(parent), ir::Opaque{"syntax error"}); }

  ir::ExprPtr exprAtDepth(TSNode node) {
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

  // The operand of `*x` / `**x`.
  ir::ExprPtr starredValue(TSNode node) {
    Children children(*this, node);
    return required(children.operand(0), node);
  }

  // Parentheses are transparent; unwrapped in a loop so `((((x))))` costs no recursion.
  ir::ExprPtr parenthesized(TSNode node) {
    TSNode inner = node;
    while (kindOf(inner) == Kind::ParenthesizedExpression) {
      Children children(*this, inner);
      const Child* operand = children.operand(0);
      if (!operand) return missing(inner);
      inner = operand->node;
    }
    return exprAtDepth(inner);
  }

  ir::ExprPtr sequence(TSNode node, Span span, ir::SequenceKind kind) {
    Children children(*this, node);
    ir::Sequence result{kind, {}};
    for (const Child& child : children) {
      if (isOperand(child)) result.elements.push_back(expr(child.node));
    }
    return makeExpr(span, std::move(result));
  }

  // `for _, (name) in ...`: tree-sitter reads a parenthesized target as a tuple pattern; without a
  // comma it is the name itself, as in Python.
  ir::ExprPtr tuplePattern(TSNode node, Span span) {
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

  ir::ExprPtr dictionary(TSNode node, Span span) {
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

  // `x[i]`; several indices (`x[:, 0]`, `x[i,]`) form a Tuple spanning them.
  ir::ExprPtr subscript(TSNode node, Span span) {
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

  // `lower:upper:step`, each part optional: a part's slot is the number of colons before it.
  ir::ExprPtr slice(TSNode node, Span span) {
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

  ir::ExprPtr call(TSNode node, Span span) {
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

  // `a and b and c` is left-nested in the tree; its same-operator left spine is walked iteratively
  // into one flat BoolOp, as Python's ast does. Parenthesized operands stay nested.
  ir::ExprPtr booleanOperator(TSNode node, Span span) {
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

  ir::ExprPtr comparison(TSNode node, Span span) {
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

  ir::ExprPtr lambda(TSNode node, Span span) {
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

  ir::ExprPtr comprehension(TSNode node, Span span, ir::ComprehensionKind kind) {
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
  struct StringBuilder {
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

  ir::ExprPtr stringLiteral(TSNode node, Kind kind, Span span) {
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

  void stringPiece(TSNode node, StringBuilder& builder, bool first) {
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

  // `{expr!r:spec}`: the expression, then any expressions nested in the format spec.
  void interpolation(TSNode node, std::vector<ir::ExprPtr>& parts) {
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

}  // namespace

ir::ParseResult parsePython(SourceFilePtr file) {
  ir::ParseResult result;
  try {
    if (!file) {
      result.problems.push_back(problemAt("no source file", {}));
      return result;
    }
    std::string_view text = file->text;
    if (auto problem = screenEncoding(text)) {
      result.problems.push_back(std::move(*problem));
      return result;
    }
    ParseInput input = prepareForTreeSitter(text);
    if (input.problem) {
      result.problems.push_back(std::move(*input.problem));
      return result;
    }
    auto parser = ts::TsParser::create();
    if (!parser) {
      std::string abi = std::to_string(ts_language_version(tree_sitter_python()));
      result.problems.push_back(problemAt("tree-sitter refused the python grammar (grammar ABI " + abi +
                                              ", runtime accepts " +
                                              std::to_string(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION) + "-" +
                                              std::to_string(TREE_SITTER_LANGUAGE_VERSION) + ")",
                                          {}));
      return result;
    }
    uint64_t budget = parseBudgetMicros(text);
    ts::TsTree tree = parser->parse(input.blanked ? std::string_view(*input.blanked) : text, budget);
    if (!tree) {
      std::string seconds = std::to_string(budget / 1'000'000);
      result.problems.push_back(
          problemAt("parsing gave up after " + seconds + " s (tree-sitter's error recovery is too slow here)", {}));
      return result;
    }
    ir::Module module;
    module.source = file;
    Lowerer lowerer(pythonGrammar(), text, ts_tree_root_node(tree.get()), module);
    lowerer.lowerModule();
    result.problems = lowerer.takeProblems();
    result.module = std::move(module);
  } catch (const std::bad_alloc&) {
    result = {};
    result.problems.push_back(problemAt("out of memory while parsing", {}));
  } catch (const std::exception& error) {
    result = {};
    result.problems.push_back(problemAt(std::string("internal error in the python front-end: ") + error.what(), {}));
  }
  return result;
}

bool parsePythonTreeOnly(const std::string& text) {
  // The guard stays: without it some inputs crash tree-sitter itself.
  ParseInput input = prepareForTreeSitter(text);
  if (input.problem) return false;
  auto parser = ts::TsParser::create();
  std::string_view parsed = input.blanked ? std::string_view(*input.blanked) : text;
  return parser && parser->parse(parsed, parseBudgetMicros(text)) != nullptr;
}

}  // namespace fxlint
