// The project model the tracer runs in: module scopes bound on first use, imports resolved through the
// module loader, classes with their bases, MRO and leaf status, method lookup and dataclasses.
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

// The placeholder of a global while its import resolves.
const std::string kImportCycle = "<import cycle>.";

}  // namespace

ModuleScope* Interpreter::scopeFor(const project::LoadedModule* loaded) {
  if (!loaded || !loaded->module) return nullptr;
  ValueArenaScope values(arena_);
  auto& slot = scopes_[loaded];
  if (!slot) {
    // Registered before binding, so an import cycle finds this (partly bound) scope instead of looping.
    slot = std::make_unique<ModuleScope>();
    slot->loaded = loaded;
    slot->module = loaded->module;
    // Python runs a module's top level on its own stack, whatever first imported it: so does binding
    // here, or a module first used deep in a trace would run out of call depth or steps and bind
    // unknown values (verdicts then depended on which file of a run was analyzed first).
    struct FreshStack {
      Interpreter& self;
      int callDepth, constructDepth, uncertainDepth;
      std::vector<std::vector<HandlerTypes>> catching;
      long steps;
      bool budgetReported;
      std::vector<Activation> activeFunctions;
      std::vector<Caller> callers;
      explicit FreshStack(Interpreter& interpreter)
          : self(interpreter), callDepth(self.callDepth_), constructDepth(self.constructDepth_),
            uncertainDepth(self.uncertainDepth_), catching(std::move(self.catching_)), steps(self.steps_),
            budgetReported(self.budgetReported_), activeFunctions(std::move(self.activeFunctions_)),
            callers(std::move(self.callers_)) {
        self.callDepth_ = self.constructDepth_ = self.uncertainDepth_ = 0;
        self.catching_.clear();
        self.steps_ = 0;
        self.budgetReported_ = false;
        self.activeFunctions_.clear();
        self.callers_.clear();
      }
      ~FreshStack() {
        self.callDepth_ = callDepth;
        self.constructDepth_ = constructDepth;
        self.uncertainDepth_ = uncertainDepth;
        self.catching_ = std::move(catching);
        self.steps_ = steps;
        self.budgetReported_ = budgetReported;
        self.activeFunctions_ = std::move(activeFunctions);
        self.callers_ = std::move(callers);
      }
    } fresh(*this);
    forgoReuse();  // the calls under way saw a module bound: not a context a replay reproduces
    bindScope(*slot);
  }
  return slot.get();
}

ValuePtr Interpreter::lookupGlobal(ModuleScope& scope, const std::string& name) {
  auto it = scope.globals.find(name);
  if (it == scope.globals.end()) return nullptr;
  bool cyclePlaceholder = it->second->kind == ValueKind::External && it->second->externalName.starts_with(kImportCycle);
  // What a name resolves to while imports are still being resolved depends on where the first use was:
  // a call that saw it happen is not replayed elsewhere.
  if (it->second->pendingImport || cyclePlaceholder) forgoReuse();
  if (!it->second->pendingImport) return it->second;
  const ir::Import* import = it->second->pendingImport;
  ModuleScope& importer = *it->second->scope;  // differs from `scope` for names copied by `import *`
  // A placeholder while resolving: a cycle of re-exports comes back to an unresolved name, not here.
  it->second = makeExternal(kImportCycle + name);
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
        // `from pkg import sub` inside pkg's own __init__ (a cycle back to this name): Python then
        // imports the submodule pkg.sub, as below.
        ValuePtr found = lookupGlobal(*target, import.name);
        if (found && !(found->kind == ValueKind::External && found->externalName.starts_with(kImportCycle))) {
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

namespace {

std::string boundName(const ir::Import& import) {
  if (!import.alias.empty()) return import.alias;
  return !import.name.empty() ? import.name : import.module.substr(0, import.module.find('.'));
}

}  // namespace

void Interpreter::bindScope(ModuleScope& scope) {
  ImportTimeScope importing(*this);
  const ir::Module& module = *scope.module;
  auto& globals = scope.globals;
  // Resolved on first use: import cycles (common in large packages) then see complete modules.
  auto pendingImport = [&](const ir::Import& import) {
    auto pending = makeUnknown();
    pending->pendingImport = &import;
    pending->scope = &scope;
    return pending;
  };
  // Definitions first, imports after: a cycle back into this module then finds its classes.
  std::vector<std::pair<uint32_t, ValuePtr>> decorated;  // definitions whose decorators run at import
  for (const auto& fn : module.functions) {
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Function;
    v->function = fn;
    v->scope = &scope;
    globals[fn->name] = v;
    if (!fn->decorators.empty()) decorated.emplace_back(fn->span.beginOffset, v);
    for (const auto& decorator : fn->decorators) {
      std::string name = dottedName(*decorator);
      if (name.ends_with("fx.wrap") || name == "wrap") scope.wrappedFunctions.insert(fn->name);
    }
  }
  std::vector<std::pair<ClassInfo*, ValuePtr>> added;
  for (const auto& cls : module.classes) {
    auto info = std::make_unique<ClassInfo>();
    info->def = cls.get();
    info->scope = &scope;
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Class;
    v->classInfo = info.get();
    globals[cls->name] = v;
    added.emplace_back(info.get(), v);
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
    globals[boundName(import)] = pendingImport(import);
  }
  for (const auto& import : module.typeCheckingImports)
    if (std::string name = boundName(import); !globals.count(name)) globals[name] = pendingImport(import);
  for (auto& [info, value] : added) resolveBases(*info);
  for (auto& [info, value] : added) markRegisteredLeaf(*info);
  for (auto& [info, value] : added) classifyModule(*info);
  // A class is created where it is defined: its base's __init_subclass__ runs, then its decorators.
  for (auto& [info, value] : added)
    if (!info->def->decorators.empty() || findMethod(info, "__init_subclass__", info).function)
      decorated.emplace_back(info->def->span.beginOffset, value);
  // Module-level constants and torch.fx.wrap("name") registrations, in order, with the project's own
  // decorators of top-level defs and classes run where Python runs them (registries fill at import).
  Frame top;
  top.scope = &scope;
  top.constructing = true;
  std::sort(decorated.begin(), decorated.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto nextDecorated = decorated.begin();
  auto decorateUpTo = [&](uint32_t offset) {
    for (; nextDecorated != decorated.end() && nextDecorated->first < offset; ++nextDecorated)
      runRegisteringDecorators(nextDecorated->second, top);
  };
  // `uncertain`: inside an `if` whose test fxlint cannot decide, so a name keeps its earlier value too.
  std::function<void(const ir::Block&, bool, int)> bind = [&](const ir::Block& block, bool uncertain, int depth) {
    for (const auto& stmt : block) {
      decorateUpTo(stmt->span.beginOffset);
      if (auto* e = std::get_if<ir::ExprStmt>(&stmt->node)) {
        if (auto* call = as<ir::Call>(*e->value)) {
          std::string callee = dottedName(*call->callee);
          if ((callee.ends_with("fx.wrap") || callee == "wrap") && !call->arguments.empty()) {
            if (auto* c = as<ir::Constant>(*call->arguments[0].value)) scope.wrappedFunctions.insert(c->text);
            else if (auto* n = as<ir::Name>(*call->arguments[0].value)) scope.wrappedFunctions.insert(n->id);
          } else {
            runModuleLevelCall(*call, *e->value, top);
          }
        }
      } else if (auto* a = std::get_if<ir::Assign>(&stmt->node)) {
        // Module-level values are real objects built at import: tables of classes, partials, namedtuples.
        // Evaluated lazily per statement would be exact; evaluating once at bind time is enough for them.
        ValuePtr value = eval(*a->value, top);
        for (const auto& target : a->targets)
          if (auto* n = as<ir::Name>(*target)) {
            auto bound = globals.find(n->id);
            if (bound == globals.end()) globals[n->id] = value;
            else if (bound->second->kind == ValueKind::Concrete)
              bound->second = uncertain ? joinValues(bound->second, value) : value;
          } else if (as<ir::Attribute>(*target)) {
            assign(*target, value, top);  // `Config.default_act = "gelu"`: the class changes for every later reader
          }
      } else if (auto* branch = std::get_if<ir::If>(&stmt->node); branch && depth < 8) {
        // `if is_torch_available(): _torch = True`: the branch Python takes at import, or both.
        std::optional<bool> taken = eval(*branch->test, top)->knownTruth();
        if (!taken || *taken) bind(branch->body, uncertain || !taken, depth + 1);
        if (!taken || !*taken) bind(branch->orElse, uncertain || !taken, depth + 1);
      }
    }
  };
  bind(module.topLevel, false, 0);
  decorateUpTo(UINT32_MAX);
}

void Interpreter::runModuleLevelCall(const ir::Call& call, const ir::Expr& expr, Frame& top) {
  // `Registry.register("name")(fn)`, `Choice.use("rows")`, `_TABLE.update(...)`: project code and the
  // methods of containers the module built change what later reads see, and so does torch's pytree
  // registry. Other calls into code outside the project are skipped: fxlint models no state of theirs.
  SpeculativeRun speculative(*this);
  speculative.run([&] {
    ValuePtr callee = eval(*call.callee, top);
    bool projectCode = callee->kind == ValueKind::Function ||
                       (callee->kind == ValueKind::BoundMethod && (callee->function || (callee->self &&
                        (callee->self->kind == ValueKind::Sequence || callee->self->kind == ValueKind::Dict))));
    bool registersPytree = callee->kind == ValueKind::External && facts_.isPytreeRegistration(callee->externalName);
    return projectCode || registersPytree ? eval(expr, top) : callee;
  });
}

void Interpreter::runRegisteringDecorators(const ValuePtr& definition, Frame& top) {
  // Only the project's decorators run, for what they do to the module's state (`_models[fn.__name__] =
  // fn`); the name stays bound to the definition, as calls through a wrapper are modelled elsewhere.
  const auto& decorators = definition->kind == ValueKind::Function ? definition->function->decorators
                                                                    : definition->classInfo->def->decorators;
  SpeculativeRun speculative(*this);
  if (definition->kind == ValueKind::Class) {
    // type.__new__ calls the nearest __init_subclass__ above the new class, an implicit classmethod
    // (PreTrainedConfig-style bases turn a subclass's own class attributes into specs there).
    MethodLookup hook = findMethod(definition->classInfo, "__init_subclass__", definition->classInfo);
    if (hook.function && !definition->classInfo->def->bases.empty()) {
      auto bound = std::make_shared<Value>();
      bound->kind = ValueKind::BoundMethod;
      bound->function = hook.function;
      bound->classInfo = hook.owner;
      bound->self = definition;
      bound->methodName = "__init_subclass__";
      speculative.run([&] { return callValue(*definition->classInfo->def->bases.front(), bound, Arguments{}, top); });
    }
  }
  ValuePtr current = definition;
  for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) {
    ValuePtr decorator = eval(**it, top);
    if (decorator->kind != ValueKind::Function) break;
    Arguments args;
    args.positional.push_back(current);
    ValuePtr result = speculative.run([&] { return callValue(**it, decorator, std::move(args), top); });
    if (!result || result->kind != definition->kind) break;
    current = result;
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
      if (base->kind == ValueKind::External && facts_.isModuleLibraryName(base->externalName)) {
        if (info.externalModuleBase.empty()) info.externalModuleBase = base->externalName;
      } else if (base->kind != ValueKind::External || !facts_.isTorchName(base->externalName)) {
        info.hasUnresolvedBase = true;
      }
    }
  }
  // A class with a base fxlint cannot see is a module when it has a forward() to trace.
  info.isModule = !info.externalModuleBase.empty() || (info.hasUnresolvedBase && definesForward);
  info.isLeaf = isLeafClass(&info);
}

std::string ClassInfo::qualifiedName() const {
  const std::string& module = scope && scope->loaded ? scope->loaded->moduleName : std::string();
  return module.empty() ? def->name : module + "." + def->name;
}

std::string Interpreter::qualifiedName(const Value& value) {
  switch (value.kind) {
    case ValueKind::External: return value.externalName;
    case ValueKind::Class: return value.classInfo->qualifiedName();
    case ValueKind::Function:
      if (value.scope && value.scope->loaded && !value.scope->loaded->moduleName.empty())
        return value.scope->loaded->moduleName + "." + value.function->name;
      return value.function->name;
    default: return {};
  }
}

void Interpreter::markRegisteredLeaf(ClassInfo& info) {
  Frame scratch;
  scratch.scope = info.scope;
  scratch.constructing = true;
  for (const auto& decorator : info.def->decorators)
    if (config_.tracer == Tracer::Timm && facts_.registersLeafModule(qualifiedName(*eval(*decorator, scratch))))
      info.registeredLeaf = true;
}

bool Interpreter::isConfiguredLeaf(std::string_view qualified) const {
  // torchvision's feature extraction makes every module class torchvision.ops exports a leaf.
  if (config_.tracer == Tracer::Torchvision && qualified.starts_with("torchvision.ops.")) return true;
  std::string_view last = qualified.substr(qualified.rfind('.') + 1);
  for (const std::string& entry : config_.leafClasses) {
    if (entry.ends_with(".*") ? qualified.starts_with(std::string_view(entry).substr(0, entry.size() - 1))
        : entry.find('.') == std::string::npos ? last == entry
                                                : qualified == entry)
      return true;
  }
  return false;
}

bool Interpreter::isLeafClass(const ClassInfo* cls) const {
  if (config_.capture == Capture::Export) return false;  // leaves are an FX tracer's notion
  // Tracers test leaves with isinstance (torchvision's and timm's): a subclass of a leaf is one too.
  for (const ClassInfo* c : mro(cls)) {
    if (c->registeredLeaf || isConfiguredLeaf(c->qualifiedName())) return true;
    for (const auto& base : c->bases)
      if (base->kind == ValueKind::External && isConfiguredLeaf(base->externalName)) return true;
  }
  return false;
}

bool Interpreter::isRegisteredLeafFunction(const Value& function) {
  if (config_.capture == Capture::Export) return false;
  auto [it, added] = registeredLeafFunctions_.try_emplace(function.function.get(), false);
  if (!added || function.function->decorators.empty() || !function.scope) return it->second;
  Frame scratch;
  scratch.scope = function.scope;
  scratch.constructing = true;
  for (const auto& decorator : function.function->decorators)
    if (config_.tracer == Tracer::Timm && facts_.registersLeafFunction(qualifiedName(*eval(*decorator, scratch))))
      it->second = true;
  return it->second;
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
  // Fields of the dataclasses in the hierarchy and of their subclasses (libraries such as
  // huggingface_hub re-apply the decorator to subclasses), bases first, each once.
  const ClassInfo* actual = instance->classInfo ? instance->classInfo : cls;
  std::vector<std::string> fields;
  std::vector<const ClassInfo*> order = mro(actual);
  bool inDataclass = false;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    inDataclass = inDataclass || isDataclass(*it);
    if (!inDataclass) continue;
    for (const std::string& field : (*it)->def->annotatedFields)
      if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    ValuePtr value = i < args.positional.size() ? args.positional[i] : args.keyword(fields[i]);
    if (!value) value = classAttribute(actual, fields[i]);
    instance->setAttribute(fields[i], value ? value : makeConcrete());
  }
  MethodLookup postInit = findMethod(actual, "__post_init__");
  if (postInit.function) {
    ir::Expr anchor;
    anchor.span = postInit.function->nameSpan;
    anchor.node = ir::Name{postInit.function->name};
    callFunction(anchor, postInit.function, postInit.owner, postInit.owner->scope, instance, Arguments{}, frame,
                 postInit.owner->def->name + ".__post_init__");
  }
}

bool Interpreter::isDictSubclass(const ClassInfo* cls) const {
  for (const ClassInfo* c : mro(cls))
    for (const auto& base : c->bases)
      if (base->kind == ValueKind::External && isDictType(base->externalName)) return true;
  return false;
}

bool Interpreter::isPlainModule(const std::string& externalName) const {
  return facts_.isModuleBase(externalName);
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

ValuePtr Interpreter::classNamespace(const ClassInfo* cls) {
  // `cls.__dict__`: what the class body itself defines, not what it inherits.
  auto dict = std::make_shared<Value>();
  dict->kind = ValueKind::Dict;
  auto add = [&](const std::string& name) {
    for (const auto& item : dict->items)
      if (item.first == name) return;
    if (ValuePtr value = classAttribute(cls, name)) dict->items.emplace_back(name, value);
  };
  for (const auto& stmt : cls->def->classBody)
    if (auto* a = std::get_if<ir::Assign>(&stmt->node))
      for (const auto& target : a->targets)
        if (auto* n = as<ir::Name>(*target)) add(n->id);
  for (const auto& method : cls->def->methods) add(method->name);
  for (const auto& [key, value] : classAttributes_)
    if (key.first == cls && value) add(key.second);
  return dict;
}

ValuePtr Interpreter::classAttribute(const ClassInfo* cls, const std::string& name) {
  for (const ClassInfo* c : mro(cls)) {
    if (auto stored = classAttributes_.find({c, name}); stored != classAttributes_.end()) return stored->second;
    for (const auto& stmt : c->def->classBody) {
      auto* a = std::get_if<ir::Assign>(&stmt->node);
      if (!a) continue;
      for (const auto& target : a->targets)
        if (auto* n = as<ir::Name>(*target); n && n->id == name) {
          // `x = A.x` in A's body (a NameError in Python) would look itself up without end.
          auto key = std::make_pair(c, name);
          if (!attributesBeingEvaluated_.insert(key).second) return makeUnknown();
          Frame scratch;
          scratch.scope = c->scope;
          ValuePtr value;
          {
            ImportTimeScope importing(*this);  // the class body ran at import
            value = eval(*a->value, scratch);
          }
          attributesBeingEvaluated_.erase(key);
          // Methods and classes are evaluated afresh (cheap, immutable); data is one object.
          if (value->kind == ValueKind::Sequence || value->kind == ValueKind::Dict || value->kind == ValueKind::Concrete)
            classAttributes_[key] = value;
          return value;
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

}  // namespace fxlint::interp
