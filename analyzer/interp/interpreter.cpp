// The tracing simulation. Each construct is modelled on what torch.fx does with it (see
// docs/fx_semantics.md): Proxies flow through torch calls; bool(), len(), iteration and Python
// number conversion of a Proxy raise; a few checks (is None, isinstance) silently pick one branch.
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <tuple>

namespace fxlint::interp {
namespace {

constexpr int kMaxCallDepth = 32;
constexpr int kMaxConstructDepth = 12;
constexpr long kMaxSteps = 200000;
constexpr size_t kMaxUnrolled = 16;
constexpr const char* kPartialMethod = "<functools.partial>";
constexpr const char* kNamedTupleMethod = "<namedtuple type>";
constexpr const char* kDataclassInit = "<dataclass __init__>";  // iterations of a loop over known elements we walk one by one

// Attributes a module's children()/items() may yield: modules, and objects fxlint knows nothing about.
bool mayBeModule(const Value& v) {
  return v.kind == ValueKind::Instance || v.kind == ValueKind::Unknown ||
         (v.kind == ValueKind::Concrete && !v.literalKind && !v.bakedProxyText);
}

template <class T>
const T* as(const ir::Expr& expr) {
  return std::get_if<T>(&expr.node);
}

bool isNoneLiteral(const ir::Expr& expr) {
  auto* c = as<ir::Constant>(expr);
  return c && c->kind == ir::ConstantKind::None;
}

std::string dottedName(const ir::Expr& expr) {
  if (auto* n = as<ir::Name>(expr)) return n->id;
  if (auto* a = as<ir::Attribute>(expr)) {
    std::string base = dottedName(*a->object);
    return base.empty() ? std::string() : base + "." + a->name;
  }
  return {};
}

// Exception classes whose handlers catch what symbolic tracing raises (TraceError is a ValueError;
// len() raises RuntimeError; int()/range() raise TypeError).
bool catchesTracingErrors(const ir::ExceptHandler& handler) {
  if (!handler.type) return true;
  std::vector<const ir::Expr*> types;
  if (auto* seq = as<ir::Sequence>(*handler.type)) {
    for (auto& e : seq->elements) types.push_back(e.get());
  } else {
    types.push_back(handler.type.get());
  }
  for (const ir::Expr* t : types) {
    std::string name = dottedName(*t);
    std::string last = name.substr(name.rfind('.') + 1);
    if (last == "Exception" || last == "BaseException" || last == "ValueError" ||
        last == "TypeError" || last == "RuntimeError" || last == "TraceError")
      return true;
  }
  return false;
}

const char* builtinNames[] = {"len", "range", "int", "float", "bool", "abs", "round", "min", "max",
                              "list", "tuple", "zip", "enumerate", "any", "all", "sum", "sorted",
                              "reversed", "isinstance", "hasattr", "getattr", "setattr", "type",
                              "str", "repr", "print", "super", "iter", "next", "map", "filter",
                              "dict", "set", "divmod", "callable", "id", "format", "object",
                              "ValueError", "TypeError", "RuntimeError", "NotImplementedError",
                              "AssertionError", "KeyError", "IndexError", "Exception", "hash"};

}  // namespace

// ---- set-up -----------------------------------------------------------------------------------------

Interpreter::Interpreter(project::ModuleLoader& loader, const TorchFacts& facts, const TraceConfig& config)
    : loader_(loader), facts_(facts), config_(config) {
  for (const char* name : builtinNames) builtins_[name] = makeExternal(std::string("builtins.") + name);
}

ModuleScope* Interpreter::scopeFor(const project::LoadedModule* loaded) {
  if (!loaded || !loaded->module) return nullptr;
  auto& slot = scopes_[loaded];
  if (!slot) {
    // Registered before binding, so an import cycle finds this (partly bound) scope instead of looping.
    slot = std::make_unique<ModuleScope>();
    slot->loaded = loaded;
    slot->module = loaded->module;
    bindScope(*slot);
  }
  return slot.get();
}

ValuePtr Interpreter::lookupGlobal(ModuleScope& scope, const std::string& name) {
  auto it = scope.globals.find(name);
  if (it == scope.globals.end()) return nullptr;
  if (!it->second->pendingImport) return it->second;
  const ir::Import* import = it->second->pendingImport;
  ModuleScope& importer = *it->second->scope;  // differs from `scope` for names copied by `import *`
  // A placeholder while resolving: a cycle of re-exports comes back to an unresolved name, not here.
  it->second = makeExternal("<import cycle>." + name);
  ValuePtr resolved = resolveImport(*import, importer);
  scope.globals[name] = resolved;
  return resolved;
}

ValuePtr Interpreter::moduleValue(const project::LoadedModule* loaded) {
  ModuleScope* scope = scopeFor(loaded);
  if (!scope) return nullptr;
  auto v = makeExternal(loaded->moduleName);
  v->scope = scope;
  return v;
}

ValuePtr Interpreter::resolveImport(const ir::Import& import, ModuleScope& scope) {
  size_t level = import.module.find_first_not_of('.');
  if (level == std::string::npos) level = import.module.size();
  std::string name = import.module.substr(level);
  if (level > 0) {
    // Make a relative import absolute from the importer's package, so that torch's own sources importing
    // `.module` still name torch.nn.modules.module.
    std::string package = scope.loaded->moduleName;
    if (!scope.loaded->isPackage) package = package.substr(0, package.rfind('.') == std::string::npos ? 0 : package.rfind('.'));
    for (size_t up = 1; up < level && !package.empty(); ++up)
      package = package.substr(0, package.rfind('.') == std::string::npos ? 0 : package.rfind('.'));
    std::string absolute = package.empty() ? name : name.empty() ? package : package + "." + name;
    if (facts_.isTorchName(absolute)) {
      name = absolute;
      level = 0;
    }
  }
  std::string first = name.substr(0, name.find('.'));
  // torch, numpy and math are modelled by facts, never read from disk.
  bool library = level == 0 && (facts_.isTorchName(name) || facts_.isNonTorchNumericLibrary(name) ||
                                facts_.isAutowrappedModule(first));
  if (import.name.empty()) {
    std::string bound = import.alias.empty() ? first : name;
    if (!library)
      if (const auto* loaded = loader_.import(bound, 0, *scope.loaded))
        if (ValuePtr v = moduleValue(loaded)) return v;
    return makeExternal(bound);
  }
  std::string qualified = (level ? std::string(level, '.') : std::string()) + name;
  if (!library) {
    if (const auto* loaded = loader_.import(name, int(level), *scope.loaded)) {
      if (ModuleScope* target = scopeFor(loaded)) {
        if (ValuePtr found = lookupGlobal(*target, import.name)) {
          auto copy = std::make_shared<Value>(*found);
          copy->importedByName = true;
          return copy;
        }
      }
    }
    std::string submodule = name.empty() ? import.name : name + "." + import.name;
    if (const auto* loaded = loader_.import(submodule, int(level), *scope.loaded))
      if (ValuePtr v = moduleValue(loaded)) return v;
  }
  auto v = makeExternal((qualified.empty() || qualified.back() == '.' ? qualified : qualified + ".") + import.name);
  v->importedByName = true;
  return v;
}

void Interpreter::bindScope(ModuleScope& scope) {
  const ir::Module& module = *scope.module;
  auto& globals = scope.globals;
  // Definitions first, imports after: a cycle back into this module then finds its classes.
  for (const auto& fn : module.functions) {
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Function;
    v->function = fn;
    v->scope = &scope;
    globals[fn->name] = v;
    for (const auto& decorator : fn->decorators) {
      std::string name = dottedName(*decorator);
      if (name.ends_with("fx.wrap") || name == "wrap") scope.wrappedFunctions.insert(fn->name);
    }
  }
  std::vector<ClassInfo*> added;
  for (const auto& cls : module.classes) {
    auto info = std::make_unique<ClassInfo>();
    info->def = cls.get();
    info->scope = &scope;
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Class;
    v->classInfo = info.get();
    globals[cls->name] = v;
    added.push_back(info.get());
    scope.classes.push_back(std::move(info));
  }
  for (const auto& import : module.imports) {
    if (import.name == "*") {
      size_t level = import.module.find_first_not_of('.');
      if (level == std::string::npos) level = import.module.size();
      if (const auto* loaded = loader_.import(import.module.substr(level), int(level), *scope.loaded))
        if (ModuleScope* target = scopeFor(loaded); target && target != &scope)
          for (const auto& [name, value] : target->globals)
            if (!name.starts_with("_") && !globals.count(name)) globals[name] = value;
      continue;
    }
    std::string bound = !import.alias.empty() ? import.alias
                        : !import.name.empty() ? import.name
                                                : import.module.substr(0, import.module.find('.'));
    // Resolved on first use: import cycles (common in large packages) then see complete modules.
    auto pending = makeUnknown();
    pending->pendingImport = &import;
    pending->scope = &scope;
    globals[bound] = pending;
  }
  for (ClassInfo* info : added) resolveBases(*info);
  for (ClassInfo* info : added) classifyModule(*info);
  // Module-level constants and torch.fx.wrap("name") registrations, in order.
  Frame top;
  top.scope = &scope;
  top.constructing = true;
  for (const auto& stmt : module.topLevel) {
    if (auto* e = std::get_if<ir::ExprStmt>(&stmt->node)) {
      if (auto* call = as<ir::Call>(*e->value)) {
        std::string callee = dottedName(*call->callee);
        if ((callee.ends_with("fx.wrap") || callee == "wrap") && !call->arguments.empty()) {
          if (auto* c = as<ir::Constant>(*call->arguments[0].value)) scope.wrappedFunctions.insert(c->text);
          else if (auto* n = as<ir::Name>(*call->arguments[0].value)) scope.wrappedFunctions.insert(n->id);
        }
      }
    } else if (auto* a = std::get_if<ir::Assign>(&stmt->node)) {
      // Module-level values are real objects built at import: tables of classes, partials, namedtuples.
      // Evaluated lazily per statement would be exact; evaluating once at bind time is enough for them.
      ValuePtr value = eval(*a->value, top);
      for (const auto& target : a->targets)
        if (auto* n = as<ir::Name>(*target)) {
          if (!globals.count(n->id) || globals[n->id]->kind == ValueKind::Concrete) globals[n->id] = value;
        }
    }
  }
}

void Interpreter::resolveBases(ClassInfo& info) {
  Frame scratch;
  scratch.scope = info.scope;
  for (const auto& base : info.def->bases) {
    std::string name = dottedName(*base);
    ValuePtr v = name.empty() ? makeUnknown() : eval(*base, scratch);
    info.bases.push_back(v);
  }
}

void Interpreter::classifyModule(ClassInfo& info) {
  bool definesForward = false;
  for (const ClassInfo* c : mro(&info)) {
    for (const auto& method : c->def->methods) definesForward = definesForward || method->name == "forward";
    for (const auto& base : c->bases) {
      if (base->kind == ValueKind::Class) continue;
      if (base->kind == ValueKind::External && (base->externalName.starts_with("torch.nn.") ||
                                                base->externalName.starts_with("torch.ao.nn."))) {
        if (info.externalModuleBase.empty()) info.externalModuleBase = base->externalName;
      } else if (base->kind != ValueKind::External || !facts_.isTorchName(base->externalName)) {
        info.hasUnresolvedBase = true;
      }
    }
  }
  // A class with a base fxlint cannot see is a module when it has a forward() to trace.
  info.isModule = !info.externalModuleBase.empty() || (info.hasUnresolvedBase && definesForward);
}

bool Interpreter::isDataclass(const ClassInfo* cls) const {
  for (const auto& decorator : cls->def->decorators) {
    const ir::Expr* target = decorator.get();
    if (auto* call = as<ir::Call>(*target)) target = call->callee.get();
    std::string name = dottedName(*target);
    if (name == "dataclass" || name.ends_with(".dataclass")) return true;
  }
  return false;
}

void Interpreter::initDataclass(const ValuePtr& instance, const ClassInfo* cls, const Arguments& args, Frame& frame) {
  // Fields of every dataclass in the hierarchy, bases first, each once: the generated __init__'s order.
  std::vector<std::string> fields;
  std::vector<const ClassInfo*> order = mro(cls);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (!isDataclass(*it)) continue;
    for (const std::string& field : (*it)->def->annotatedFields)
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    ValuePtr value = i < args.positional.size() ? args.positional[i] : args.keyword(fields[i]);
    if (!value) value = classAttribute(cls, fields[i]);
    instance->setAttribute(fields[i], value ? value : makeConcrete());
  }
  MethodLookup postInit = findMethod(cls, "__post_init__");
  if (postInit.function) {
    ir::Expr anchor;
    anchor.span = postInit.function->nameSpan;
    anchor.node = ir::Name{postInit.function->name};
    callFunction(anchor, postInit.function, postInit.owner, postInit.owner->scope, instance, Arguments{}, frame,
                 postInit.owner->def->name + ".__post_init__");
  }
}

bool Interpreter::isPlainModule(const std::string& externalName) const {
  return externalName == "torch.nn.Module" || externalName == "torch.nn.modules.module.Module";
}

bool Interpreter::derivesFrom(const ClassInfo* cls, std::string_view externalName) const {
  for (const ClassInfo* c : mro(cls))
    for (const auto& base : c->bases)
      if (base->kind == ValueKind::External && base->externalName == externalName) return true;
  return false;
}

std::vector<const ClassInfo*> Interpreter::mro(const ClassInfo* cls) const {
  // Depth-first, left to right, each class once: C3 on every hierarchy seen in model code.
  std::vector<const ClassInfo*> order;
  std::vector<const ClassInfo*> stack = {cls};
  std::function<void(const ClassInfo*, int)> visit = [&](const ClassInfo* c, int depth) {
    if (depth > 64 || std::find(order.begin(), order.end(), c) != order.end()) return;
    order.push_back(c);
    for (const auto& base : c->bases)
      if (base->kind == ValueKind::Class) visit(base->classInfo, depth + 1);
  };
  visit(cls, 0);
  return order;
}

Interpreter::MethodLookup Interpreter::findMethod(const ClassInfo* cls, const std::string& name,
                                                  const ClassInfo* after) const {
  MethodLookup result;
  auto order = mro(cls);
  bool active = after == nullptr;
  for (const ClassInfo* c : order) {
    // super() from `after` skips its own methods, but its bases outside the project come next.
    bool ownMethods = active;
    if (!active && c != after) continue;
    active = true;
    if (ownMethods) {
      for (const auto& method : c->def->methods)
        if (method->name == name) {
          result.function = method;
          result.owner = c;
          return result;
        }
      if (name == "__init__" && isDataclass(c)) {  // @dataclass writes __init__ from the fields
        result.dataclass = c;
        return result;
      }
    }
    for (const auto& base : c->bases) {
      if (base->kind == ValueKind::Class) continue;
      if (result.externalOwner.empty())
        result.externalOwner = base->kind == ValueKind::External ? base->externalName : "<unknown>";
      if (base->kind != ValueKind::External || !facts_.isTorchName(base->externalName)) {
        if (!result.unresolved) {
          Frame where;
          where.scope = c->scope;
          result.unresolvedBase = base->kind == ValueKind::External
                                      ? base->externalName
                                      : textOf(where, *c->def->bases[&base - c->bases.data()]);
        }
        result.unresolved = true;
      }
    }
  }
  return result;
}

ValuePtr Interpreter::classAttribute(const ClassInfo* cls, const std::string& name) {
  for (const ClassInfo* c : mro(cls)) {
    for (const auto& stmt : c->def->classBody) {
      auto* a = std::get_if<ir::Assign>(&stmt->node);
      if (!a) continue;
      for (const auto& target : a->targets)
        if (auto* n = as<ir::Name>(*target); n && n->id == name) {
          Frame scratch;
          scratch.scope = c->scope;
          return eval(*a->value, scratch);
        }
    }
    for (const auto& method : c->def->methods)
      if (method->name == name) {
        auto v = std::make_shared<Value>();
        v->kind = ValueKind::Function;
        v->function = method;
        v->classInfo = c;
        v->scope = c->scope;
        return v;
      }
  }
  return nullptr;
}

// ---- events -----------------------------------------------------------------------------------------

std::string Interpreter::textOf(const Frame& frame, const ir::Expr& expr) const {
  std::string text(frame.scope ? frame.scope->module->source->slice(expr.span) : std::string_view());
  // One line in messages: collapse runs of whitespace.
  std::string compact;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !compact.empty();
      continue;
    }
    if (space) compact += ' ';
    space = false;
    compact += c;
  }
  return compact;
}

std::string Interpreter::calleeText(const Frame& frame, const ir::Expr& expr) const {
  if (auto* call = as<ir::Call>(expr)) return textOf(frame, *call->callee);
  return textOf(frame, expr);
}

void Interpreter::emit(EventKind kind, const ir::Expr& expr, const Frame& frame, std::string detail,
                       const Provenance& provenance) {
  emitAt(kind, expr.span, frame, textOf(frame, expr), std::move(detail), provenance);
}

void Interpreter::emitAt(EventKind kind, const Span& span, const Frame& frame, std::string text,
                         std::string detail, const Provenance& provenance) {
  if (auto event = prepareEvent(kind, span, frame, std::move(text), std::move(detail), provenance))
    record(std::move(*event));
}

std::optional<TraceEvent> Interpreter::prepareEvent(EventKind kind, const Span& span, const Frame& frame,
                                                    std::string text, std::string detail,
                                                    const Provenance& provenance) const {
  if (frame.constructing) return std::nullopt;
  // A hard failure inside a try whose handler catches it does not stop the trace.
  if (swallowDepth_ > 0 && severityOf(kind) == EventSeverity::Fatal) {
    detail = eventKindName(kind);
    kind = EventKind::ExceptionSwallowed;
  }
  // A raise reached only on a path fxlint could not decide is not evidence of failure.
  if (kind == EventKind::RaiseReached && uncertainDepth_ > 0) return std::nullopt;
  TraceEvent event;
  event.kind = kind;
  event.file = frame.scope->module->source;
  event.span = span;
  event.text = std::move(text);
  event.detail = std::move(detail);
  event.provenance = provenance;
  event.chain = chain_;
  if (!event.chain.empty()) event.chain.back() += ":" + std::to_string(span.begin.line);
  event.onCertainPath = uncertainDepth_ == 0;
  return event;
}

void Interpreter::record(TraceEvent event) {
  auto key = std::make_tuple(event.file.get(), event.span.beginOffset, event.span.endOffset, static_cast<int>(event.kind));
  if (!seenSites_.insert(key).second) return;
  events_.push_back(std::move(event));
}

ValuePtr Interpreter::bakedString(const ir::Expr& expr, const Frame& frame, const char* construct,
                                  const Provenance& provenance) {
  auto v = makeConcrete();
  if (auto event = prepareEvent(EventKind::ProxyInString, expr.span, frame, textOf(frame, expr), construct, provenance))
    v->bakedProxyText = std::make_shared<const TraceEvent>(std::move(*event));
  return v;
}

void Interpreter::markUse(const ValuePtr& value) {
  if (value && value->bakedProxyText) record(*value->bakedProxyText);
}

ValuePtr Interpreter::proxyFrom(ProxyKind kind, const std::vector<const Value*>& operands) {
  return makeProxy(kind, mergeProvenance(operands));
}

ValuePtr Interpreter::tensorResult(const std::vector<const Value*>& operands) {
  auto v = proxyFrom(ProxyKind::Tensor, operands);
  // A tensor computed from sizes holds their values as data: bool() of it is a data decision.
  v->provenance.data = true;
  return v;
}

// ---- tracing a class --------------------------------------------------------------------------------

void Interpreter::resetTrace() {
  events_.clear();
  seenSites_.clear();
  chain_.clear();
  callDepth_ = constructDepth_ = uncertainDepth_ = swallowDepth_ = 0;
  steps_ = 0;
  budgetReported_ = false;
}

std::vector<TraceEvent> Interpreter::traceClass(const ClassInfo& cls) {
  resetTrace();
  Frame outer;
  outer.scope = cls.scope;
  ir::Expr anchor;  // whole-class events point at the class name
  anchor.span = cls.def->nameSpan;
  anchor.node = ir::Name{cls.def->name};
  ValuePtr self = construct(anchor, &cls, Arguments{}, outer);
  return traceInstance(cls, self, anchor, outer);
}

std::optional<Interpreter::FactoryTrace> Interpreter::traceFactory(const std::shared_ptr<ir::FunctionDef>& fn,
                                                                   ModuleScope& scope) {
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
  return FactoryTrace{model->classInfo, traceInstance(*model->classInfo, model, anchor, outer)};
}

std::vector<TraceEvent> Interpreter::traceInstance(const ClassInfo& cls, ValuePtr self, const ir::Expr& anchorExpr,
                                                   Frame& outer) {
  const ir::Expr* anchor = &anchorExpr;
  mathPatchedScopes_ = {cls.scope};
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
  Arguments args;
  const auto& params = forward.function->parameters;
  for (size_t i = 1; i < params.size(); ++i) {
    const ir::Parameter& param = params[i];
    bool traced = !config_.inputs ||
                  std::find(config_.inputs->begin(), config_.inputs->end(), param.name) != config_.inputs->end();
    ValuePtr value;
    if (traced || !param.defaultValue) {
      Provenance p;
      p.data = true;
      p.dims.push_back(ShapeRef{param.name, ShapeRef::kUnknownDim, true});
      value = makeProxy(ProxyKind::Tensor, p);
      value->parameter = param.name;
    } else {
      value = eval(*param.defaultValue, outer);
    }
    if (param.kind == ir::ParameterKind::Positional || param.kind == ir::ParameterKind::VarPositional)
      args.positional.push_back(value);
    else
      args.keywords.emplace_back(param.name, value);
  }
  chain_.clear();
  callFunction(*anchor, forward.function, forward.owner, forward.owner->scope, self, std::move(args), outer,
               forward.owner->def->name + ".forward");
  return std::move(events_);
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
    initDataclass(instance, init.dataclass, args, frame);
    return instance;
  }
  if (!init.function) return instance;
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
      } else if (arg->kind == ValueKind::Sequence) {
        children.insert(children.end(), arg->elements.begin(), arg->elements.end());
        exact = exact && arg->exactLength;
      } else if (arg->kind == ValueKind::Dict) {
        instance->items = arg->items;
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
  instance->isLeafModule = facts_.isLeafModuleClass(name) ||
                           std::find(config_.leafClasses.begin(), config_.leafClasses.end(),
                                     name.substr(name.rfind('.') + 1)) != config_.leafClasses.end();
  return instance;
}

// ---- statements -------------------------------------------------------------------------------------

Interpreter::Flow Interpreter::execBlock(const ir::Block& block, Frame& frame) {
  for (const auto& stmt : block) {
    Flow flow = execStmt(*stmt, frame);
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

Interpreter::Flow Interpreter::execStmt(const ir::Stmt& stmt, Frame& frame) {
  if (++steps_ > kMaxSteps) {
    if (!budgetReported_) {
      budgetReported_ = true;
      ir::Expr where;
      where.span = stmt.span;
      where.node = ir::Opaque{};
      emit(EventKind::BudgetExceeded, where, frame, "more than " + std::to_string(kMaxSteps) + " steps");
    }
    return Flow::Return;
  }
  return std::visit(
      [&](const auto& node) -> Flow {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ir::ExprStmt>) {
          eval(*node.value, frame);
        } else if constexpr (std::is_same_v<T, ir::Assign>) {
          ValuePtr value = eval(*node.value, frame);
          for (const auto& target : node.targets) assign(*target, value, frame);
        } else if constexpr (std::is_same_v<T, ir::AugAssign>) {
          ValuePtr current = eval(*node.target, frame);
          ValuePtr rhs = eval(*node.value, frame);
          ValuePtr result;
          if (current->isProxy() || rhs->isProxy()) {
            ProxyKind kind = (current->isProxy() && current->proxyKind == ProxyKind::Tensor) ||
                                     (rhs->isProxy() && rhs->proxyKind == ProxyKind::Tensor)
                                 ? ProxyKind::Tensor
                                 : current->isProxy() ? current->proxyKind : rhs->proxyKind;
            result = proxyFrom(kind, {current.get(), rhs.get()});
          } else if (current->kind == ValueKind::Sequence && node.op == "+") {
            // `layers += [block]` in __init__ grows a list like append.
            current->elements.insert(current->elements.end(), rhs->elements.begin(), rhs->elements.end());
            current->exactLength = current->exactLength && rhs->exactLength && rhs->kind == ValueKind::Sequence;
            result = current;
          } else if (current->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor) {
            result = std::make_shared<Value>();
            result->kind = ValueKind::RealTensor;
          } else {
            result = makeConcrete();
          }
          assign(*node.target, result, frame);
        } else if constexpr (std::is_same_v<T, ir::If>) {
          return execIf(*node.test, node.body, node.orElse, frame, "if");
        } else if constexpr (std::is_same_v<T, ir::While>) {
          ValuePtr test = eval(*node.test, frame);
          std::optional<bool> truth = decide(*node.test, test, "while", frame);
          if (truth == false) return execBlock(node.orElse, frame);
          if (!truth) ++uncertainDepth_;
          Flow flow = execBlock(node.body, frame);
          if (!truth) --uncertainDepth_;
          if (flow == Flow::Return || flow == Flow::Raise) return truth ? flow : Flow::Normal;
        } else if constexpr (std::is_same_v<T, ir::For>) {
          return execFor(node, frame);
        } else if constexpr (std::is_same_v<T, ir::Return>) {
          frame.returns.push_back(node.value ? eval(*node.value, frame) : makeNone());
          return Flow::Return;
        } else if constexpr (std::is_same_v<T, ir::Raise>) {
          if (node.exception) eval(*node.exception, frame);
          ir::Expr where;
          where.span = stmt.span;
          where.node = ir::Opaque{};
          emit(EventKind::RaiseReached, where, frame);
          return Flow::Raise;
        } else if constexpr (std::is_same_v<T, ir::Assert>) {
          ValuePtr test = eval(*node.test, frame);
          std::optional<bool> truth = decide(*node.test, test, "assert", frame);
          if (node.message && truth != true) eval(*node.message, frame);
        } else if constexpr (std::is_same_v<T, ir::With>) {
          for (const auto& item : node.items) {
            ValuePtr context = eval(*item.context, frame);
            if (item.target) assign(*item.target, makeConcrete(), frame);
          }
          return execBlock(node.body, frame);
        } else if constexpr (std::is_same_v<T, ir::Try>) {
          return execTry(node, frame);
        } else if constexpr (std::is_same_v<T, ir::Jump>) {
          if (node.kind == ir::JumpKind::Break) return Flow::Break;
          if (node.kind == ir::JumpKind::Continue) return Flow::Continue;
        } else if constexpr (std::is_same_v<T, ir::Delete>) {
          for (const auto& target : node.targets)
            if (auto* n = as<ir::Name>(*target)) frame.locals.erase(n->id);
        } else if constexpr (std::is_same_v<T, ir::LocalFunction>) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::Function;
          v->function = node.function;
          frame.locals[node.function->name] = v;
          for (const auto& decorator : node.function->decorators)
            if (dottedName(*decorator).ends_with("fx.wrap")) {
              emit(EventKind::WrapNotAtTopLevel, *decorator, frame, node.function->name);
            }
        } else if constexpr (std::is_same_v<T, ir::OpaqueStmt>) {
          ir::Expr where;
          where.span = stmt.span;
          where.node = ir::Opaque{node.what};
          emit(EventKind::UnsupportedConstruct, where, frame, node.what);
        }
        return Flow::Normal;
      },
      stmt.node);
}

Interpreter::Flow Interpreter::execIf(const ir::Expr& testExpr, const ir::Block& body, const ir::Block& orElse,
                                      Frame& frame, const char* construct) {
  ValuePtr test = eval(testExpr, frame);
  std::optional<bool> truth = decide(testExpr, test, construct, frame);
  if (truth) return execBlock(*truth ? body : orElse, frame);

  // Undecided: walk both branches from the same state and join what continues.
  ++uncertainDepth_;
  Frame thenFrame = frame;
  Flow thenFlow = execBlock(body, thenFrame);
  Frame elseFrame = frame;
  elseFrame.returns = thenFrame.returns;
  Flow elseFlow = execBlock(orElse, elseFrame);
  --uncertainDepth_;
  frame.returns = elseFrame.returns;
  bool thenContinues = thenFlow == Flow::Normal, elseContinues = elseFlow == Flow::Normal;
  if (thenContinues && elseContinues) {
    for (auto& [name, value] : elseFrame.locals) {
      auto it = thenFrame.locals.find(name);
      frame.locals[name] = it == thenFrame.locals.end() ? value : joinValues(it->second, value);
    }
    for (auto& [name, value] : thenFrame.locals)
      if (!elseFrame.locals.count(name)) frame.locals[name] = value;
    return Flow::Normal;
  }
  if (thenContinues) { frame.locals = std::move(thenFrame.locals); return Flow::Normal; }
  if (elseContinues) { frame.locals = std::move(elseFrame.locals); return Flow::Normal; }
  // Neither continues: prefer a return (the path that produces a value) over a raise.
  frame.locals = std::move(thenFrame.locals);
  if (thenFlow == Flow::Return || elseFlow == Flow::Return) return Flow::Return;
  return thenFlow;
}

Interpreter::Flow Interpreter::execFor(const ir::For& loop, Frame& frame) {
  ValuePtr iterable = eval(*loop.iterable, frame);
  std::vector<ValuePtr> elements = iterate(*loop.iterable, iterable, frame, "for loop");
  bool exact = iterable->kind == ValueKind::Sequence && iterable->exactLength;
  // An empty known sequence runs no iteration; an unknown count is walked once, as a may-path.
  if (!exact) ++uncertainDepth_;
  Flow result = Flow::Normal;
  for (const auto& element : elements) {
    assign(*loop.target, element, frame);
    Flow flow = execBlock(loop.body, frame);
    if (flow == Flow::Break) break;
    if (flow == Flow::Return || flow == Flow::Raise) {
      result = exact ? flow : Flow::Normal;
      break;
    }
  }
  if (!exact) --uncertainDepth_;
  if (result != Flow::Normal) return result;
  return execBlock(loop.orElse, frame);
}

Interpreter::Flow Interpreter::execTry(const ir::Try& tryStmt, Frame& frame) {
  bool catches = std::any_of(tryStmt.handlers.begin(), tryStmt.handlers.end(), catchesTracingErrors);
  if (catches) ++swallowDepth_;
  size_t eventsBefore = events_.size();
  Flow flow = execBlock(tryStmt.body, frame);
  if (catches) --swallowDepth_;
  bool swallowed = std::any_of(events_.begin() + eventsBefore, events_.end(), [](const TraceEvent& e) {
    return e.kind == EventKind::ExceptionSwallowed;
  });
  // Handlers run when something in the body raised; walk them as a may-path.
  if (swallowed) {
    for (const auto& handler : tryStmt.handlers) {
      if (!catchesTracingErrors(handler)) continue;
      if (!handler.name.empty()) frame.locals[handler.name] = makeConcrete();
      Flow handlerFlow = execBlock(handler.body, frame);
      if (handlerFlow != Flow::Normal) flow = handlerFlow;
      break;
    }
  }
  if (flow == Flow::Normal) flow = execBlock(tryStmt.orElse, frame);
  Flow finallyFlow = execBlock(tryStmt.finally, frame);
  return finallyFlow != Flow::Normal ? finallyFlow : flow;
}

void Interpreter::assign(const ir::Expr& target, ValuePtr value, Frame& frame) {
  if (auto* n = as<ir::Name>(target)) {
    frame.locals[n->id] = std::move(value);
  } else if (auto* a = as<ir::Attribute>(target)) {
    ValuePtr object = eval(*a->object, frame);
    if (object->kind == ValueKind::Instance) {
      // Under tracing, writes to module state run once at trace time; in __init__ they build the module.
      if (value->kind == ValueKind::Instance && object->attribute(a->name) && !frame.constructing) return;
      ValuePtr previous = object->attribute(a->name);
      if (uncertainDepth_ > 0 && previous) value = joinValues(previous, value);
      object->setAttribute(a->name, std::move(value));
    }
  } else if (auto* s = as<ir::Subscript>(target)) {
    ValuePtr object = eval(*s->object, frame);
    ValuePtr index = eval(*s->index, frame);
    if (index->isProxy() && (object->kind == ValueKind::Sequence || object->kind == ValueKind::Dict ||
                             object->kind == ValueKind::RealTensor))
      emit(EventKind::ProxyAsPythonIndex, target, frame, "assignment", index->provenance);
    bool container = object->kind == ValueKind::Dict ||
                     (object->kind == ValueKind::Instance && facts_.containerKind(object->externalName));
    if (container && !index->isProxy()) {
      std::string key = index->literalKind == ir::ConstantKind::String ? index->literal : textOf(frame, *s->index);
      object->items.emplace_back(key, value);
    }
  } else if (auto* seq = as<ir::Sequence>(target)) {
    size_t count = seq->elements.size();
    size_t starAt = count;
    for (size_t i = 0; i < count; ++i)
      if (as<ir::Starred>(*seq->elements[i])) starAt = i;
    std::vector<ValuePtr> parts;
    if (value->isProxy()) {
      // Fixed-length unpacking of a Proxy is fine (FX reads the target count from the bytecode);
      // a starred target makes the count unknown and Proxy.__iter__ raises.
      if (starAt != count) {
        emit(EventKind::ProxyIteration, target, frame, "starred unpacking", value->provenance);
      }
      for (size_t i = 0; i < count; ++i) {
        ProxyKind kind = value->proxyKind == ProxyKind::Size ? ProxyKind::Int : value->proxyKind;
        auto part = makeProxy(kind, value->provenance);
        if (value->proxyKind == ProxyKind::Size) {
          part->provenance.dims.clear();
          for (const ShapeRef& ref : value->provenance.dims)
            part->provenance.dims.push_back(ShapeRef{ref.input, ref.dim == ShapeRef::kUnknownDim ? int(i) : ref.dim + int(i), ref.direct});
          part->provenance.originText = textOf(frame, *seq->elements[i]);
        }
        parts.push_back(part);
      }
    } else if (value->kind == ValueKind::Sequence && value->exactLength && starAt == count &&
               value->elements.size() == count) {
      parts = value->elements;
    } else {
      for (size_t i = 0; i < count; ++i) {
        if (value->kind == ValueKind::Sequence && !value->elements.empty())
          parts.push_back(value->elements[std::min(i, value->elements.size() - 1)]);
        else
          parts.push_back(value->kind == ValueKind::Unknown ? makeUnknown() : makeConcrete());
      }
    }
    for (size_t i = 0; i < count; ++i) {
      const ir::Expr& element = *seq->elements[i];
      if (auto* star = as<ir::Starred>(element)) {
        assign(*star->value, makeSequence(ir::SequenceKind::List, {parts[i]}, false), frame);
      } else {
        assign(element, parts[i], frame);
      }
    }
  } else if (auto* star = as<ir::Starred>(target)) {
    assign(*star->value, std::move(value), frame);
  }
}

// ---- decisions and iteration ------------------------------------------------------------------------

std::optional<bool> Interpreter::decide(const ir::Expr& expr, const ValuePtr& value, const char* construct,
                                        Frame& frame) {
  markUse(value);
  if (value->isProxy()) {
    emit(EventKind::ProxyAsBool, expr, frame, construct, value->provenance);
    return std::nullopt;
  }
  if (value->tracingState) {
    emit(EventKind::TracingStateCheck, expr, frame, construct);
  }
  if (value->kind == ValueKind::Instance || value->kind == ValueKind::Function ||
      value->kind == ValueKind::Class || value->kind == ValueKind::BoundMethod)
    return value->mayBeNone ? std::nullopt : std::optional<bool>(true);
  return value->knownTruth();
}

std::vector<ValuePtr> Interpreter::iterate(const ir::Expr& expr, const ValuePtr& value, Frame& frame,
                                           const char* construct) {
  if (value->isProxy()) {
    emit(EventKind::ProxyIteration, expr, frame, construct, value->provenance);
    ProxyKind kind = value->proxyKind == ProxyKind::Size ? ProxyKind::Int : value->proxyKind;
    return {makeProxy(kind, value->provenance)};
  }
  if (value->kind == ValueKind::Sequence) {
    if (value->elements.empty()) return value->exactLength ? std::vector<ValuePtr>{} : std::vector<ValuePtr>{makeConcrete()};
    if (value->elements.size() <= kMaxUnrolled) return value->elements;
    return std::vector<ValuePtr>(value->elements.begin(), value->elements.begin() + kMaxUnrolled);
  }
  if (value->kind == ValueKind::Instance && !value->externalName.empty() &&
      facts_.containerKind(value->externalName)) {
    if (*facts_.containerKind(value->externalName) == "ModuleDict") {
      std::vector<ValuePtr> keys;
      for (auto& item : value->items) keys.push_back(makeString(item.first));
      return keys.empty() ? std::vector<ValuePtr>{makeConcrete()} : keys;
    }
    if (value->elements.empty()) return {makeUnknown()};
    return value->elements;
  }
  if (value->kind == ValueKind::Dict) {
    std::vector<ValuePtr> keys;
    for (auto& item : value->items) keys.push_back(makeString(item.first));
    return keys.empty() ? std::vector<ValuePtr>{makeConcrete()} : keys;
  }
  if (value->kind == ValueKind::Unknown) return {makeUnknown()};
  return {makeConcrete()};
}

// ---- expressions ------------------------------------------------------------------------------------

ValuePtr Interpreter::eval(const ir::Expr& expr, Frame& frame) {
  return std::visit(
      [&](const auto& node) -> ValuePtr {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ir::Name>) {
          return evalName(expr, node, frame);
        } else if constexpr (std::is_same_v<T, ir::Constant>) {
          auto v = makeConcrete();
          v->literalKind = node.kind;
          if (node.kind == ir::ConstantKind::Int) {
            try { v->intValue = std::stoll(node.text, nullptr, 0); } catch (...) { v->literalKind.reset(); }
          } else if (node.kind == ir::ConstantKind::Bool) {
            v->boolValue = node.text == "True";
          } else if (node.kind == ir::ConstantKind::String) {
            v->literal = node.text;
          } else if (node.kind == ir::ConstantKind::Float) {
            v->literal = node.text;
          }
          return v;
        } else if constexpr (std::is_same_v<T, ir::Attribute>) {
          return evalAttribute(expr, eval(*node.object, frame), node.name, frame);
        } else if constexpr (std::is_same_v<T, ir::Subscript>) {
          return evalSubscript(expr, eval(*node.object, frame), *node.index, frame);
        } else if constexpr (std::is_same_v<T, ir::Slice>) {
          std::vector<ValuePtr> parts;
          for (const ir::ExprPtr* part : {&node.lower, &node.upper, &node.step})
            parts.push_back(*part ? eval(**part, frame) : makeNone());
          for (auto& part : parts)
            if (part->isProxy()) return proxyFrom(ProxyKind::Other, {parts[0].get(), parts[1].get(), parts[2].get()});
          return makeConcrete();
        } else if constexpr (std::is_same_v<T, ir::Call>) {
          return evalCall(expr, node, frame);
        } else if constexpr (std::is_same_v<T, ir::Unary>) {
          ValuePtr operand = eval(*node.operand, frame);
          if (node.op == ir::UnaryOp::Not) {
            std::optional<bool> truth = decide(expr, operand, "not", frame);
            return truth ? makeBool(!*truth) : makeConcrete();
          }
          if (operand->isProxy()) return proxyFrom(operand->proxyKind, {operand.get()});
          if (node.op == ir::UnaryOp::Negate && operand->literalKind == ir::ConstantKind::Int)
            return makeInt(-operand->intValue);
          return operand->kind == ValueKind::RealTensor ? operand : makeConcrete();
        } else if constexpr (std::is_same_v<T, ir::Binary>) {
          return evalBinary(expr, node, frame);
        } else if constexpr (std::is_same_v<T, ir::Compare>) {
          return evalCompare(expr, node, frame);
        } else if constexpr (std::is_same_v<T, ir::BoolOp>) {
          return evalBoolOp(node, frame);
        } else if constexpr (std::is_same_v<T, ir::Conditional>) {
          ValuePtr test = eval(*node.test, frame);
          std::optional<bool> truth = decide(*node.test, test, "conditional expression", frame);
          if (truth) return eval(*(*truth ? node.then : node.orElse), frame);
          ++uncertainDepth_;
          ValuePtr a = eval(*node.then, frame);
          ValuePtr b = eval(*node.orElse, frame);
          --uncertainDepth_;
          return joinValues(a, b);
        } else if constexpr (std::is_same_v<T, ir::Sequence>) {
          std::vector<ValuePtr> elements;
          bool exact = true;
          for (const auto& e : node.elements) {
            if (auto* star = as<ir::Starred>(*e)) {
              ValuePtr inner = eval(*star->value, frame);
              auto parts = iterate(*star->value, inner, frame, "star expression");
              elements.insert(elements.end(), parts.begin(), parts.end());
              exact = exact && inner->kind == ValueKind::Sequence && inner->exactLength;
            } else {
              elements.push_back(eval(*e, frame));
            }
          }
          return makeSequence(node.kind, std::move(elements), exact);
        } else if constexpr (std::is_same_v<T, ir::Dict>) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::Dict;
          for (size_t i = 0; i < node.values.size(); ++i) {
            ValuePtr value = eval(*node.values[i], frame);
            if (!node.keys[i]) {
              if (value->isProxy()) emit(EventKind::ProxyIteration, *node.values[i], frame, "** unpacking", value->provenance);
              else if (value->kind == ValueKind::Dict) v->items.insert(v->items.end(), value->items.begin(), value->items.end());
              continue;
            }
            ValuePtr key = eval(*node.keys[i], frame);
            markUse(key);
            if (key->isProxy()) emit(EventKind::ProxyAsPythonIndex, *node.keys[i], frame, "dict key", key->provenance);
            v->items.emplace_back(key->literalKind == ir::ConstantKind::String ? key->literal : textOf(frame, *node.keys[i]), value);
          }
          return v;
        } else if constexpr (std::is_same_v<T, ir::Starred>) {
          ValuePtr inner = eval(*node.value, frame);
          iterate(expr, inner, frame, "star expression");
          return inner;
        } else if constexpr (std::is_same_v<T, ir::Comprehension>) {
          return evalComprehension(node, frame);
        } else if constexpr (std::is_same_v<T, ir::FormattedString>) {
          ValuePtr result = makeString("");
          for (const auto& part : node.parts) {
            ValuePtr v = eval(*part, frame);
            if (v->isProxy()) result = bakedString(*part, frame, "f-string", v->provenance);
            else if (v->bakedProxyText) result = v;
          }
          return result;
        } else if constexpr (std::is_same_v<T, ir::Lambda>) {
          return makeConcrete();
        } else if constexpr (std::is_same_v<T, ir::NamedExpr>) {
          ValuePtr v = eval(*node.value, frame);
          frame.locals[node.target] = v;
          return v;
        } else {
          emit(EventKind::UnsupportedConstruct, expr, frame, node.what);
          return makeUnknown();
        }
      },
      expr.node);
}

ValuePtr Interpreter::evalName(const ir::Expr&, const ir::Name& name, Frame& frame) {
  if (auto it = frame.locals.find(name.id); it != frame.locals.end()) return it->second;
  if (frame.scope)
    if (ValuePtr v = lookupGlobal(*frame.scope, name.id)) return v;
  if (auto it = builtins_.find(name.id); it != builtins_.end()) return it->second;
  // Names bound by `from x import *` or defined dynamically: real values fxlint cannot see.
  return makeUnknown();
}

ValuePtr Interpreter::evalAttribute(const ir::Expr& expr, ValuePtr object, const std::string& name, Frame& frame) {
  switch (object->kind) {
    case ValueKind::Proxy: {
      if (facts_.isShapeAttribute(name)) {
        if (object->isParameter && config_.paramShapesConstant) return makeConcrete();
        auto v = makeProxy(ProxyKind::Size, object->provenance);
        v->provenance.shape = true;
        v->provenance.data = false;
        v->provenance.metadata = false;
        for (ShapeRef& ref : v->provenance.dims) ref.direct = ref.direct && !object->parameter.empty();
        v->provenance.originText = textOf(frame, expr);
        return v;
      }
      if (facts_.isRankAttribute(name)) {
        auto v = makeProxy(ProxyKind::Int, object->provenance);
        v->provenance.shape = true;
        v->provenance.data = false;
        for (ShapeRef& ref : v->provenance.dims) ref = ShapeRef{ref.input, ShapeRef::kRank, ref.direct && !object->parameter.empty()};
        v->provenance.originText = textOf(frame, expr);
        return v;
      }
      if (facts_.isMetadataAttribute(name) || object->proxyKind == ProxyKind::Device ||
          object->proxyKind == ProxyKind::Dtype) {
        auto v = makeProxy(name == "device" ? ProxyKind::Device : name == "dtype" ? ProxyKind::Dtype : ProxyKind::Other,
                           object->provenance);
        v->provenance.metadata = true;
        v->provenance.shape = v->provenance.data = false;
        v->provenance.originText = textOf(frame, expr);
        return v;
      }
      auto method = std::make_shared<Value>();
      method->kind = ValueKind::BoundMethod;
      method->self = object;
      method->methodName = name;
      return method;
    }
    case ValueKind::Instance: {
      if (ValuePtr attr = object->attribute(name)) return attr;
      if (object->classInfo) {
        MethodLookup method = findMethod(object->classInfo, name);
        if (method.function) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::BoundMethod;
          v->function = method.function;
          v->classInfo = method.owner;
          v->self = object;
          v->methodName = name;
          return v;
        }
        if (ValuePtr classAttr = classAttribute(object->classInfo, name)) return classAttr;
        if (name == "training") return makeConcrete();
        if (method.unresolved) return makeUnknown();
      }
      auto method = std::make_shared<Value>();
      method->kind = ValueKind::BoundMethod;
      method->self = object;
      method->methodName = name;
      if (name == "training") return makeConcrete();
      // Methods of torch.nn.Module itself (register_buffer, add_module, children, ...).
      return method;
    }
    case ValueKind::External: {
      if (object->scope) {  // a project module: its globals, else a submodule of a package
        if (ValuePtr v = lookupGlobal(*object->scope, name)) return v;
        if (const auto* loaded = loader_.import(name, 1, *object->scope->loaded); loaded && object->scope->loaded->isPackage)
          if (ValuePtr v = moduleValue(loaded)) return v;
      }
      return makeExternal(object->externalName + "." + name);
    }
    case ValueKind::Class: {
      if (name == "apply") {
        // autograd.Function.apply runs the static forward(ctx, ...) in Python: traced through.
        MethodLookup forward = findMethod(object->classInfo, "forward");
        if (forward.function && derivesFrom(object->classInfo, "torch.autograd.Function")) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::BoundMethod;
          v->function = forward.function;
          v->classInfo = forward.owner;
          v->self = makeConcrete();  // ctx
          v->methodName = "forward";
          return v;
        }
      }
      if (ValuePtr attr = classAttribute(object->classInfo, name)) return attr;
      return makeConcrete();
    }
    case ValueKind::Super: {
      MethodLookup method = findMethod(object->self->classInfo, name, object->classInfo);
      auto v = std::make_shared<Value>();
      v->kind = ValueKind::BoundMethod;
      v->self = object->self;
      v->methodName = name;
      if (method.function) {
        v->function = method.function;
        v->classInfo = method.owner;
      } else if (method.dataclass) {
        v->methodName = kDataclassInit;
        v->classInfo = method.dataclass;
      } else if (method.unresolved) {
        v->externalName = method.externalOwner;
      } else {
        v->externalName = method.externalOwner.empty() ? "torch.nn.Module" : method.externalOwner;
      }
      return v;
    }
    case ValueKind::RealTensor: {
      if (facts_.isShapeAttribute(name) || facts_.isRankAttribute(name) || facts_.isMetadataAttribute(name))
        return makeConcrete();
      auto method = std::make_shared<Value>();
      method->kind = ValueKind::BoundMethod;
      method->self = object;
      method->methodName = name;
      return method;
    }
    case ValueKind::Unknown:
      return makeUnknown();
    case ValueKind::Sequence:
      if (ValuePtr field = object->attribute(name)) return field;  // a namedtuple field
      [[fallthrough]];
    default: {
      auto method = std::make_shared<Value>();
      method->kind = ValueKind::BoundMethod;
      method->self = object;
      method->methodName = name;
      return method;
    }
  }
}

ValuePtr Interpreter::evalSubscript(const ir::Expr& expr, ValuePtr object, const ir::Expr& indexExpr, Frame& frame) {
  ValuePtr index = eval(indexExpr, frame);
  markUse(index);
  bool indexIsProxy = index->isProxy();
  if (index->kind == ValueKind::Sequence)
    for (const auto& e : index->elements) indexIsProxy = indexIsProxy || e->isProxy();
  if (object->isProxy()) {
    if (object->proxyKind == ProxyKind::Size) {
      auto v = makeProxy(ProxyKind::Int, object->provenance);
      v->provenance.originText = textOf(frame, expr);
      if (index->literalKind == ir::ConstantKind::Int) {
        for (ShapeRef& ref : v->provenance.dims) ref.dim = int(index->intValue);
      } else if (as<ir::Slice>(indexExpr)) {
        v->proxyKind = ProxyKind::Size;  // x.shape[2:] is still a torch.Size
      }
      return v;
    }
    return tensorResult({object.get(), index.get()});
  }
  if (indexIsProxy && object->kind == ValueKind::RealTensor &&
      !(facts_.realTensorSliceByProxyFails && sliceHasProxyBound(indexExpr, *index))) {
    // An int or tensor Proxy index reaches Tensor.__getitem__'s torch-function dispatch: recorded.
    return tensorResult({index.get()});
  }
  if (indexIsProxy) {
    if (object->kind == ValueKind::Sequence || object->kind == ValueKind::Dict ||
        object->kind == ValueKind::RealTensor || (object->kind == ValueKind::Concrete && object->literalKind)) {
      Provenance p = index->provenance;
      if (index->kind == ValueKind::Sequence) {
        std::vector<const Value*> parts;
        for (const auto& e : index->elements) parts.push_back(e.get());
        p = mergeProvenance(parts);
      }
      emit(EventKind::ProxyAsPythonIndex, expr, frame, object->kind == ValueKind::RealTensor ? "buffer" : "container", p);
      return makeUnknown();
    }
    if (object->kind == ValueKind::Instance) return tensorResult({index.get()});
    return makeUnknown();
  }
  if (object->kind == ValueKind::Sequence) {
    if (index->literalKind == ir::ConstantKind::Int && object->exactLength) {
      long long i = index->intValue < 0 ? index->intValue + (long long)object->elements.size() : index->intValue;
      if (i >= 0 && i < (long long)object->elements.size()) return object->elements[i];
    }
    if (as<ir::Slice>(indexExpr)) return makeSequence(object->sequenceKind, object->elements, false);
    if (!object->elements.empty()) return object->elements.front();
    return makeConcrete();
  }
  if (object->kind == ValueKind::Dict) {
    if (index->literalKind == ir::ConstantKind::String)
      for (auto& [key, value] : object->items) if (key == index->literal) return value;
    return object->items.empty() ? makeConcrete() : object->items.front().second;
  }
  if (object->kind == ValueKind::Instance && !object->externalName.empty() && facts_.containerKind(object->externalName)) {
    if (index->literalKind == ir::ConstantKind::String)
      for (auto& [key, value] : object->items) if (key == index->literal) return value;
    if (index->literalKind == ir::ConstantKind::Int && object->exactLength) {
      long long i = index->intValue < 0 ? index->intValue + (long long)object->elements.size() : index->intValue;
      if (i >= 0 && i < (long long)object->elements.size()) return object->elements[i];
    }
    if (!object->elements.empty()) return object->elements.front();
    if (!object->items.empty()) return object->items.front().second;
    return makeUnknown();
  }
  if (object->kind == ValueKind::RealTensor) return object;
  if (object->kind == ValueKind::Unknown) return makeUnknown();
  return makeConcrete();
}

bool Interpreter::sliceHasProxyBound(const ir::Expr& indexExpr, const Value& index) {
  if (as<ir::Slice>(indexExpr)) return index.isProxy();
  auto* tuple = as<ir::Sequence>(indexExpr);
  if (!tuple || index.kind != ValueKind::Sequence || index.elements.size() != tuple->elements.size()) return false;
  for (size_t i = 0; i < tuple->elements.size(); ++i)
    if (as<ir::Slice>(*tuple->elements[i]) && index.elements[i]->isProxy()) return true;
  return false;
}

ValuePtr Interpreter::evalBinary(const ir::Expr& expr, const ir::Binary& binary, Frame& frame) {
  ValuePtr lhs = eval(*binary.lhs, frame);
  ValuePtr rhs = eval(*binary.rhs, frame);
  if (binary.op == "%" && lhs->literalKind == ir::ConstantKind::String) {
    // "%d" % p calls int() on the Proxy; "%s" % p bakes its repr.
    std::vector<ValuePtr> args = rhs->kind == ValueKind::Sequence ? rhs->elements : std::vector<ValuePtr>{rhs};
    ValuePtr result = makeString("");
    for (const auto& arg : args)
      if (arg->isProxy()) {
        bool numeric = lhs->literal.find("%d") != std::string::npos || lhs->literal.find("%i") != std::string::npos ||
                       lhs->literal.find("%f") != std::string::npos || lhs->literal.find("%.") != std::string::npos;
        if (numeric) emit(EventKind::ProxyToScalar, expr, frame, "% formatting", arg->provenance);
        else result = bakedString(expr, frame, "% formatting", arg->provenance);
      }
    return result;
  }
  if (lhs->isProxy() || rhs->isProxy()) {
    bool tensor = (lhs->isProxy() && lhs->proxyKind == ProxyKind::Tensor) ||
                  (rhs->isProxy() && rhs->proxyKind == ProxyKind::Tensor) ||
                  lhs->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor;
    if (tensor) return tensorResult({lhs.get(), rhs.get()});
    bool size = (lhs->isProxy() && lhs->proxyKind == ProxyKind::Size) || (rhs->isProxy() && rhs->proxyKind == ProxyKind::Size);
    const Value* proxy = lhs->isProxy() ? lhs.get() : rhs.get();
    return proxyFrom(size ? ProxyKind::Size : proxy->proxyKind == ProxyKind::Scalar ? ProxyKind::Scalar : ProxyKind::Int,
                     {lhs.get(), rhs.get()});
  }
  if (lhs->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor) {
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::RealTensor;
    return v;
  }
  if (lhs->literalKind == ir::ConstantKind::Int && rhs->literalKind == ir::ConstantKind::Int) {
    long long a = lhs->intValue, b = rhs->intValue;
    if (binary.op == "+") return makeInt(a + b);
    if (binary.op == "-") return makeInt(a - b);
    if (binary.op == "*") return makeInt(a * b);
    if (binary.op == "//" && b != 0) return makeInt(a / b);
  }
  if (lhs->kind == ValueKind::Sequence && rhs->kind == ValueKind::Sequence && binary.op == "+") {
    std::vector<ValuePtr> elements = lhs->elements;
    elements.insert(elements.end(), rhs->elements.begin(), rhs->elements.end());
    return makeSequence(lhs->sequenceKind, std::move(elements), lhs->exactLength && rhs->exactLength);
  }
  if (lhs->kind == ValueKind::Sequence && binary.op == "*")
    return makeSequence(lhs->sequenceKind, lhs->elements, false);
  if (lhs->kind == ValueKind::Unknown || rhs->kind == ValueKind::Unknown) return makeUnknown();
  if (lhs->bakedProxyText || rhs->bakedProxyText) {
    auto v = makeConcrete();
    v->bakedProxyText = lhs->bakedProxyText ? lhs->bakedProxyText : rhs->bakedProxyText;
    return v;
  }
  return makeConcrete();
}

ValuePtr Interpreter::evalCompare(const ir::Expr& expr, const ir::Compare& compare, Frame& frame) {
  std::vector<ValuePtr> operands;
  for (const auto& operand : compare.operands) {
    operands.push_back(eval(*operand, frame));
    markUse(operands.back());
  }
  std::vector<ValuePtr> results;
  for (size_t i = 0; i < compare.ops.size(); ++i) {
    const ValuePtr& lhs = operands[i];
    const ValuePtr& rhs = operands[i + 1];
    ir::CompareOp op = compare.ops[i];
    ValuePtr result;
    if (op == ir::CompareOp::Is || op == ir::CompareOp::IsNot) {
      bool negate = op == ir::CompareOp::IsNot;
      const ValuePtr& other = isNoneLiteral(*compare.operands[i + 1]) ? lhs : isNoneLiteral(*compare.operands[i]) ? rhs : nullptr;
      if (other && other->isProxy()) {
        // A Proxy is never None: the check silently picks the not-None branch.
        if (!other->parameter.empty())
          emit(EventKind::ProxyNoneCheck, expr, frame, other->parameter, other->provenance);
        result = makeBool(negate);
      } else if (other && other->kind == ValueKind::Concrete && other->literalKind && !other->mayBeNone) {
        result = makeBool(other->isNone() != negate);
      } else if (other && (other->kind == ValueKind::Instance || other->kind == ValueKind::Function ||
                           other->kind == ValueKind::Class || other->kind == ValueKind::RealTensor) && !other->mayBeNone) {
        result = makeBool(negate);
      } else {
        result = makeConcrete();
      }
    } else if (op == ir::CompareOp::In || op == ir::CompareOp::NotIn) {
      if (rhs->isProxy()) {
        // `3 in x.shape` iterates the Proxy; `k in tensor` calls Tensor.__contains__ (a bool of a Proxy).
        if (rhs->proxyKind == ProxyKind::Size) emit(EventKind::ProxyIteration, expr, frame, "in", rhs->provenance);
        else emit(EventKind::ProxyAsBool, expr, frame, "in", rhs->provenance);
        result = makeConcrete();
      } else if (lhs->isProxy() && rhs->kind == ValueKind::Sequence) {
        // `p in (3, 4)` compares with each element and calls bool() on the Proxy result.
        emit(EventKind::ProxyAsBool, expr, frame, "in", lhs->provenance);
        result = makeConcrete();
      } else {
        result = makeConcrete();
      }
    } else if (lhs->isProxy() || rhs->isProxy()) {
      bool tensor = (lhs->isProxy() && lhs->proxyKind == ProxyKind::Tensor) || (rhs->isProxy() && rhs->proxyKind == ProxyKind::Tensor);
      result = tensor ? tensorResult({lhs.get(), rhs.get()}) : proxyFrom(ProxyKind::Bool, {lhs.get(), rhs.get()});
    } else if (lhs->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor) {
      result = std::make_shared<Value>();
      result->kind = ValueKind::RealTensor;
    } else if (lhs->literalKind == ir::ConstantKind::Int && rhs->literalKind == ir::ConstantKind::Int) {
      long long a = lhs->intValue, b = rhs->intValue;
      bool r = op == ir::CompareOp::Eq ? a == b : op == ir::CompareOp::NotEq ? a != b : op == ir::CompareOp::Lt ? a < b
             : op == ir::CompareOp::LtE ? a <= b : op == ir::CompareOp::Gt ? a > b : a >= b;
      result = makeBool(r);
    } else if (lhs->literalKind == ir::ConstantKind::String && rhs->literalKind == ir::ConstantKind::String &&
               (op == ir::CompareOp::Eq || op == ir::CompareOp::NotEq)) {
      result = makeBool((lhs->literal == rhs->literal) == (op == ir::CompareOp::Eq));
    } else {
      result = lhs->kind == ValueKind::Unknown || rhs->kind == ValueKind::Unknown ? makeUnknown() : makeConcrete();
    }
    results.push_back(result);
  }
  if (results.size() == 1) return results.front();
  // A chain `a < b < c` is `a < b and b < c`: bool() of every link but the last.
  for (size_t i = 0; i + 1 < results.size(); ++i)
    if (results[i]->isProxy()) {
      emit(EventKind::ProxyAsBool, expr, frame, "comparison chain", results[i]->provenance);
      break;
    }
  return results.back();
}

ValuePtr Interpreter::evalBoolOp(const ir::BoolOp& boolOp, Frame& frame) {
  // `a and b` calls bool(a); the last operand is returned as is (its bool is the caller's business).
  ValuePtr result;
  bool uncertain = false;
  for (size_t i = 0; i < boolOp.operands.size(); ++i) {
    ValuePtr value = eval(*boolOp.operands[i], frame);
    if (i + 1 == boolOp.operands.size()) {
      result = result ? joinValues(result, value) : value;
      break;
    }
    std::optional<bool> truth = decide(*boolOp.operands[i], value, boolOp.isAnd ? "and" : "or", frame);
    if (truth && *truth != boolOp.isAnd) {  // short-circuit
      result = result ? joinValues(result, value) : value;
      if (!uncertain) break;
    }
    if (!truth && !uncertain) {
      uncertain = true;
      ++uncertainDepth_;
      result = value;
    }
  }
  if (uncertain) --uncertainDepth_;
  return result ? result : makeConcrete();
}

ValuePtr Interpreter::evalComprehension(const ir::Comprehension& comp, Frame& frame) {
  // Comprehensions run in their own scope: walk each `for` once per element, then the element.
  Frame inner = frame;
  std::vector<ValuePtr> produced;
  bool exact = true;
  std::function<void(size_t)> walk = [&](size_t level) {
    if (level == comp.fors.size()) {
      ValuePtr element = eval(*comp.element, inner);
      if (comp.kind == ir::ComprehensionKind::Dict) {
        ValuePtr value = eval(*comp.value, inner);
        produced.push_back(makeSequence(ir::SequenceKind::Tuple, {element, value}));
      } else {
        produced.push_back(element);
      }
      return;
    }
    const ir::ComprehensionFor& clause = comp.fors[level];
    ValuePtr iterable = eval(*clause.iterable, inner);
    exact = exact && iterable->kind == ValueKind::Sequence && iterable->exactLength && clause.conditions.empty();
    for (const ValuePtr& element : iterate(*clause.iterable, iterable, inner, "comprehension")) {
      assign(*clause.target, element, inner);
      bool keep = true;
      for (const auto& condition : clause.conditions) {
        ValuePtr test = eval(*condition, inner);
        if (decide(*condition, test, "comprehension condition", inner) == false) keep = false;
      }
      if (keep) walk(level + 1);
    }
  };
  ++uncertainDepth_;
  walk(0);
  --uncertainDepth_;
  if (comp.kind == ir::ComprehensionKind::Dict) {
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Dict;
    return v;
  }
  return makeSequence(comp.kind == ir::ComprehensionKind::List ? ir::SequenceKind::List : ir::SequenceKind::Tuple,
                      std::move(produced), exact);
}

// ---- calls ------------------------------------------------------------------------------------------

bool Interpreter::Arguments::hasProxy() const {
  auto proxyIn = [](const ValuePtr& v) {
    if (v->isProxy()) return true;
    if (v->kind == ValueKind::Sequence)
      for (const auto& e : v->elements) if (e->isProxy()) return true;
    return false;
  };
  for (const auto& v : positional) if (proxyIn(v)) return true;
  for (const auto& [_, v] : keywords) if (proxyIn(v)) return true;
  return false;
}

ValuePtr Interpreter::Arguments::keyword(const std::string& name) const {
  for (const auto& [key, value] : keywords) if (key == name) return value;
  return nullptr;
}

Interpreter::Arguments Interpreter::evalArguments(const ir::Call& call, Frame& frame) {
  Arguments args;
  for (const auto& arg : call.arguments) {
    ValuePtr value = eval(*arg.value, frame);
    switch (arg.kind) {
      case ir::ArgumentKind::Positional: args.positional.push_back(value); break;
      case ir::ArgumentKind::Keyword: args.keywords.emplace_back(arg.keyword, value); break;
      case ir::ArgumentKind::Star: {
        auto parts = iterate(*arg.value, value, frame, "*args in a call");
        args.positional.insert(args.positional.end(), parts.begin(), parts.end());
        break;
      }
      case ir::ArgumentKind::DoubleStar:
        if (value->isProxy()) emit(EventKind::ProxyIteration, *arg.value, frame, "** unpacking", value->provenance);
        else if (value->kind == ValueKind::Dict) args.keywords.insert(args.keywords.end(), value->items.begin(), value->items.end());
        break;
    }
  }
  return args;
}

ValuePtr Interpreter::evalCall(const ir::Expr& expr, const ir::Call& call, Frame& frame) {
  ValuePtr callee = eval(*call.callee, frame);
  Arguments args = evalArguments(call, frame);
  return callValue(expr, callee, std::move(args), frame);
}

ValuePtr Interpreter::callValue(const ir::Expr& expr, const ValuePtr& callee, Arguments args, Frame& frame) {
  switch (callee->kind) {
    case ValueKind::Function: {
      // torch.fx.wrap patches the defining module's globals: only lookups through them see the leaf.
      if (callee->scope && callee->scope->wrappedFunctions.count(callee->function->name) && !callee->importedByName)
        return tensorResult({});
      for (const auto& decorator : callee->function->decorators) {
        std::string name = dottedName(*decorator);
        if (name.ends_with("jit.script") && args.hasProxy()) {
          emit(EventKind::NonTorchCallOnProxy, expr, frame, "torch.jit.script function " + callee->function->name);
          return tensorResult({});
        }
      }
      return callFunction(expr, callee->function, callee->classInfo, callee->scope, nullptr, std::move(args), frame,
                          callee->function->name);
    }
    case ValueKind::BoundMethod: {
      if (callee->methodName == kNamedTupleMethod) {
        auto tuple = makeSequence(ir::SequenceKind::Tuple, args.positional);
        for (size_t i = 0; i < callee->items.size(); ++i) {
          ValuePtr field = i < args.positional.size() ? args.positional[i] : args.keyword(callee->items[i].first);
          tuple->items.emplace_back(callee->items[i].first, field ? field : makeNone());
          if (i >= args.positional.size()) tuple->elements.push_back(field ? field : makeNone());
        }
        return tuple;
      }
      if (callee->methodName == kDataclassInit) {
        initDataclass(callee->self, callee->classInfo, args, frame);
        return makeNone();
      }
      if (callee->methodName == kPartialMethod) {
        Arguments merged;
        merged.positional = callee->elements;
        merged.positional.insert(merged.positional.end(), args.positional.begin(), args.positional.end());
        merged.keywords = callee->items;
        merged.keywords.insert(merged.keywords.end(), args.keywords.begin(), args.keywords.end());
        return callValue(expr, callee->self, std::move(merged), frame);
      }
      if (callee->function) {
        std::string label = (callee->classInfo ? callee->classInfo->def->name + "." : std::string()) + callee->methodName;
        return callFunction(expr, callee->function, callee->classInfo,
                            callee->classInfo ? callee->classInfo->scope : callee->scope, callee->self, std::move(args),
                            frame, label);
      }
      const ValuePtr& self = callee->self;
      if (self->isProxy()) return callProxyMethod(expr, self, callee->methodName, std::move(args), frame);
      if (!callee->externalName.empty()) {
        // super().method() resolving to a class outside the file.
        if (facts_.isTorchName(callee->externalName)) {
          if (callee->methodName == "__init__" && self->kind == ValueKind::Instance &&
              facts_.containerKind(callee->externalName)) {
            // class Stages(nn.Sequential): super().__init__(*blocks) fills the container itself.
            ValuePtr filled = constructExternal(callee->externalName, std::move(args));
            self->elements = filled->elements;
            self->exactLength = filled->exactLength;
            for (auto& item : filled->items) self->setAttribute(item.first, item.second);
            return makeNone();
          }
          if (callee->methodName == "forward" && self->kind == ValueKind::Instance) {
            if (auto kind = facts_.containerKind(callee->externalName); kind && *kind == "Sequential")
              return callModule(expr, self, std::move(args), frame);
          }
          return args.hasProxy() ? tensorResult({}) : makeConcrete();
        }
        if (args.hasProxy())
          emit(EventKind::UnresolvedCall, expr, frame, callee->externalName + "." + callee->methodName);
        return makeUnknown();
      }
      return callConcreteMethod(expr, self, callee->methodName, std::move(args), frame);
    }
    case ValueKind::Class:
      return construct(expr, callee->classInfo, std::move(args), frame);
    case ValueKind::Instance:
      return callModule(expr, callee, std::move(args), frame);
    case ValueKind::External:
      // `from math import sqrt` is auto-wrapped only in the globals FX has patched so far.
      if (callee->importedByName && callee->externalName.starts_with("math.") && args.hasProxy() &&
          !mathPatchedScopes_.count(frame.scope)) {
        emit(EventKind::ProxyToScalar, expr, frame, callee->externalName, mergeProvenance(flattenProxies(args)));
        return makeConcrete();
      }
      return callExternal(expr, callee->externalName, std::move(args), frame);
    case ValueKind::Super:
      return makeUnknown();
    case ValueKind::Proxy:
      return tensorResult({callee.get()});
    default:
      // Calling something fxlint only knows as "a real value" (a callable passed in, a lambda).
      if (args.hasProxy()) emit(EventKind::UnresolvedCall, expr, frame, calleeText(frame, expr));
      return callee->kind == ValueKind::Unknown || args.hasProxy() ? makeUnknown() : makeConcrete();
  }
}

ValuePtr Interpreter::callFunction(const ir::Expr& expr, const std::shared_ptr<ir::FunctionDef>& fn,
                                   const ClassInfo* owner, ModuleScope* scope, ValuePtr self, Arguments args,
                                   Frame& caller, const std::string& label) {
  if (callDepth_ >= kMaxCallDepth) {
    emit(EventKind::BudgetExceeded, expr, caller, "call depth over " + std::to_string(kMaxCallDepth));
    return makeUnknown();
  }
  Frame frame;
  frame.scope = scope ? scope : caller.scope;
  frame.cls = owner;
  frame.self = self;
  frame.constructing = caller.constructing;
  const auto& params = fn->parameters;
  size_t next = 0;
  size_t positional = 0;
  if (self && !params.empty() && params[0].kind == ir::ParameterKind::Positional) {
    frame.locals[params[0].name] = self;
    next = 1;
  }
  for (size_t i = next; i < params.size(); ++i) {
    const ir::Parameter& param = params[i];
    ValuePtr value;
    if (param.kind == ir::ParameterKind::VarPositional) {
      std::vector<ValuePtr> rest;
      while (positional < args.positional.size()) rest.push_back(args.positional[positional++]);
      // `forward(self, *args)` under symbolic_trace: one Proxy stands for the tuple.
      bool tracedVarargs = rest.size() == 1 && rest[0]->isProxy() && rest[0]->parameter == param.name;
      value = tracedVarargs ? rest[0] : makeSequence(ir::SequenceKind::Tuple, std::move(rest));
    } else if (param.kind == ir::ParameterKind::VarKeyword) {
      if (ValuePtr traced = args.keyword(param.name); traced && traced->isProxy() && traced->parameter == param.name) {
        value = traced;
      } else {
        auto dict = std::make_shared<Value>();
        dict->kind = ValueKind::Dict;
        for (const auto& [key, v] : args.keywords) {
          bool named = std::any_of(params.begin(), params.end(), [&](const ir::Parameter& p) { return p.name == key; });
          if (!named) dict->items.emplace_back(key, v);
        }
        value = dict;
      }
    } else {
      if (param.kind == ir::ParameterKind::Positional && positional < args.positional.size()) value = args.positional[positional++];
      if (!value) value = args.keyword(param.name);
      if (!value) value = param.defaultValue ? eval(*param.defaultValue, frame) : makeConcrete();
    }
    frame.locals[param.name] = value;
  }
  ++callDepth_;
  chain_.push_back(label);
  execBlock(fn->body, frame);
  chain_.pop_back();
  --callDepth_;
  if (frame.returns.empty()) return makeNone();
  ValuePtr result = frame.returns.front();
  for (size_t i = 1; i < frame.returns.size(); ++i) result = joinValues(result, frame.returns[i]);
  return result;
}

ValuePtr Interpreter::callModule(const ir::Expr& expr, const ValuePtr& instance, Arguments args, Frame& frame) {
  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());
  for (const auto& [_, v] : args.keywords) operands.push_back(v.get());
  if (instance->isLeafModule) return tensorResult(operands);
  if (instance->classInfo) {
    bool configuredLeaf = std::find(config_.leafClasses.begin(), config_.leafClasses.end(),
                                    instance->classInfo->def->name) != config_.leafClasses.end();
    if (configuredLeaf) return tensorResult(operands);
    MethodLookup forward = findMethod(instance->classInfo, "forward");
    if (forward.function) {
      std::string callText = textOf(frame, expr);
      auto paren = callText.find('(');
      chain_.push_back(paren == std::string::npos ? callText : callText.substr(0, paren));
      mathPatchedScopes_.insert(forward.owner->scope);
      ValuePtr result = callFunction(expr, forward.function, forward.owner, forward.owner->scope, instance, std::move(args), frame,
                                     forward.owner->def->name + ".forward");
      chain_.pop_back();
      return result;
    }
    if (forward.unresolved || (!forward.externalOwner.empty() && !facts_.isTorchName(forward.externalOwner))) {
      if (args.hasProxy())
        emit(EventKind::UnresolvedCall, expr, frame,
             instance->classInfo->def->name + ".forward (inherited from `" + forward.externalOwner + "`)");
      return makeUnknown();
    }
    if (!facts_.containerKind(forward.externalOwner) && !forward.externalOwner.empty())
      return tensorResult(operands);  // a torch.nn class's own forward, e.g. a Conv2d subclass
  }
  if (auto kind = facts_.containerKind(instance->externalName); kind && *kind == "Sequential") {
    ValuePtr current = args.positional.empty() ? makeUnknown() : args.positional.front();
    std::string callText = textOf(frame, expr);
    auto paren = callText.find('(');
    chain_.push_back(paren == std::string::npos ? callText : callText.substr(0, paren));
    for (const auto& child : instance->elements) {
      Arguments childArgs;
      childArgs.positional.push_back(current);
      current = child->kind == ValueKind::Instance ? callModule(expr, child, std::move(childArgs), frame)
                                                   : callValue(expr, child, std::move(childArgs), frame);
    }
    chain_.pop_back();
    if (!instance->exactLength && instance->elements.empty()) return tensorResult(operands);
    return current;
  }
  if (!instance->externalName.empty() && !facts_.isTorchName(instance->externalName)) {
    if (args.hasProxy()) emit(EventKind::UnresolvedCall, expr, frame, instance->externalName);
    return makeUnknown();
  }
  return tensorResult(operands);
}

ValuePtr Interpreter::callExternal(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame) {
  if (name.starts_with("builtins.")) return callBuiltin(expr, name.substr(9), std::move(args), frame);
  if (name == "collections.OrderedDict") return makeDict(args);
  if ((name == "copy.copy" || name == "copy.deepcopy") && !args.positional.empty()) {
    auto copy = std::make_shared<Value>(*args.positional.front());
    return copy;
  }
  if (name == "collections.namedtuple" || name == "typing.NamedTuple") {
    // A tuple type: calling it packs its arguments; fields read back by name.
    auto type = std::make_shared<Value>();
    type->kind = ValueKind::BoundMethod;
    type->methodName = kNamedTupleMethod;
    if (args.positional.size() >= 2 && args.positional[1]->kind == ValueKind::Sequence)
      for (const auto& field : args.positional[1]->elements)
        type->items.emplace_back(field->literalKind == ir::ConstantKind::String ? field->literal : "", nullptr);
    return type;
  }
  if (name == "functools.partial" && !args.positional.empty()) {
    // partial(nn.LayerNorm, eps=1e-6): a callable remembering its leading arguments.
    auto partial = std::make_shared<Value>();
    partial->kind = ValueKind::BoundMethod;
    partial->methodName = kPartialMethod;
    partial->self = args.positional.front();
    partial->elements.assign(args.positional.begin() + 1, args.positional.end());
    partial->items = args.keywords;
    return partial;
  }

  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());
  for (const auto& [_, v] : args.keywords) operands.push_back(v.get());
  bool proxyArgs = args.hasProxy();

  if (auto state = facts_.tracingStateUnderFx(name)) {
    auto v = makeBool(*state);
    v->tracingState = !*state;  // is_fx_tracing() is the guard FX itself provides: no hazard
    return v;
  }
  if (facts_.isTraceableAssert(name)) {
    if (name == "torch.fx.wrap" && callDepth_ > 0) emit(EventKind::WrapNotAtTopLevel, expr, frame, name);
    return makeNone();
  }
  if (facts_.containerKind(name) || facts_.isLeafModuleClass(name)) return constructExternal(name, std::move(args));
  if (facts_.isParameterConstructor(name)) {
    auto v = makeProxy(ProxyKind::Tensor, Provenance{});
    v->isParameter = true;
    v->provenance.data = true;
    return v;
  }
  if (facts_.rejectsProxies(name) && proxyArgs) {
    emit(EventKind::FactoryWithProxy, expr, frame, name, mergeProvenance(flattenProxies(args)));
    return tensorResult(operands);
  }
  if (facts_.isTypeCheck(name) && proxyArgs) {
    emit(EventKind::ProxyTypeCheck, expr, frame, name, mergeProvenance(flattenProxies(args)));
    return makeBool(false);  // a Proxy is not a torch.Tensor
  }
  if (facts_.isSizeFactory(name)) {
    if (const Value* size = proxySizeThatFails(args)) {
      emit(EventKind::FactoryWithProxy, expr, frame, name, size->provenance);
      return tensorResult(operands);
    }
    if (!proxyArgs) {
      auto v = std::make_shared<Value>();
      v->kind = ValueKind::RealTensor;
      return v;
    }
    return tensorResult(operands);
  }
  if (facts_.tensorListFromProxyFails && facts_.takesTensorList(name) && !args.positional.empty() &&
      args.positional[0]->isProxy()) {
    emit(EventKind::TensorListFromProxy, expr, frame, name, args.positional[0]->provenance);
    return tensorResult(operands);
  }
  if (facts_.isNonTorchNumericLibrary(name)) {
    if (proxyArgs) {
      emit(EventKind::NonTorchCallOnProxy, expr, frame, name, mergeProvenance(operands));
      return makeUnknown();
    }
    return makeConcrete();
  }
  if (facts_.isTorchName(name) || facts_.isAutowrappedModule(name.substr(0, name.find('.')))) {
    std::string_view last = std::string_view(name).substr(name.rfind('.') + 1);
    if (!proxyArgs && facts_.isTorchName(name) && !last.empty() && std::isupper(static_cast<unsigned char>(last[0]))) {
      // A torch class outside torch.nn (QuantStub, ...): a module traced through torch's own forward.
      return constructExternal(name, std::move(args));
    }
    if (!proxyArgs) {
      bool real = std::any_of(operands.begin(), operands.end(), [](const Value* v) { return v->kind == ValueKind::RealTensor; });
      if (real) {
        auto v = std::make_shared<Value>();
        v->kind = ValueKind::RealTensor;
        return v;
      }
      return makeConcrete();
    }
    bool sizeMath = name.starts_with("math.");
    if (sizeMath) return proxyFrom(ProxyKind::Int, operands);
    return tensorResult(operands);
  }
  if (proxyArgs) {
    emit(EventKind::UnresolvedCall, expr, frame, name);
    return makeUnknown();
  }
  // An unseen class called with real values is a construction (maybe a module: calling it with a
  // Proxy later is unresolved); other unseen calls on real values return some real value.
  std::string_view last = std::string_view(name).substr(name.rfind('.') + 1);
  if (!last.empty() && std::isupper(static_cast<unsigned char>(last[0]))) {
    auto instance = std::make_shared<Value>();
    instance->kind = ValueKind::Instance;
    instance->externalName = name;
    return instance;
  }
  return makeConcrete();
}

ValuePtr Interpreter::makeDict(const Arguments& args) {
  // dict(pairs) / OrderedDict(pairs) / dict(mapping) / dict(key=value): the items in order.
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::Dict;
  if (!args.positional.empty()) {
    const ValuePtr& source = args.positional.front();
    if (source->kind == ValueKind::Dict) {
      v->items = source->items;
    } else if (source->kind == ValueKind::Sequence) {
      for (const auto& pair : source->elements) {
        if (pair->kind != ValueKind::Sequence || pair->elements.size() != 2) continue;
        const ValuePtr& key = pair->elements[0];
        v->items.emplace_back(key->literalKind == ir::ConstantKind::String ? key->literal : "<key>", pair->elements[1]);
      }
    }
  }
  v->items.insert(v->items.end(), args.keywords.begin(), args.keywords.end());
  return v;
}

std::vector<const Value*> Interpreter::flattenProxies(const Arguments& args) {
  std::vector<const Value*> proxies;
  auto add = [&](const ValuePtr& v) {
    if (v->isProxy()) proxies.push_back(v.get());
    if (v->kind == ValueKind::Sequence)
      for (const auto& e : v->elements) if (e->isProxy()) proxies.push_back(e.get());
  };
  for (const auto& v : args.positional) add(v);
  for (const auto& [_, v] : args.keywords) add(v);
  return proxies;
}

const Value* Interpreter::proxySizeThatFails(const Arguments& args) const {
  auto isSizeProxy = [](const ValuePtr& v) { return v->isProxy() && v->proxyKind != ProxyKind::Tensor; };
  switch (facts_.factorySizeRule) {
    case FactorySizeRule::LeadingProxyFails:
      if (args.positional.size() >= 2 && isSizeProxy(args.positional[0])) return args.positional[0].get();
      return nullptr;
    case FactorySizeRule::AnyProxyFails:
      for (const auto& v : args.positional) {
        if (isSizeProxy(v)) return v.get();
        if (v->kind == ValueKind::Sequence)
          for (const auto& e : v->elements) if (e->isProxy()) return e.get();
      }
      for (const auto& [key, v] : args.keywords)
        if (v->isProxy() && (key == "device" || key == "dtype" || key == "size")) return v.get();
      return nullptr;
  }
  return nullptr;
}

ValuePtr Interpreter::callBuiltin(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame) {
  const ValuePtr first = args.positional.empty() ? nullptr : args.positional.front();
  bool firstProxy = first && first->isProxy();
  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());

  if (name == "len") {
    if (firstProxy) {
      emit(EventKind::ProxyLen, expr, frame, "len", first->provenance);
      return makeConcrete();
    }
    if (first && first->kind == ValueKind::Sequence && first->exactLength) return makeInt((long long)first->elements.size());
    if (first && first->kind == ValueKind::Instance && first->exactLength && !first->externalName.empty())
      return makeInt((long long)first->elements.size());
    return makeConcrete();
  }
  if (name == "int" || name == "float" || name == "range" || name == "round" || name == "divmod") {
    for (const auto& v : args.positional)
      if (v->isProxy()) {
        emit(EventKind::ProxyToScalar, expr, frame, name, v->provenance);
        return name == "range" ? makeSequence(ir::SequenceKind::List, {makeConcrete()}, false) : makeConcrete();
      }
    if (name == "range") {
      if (args.positional.size() == 1 && first->literalKind == ir::ConstantKind::Int && first->intValue >= 0 &&
          first->intValue <= (long long)kMaxUnrolled) {
        std::vector<ValuePtr> values;
        for (long long i = 0; i < first->intValue; ++i) values.push_back(makeInt(i));
        return makeSequence(ir::SequenceKind::List, std::move(values));
      }
      return makeSequence(ir::SequenceKind::List, {makeConcrete()}, false);
    }
    if (name == "int" && first && first->literalKind == ir::ConstantKind::Int) return first;
    return makeConcrete();
  }
  if (name == "bool") {
    if (first) {
      std::optional<bool> truth = decide(expr, first, "bool()", frame);
      return truth ? makeBool(*truth) : makeConcrete();
    }
    return makeBool(false);
  }
  if (name == "abs") {
    if (firstProxy) return proxyFrom(first->proxyKind, {first.get()});
    return makeConcrete();
  }
  if (name == "min" || name == "max") {
    bool anyProxy = args.hasProxy();
    if (anyProxy) {
      // min(seq) iterates; min(a, b) compares and calls bool() on a Proxy comparison.
      if (args.positional.size() == 1 && firstProxy)
        emit(EventKind::ProxyIteration, expr, frame, name, first->provenance);
      else
        emit(EventKind::BuiltinMinMax, expr, frame, name, mergeProvenance(operands));
      return proxyFrom(ProxyKind::Int, operands);
    }
    return makeConcrete();
  }
  if (name == "list" || name == "tuple" || name == "sorted" || name == "reversed" || name == "set" || name == "iter") {
    if (!first) return makeSequence(name == "tuple" ? ir::SequenceKind::Tuple : ir::SequenceKind::List, {});
    auto elements = iterate(expr, first, frame, name.c_str());
    bool exact = first->kind == ValueKind::Sequence && first->exactLength;
    return makeSequence(name == "tuple" ? ir::SequenceKind::Tuple : ir::SequenceKind::List, std::move(elements), exact);
  }
  if (name == "zip" || name == "enumerate" || name == "map" || name == "filter") {
    std::vector<std::vector<ValuePtr>> columns;
    bool exact = true;
    size_t start = name == "map" || name == "filter" ? 1 : 0;
    for (size_t i = start; i < args.positional.size(); ++i) {
      columns.push_back(iterate(expr, args.positional[i], frame, name.c_str()));
      exact = exact && args.positional[i]->kind == ValueKind::Sequence && args.positional[i]->exactLength;
    }
    if (name == "map" || name == "filter") return makeSequence(ir::SequenceKind::List, {makeConcrete()}, false);
    std::vector<ValuePtr> rows;
    size_t count = columns.empty() ? 0 : columns[0].size();
    for (const auto& column : columns) count = std::min(count, column.size());
    for (size_t r = 0; r < count; ++r) {
      std::vector<ValuePtr> row;
      if (name == "enumerate") row.push_back(makeInt((long long)r));
      for (const auto& column : columns) row.push_back(column[r]);
      rows.push_back(makeSequence(ir::SequenceKind::Tuple, std::move(row)));
    }
    return makeSequence(ir::SequenceKind::List, std::move(rows), exact);
  }
  if (name == "any" || name == "all" || name == "sum") {
    if (firstProxy) {
      emit(EventKind::ProxyIteration, expr, frame, name, first->provenance);
      return makeConcrete();
    }
    if (first && first->kind == ValueKind::Sequence) {
      std::vector<const Value*> parts;
      for (const auto& e : first->elements) parts.push_back(e.get());
      bool proxies = std::any_of(parts.begin(), parts.end(), [](const Value* v) { return v->isProxy(); });
      if (proxies) {
        if (name == "sum") return tensorResult(parts);
        emit(EventKind::ProxyAsBool, expr, frame, name, mergeProvenance(parts));
      }
    }
    return makeConcrete();
  }
  if (name == "isinstance" || name == "hasattr" || name == "callable") {
    if (firstProxy) {
      emit(EventKind::ProxyTypeCheck, expr, frame, name, first->provenance);
      // isinstance(proxy, torch.Tensor) is False; hasattr(proxy, name) is True.
      return makeBool(name != "isinstance");
    }
    return makeConcrete();
  }
  if (name == "type") {
    if (firstProxy) emit(EventKind::ProxyTypeCheck, expr, frame, name, first->provenance);
    return makeConcrete();
  }
  if (name == "str" || name == "repr" || name == "format" || name == "hash") {
    if (firstProxy) {
      if (name == "format" && args.positional.size() > 1 && args.positional[1]->literalKind == ir::ConstantKind::String &&
          args.positional[1]->literal.find('d') != std::string::npos) {
        emit(EventKind::ProxyToScalar, expr, frame, name, first->provenance);
      } else {
        ValuePtr baked = bakedString(expr, frame, name.c_str(), first->provenance);
        if (name == "hash") markUse(baked);
        return baked;
      }
    }
    return makeString("");
  }
  if (name == "getattr" || name == "hasattr" || name == "setattr") {
    for (const auto& arg : args.positional) markUse(arg);
  }
  if (name == "getattr") {
    if (first && args.positional.size() >= 2 && args.positional[1]->literalKind == ir::ConstantKind::String)
      return evalAttribute(expr, first, args.positional[1]->literal, frame);
    if (first && first->kind == ValueKind::External) return makeUnknown();
    if (args.positional.size() >= 3) return args.positional[2];
    return makeUnknown();
  }
  if (name == "setattr") {
    if (first && first->kind == ValueKind::Instance && args.positional.size() >= 3 &&
        args.positional[1]->literalKind == ir::ConstantKind::String)
      first->setAttribute(args.positional[1]->literal, args.positional[2]);
    return makeNone();
  }
  if (name == "super") {
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Super;
    v->self = frame.self;
    v->classInfo = frame.cls;
    if (!frame.self || !frame.cls) return makeUnknown();
    return v;
  }
  if (name == "print") return makeNone();
  if (name == "dict") return makeDict(args);
  if (name == "next") {
    if (firstProxy) emit(EventKind::ProxyIteration, expr, frame, name, first->provenance);
    return makeConcrete();
  }
  return makeConcrete();  // exception classes, id(), object(): real values
}

ValuePtr Interpreter::callProxyMethod(const ir::Expr& expr, const ValuePtr& proxy, const std::string& method,
                                      Arguments args, Frame& frame) {
  std::vector<const Value*> operands = {proxy.get()};
  for (const auto& v : args.positional) operands.push_back(v.get());
  for (const auto& [_, v] : args.keywords) operands.push_back(v.get());
  bool direct = !proxy->parameter.empty();
  if (proxy->proxyKind == ProxyKind::Tensor || proxy->proxyKind == ProxyKind::Other) {
    if (method == "size" || method == "dim" || method == "numel" || method == "ndimension" || method == "nelement") {
      if (proxy->isParameter && config_.paramShapesConstant) return makeConcrete();
      auto v = makeProxy(method == "size" && args.positional.empty() ? ProxyKind::Size : ProxyKind::Int, proxy->provenance);
      v->provenance.shape = true;
      v->provenance.data = false;
      v->provenance.originText = textOf(frame, expr);
      int dim = method == "size" ? (args.positional.empty() ? ShapeRef::kUnknownDim
                                    : args.positional[0]->literalKind == ir::ConstantKind::Int ? int(args.positional[0]->intValue)
                                                                                              : ShapeRef::kUnknownDim)
                : method == "numel" || method == "nelement" ? ShapeRef::kAllDims : ShapeRef::kRank;
      for (ShapeRef& ref : v->provenance.dims) ref = ShapeRef{ref.input, dim, ref.direct && direct};
      return v;
    }
    if (facts_.isPythonValueMethod(method)) {
      auto v = makeProxy(method == "item" ? ProxyKind::Scalar : ProxyKind::Other, proxy->provenance);
      v->provenance.data = true;
      return v;
    }
    if (method == "type" && args.positional.empty() && args.keywords.empty()) {
      auto v = makeProxy(ProxyKind::Other, proxy->provenance);
      v->provenance.metadata = true;
      v->provenance.data = v->provenance.shape = false;
      return v;
    }
    if (method == "split" || method == "chunk" || method == "unbind" || method == "tensor_split") {
      auto v = tensorResult(operands);
      v->proxyKind = ProxyKind::Other;  // one Proxy standing for a list of tensors
      return v;
    }
    return tensorResult(operands);
  }
  if (proxy->proxyKind == ProxyKind::Size) {
    if (method == "numel") {
      auto v = makeProxy(ProxyKind::Int, proxy->provenance);
      for (ShapeRef& ref : v->provenance.dims) ref.dim = ShapeRef::kAllDims;
      return v;
    }
    if (method == "index" || method == "count") {
      auto v = makeProxy(ProxyKind::Int, proxy->provenance);
      return v;
    }
  }
  return proxyFrom(proxy->proxyKind == ProxyKind::Scalar ? ProxyKind::Scalar : ProxyKind::Other, operands);
}

ValuePtr Interpreter::callConcreteMethod(const ir::Expr& expr, const ValuePtr& object, const std::string& method,
                                         Arguments args, Frame& frame) {
  const ValuePtr first = args.positional.empty() ? nullptr : args.positional.front();
  switch (object->kind) {
    case ValueKind::Sequence:
      if (method == "append" && first) {
        object->elements.push_back(first);
        if (uncertainDepth_ > 0) object->exactLength = false;
      } else if (method == "extend" && first) {
        auto parts = iterate(expr, first, frame, "extend");
        object->elements.insert(object->elements.end(), parts.begin(), parts.end());
        object->exactLength = object->exactLength && first->kind == ValueKind::Sequence && first->exactLength;
      } else if (method == "insert" && args.positional.size() >= 2) {
        object->elements.insert(object->elements.begin(), args.positional[1]);
      } else if (method == "pop" && !object->elements.empty()) {
        ValuePtr last = object->elements.back();
        object->elements.pop_back();
        return last;
      } else if (method == "sort" || method == "reverse" || method == "clear" || method == "remove" ||
                 method == "add" || method == "update" || method == "discard") {
        // Mutators return None.
      } else {
        return makeConcrete();  // index, count, issubset, union, copy, ...: some real value
      }
      return makeNone();
    case ValueKind::Dict:
      if (method == "items") {
        std::vector<ValuePtr> rows;
        for (auto& [key, value] : object->items) rows.push_back(makeSequence(ir::SequenceKind::Tuple, {makeString(key), value}));
        return makeSequence(ir::SequenceKind::List, std::move(rows), !object->items.empty());
      }
      if (method == "values") {
        std::vector<ValuePtr> values;
        for (auto& item : object->items) values.push_back(item.second);
        return makeSequence(ir::SequenceKind::List, std::move(values), !object->items.empty());
      }
      if (method == "keys") return makeSequence(ir::SequenceKind::List, iterate(expr, object, frame, "keys"), !object->items.empty());
      if (first && (method == "get" || method == "pop" || method == "setdefault" || method == "__contains__"))
        markUse(first);
      if (method == "get" && first && first->literalKind == ir::ConstantKind::String) {
        for (auto& [key, value] : object->items) if (key == first->literal) return value;
        return args.positional.size() > 1 ? args.positional[1] : makeNone();
      }
      if ((method == "update" || method == "setdefault" || method == "__setitem__") && first) return makeNone();
      return makeConcrete();
    case ValueKind::Instance: {
      // Methods of torch.nn.Module (or of a container) on a file class or a torch module.
      if (method == "register_buffer" && args.positional.size() >= 2 && first->literalKind == ir::ConstantKind::String) {
        ValuePtr buffer = args.positional[1];
        if (!buffer->isNone()) {
          buffer = std::make_shared<Value>();
          buffer->kind = ValueKind::RealTensor;
          buffer->isBuffer = true;
        }
        object->setAttribute(first->literal, buffer);
        return makeNone();
      }
      if ((method == "add_module" || method == "register_module" || method == "register_parameter") &&
          args.positional.size() >= 2 && first->literalKind == ir::ConstantKind::String) {
        ValuePtr child = args.positional[1];
        if (method == "add_module" && facts_.containerKind(object->externalName)) object->elements.push_back(child);
        object->setAttribute(first->literal, child);
        return makeNone();
      }
      if (method == "append" && first) { object->elements.push_back(first); return makeNone(); }
      if (method == "extend" && first) {
        auto parts = iterate(expr, first, frame, "extend");
        object->elements.insert(object->elements.end(), parts.begin(), parts.end());
        return makeNone();
      }
      if (method == "items" || method == "named_children") {
        // A ModuleDict's items; a module's named_children: the attributes that are modules.
        std::vector<ValuePtr> rows;
        for (auto& [key, value] : object->items)
          if (mayBeModule(*value)) rows.push_back(makeSequence(ir::SequenceKind::Tuple, {makeString(key), value}));
        return makeSequence(ir::SequenceKind::List, std::move(rows), !object->items.empty());
      }
      if (method == "values" || method == "children") {
        std::vector<ValuePtr> values;
        for (auto& item : object->items)
          if (mayBeModule(*item.second)) values.push_back(item.second);
        if (values.empty()) values = object->elements;
        return makeSequence(ir::SequenceKind::List, std::move(values), !values.empty());
      }
      if (method == "forward") return callModule(expr, object, std::move(args), frame);
      if (method == "parameters" || method == "buffers" || method == "modules" || method == "named_parameters")
        return makeSequence(ir::SequenceKind::List, {makeConcrete()}, false);
      if (args.hasProxy() && !object->isLeafModule && object->classInfo == nullptr && !facts_.isTorchName(object->externalName)) {
        emit(EventKind::UnresolvedCall, expr, frame, object->externalName + "." + method);
        return makeUnknown();
      }
      return args.hasProxy() ? tensorResult({}) : makeConcrete();
    }
    case ValueKind::RealTensor: {
      if (args.hasProxy()) {
        std::vector<const Value*> operands;
        for (const auto& v : args.positional) operands.push_back(v.get());
        return tensorResult(operands);
      }
      if (method == "size" || method == "dim" || method == "item" || method == "tolist" || method == "numel") return makeConcrete();
      return object;
    }
    case ValueKind::Concrete:
      if (object->literalKind == ir::ConstantKind::String && method == "format") {
        ValuePtr result = makeString("");
        for (const auto& v : args.positional)
          if (v->isProxy()) {
            bool numeric = object->literal.find(":d}") != std::string::npos || object->literal.find(":.") != std::string::npos;
            if (numeric) emit(EventKind::ProxyToScalar, expr, frame, "str.format", v->provenance);
            else result = bakedString(expr, frame, "str.format", v->provenance);
          }
        return result;
      }
      if (args.hasProxy()) return makeUnknown();
      return makeConcrete();
    default:
      if (args.hasProxy()) {
        emit(EventKind::UnresolvedCall, expr, frame, calleeText(frame, expr));
        return makeUnknown();
      }
      return object->kind == ValueKind::Unknown ? makeUnknown() : makeConcrete();
  }
}

}  // namespace fxlint::interp
