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
namespace {

std::string writeAll(int fd, std::string_view content) {
  for (size_t written = 0; written < content.size();) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::strerror(errno);
    }
    written += size_t(n);
  }
  return "";
}

std::string writeInPlace(const std::string& path, std::string_view content) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  std::string error = writeAll(fd, content);
  if (close(fd) != 0 && error.empty()) error = std::strerror(errno);
  return error;
}

}  // namespace

std::string writeFileAtomically(const std::string& path, std::string_view content, bool durable) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  fs::file_status status = fs::status(target, ec);
  if (fs::is_directory(status)) return "is a directory";
  // A device, pipe or socket (`--output /dev/stdout`, `/dev/null`) is written in place: renaming a file
  // over it would replace the device node, and a stream has no old content to keep.
  if (fs::exists(status) && !fs::is_regular_file(status)) return writeInPlace(path, content);
  // Through a symlink the file it points to is replaced, not the link.
  if (fs::is_symlink(fs::symlink_status(target, ec))) {
    fs::path resolved = fs::canonical(target, ec);
    if (!ec) target = resolved;
  }
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
  if (std::string error = writeAll(fd, content); !error.empty()) {
    close(fd);
    unlink(temporary.c_str());
    return error;
  }
  if (durable && fsync(fd) != 0) return fail(errno);
  if (close(fd) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    return std::strerror(error);
  }
  if (rename(temporary.c_str(), target.c_str()) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    return std::strerror(error);
  }
  return "";
}

}  // namespace fxlint
