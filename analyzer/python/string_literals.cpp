// Decoding of Python string literal text into values: escape sequences, newlines, `{{`/`}}` in f-strings.
// Which parts of a literal are text is decided by the Lowerer.
#include "string_literals.h"

#include <cstdint>
#include <optional>

namespace fxlint::python {

StringPrefix prefixOf(std::string_view stringStart) {
  StringPrefix prefix;
  for (char c : stringStart) {
    if (c == 'r' || c == 'R') prefix.raw = true;
    if (c == 'b' || c == 'B') prefix.bytes = true;
    if (c == 'f' || c == 'F') prefix.formatted = true;
  }
  return prefix;
}

namespace {

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

}  // namespace

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

}  // namespace fxlint::python
