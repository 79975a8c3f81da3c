// Path display relative to the current directory.
#include "paths.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace fxlint {
namespace fs = std::filesystem;

std::optional<std::string> relativeToCurrentDirectory(const std::string& path) {
  std::error_code ec;
  fs::path current = fs::current_path(ec);
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (ec) return std::nullopt;
  // Lexical, not canonical: a path through a symlink keeps the name the user gave it.
  fs::path relative = absolute.lexically_relative(current);
  if (relative.empty() || *relative.begin() == "..") return std::nullopt;
  return relative.generic_string();
}

std::string displayPath(const std::string& path) {
  if (auto relative = relativeToCurrentDirectory(path)) return *relative;
  std::error_code ec;
  return fs::absolute(path, ec).lexically_normal().generic_string();
}

std::string encodeUriPath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += char(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

std::optional<std::string> pathFromFileUri(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size() || !std::equal(kScheme.begin(), kScheme.end(), uri.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      }))
    return std::nullopt;
  std::string_view rest = uri.substr(kScheme.size());
  if (rest.starts_with("localhost/")) rest.remove_prefix(std::string_view("localhost").size());
  if (!rest.starts_with("/")) return std::nullopt;  // file://host/...: not this machine's file system
  auto hexValue = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    c = char(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '?' || rest[i] == '#') break;
    if (rest[i] == '%' && i + 2 < rest.size() && hexValue(rest[i + 1]) >= 0 && hexValue(rest[i + 2]) >= 0) {
      path += char(hexValue(rest[i + 1]) * 16 + hexValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

}  // namespace fxlint
