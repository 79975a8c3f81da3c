// Which paths the C++ front-end reads; shared by the real front-end and the stub built without clang.
#include <array>

#include "fxlint/cpp_frontend.h"

namespace fxlint {

bool isCppSourcePath(std::string_view path) {
  static constexpr std::array<std::string_view, 5> kExtensions = {".cpp", ".cc", ".cxx", ".h", ".hpp"};
  for (std::string_view ext : kExtensions)
    if (path.size() > ext.size() && path.ends_with(ext)) return true;
  return false;
}

}  // namespace fxlint
