// Python str methods on known strings, ASCII case rules (identifiers and layer names are ASCII).
#include "interp/string_methods.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <regex>

namespace fxlint::interp {

namespace {

std::optional<std::string> knownText(const std::vector<ValuePtr>& args, size_t i) {
  if (i >= args.size() || args[i]->literalKind != ir::ConstantKind::String || args[i]->mayBeNone) return std::nullopt;
  return args[i]->literal;
}

std::optional<long long> knownInt(const std::vector<ValuePtr>& args, size_t i) {
  if (i >= args.size() || args[i]->literalKind != ir::ConstantKind::Int || args[i]->mayBeNone) return std::nullopt;
  return args[i]->intValue;
}

std::string mapChars(std::string text, int (*f)(int)) {
  for (char& c : text) c = char(f(static_cast<unsigned char>(c)));
  return text;
}

const char* kWhitespace = " \t\n\r\f\v";

std::string strip(const std::string& text, const std::string& chars, bool left, bool right) {
  size_t begin = left ? text.find_first_not_of(chars) : 0;
  if (begin == std::string::npos) return "";
  size_t end = right ? text.find_last_not_of(chars) : text.size() - 1;
  return text.substr(begin, end - begin + 1);
}

// str.split(sep, maxsplit); without sep, runs of whitespace separate and empty parts drop.
std::vector<std::string> split(const std::string& text, const std::optional<std::string>& sep, long long maxsplit) {
  std::vector<std::string> parts;
  if (!sep) {
    size_t i = 0;
    while (true) {
      i = text.find_first_not_of(kWhitespace, i);
      if (i == std::string::npos) break;
      if (maxsplit >= 0 && (long long)parts.size() == maxsplit) {
        parts.push_back(strip(text.substr(i), kWhitespace, false, true));
        break;
      }
      size_t end = text.find_first_of(kWhitespace, i);
      parts.push_back(text.substr(i, end == std::string::npos ? std::string::npos : end - i));
      if (end == std::string::npos) break;
      i = end;
    }
    return parts;
  }
  size_t start = 0;
  while (maxsplit < 0 || (long long)parts.size() < maxsplit) {
    size_t found = text.find(*sep, start);
    if (found == std::string::npos) break;
    parts.push_back(text.substr(start, found - start));
    start = found + sep->size();
  }
  parts.push_back(text.substr(start));
  return parts;
}

ValuePtr stringList(const std::vector<std::string>& parts) {
  std::vector<ValuePtr> elements;
  for (const auto& part : parts) elements.push_back(makeString(part));
  return makeSequence(ir::SequenceKind::List, std::move(elements));
}

}  // namespace

ValuePtr knownStringMethod(const std::string& text, std::string_view method, const std::vector<ValuePtr>& args) {
  if (method == "lower" || method == "casefold") return makeString(mapChars(text, ::tolower));
  if (method == "upper") return makeString(mapChars(text, ::toupper));
  if (method == "capitalize") {
    std::string out = mapChars(text, ::tolower);
    if (!out.empty()) out[0] = char(std::toupper(static_cast<unsigned char>(out[0])));
    return makeString(out);
  }
  if (method == "strip" || method == "lstrip" || method == "rstrip") {
    std::string chars = kWhitespace;
    if (!args.empty()) {
      auto given = knownText(args, 0);
      if (!given) return nullptr;
      chars = *given;
    }
    return makeString(strip(text, chars, method != "rstrip", method != "lstrip"));
  }
  if (method == "replace") {
    auto from = knownText(args, 0), to = knownText(args, 1);
    if (!from || !to || args.size() > 2 || from->empty()) return nullptr;
    std::string out;
    size_t start = 0;
    for (size_t found; (found = text.find(*from, start)) != std::string::npos; start = found + from->size())
      out += text.substr(start, found - start) + *to;
    return makeString(out + text.substr(start));
  }
  if (method == "startswith" || method == "endswith") {
    auto affix = knownText(args, 0);
    if (!affix || args.size() > 1) return nullptr;
    bool match = method == "startswith" ? text.starts_with(*affix) : text.ends_with(*affix);
    return makeBool(match);
  }
  if (method == "split" || method == "rsplit") {
    std::optional<std::string> sep;
    if (!args.empty() && !args[0]->isNone()) {
      sep = knownText(args, 0);
      if (!sep || sep->empty()) return nullptr;
    }
    long long maxsplit = -1;
    if (args.size() > 1) {
      auto given = knownInt(args, 1);
      if (!given) return nullptr;
      maxsplit = *given;
    }
    // rsplit differs from split only when maxsplit stops it early.
    if (method == "rsplit" && maxsplit >= 0) return nullptr;
    return stringList(split(text, sep, maxsplit));
  }
  if (method == "join" && args.size() == 1) {
    const Value& parts = *args[0];
    if (parts.kind != ValueKind::Sequence || !parts.exactLength) return nullptr;
    std::string out;
    for (size_t i = 0; i < parts.elements.size(); ++i) {
      const Value& part = *parts.elements[i];
      if (part.literalKind != ir::ConstantKind::String || part.mayBeNone) return nullptr;
      out += (i ? text : "") + part.literal;
    }
    return makeString(out);
  }
  if (method == "isdigit" || method == "isalpha" || method == "isalnum") {
    int (*test)(int) = method == "isdigit" ? ::isdigit : method == "isalpha" ? ::isalpha : ::isalnum;
    bool all = !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) { return test(static_cast<unsigned char>(c)); });
    return makeBool(all);
  }
  if (method == "find" || method == "index" || method == "count") {
    auto needle = knownText(args, 0);
    if (!needle || args.size() > 1) return nullptr;
    if (method == "count") {
      if (needle->empty()) return makeInt((long long)text.size() + 1);
      long long n = 0;
      for (size_t at = text.find(*needle); at != std::string::npos; at = text.find(*needle, at + needle->size())) ++n;
      return makeInt(n);
    }
    size_t at = text.find(*needle);
    if (at == std::string::npos) return method == "find" ? makeInt(-1) : nullptr;  // index raises
    return makeInt((long long)at);
  }
  return nullptr;
}

std::optional<bool> knownRegexMatch(std::string_view function, const std::string& pattern, const std::string& text) {
  for (std::string_view differs : {"(?P", "(?<", "(?#", "(?i", "(?m", "(?s", "(?x", "(?a", "(?u", "(?L", "\\A", "\\Z",
                                   "*+", "++", "?+", "}+", "(?>", "[[", "\\u", "\\U", "\\N", "\\x"})
    if (pattern.find(differs) != std::string::npos) return std::nullopt;
  if (pattern.size() > 512 || text.size() > 4096) return std::nullopt;
  try {
    std::regex compiled(pattern, std::regex::ECMAScript);
    if (function == "re.fullmatch") return std::regex_match(text, compiled);
    if (function == "re.match") return std::regex_search(text, compiled, std::regex_constants::match_continuous);
    if (function == "re.search") return std::regex_search(text, compiled);
  } catch (const std::regex_error&) {
  }
  return std::nullopt;
}

}  // namespace fxlint::interp
