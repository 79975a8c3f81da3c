// How paths are shown: relative to the current directory when they lie below it, as a user typed them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fxlint {

// `path` relative to the current directory with '/' separators, or nullopt when it lies outside it.
std::optional<std::string> relativeToCurrentDirectory(const std::string& path);

// The relative form when there is one, else the absolute normalized path.
std::string displayPath(const std::string& path);

// URIs are RFC 3986 references: characters outside the unreserved set and '/' are percent-encoded.
std::string encodeUriPath(std::string_view path);

// The path a `file:` URI names (percent-decoded), or nullopt for another scheme or a remote host.
std::optional<std::string> pathFromFileUri(std::string_view uri);

}  // namespace fxlint
