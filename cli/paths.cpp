// Path display relative to the current directory.
#include "paths.h"

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

}  // namespace fxlint
