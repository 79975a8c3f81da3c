// Atomic file replacement with POSIX calls: mkstemp, write, fsync, rename.
#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace fxlint {

std::string writeFileAtomically(const std::string& path, std::string_view content, bool durable) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) return "is a directory";
  // Same directory as the target: rename(2) is atomic only within one file system.
  fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string pattern = (directory / ("." + target.filename().string() + ".fxlint-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return std::strerror(errno);
  std::string temporary(name.data());
  auto fail = [&](int error) {
    close(fd);
    unlink(temporary.c_str());
    return std::string(std::strerror(error));
  };
  // mkstemp creates the file 0600; an output file gets the usual 0666 less the umask. umask can only be
  // read by setting it, which would race with other writing threads: it is read once.
  static const mode_t mask = [] {
    mode_t current = umask(0);
    umask(current);
    return current;
  }();
  if (fchmod(fd, 0666 & ~mask) != 0) return fail(errno);
  for (size_t written = 0; written < content.size();) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    written += size_t(n);
  }
  if (durable && fsync(fd) != 0) return fail(errno);
  if (close(fd) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    return std::strerror(error);
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    return std::strerror(error);
  }
  return "";
}

}  // namespace fxlint
