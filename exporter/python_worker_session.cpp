// The wheel's PythonSession: the installation's own Python (the venv fxlint was pip-installed into) runs
// fxlint/export_worker.py as a child process, which drives exporter/python/fxlint_export.py's Session.
// Requests and answers are JSON lines on two pipes of their own (fds 3 and 4 in the child), so the user's
// model may still print to stdout and stderr; ONNX models cross as files in a private temporary directory.
// docs/exporter.md#from-the-wheel says why a child process rather than an embedded libpython.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fxlint/install_layout.h"
#include "python_session.h"

extern char** environ;

namespace fxlint::exporter {

namespace {

using Json = nlohmann::json;

// The worker's ends of the pipes, fixed so that export_worker.py knows them.
constexpr int kRequestFd = 3;
constexpr int kAnswerFd = 4;

// A pipe whose ends are above the worker's fixed descriptors and close on exec in fxlint itself.
struct Pipe {
  int read = -1, write = -1;
};
Pipe openPipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw PythonError(std::string("cannot create a pipe: ") + std::strerror(errno));
  Pipe result;
  result.read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10);
  result.write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
  close(fds[0]);
  close(fds[1]);
  return result;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// What the worker is started with: `del sys.path[0]` keeps the directory the user stands in from
// shadowing the installed package, as in install_layout.cpp.
constexpr const char* kWorkerMain = "import sys; del sys.path[0]; from fxlint import export_worker; export_worker.main()";

}  // namespace

struct PythonSession::Impl {
  pid_t pid = -1;
  FILE* requests = nullptr;
  FILE* answers = nullptr;
  std::filesystem::path scratch;  // ONNX models on their way between the two processes
  int fileCount = 0;

  void start();
  Json call(const std::string& method, Json args, const std::string& bytesTo = "");
  std::string callForBytes(const std::string& method, Json args);
  Json send(const Json& request);
  std::string bytesArgument(const std::string& bytes);
  ~Impl();
};

void PythonSession::Impl::start() {
  const install_layout::Installation& installation = install_layout::installation();
  if (installation.packageDir.empty()) throw PythonEnvironmentError(installation.error);
  std::string scratchTemplate = (std::filesystem::temp_directory_path() / "fxlint-export-XXXXXX").string();
  if (!mkdtemp(scratchTemplate.data()))
    throw PythonError("cannot create a temporary directory: " + std::string(std::strerror(errno)));
  scratch = scratchTemplate;

  Pipe request = openPipe(), answer = openPipe();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, request.read, kRequestFd);
  posix_spawn_file_actions_adddup2(&actions, answer.write, kAnswerFd);
  std::vector<std::string> argv{installation.python, "-c", kWorkerMain, std::to_string(kRequestFd),
                                std::to_string(kAnswerFd)};
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(request.read);
  close(answer.write);
  if (spawned != 0) {
    close(request.write);
    close(answer.read);
    pid = -1;
    throw PythonEnvironmentError("cannot run " + installation.python + ": " + std::strerror(spawned));
  }
  // A worker that dies must not kill fxlint with SIGPIPE: a failed write shows as EOF on its answers.
  signal(SIGPIPE, SIG_IGN);
  requests = fdopen(request.write, "w");
  answers = fdopen(answer.read, "r");

  Json hello = send(nullptr);
  if (hello.contains("missing")) {
    std::string missing;
    for (const Json& name : hello["missing"]) missing += (missing.empty() ? "" : ", ") + name.get<std::string>();
    throw PythonEnvironmentError(
        "the Python environment fxlint is installed in (" + installation.python + ", Python " +
        hello["version"].get<std::string>() + ") lacks " + missing + ", which `fxlint export` runs the model with; " +
        "install them there: " + installation.python + " -m pip install torch onnx onnxscript onnxruntime");
  }
  if (hello.contains("error")) throw PythonError("starting the worker: " + hello["error"].get<std::string>());
}

// One request and its answer; nullptr sends nothing and reads the worker's greeting.
Json PythonSession::Impl::send(const Json& request) {
  if (!request.is_null()) {
    std::string line = request.dump() + "\n";
    if (std::fwrite(line.data(), 1, line.size(), requests) != line.size() || std::fflush(requests) != 0)
      clearerr(requests);  // the worker is gone; reading its answer says so
  }
  std::string line;
  for (int c; (c = std::fgetc(answers)) != EOF && c != '\n';) line.push_back(char(c));
  if (line.empty()) {
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
    throw PythonError("the Python worker exited (" +
                      (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                         : "signal " + std::to_string(WTERMSIG(status))) +
                      "); its messages are above");
  }
  return Json::parse(line);
}

std::string PythonSession::Impl::bytesArgument(const std::string& bytes) {
  std::filesystem::path path = scratch / ("model-" + std::to_string(fileCount++) + ".onnx");
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
  return path.string();
}

// One Session method. A method answering bytes (ONNX) has the worker write them to the file `bytesTo`.
Json PythonSession::Impl::call(const std::string& method, Json args, const std::string& bytesTo) {
  Json request{{"method", method}, {"args", std::move(args)}};
  if (!bytesTo.empty()) request["bytes_to"] = bytesTo;
  Json answer = send(request);
  if (answer.contains("user_error")) throw UserCodeError(answer["user_error"].get<std::string>());
  if (answer.contains("error")) throw PythonError(method + ": " + answer["error"].get<std::string>());
  return answer["value"];
}

std::string PythonSession::Impl::callForBytes(const std::string& method, Json args) {
  std::filesystem::path answerFile = scratch / ("answer-" + std::to_string(fileCount++) + ".onnx");
  call(method, std::move(args), answerFile.string());
  std::string bytes = readFile(answerFile);
  std::filesystem::remove(answerFile);
  return bytes;
}

PythonSession::Impl::~Impl() {
  if (requests) std::fclose(requests);  // end of requests: the worker returns
  if (answers) std::fclose(answers);
  if (pid > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  std::error_code ignored;
  if (!scratch.empty()) std::filesystem::remove_all(scratch, ignored);
}

PythonSession::PythonSession(const std::string& request) : impl_(std::make_unique<Impl>()) {
  impl_->start();
  impl_->call("start", Json::array({request}));
}

PythonSession::~PythonSession() = default;

void PythonSession::setDynamic(const std::string& dynamic) { impl_->call("set_dynamic", Json::array({dynamic})); }

PythonSession::Capture PythonSession::capture(Strategy strategy) {
  return captureFromAnswer(impl_->call("capture", Json::array({strategyName(strategy)})).get<std::string>());
}

std::string PythonSession::toOnnx() { return impl_->callForBytes("to_onnx", Json::array()); }

std::string PythonSession::describe(const std::string& onnx) {
  return impl_->call("describe", Json::array({Json{{"file", impl_->bytesArgument(onnx)}}})).get<std::string>();
}

std::string PythonSession::check(const std::string& onnx) {
  return impl_->call("check", Json::array({Json{{"file", impl_->bytesArgument(onnx)}}})).get<std::string>();
}

std::string PythonSession::sameStructure(const std::string& untagged, const std::string& tagged) {
  return impl_
      ->call("same_structure", Json::array({Json{{"file", impl_->bytesArgument(untagged)}},
                                            Json{{"file", impl_->bytesArgument(tagged)}}}))
      .get<std::string>();
}

std::string PythonSession::validate(const std::string& onnx) {
  return impl_->call("validate", Json::array({Json{{"file", impl_->bytesArgument(onnx)}}})).get<std::string>();
}

double PythonSession::plainExportSeconds() { return impl_->call("plain_export_seconds", Json::array()).get<double>(); }

}  // namespace fxlint::exporter
