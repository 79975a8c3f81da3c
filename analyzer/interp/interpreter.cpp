// The tracing simulation's entry points: tracing a class, a builder function and the modules inside a
// built model. The project model (scopes, imports, classes) is in project_model.cpp, the event recorder
// in events.cpp; statements, expressions and calls have their own files. Each construct is modelled on
// what torch.fx does with it (docs/fx_semantics.md): Proxies flow through torch calls; bool(), len(),
// iteration and Python number conversion of a Proxy raise; a few checks (is None, isinstance) silently
// pick one branch.
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <tuple>
#include <utility>

#include "interp/support.h"

namespace fxlint::interp {

namespace {

const char* builtinNames[] = {"len", "range", "int", "float", "bool", "abs", "round", "min", "max",
                              "list", "tuple", "zip", "enumerate", "any", "all", "sum", "sorted",
                              "reversed", "isinstance", "hasattr", "getattr", "setattr", "type",
                              "str", "repr", "print", "super", "iter", "next", "map", "filter",
                              "dict", "set", "divmod", "callable", "id", "format", "object",
                              "ValueError", "TypeError", "RuntimeError", "NotImplementedError",
                              "AssertionError", "KeyError", "IndexError", "Exception", "hash", "issubclass",
                              "BaseException", "AttributeError", "LookupError", "ImportError",
                              "ModuleNotFoundError", "StopIteration", "OSError", "ArithmeticError",
                              "ZeroDivisionError", "OverflowError", "frozenset", "bytes", "slice"};

// Whether a forward parameter is annotated as a container (`images: list[Tensor]`): its Proxy stands
// for a list, not a tensor.
bool annotatedContainer(const ir::Parameter& param) {
  if (!param.annotation) return false;
  const ir::Expr* head = param.annotation.get();
  if (auto* subscript = as<ir::Subscript>(*head)) head = subscript->object.get();
  std::string name = dottedName(*head);
  name = name.substr(name.rfind('.') + 1);
  static const std::set<std::string> kContainers = {"list", "List", "tuple", "Tuple", "dict", "Dict", "Sequence", "Mapping"};
  return kContainers.count(name) > 0;
}


}  // namespace

Interpreter::Interpreter(project::ModuleLoader& loader, const TorchFacts& facts, const TraceConfig& config)
    : loader_(loader), facts_(facts), config_(config), dynamicDims_(config.dynamicDims) {
  ValueArenaScope values(arena_);
  for (const char* name : builtinNames) builtins_[name] = makeExternal(std::string("builtins.") + name);
}

Interpreter::~Interpreter() { arena_.breakCycles(); }


// ---- tracing a class --------------------------------------------------------------------------------

void Interpreter::resetTrace() {
  dynamicDims_ = config_.dynamicDims;
  events_.clear();
  callRaised_ = false;
  assumedConditions_.clear();
  seenSites_.clear();
  optionalInputs_.clear();
  chain_.clear();
  callDepth_ = constructDepth_ = uncertainDepth_ = 0;
  catching_.clear();
  activeFunctions_.clear();
  callers_.clear();
  stateWrites_.clear();
  steps_ = 0;
  budgetReported_ = false;
}

std::vector<TraceEvent> Interpreter::traceClass(const ClassInfo& cls) { return traceClassModel(cls).events; }

Interpreter::FactoryTrace Interpreter::traceClassModel(const ClassInfo& cls) {
  ValueArenaScope values(arena_);
  ModelStateScope state(*this);
  resetTrace();
  Frame outer;
  outer.scope = cls.scope;
  ir::Expr anchor;  // whole-class events point at the class name
  anchor.span = cls.def->nameSpan;
  anchor.node = ir::Name{cls.def->name};
  ValuePtr model = construct(anchor, &cls, Arguments{}, outer);
  FactoryTrace trace{&cls, traceAsRoot(cls, model), {}, {}};
  if (config_.submoduleVerdicts && model && model->kind == ValueKind::Instance)
    trace.submodules = traceSubmodules(model, trace.modules);
  return trace;
}

std::vector<TraceEvent> Interpreter::traceAsRoot(const ClassInfo& cls, ValuePtr self) {
  resetTrace();
  Frame outer;
  outer.scope = cls.scope;
  ir::Expr anchor;  // whole-class events point at the class name
  anchor.span = cls.def->nameSpan;
  anchor.node = ir::Name{cls.def->name};
  return traceInstance(cls, std::move(self), anchor, outer);
}

std::vector<Interpreter::SubmoduleTrace> Interpreter::traceSubmodules(const ValuePtr& model,
                                                                     std::vector<BuiltModule>& modules) {
  // named_modules() order: attributes as assigned, then container entries by index; a module
  // reachable twice is listed once, under its first name.
  std::vector<std::pair<std::string, ValuePtr>> found;
  std::set<const Value*> seen = {model.get()};
  std::function<void(const Value&, const std::string&)> walk = [&](const Value& module, const std::string& prefix) {
    auto visit = [&](const ValuePtr& child, const std::string& name) {
      if (!child || child->kind != ValueKind::Instance || !seen.insert(child.get()).second) return;
      found.emplace_back(prefix + name, child);
      if (!child->isLeafModule) walk(*child, prefix + name + ".");
    };
    for (const auto& [name, child] : module.items) visit(child, name);
    for (size_t i = 0; i < module.elements.size(); ++i) visit(module.elements[i], std::to_string(i));
  };
  walk(*model, "");
  std::vector<SubmoduleTrace> traces;
  for (const auto& [path, instance] : found) {
    const ClassInfo* cls = instance->classInfo;
    bool project = cls && cls->isModule;
    // The walk also passes plain objects held in attributes; named_modules() lists modules only.
    if (project || (!cls && (instance->isLeafModule || facts_.containerKind(instance->externalName))))
      modules.push_back(BuiltModule{path, project ? cls->def->name : instance->externalName, project});
    if (!project) continue;
    traces.push_back(SubmoduleTrace{path, cls, traceAsRoot(*cls, instance)});
  }
  return traces;
}

std::optional<Interpreter::FactoryTrace> Interpreter::traceFactory(const std::shared_ptr<ir::FunctionDef>& fn,
                                                                   ModuleScope& scope) {
  ValueArenaScope values(arena_);
  ModelStateScope state(*this);
  resetTrace();
  Frame builder;
  builder.scope = &scope;
  builder.constructing = true;  // building the model: real values only, nothing to report
  ir::Expr anchor;
  anchor.span = fn->nameSpan;
  anchor.node = ir::Name{fn->name};
  ValuePtr model = callFunction(anchor, fn, nullptr, &scope, nullptr, Arguments{}, builder, fn->name);
  if (!model || model->kind != ValueKind::Instance || !model->classInfo || !model->classInfo->isModule)
    return std::nullopt;
  resetTrace();
  Frame outer;
  outer.scope = &scope;
  FactoryTrace trace{model->classInfo, traceInstance(*model->classInfo, model, anchor, outer), {}, {}};
  if (config_.submoduleVerdicts) trace.submodules = traceSubmodules(model, trace.modules);
  return trace;
}

std::vector<TraceEvent> Interpreter::traceInstance(const ClassInfo& cls, ValuePtr self, const ir::Expr& anchorExpr,
                                                   Frame& outer) {
  const ir::Expr* anchor = &anchorExpr;
  mathPatchedScopes_ = {cls.scope};
  traceRoot_ = self.get();
  // Building the model and tracing it each get the full step budget.
  steps_ = 0;
  budgetReported_ = false;
  MethodLookup forward = findMethod(&cls, "forward");
  if (!forward.function) {
    if (auto kind = facts_.containerKind(forward.externalOwner); kind && *kind == "Sequential") {
      Arguments args;
      Provenance p;
      p.data = true;
      args.positional.push_back(makeProxy(ProxyKind::Tensor, p));
      chain_.push_back(cls.def->name + ".forward");
      callModule(*anchor, self, std::move(args), outer);
    } else if (forward.unresolved) {
      chain_.push_back(cls.def->name);
      emit(EventKind::UnresolvedCall, *anchor, outer, forward.unresolvedBase + ".forward");
    } else if (isPlainModule(forward.externalOwner)) {
      // nn.Module.forward raises NotImplementedError when no class in the hierarchy defines one.
      chain_.push_back(cls.def->name);
      emit(EventKind::MissingForward, *anchor, outer, forward.externalOwner);
    }
    // Otherwise forward() is torch.nn's own (e.g. a Conv2d subclass): torch's forwards trace.
    return std::move(events_);
  }

  // Forward parameters: Proxies per the trace configuration, the rest concrete at their defaults.
  // Placeholders come from the undecorated forward's signature (FX unwraps it); the call goes to the
  // decorated function Python would run.
  ValuePtr method = decoratedMethod(forward);
  Arguments args;
  std::vector<ValuePtr> placeholders;
  const auto& params = forward.function->parameters;
  bool exporting = config_.capture == Capture::Export;
  bool byName = false;
  for (size_t i = 1; i < params.size(); ++i) {
    const ir::Parameter& param = params[i];
    bool named = config_.inputs &&
                 std::find(config_.inputs->begin(), config_.inputs->end(), param.name) != config_.inputs->end();
    bool packs = param.kind == ir::ParameterKind::VarPositional || param.kind == ir::ParameterKind::VarKeyword;
    // symbolic_trace makes every parameter a placeholder; torch.export is given tensors for the required
    // ones (or those named), and Python fills in the rest: defaults, an empty *args and **kwargs.
    bool traced = exporting ? (config_.inputs ? named : !param.defaultValue && !packs) : !config_.inputs || named;
    ValuePtr value;
    // torch.export calls forward with the example inputs only: a parameter it does not give takes its
    // default inside forward (a wrapper reading `kwargs`/`args` sees it absent), and the ones after it
    // are passed by name.
    if (exporting && !traced && param.defaultValue && param.kind != ir::ParameterKind::VarPositional &&
        param.kind != ir::ParameterKind::VarKeyword) {
      byName = true;
      continue;
    }
    if (exporting && !traced) {
      if (param.kind == ir::ParameterKind::VarPositional) {
        // Whatever the caller passes (the example inputs are theirs): reading it makes the verdict unknown.
        auto callerInputs = makeSequence(ir::SequenceKind::Tuple, {}, false);
        callerInputs->callerInputs = true;
        callerInputs->parameter = param.name;
        args.positional.push_back(callerInputs);
        continue;
      }
      if (param.kind == ir::ParameterKind::VarKeyword) continue;
      value = makeNone();  // a required parameter the example inputs do not name (defaulted ones were skipped)
    } else if (traced || !param.defaultValue) {
      Provenance p;
      p.data = true;
      p.dims.push_back(ShapeRef{param.name, ShapeRef::kUnknownDim, true});
      value = makeProxy(annotatedContainer(param) ? ProxyKind::Other : ProxyKind::Tensor, p);
      value->parameter = param.name;
      if (param.defaultValue && forward.owner)
        optionalInputs_[param.name] = std::string(forward.owner->scope->module->source->slice(param.defaultValue->span));
      value->packsArguments = packs;
    } else {
      value = eval(*param.defaultValue, outer);
    }
    placeholders.push_back(value);
    if ((param.kind == ir::ParameterKind::Positional && !byName) || param.kind == ir::ParameterKind::VarPositional)
      args.positional.push_back(value);
    else
      args.keywords.emplace_back(param.name, value);
  }
  bool hasVarargs = std::any_of(params.begin(), params.end(), [](const ir::Parameter& p) {
    return p.kind == ir::ParameterKind::VarPositional || p.kind == ir::ParameterKind::VarKeyword;
  });
  if (method->function != forward.function && hasVarargs && !exporting) {
    // With *args/**kwargs in forward, FX patches the wrapper's code to take every placeholder
    // positionally: the wrapper's own *args and **kwargs each receive one of them.
    Arguments patched;
    patched.bindPositionally = true;
    const auto& wrapperParams = method->function->parameters;
    for (size_t i = 1; i < wrapperParams.size() && i - 1 < placeholders.size(); ++i) {
      ValuePtr value = std::make_shared<Value>(*placeholders[i - 1]);
      if (value->isProxy()) value->parameter = wrapperParams[i].name;
      patched.positional.push_back(value);
    }
    args = std::move(patched);
  }
  chain_.clear();
  ValuePtr output = callFunction(*anchor, method->function, method->classInfo, method->scope, self, std::move(args),
                                 outer, forward.owner->def->name + ".forward", method->closure.get());
  if (UnflattenableObject object = unflattenableOutput(output, exporting); object.cls) {
    chain_.push_back(cls.def->name + ".forward");
    // symbolic_trace's create_arg raises NotImplementedError on it; torch.export flattens the output as a
    // pytree and raises on a class no registration run at import covers.
    if (object.onSomePath)
      emit(EventKind::UnsupportedConstruct, *anchor, outer,
           "an instance of " + object.cls->def->name + " in forward's output, on a path fxlint cannot decide");
    else
      emit(exporting ? EventKind::UnregisteredPytreeOutput : EventKind::UnflattenableOutput, *anchor, outer,
           object.cls->def->name);
  }
  return std::move(events_);
}

Interpreter::UnflattenableObject Interpreter::unflattenableOutput(const ValuePtr& value, bool exporting, int depth) const {
  if (!value || depth > 8) return {};
  if (UnflattenableObject found = unflattenableOnThisPath(value, exporting, depth); found.cls) return found;
  // What the value may be on the other paths of a join.
  for (const auto& alternative : value->alternatives)
    if (UnflattenableObject other = unflattenableOutput(alternative, exporting, depth + 1); other.cls)
      return {other.cls, true};
  return {};
}

Interpreter::UnflattenableObject Interpreter::unflattenableOnThisPath(const ValuePtr& value, bool exporting,
                                                                      int depth) const {
  auto first = [&](const auto& entries) -> UnflattenableObject {
    for (const auto& entry : entries)
      if (UnflattenableObject found = unflattenableOutput(entry, exporting, depth + 1); found.cls) return found;
    return {};
  };
  auto itemValues = [&]() -> UnflattenableObject {
    for (const auto& item : value->items)
      if (UnflattenableObject found = unflattenableOutput(item.second, exporting, depth + 1); found.cls)
        return {found.cls, found.onSomePath || value->mayBeNone};
    return {};
  };
  if (value->kind == ValueKind::Sequence) return first(value->elements);
  if (value->kind == ValueKind::Dict) return itemValues();
  if (value->kind != ValueKind::Instance || !value->classInfo || value->classInfo->isModule) return {};
  const ClassInfo* cls = value->classInfo;
  const UnflattenableObject self{cls, value->mayBeNone};
  if (exporting && pytreeClasses_.count(cls)) return itemValues();  // symbolic_trace never reads the registry
  bool container = isDictSubclass(cls);
  bool dataclass = false, ordered = false;
  for (const ClassInfo* c : mro(cls)) {
    dataclass = dataclass || isDataclass(c);
    for (const auto& base : c->bases)
      ordered = ordered || (base->kind == ValueKind::External && base->externalName == "collections.OrderedDict");
    for (const auto& method : c->def->methods)
      if (method->name == "__fx_create_arg__" && !exporting) return {};
  }
  // torch.export flattens a dict subclass as a dict, but not an OrderedDict subclass (torch 2.14).
  if (container) return exporting && ordered ? self : itemValues();
  if (dataclass) return exporting ? self : itemValues();
  for (const ClassInfo* c : mro(cls))
    for (const auto& base : c->bases)
      if (base->kind != ValueKind::Class) return {};  // a library base may make it a container
  return self;
}

ValuePtr Interpreter::construct(const ir::Expr& expr, const ClassInfo* cls, Arguments args, Frame& frame) {
  auto instance = std::make_shared<Value>();
  instance->kind = ValueKind::Instance;
  instance->classInfo = cls;
  for (const auto& base : cls->bases)
    if (base->kind == ValueKind::External && facts_.containerKind(base->externalName))
      instance->externalName = base->externalName;
  if (constructDepth_ >= kMaxConstructDepth) return instance;
  MethodLookup init = findMethod(cls, "__init__");
  if (init.dataclass) {
    // Field defaults are evaluated here, and one may build the class again: a depth like __init__'s.
    ++constructDepth_;
    initDataclass(instance, init.dataclass, args, frame);
    --constructDepth_;
    return instance;
  }
  if (!init.function) {
    // class Table(OrderedDict) built from a dict: its entries are what subscripts look up.
    if (isDictType(init.externalOwner) && !args.positional.empty() && args.positional[0]->kind == ValueKind::Dict)
      instance->items = args.positional[0]->items;
    return instance;
  }
  ++constructDepth_;
  Frame initFrame;
  initFrame.constructing = true;
  callFunction(expr, init.function, init.owner, init.owner->scope, instance, std::move(args), initFrame,
               init.owner->def->name + ".__init__");
  --constructDepth_;
  return instance;
}

ValuePtr Interpreter::constructExternal(const std::string& name, Arguments args) {
  auto instance = std::make_shared<Value>();
  instance->kind = ValueKind::Instance;
  instance->externalName = name;
  if (auto kind = facts_.containerKind(name)) {
    // Sequential(a, b) / Sequential(*layers) / ModuleList([...]) / ModuleDict({...}).
    std::vector<ValuePtr> children;
    bool exact = true;
    for (const auto& arg : args.positional) {
      if (*kind == "Sequential" && arg->kind != ValueKind::Sequence && arg->kind != ValueKind::Dict) {
        children.push_back(arg);
      } else if (*kind == "ModuleDict" && arg->kind == ValueKind::Sequence) {
        // ModuleDict([(name, module), ...]): the pairs, when every name is a known string.
        for (const auto& pair : arg->elements) {
          bool named = pair->kind == ValueKind::Sequence && pair->elements.size() == 2 &&
                       pair->elements[0]->literalKind == ir::ConstantKind::String && !pair->elements[0]->mayBeNone;
          if (!named) {
            exact = false;
            continue;
          }
          instance->setAttribute(pair->elements[0]->literal, pair->elements[1]);
        }
        exact = exact && arg->exactLength;
      } else if (arg->kind == ValueKind::Sequence) {
        children.insert(children.end(), arg->elements.begin(), arg->elements.end());
        exact = exact && arg->exactLength;
      } else if (arg->kind == ValueKind::Dict) {
        instance->items = arg->items;
        exact = exact && arg->exactLength;
        // Sequential(OrderedDict(...)) runs its children in insertion order.
        if (*kind == "Sequential")
          for (const auto& item : arg->items) children.push_back(item.second);
      } else {
        exact = false;
      }
    }
    instance->elements = std::move(children);
    instance->exactLength = exact;
    return instance;
  }
  instance->isLeafModule = facts_.isLeafModuleClass(name) || isConfiguredLeaf(name);
  return instance;
}


}  // namespace fxlint::interp
