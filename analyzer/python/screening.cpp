// Screening for the Python front-end: the NUL and UTF-8 checks, and the estimate of tree-sitter's
// parse-stack depth (NestingEstimator) that keeps crashing or stalling inputs away from the parser.
// Parsing is left to python_frontend.cpp.
#include "screening.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <vector>

namespace fxlint::python {
namespace {

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

ir::FrontendProblem tooDeep(std::string_view text, size_t offset) {
  return problemAt("nesting too deep for the parser: more than " + std::to_string(kMaxNestingEstimate) +
                       " brackets, operators, blocks or line continuations open at once",
                   byteSpan(text, offset));
}

}  // namespace

uint64_t parseBudgetMicros(std::string_view text) {
  return kParseMicrosBase + kParseMicrosPerMegabyte * text.size() / 1'000'000;
}

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

}  // namespace fxlint::python
