// Ties a front-end (Python, or C++ by extension), the interpreter and verdicts together for one file.
#include "fxlint/analysis.h"

#include <algorithm>
#include <optional>

#include "fxlint/python_frontend.h"
#include "interp/interpreter.h"
#include "project/module_loader.h"
#include "torch_facts/torch_facts.h"

namespace fxlint {

EventSeverity severityOf(EventKind kind) {
  switch (kind) {
    case EventKind::ProxyNoneCheck:
    case EventKind::ProxyTypeCheck:
    case EventKind::TracingStateCheck:
    case EventKind::ExceptionSwallowed:
    case EventKind::ProxyInString:
    case EventKind::DynamicDimGuard:
    case EventKind::DynamicDimNarrowed:
      return EventSeverity::Specializes;
    case EventKind::UnresolvedCall:
    case EventKind::UnsupportedConstruct:
    case EventKind::BudgetExceeded:
      return EventSeverity::Unknown;
    default:
      return EventSeverity::Fatal;
  }
}

bool isShapeDecision(EventKind kind) {
  switch (kind) {
    case EventKind::ProxyAsBool: case EventKind::ProxyLen: case EventKind::ProxyIteration:
    case EventKind::ProxyToScalar: case EventKind::BuiltinMinMax: case EventKind::FactoryWithProxy:
    case EventKind::ProxyAsPythonIndex: case EventKind::ExceptionSwallowed:
      return true;
    default:
      return false;
  }
}

const char* eventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::ProxyAsBool: return "proxy-as-bool";
    case EventKind::ProxyLen: return "proxy-len";
    case EventKind::ProxyIteration: return "proxy-iteration";
    case EventKind::ProxyToScalar: return "proxy-to-scalar";
    case EventKind::BuiltinMinMax: return "builtin-min-max";
    case EventKind::FactoryWithProxy: return "factory-with-proxy";
    case EventKind::ProxyAsPythonIndex: return "proxy-as-python-index";
    case EventKind::NonTorchCallOnProxy: return "non-torch-call-on-proxy";
    case EventKind::RaiseReached: return "raise-reached";
    case EventKind::TensorListFromProxy: return "tensor-list-from-proxy";
    case EventKind::WrapNotAtTopLevel: return "wrap-not-at-top-level";
    case EventKind::TracedModuleToLeaf: return "traced-module-to-leaf";
    case EventKind::ProxyItemAssignment: return "proxy-item-assignment";
    case EventKind::UnflattenableOutput: return "unflattenable-output";
    case EventKind::DataDependentGuard: return "data-dependent-guard";
    case EventKind::TensorDataOutsideTorch: return "tensor-data-outside-torch";
    case EventKind::UnregisteredPytreeOutput: return "unregistered-pytree-output";
    case EventKind::DynamicDimGuard: return "dynamic-dim-guard";
    case EventKind::DynamicDimNarrowed: return "dynamic-dim-narrowed";
    case EventKind::MissingForward: return "missing-forward";
    case EventKind::NoneAttribute: return "none-attribute";
    case EventKind::NoneModuleInput: return "none-module-input";
    case EventKind::ProxyNoneCheck: return "proxy-none-check";
    case EventKind::ProxyTypeCheck: return "proxy-type-check";
    case EventKind::TracingStateCheck: return "tracing-state-check";
    case EventKind::ExceptionSwallowed: return "exception-swallowed";
    case EventKind::ProxyInString: return "proxy-in-string";
    case EventKind::UnresolvedCall: return "unresolved-call";
    case EventKind::UnsupportedConstruct: return "unsupported-construct";
    case EventKind::BudgetExceeded: return "budget-exceeded";
  }
  return "unknown";
}

const char* verdictName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::Traceable: return "traceable";
    case VerdictKind::Specialized: return "specialized";
    case VerdictKind::Fails: return "fails";
    case VerdictKind::Unknown: return "unknown";
  }
  return "unknown";
}

const char* verdictName(VerdictKind kind, Capture capture) {
  if (capture == Capture::Export && kind == VerdictKind::Traceable) return "exportable";
  return verdictName(kind);
}

namespace {

// The verdict from events in execution order, each weighed by `severity` (nullopt: does not count). The
// first hard failure decides; otherwise anything unknown, then any specialization.
template <class Severity>
VerdictKind verdictOf(const std::vector<TraceEvent>& events, Severity severity, int* firstFailure) {
  bool unknown = false, specialized = false;
  for (size_t i = 0; i < events.size(); ++i) {
    std::optional<EventSeverity> weight = severity(events[i]);
    if (!weight) continue;
    switch (*weight) {
      case EventSeverity::Fatal:
        if (firstFailure) *firstFailure = int(i);
        return VerdictKind::Fails;
      case EventSeverity::Unknown: unknown = true; break;
      case EventSeverity::Specializes: specialized = true; break;
    }
  }
  if (firstFailure) *firstFailure = -1;
  if (unknown) return VerdictKind::Unknown;
  return specialized ? VerdictKind::Specialized : VerdictKind::Traceable;
}

// Whether a decision's value differs between two inputs of the same rank that differ in `dynamicDims`
// (every dim when empty) and in their data.
bool readsVaryingValue(const Provenance& provenance, const std::vector<ShapeRef>& dynamicDims) {
  if (provenance.data) return true;
  if (!provenance.shape) return false;  // dtype and device are those of the example input
  if (provenance.dims.empty()) return true;
  for (const ShapeRef& ref : provenance.dims) {
    if (ref.dim == ShapeRef::kRank) continue;  // the rank never varies between the two inputs
    if (dynamicDims.empty()) return true;
    for (const ShapeRef& dynamic : dynamicDims) {
      if (dynamic.input != ref.input) continue;
      // numel, an unknown or a negative index, or a size read off an intermediate tensor: any
      // varying dim of that input may change it.
      if (ref.dim == dynamic.dim || ref.dim < 0 || !ref.direct) return true;
    }
  }
  return false;
}

}  // namespace

VerdictKind verdictFromEvents(const std::vector<TraceEvent>& events, int* firstFailure) {
  return verdictOf(events, [](const TraceEvent& event) { return std::optional(severityOf(event.kind)); }, firstFailure);
}

VerdictKind realTensorVerdict(const std::vector<TraceEvent>& events, const std::vector<ShapeRef>& dynamicDims,
                              int* firstFailure) {
  auto severity = [&](const TraceEvent& event) -> std::optional<EventSeverity> {
    // A throw under a decision runs only for the inputs that take that branch.
    if (event.kind == EventKind::RaiseReached && !event.onCertainPath) return std::nullopt;
    // A decision is baked into the trace: it specializes it when the value read can vary.
    if (isShapeDecision(event.kind) || event.kind == EventKind::ProxyAsBool)
      return readsVaryingValue(event.provenance, dynamicDims) ? std::optional(EventSeverity::Specializes) : std::nullopt;
    return severityOf(event.kind);
  };
  return verdictOf(events, severity, firstFailure);
}

namespace {

FileProblemKind problemKind(ir::ProblemKind kind) {
  switch (kind) {
    case ir::ProblemKind::NotUtf8: return FileProblemKind::NotUtf8;
    case ir::ProblemKind::Binary: return FileProblemKind::Binary;
    case ir::ProblemKind::Unparsable: return FileProblemKind::Unreadable;
    case ir::ProblemKind::SyntaxError: return FileProblemKind::SyntaxError;
  }
  return FileProblemKind::SyntaxError;
}

// Whether a `return <value>` can run in this block (nested defs aside): a function without one returns
// None, so it builds no model, however much work calling it would take (a test suite's test_* functions).
bool returnsAValue(const ir::Block& block) {
  for (const auto& stmt : block) {
    bool found = std::visit(
        [](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, ir::Return>) return node.value != nullptr;
          else if constexpr (std::is_same_v<T, ir::If>) return returnsAValue(node.body) || returnsAValue(node.orElse);
          else if constexpr (std::is_same_v<T, ir::While> || std::is_same_v<T, ir::For>)
            return returnsAValue(node.body) || returnsAValue(node.orElse);
          else if constexpr (std::is_same_v<T, ir::With>) return returnsAValue(node.body);
          else if constexpr (std::is_same_v<T, ir::Try>) {
            bool inHandlers = std::any_of(node.handlers.begin(), node.handlers.end(),
                                          [](const ir::ExceptHandler& h) { return returnsAValue(h.body); });
            return returnsAValue(node.body) || inHandlers || returnsAValue(node.orElse) || returnsAValue(node.finally);
          } else if constexpr (std::is_same_v<T, ir::OpaqueStmt>) return true;  // unlowered: may return
          else return false;
        },
        stmt->node);
    if (found) return true;
  }
  return false;
}

bool canCallWithoutArguments(const ir::FunctionDef& fn) {
  return std::all_of(fn.parameters.begin(), fn.parameters.end(), [](const ir::Parameter& p) {
    return p.defaultValue || p.kind == ir::ParameterKind::VarPositional || p.kind == ir::ParameterKind::VarKeyword;
  });
}

}  // namespace

struct Analyzer::State {
  State(TraceConfig traceConfig, std::vector<std::string> roots)
      : config(std::move(traceConfig)), loader(std::move(roots)), interpreter(loader, torchFacts(), config) {}
  TraceConfig config;
  project::ModuleLoader loader;
  interp::Interpreter interpreter;
  CppFrontendOptions cppOptions;
};

Analyzer::Analyzer(TraceConfig config, std::vector<std::string> roots)
    : state_(std::make_unique<State>(std::move(config), std::move(roots))) {}
Analyzer::~Analyzer() = default;

void Analyzer::setCppFrontendOptions(CppFrontendOptions options) { state_->cppOptions = std::move(options); }

FileAnalysis Analyzer::analyze(SourceFilePtr file) {
  FileAnalysis analysis;
  analysis.file = file;
  bool cpp = isCppSourcePath(file->path);
  // A file an earlier file imported is parsed already: one parse per file per run.
  const project::LoadedModule* known = cpp ? nullptr : state_->loader.find(file->path);
  bool parsedAlready = known && known->module && known->module->source->text == file->text;
  ir::ParseResult parsed;
  if (parsedAlready) parsed.problems = known->problems;
  else parsed = cpp ? parseCpp(file, state_->cppOptions) : parsePython(file);
  for (const auto& problem : parsed.problems)
    analysis.problems.push_back(FileProblem{problemKind(problem.kind), problem.message, problem.span});
  // With syntax errors, the front-end lowers each unparsable region to Opaque: classes that reach one
  // are `unknown` (FX003), the others keep an exact verdict. Tree-sitter also rejects a few valid
  // constructs (`return *a, *b`), so refusing whole files would lose real models.
  std::shared_ptr<const ir::Module> module;
  if (parsed.module) module = std::make_shared<const ir::Module>(std::move(*parsed.module));
  else if (parsedAlready) module = known->module;
  else return analysis;
  interp::ModuleScope* scope = state_->interpreter.scopeFor(state_->loader.adopt(file->path, module));
  if (!scope) return analysis;
  auto judge = [&](ClassVerdict& verdict) {
    if (!cpp) {
      verdict.verdict = verdictFromEvents(verdict.events, &verdict.firstFailure);
      return;
    }
    for (TraceEvent& event : verdict.events) event.realTensorTrace = true;
    verdict.verdict = realTensorVerdict(verdict.events, state_->config.dynamicDims, &verdict.firstFailure);
  };
  auto judgeSubmodules = [&](ClassVerdict& verdict, interp::Interpreter::FactoryTrace& model) {
    verdict.moduleTree = std::move(model.modules);
    for (auto& submodule : model.submodules) {
      ClassVerdict inner;
      inner.modulePath = submodule.path;
      inner.className = submodule.cls->def->name;
      inner.file = submodule.cls->scope->module->source;
      inner.span = submodule.cls->def->nameSpan;
      inner.events = std::move(submodule.events);
      judge(inner);
      verdict.submodules.push_back(std::move(inner));
    }
  };
  for (const auto& cls : scope->classes) {
    if (!cls->isModule) continue;
    ClassVerdict verdict;
    verdict.className = cls->def->name;
    verdict.file = file;
    verdict.span = cls->def->nameSpan;
    auto model = state_->interpreter.traceClassModel(*cls);  // submodules only with submoduleVerdicts
    verdict.events = std::move(model.events);
    judgeSubmodules(verdict, model);
    judge(verdict);
    analysis.classes.push_back(std::move(verdict));
  }
  for (const auto& fn : scope->module->functions) {
    if (fn->name.starts_with("_") || !canCallWithoutArguments(*fn) || !returnsAValue(fn->body)) continue;
    auto trace = state_->interpreter.traceFactory(fn, *scope);
    if (!trace) continue;
    ClassVerdict verdict;
    verdict.factory = fn->name;
    verdict.className = trace->cls->def->name;
    verdict.file = file;
    verdict.span = fn->nameSpan;
    verdict.events = std::move(trace->events);
    judge(verdict);
    judgeSubmodules(verdict, *trace);
    analysis.factories.push_back(std::move(verdict));
  }
  analysis.imports = state_->loader.importedFrom(file->path);
  return analysis;
}

FileAnalysis analyzeSource(SourceFilePtr file, const TraceConfig& config) {
  Analyzer analyzer(config);
  return analyzer.analyze(std::move(file));
}

}  // namespace fxlint
