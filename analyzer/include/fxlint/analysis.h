// Analysis of one Python or LibTorch C++ file: every nn.Module class traced abstractly under a trace
// configuration.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fxlint/cpp_frontend.h"
#include "fxlint/ir.h"
#include "fxlint/trace_config.h"
#include "fxlint/trace_event.h"

namespace fxlint {

enum class VerdictKind { Traceable, Specialized, Fails, Unknown };
const char* verdictName(VerdictKind kind);
// The verdict as that capture's users say it: `traceable` under FX is `exportable` under torch.export.
const char* verdictName(VerdictKind kind, Capture capture);

struct ClassVerdict {
  std::string factory;  // set for a builder function's model: its name; className is the model's class
  std::string className;
  SourceFilePtr file;
  Span span;  // the class name
  VerdictKind verdict = VerdictKind::Traceable;
  std::vector<TraceEvent> events;  // in execution order, deduplicated by site
  int firstFailure = -1;           // index into events of the first hard failure, or -1
  // A built model (a builder's or a class's) with TraceConfig::submoduleVerdicts: its inner modules of
  // the project, by module path, each traced on its own.
  std::string modulePath;
  std::vector<ClassVerdict> submodules;
  // With TraceConfig::submoduleVerdicts: every module inside the model, torch's included, in
  // named_modules() order (the module tree `fxlint report` draws).
  std::vector<BuiltModule> moduleTree;
};

enum class FileProblemKind { Unreadable, NotUtf8, Binary, SyntaxError };
struct FileProblem {
  FileProblemKind kind;
  std::string message;
  Span span;
};

struct FileAnalysis {
  SourceFilePtr file;
  std::vector<FileProblem> problems;
  std::vector<ClassVerdict> classes;
  // Public functions without required parameters that return a module of the project (model builders
  // such as `resnet18()`), each traced as built: the verdict of the model users actually get.
  std::vector<ClassVerdict> factories;
  // The project files read through imports, transitively, that the verdicts may depend on (sorted).
  std::vector<std::string> imports;
};

// Analyzes files of one project under one configuration. Modules imported across files are parsed
// once per Analyzer and resolved from each file's package root plus `roots`.
class Analyzer {
 public:
  explicit Analyzer(TraceConfig config, std::vector<std::string> roots = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;
  FileAnalysis analyze(SourceFilePtr file);
  void setCppFrontendOptions(CppFrontendOptions options);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One file with a fresh Analyzer (imports are still followed from the file's package root).
FileAnalysis analyzeSource(SourceFilePtr file, const TraceConfig& config);

// The verdict that a list of events implies (under either capture: a torch.export trace's events are
// already that capture's): a hard failure on the traced path
// fails; otherwise something unseen makes it unknown; otherwise any silent decision specializes.
VerdictKind verdictFromEvents(const std::vector<TraceEvent>& events, int* firstFailure);

// The verdict under a real-tensor tracer (LibTorch C++): decisions never raise, they are baked in, so
// one reading data or a varying dim (`dynamicDims`; empty: every dim) specializes; only a `throw` on
// every path fails.
VerdictKind realTensorVerdict(const std::vector<TraceEvent>& events, const std::vector<ShapeRef>& dynamicDims,
                              int* firstFailure);

}  // namespace fxlint
