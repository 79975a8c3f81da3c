// How paths are shown: relative to the current directory when they lie below it, as a user typed them.
#pragma once

#include <optional>
#include <string>

namespace fxlint {

// `path` relative to the current directory with '/' separators, or nullopt when it lies outside it.
std::optional<std::string> relativeToCurrentDirectory(const std::string& path);

// The relative form when there is one, else the absolute normalized path.
std::string displayPath(const std::string& path);

}  // namespace fxlint
