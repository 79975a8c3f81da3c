// The installation of a pip-installed fxlint: the interpreter is found beside the executable (a venv's
// bin/ holds both), and the package directory is asked of that interpreter, because where it put
// site-packages (venv, --user, a distribution's dist-packages) is the interpreter's business.
#include "fxlint/install_layout.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

extern char** environ;

namespace fxlint::install_layout {

namespace {

namespace fs = std::filesystem;

// The interpreter that installed this executable: beside it in a venv or prefix (pipx's symlink
// resolved), else the first python3 on PATH (a --user install puts scripts in ~/.local/bin).
std::string findPython() {
  std::error_code error;
  fs::path exe = fs::canonical("/proc/self/exe", error);
  if (!error) {
    for (const char* name : {"python3", "python"}) {
      fs::path candidate = exe.parent_path() / name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return "python3";
}

// Prints the package's directory, then torch's include directory or an empty line (torch is found, not
// imported: that would take seconds). The script's own directory ('' for -c) is dropped from sys.path
// so that a folder named fxlint where the user stands cannot shadow the installed package.
constexpr const char* kFindPackage =
    "import sys; del sys.path[0]; import os, importlib.util, fxlint; "
    "print(os.path.dirname(os.path.abspath(fxlint.__file__))); torch = importlib.util.find_spec('torch'); "
    "print(os.path.join(torch.submodule_search_locations[0], 'include') if torch else '')";

Installation findInstallation() {
  Installation found;
  found.python = findPython();
  int status = 0;
  std::string output = runAndCapture({found.python, "-c", kFindPackage}, status);
  std::vector<std::string> lines;
  for (size_t begin = 0, end; begin < output.size(); begin = end + 1) {
    end = output.find('\n', begin);
    if (end == std::string::npos) end = output.size();
    lines.push_back(output.substr(begin, end - begin));
  }
  // The last two lines: whatever the interpreter's start-up printed before them (a warning) is not ours.
  if (status == 0 && lines.size() >= 2 && !lines[lines.size() - 2].empty()) {
    found.packageDir = lines[lines.size() - 2];
    const std::string& torch = lines.back();
    std::error_code error;
    if (!torch.empty() && fs::is_directory(torch, error))
      found.torchIncludeDirs = {torch, (fs::path(torch) / "torch" / "csrc" / "api" / "include").string()};
  } else if (status == -1) {
    found.error = "cannot run " + found.python + ": " + output;
  } else {
    found.error = found.python + " cannot import the fxlint package installed with this executable (" +
                  (lines.empty() ? "no output" : lines.back()) + "); reinstall it with that interpreter: " +
                  found.python + " -m pip install fxlint";
  }
  return found;
}

}  // namespace

const Installation& installation() {
  static const Installation found = findInstallation();
  return found;
}

std::string nativeModulePath(const std::string& name, std::string& error) {
  const Installation& found = installation();
  if (found.packageDir.empty()) {
    error = found.error;
    return "";
  }
  fs::path path = fs::path(found.packageDir) / "_native" / name;
  if (!fs::exists(path)) {
    error = path.string() + " is missing: the fxlint installation is incomplete; reinstall it";
    return "";
  }
  return path.string();
}

std::string runAndCapture(const std::vector<std::string>& argv, int& status) {
  status = -1;
  int pipeFds[2];
  if (pipe2(pipeFds, O_CLOEXEC) != 0) return std::strerror(errno);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipeFds[1]);
  std::string output;
  if (spawned != 0) {
    close(pipeFds[0]);
    return std::strerror(spawned);
  }
  char buffer[4096];
  for (ssize_t n; (n = read(pipeFds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    output.append(buffer, size_t(n));
  }
  close(pipeFds[0]);
  int waited = 0;
  while (waitpid(pid, &waited, 0) < 0 && errno == EINTR) {
  }
  status = WIFEXITED(waited) ? WEXITSTATUS(waited) : 128 + WTERMSIG(waited);
  return output;
}

}  // namespace fxlint::install_layout
