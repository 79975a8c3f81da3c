// Python's type model for the values fxlint knows: type(x), isinstance, issubclass, callable, and `is`
// between classes. Layer factories decide on these while a model is built (`isinstance(norm, type)`,
// `type(act) is str`, `issubclass(block, Bottleneck)`), so an exact answer picks the layer Python picks.
// A type fxlint cannot pin down (an unresolved base, an object of unknown class) answers nullopt:
// the caller then explores both outcomes.
#include <algorithm>
#include <set>

#include "interp/interpreter.h"
#include "interp/support.h"

namespace fxlint::interp {

namespace {

// Builtin classes and their single base, as far as model code tests them. Exception classes matter for
// `except` clauses; the numeric and container types for factory dispatch. torch's classes come from the
// torch facts.
const std::map<std::string, std::string>& builtinBases() {
  static const std::map<std::string, std::string> kBases = {
      {"builtins.bool", "builtins.int"},
      {"builtins.int", "builtins.object"},
      {"builtins.float", "builtins.object"},
      {"builtins.str", "builtins.object"},
      {"builtins.bytes", "builtins.object"},
      {"builtins.tuple", "builtins.object"},
      {"builtins.list", "builtins.object"},
      {"builtins.set", "builtins.object"},
      {"builtins.frozenset", "builtins.object"},
      {"builtins.dict", "builtins.object"},
      {"builtins.NoneType", "builtins.object"},
      {"builtins.type", "builtins.object"},
      {"builtins.function", "builtins.object"},
      {"builtins.method", "builtins.object"},
      {"builtins.slice", "builtins.object"},
      {"builtins.BaseException", "builtins.object"},
      {"builtins.Exception", "builtins.BaseException"},
      {"builtins.ValueError", "builtins.Exception"},
      {"builtins.TypeError", "builtins.Exception"},
      {"builtins.RuntimeError", "builtins.Exception"},
      {"builtins.NotImplementedError", "builtins.RuntimeError"},
      {"builtins.AttributeError", "builtins.Exception"},
      {"builtins.AssertionError", "builtins.Exception"},
      {"builtins.LookupError", "builtins.Exception"},
      {"builtins.KeyError", "builtins.LookupError"},
      {"builtins.IndexError", "builtins.LookupError"},
      {"builtins.ArithmeticError", "builtins.Exception"},
      {"builtins.ZeroDivisionError", "builtins.ArithmeticError"},
      {"builtins.OverflowError", "builtins.ArithmeticError"},
      {"builtins.ImportError", "builtins.Exception"},
      {"builtins.ModuleNotFoundError", "builtins.ImportError"},
      {"builtins.StopIteration", "builtins.Exception"},
      {"builtins.OSError", "builtins.Exception"},
      {"functools.partial", "builtins.object"},
  };
  return kBases;
}

// True if `test` holds for some option, false if it fails for every one of a known set, else nullopt.
template <class Test>
std::optional<bool> anyOf(const Value& options, Test test) {
  bool undecided = !options.exactLength;
  for (const auto& option : options.elements) {
    std::optional<bool> answer = test(*option);
    if (answer == true) return true;
    if (!answer) undecided = true;
  }
  return undecided ? std::nullopt : std::optional<bool>(false);
}

}  // namespace

std::string Interpreter::canonicalTypeName(std::string_view name) const { return facts_.canonicalClassName(name); }

// The single base of a builtin or torch class fxlint knows, or nullopt.
std::optional<std::string> Interpreter::knownBaseOf(const std::string& name) const {
  if (auto it = builtinBases().find(name); it != builtinBases().end()) return it->second;
  for (const auto& [cls, base] : facts_.classBases)
    if (cls == name) return std::string(base);
  return std::nullopt;
}

bool Interpreter::isKnownType(const Value& type) const {
  if (type.kind == ValueKind::Class) return true;
  if (type.kind != ValueKind::External || type.scope) return false;
  std::string name = canonicalTypeName(type.externalName);
  return knownBaseOf(name) || facts_.isLeafModuleClass(name) || facts_.containerKind(name);
}

bool Interpreter::isKnownLibraryObject(const Value& value) const {
  if (value.kind != ValueKind::External) return false;
  if (value.scope) return true;  // a module of the project
  // A class fxlint knows (nn.GELU, int) or a dtype: an object, never None, always true.
  return isKnownType(value) || facts_.isDtypeName(value.externalName);
}

ValuePtr Interpreter::typeOf(const Value& value) const {
  auto external = [](std::string name) { return makeExternal(std::move(name)); };
  switch (value.kind) {
    case ValueKind::Proxy:
      if (config_.capture == Capture::Fx) return external(std::string(facts_.classes.proxy));
      // A fake tensor under torch.export; a size computed from one is an int or a SymInt.
      if (value.proxyKind != ProxyKind::Tensor) return nullptr;
      return external(std::string(value.isParameter ? facts_.classes.parameter : facts_.classes.fakeTensor));
    case ValueKind::RealTensor: return external(std::string(facts_.classes.tensor));
    case ValueKind::Dict: return value.classInfo ? nullptr : external("builtins.dict");
    case ValueKind::Sequence:
      if (!value.items.empty()) return nullptr;  // a namedtuple: its own class
      return external(value.sequenceKind == ir::SequenceKind::Tuple  ? "builtins.tuple"
                      : value.sequenceKind == ir::SequenceKind::List ? "builtins.list"
                                                                     : "builtins.set");
    case ValueKind::Concrete:
      if (value.isSlice) return external("builtins.slice");
      if (value.mayBeNone || !value.literalKind) return nullptr;
      switch (*value.literalKind) {
        case ir::ConstantKind::Int: return external("builtins.int");
        case ir::ConstantKind::Float: return external("builtins.float");
        case ir::ConstantKind::Bool: return external("builtins.bool");
        case ir::ConstantKind::String: return external("builtins.str");
        case ir::ConstantKind::None: return external("builtins.NoneType");
        default: return nullptr;
      }
    case ValueKind::Instance: {
      if (value.classInfo) {
        auto cls = std::make_shared<Value>();
        cls->kind = ValueKind::Class;
        cls->classInfo = value.classInfo;
        return cls;
      }
      if (!value.externalName.empty() && (facts_.isLeafModuleClass(value.externalName) ||
                                          facts_.containerKind(value.externalName)))
        return external(canonicalTypeName(value.externalName));
      return nullptr;
    }
    case ValueKind::Class:
      // A metaclass makes the class's type something else.
      return value.classInfo && !value.classInfo->def->metaclass ? external("builtins.type") : nullptr;
    case ValueKind::Function: return external("builtins.function");
    case ValueKind::BoundMethod:
      if (value.methodName == kPartialMethod) return external("functools.partial");
      return value.function ? external("builtins.method") : nullptr;
    case ValueKind::External:
      // Classes outside the project that fxlint knows are classes: their type is `type`.
      return !value.scope && isKnownType(value) ? external("builtins.type") : nullptr;
    default: return nullptr;
  }
}

std::optional<bool> Interpreter::isSubclass(const Value& cls, const Value& classinfo) const {
  // issubclass(C, (A, B)): any of them.
  if (classinfo.kind == ValueKind::Sequence)
    return anyOf(classinfo, [&](const Value& option) { return isSubclass(cls, option); });
  if (classinfo.kind != ValueKind::Class && (classinfo.kind != ValueKind::External || classinfo.scope)) return std::nullopt;
  std::string target = classinfo.kind == ValueKind::External ? canonicalTypeName(classinfo.externalName) : "";
  if (target == "builtins.object") return true;
  if (cls.kind == ValueKind::Class) {
    // Every class of the hierarchy, then the first bases outside the project.
    bool complete = true;
    for (const ClassInfo* c : mro(cls.classInfo)) {
      if (classinfo.kind == ValueKind::Class && c == classinfo.classInfo) return true;
      for (const auto& base : c->bases) {
        if (base->kind == ValueKind::Class) continue;
        if (base->kind == ValueKind::External && !target.empty() && canonicalTypeName(base->externalName) == target)
          return true;
        std::optional<bool> answer = isKnownType(*base) ? isSubclass(*base, classinfo) : std::nullopt;
        if (answer == true) return true;
        if (!answer) complete = false;
      }
    }
    return complete ? std::optional<bool>(false) : std::nullopt;
  }
  if (cls.kind != ValueKind::External || !isKnownType(cls)) return std::nullopt;
  // A class outside the project never derives from one inside it.
  if (classinfo.kind == ValueKind::Class) return false;
  std::string name = canonicalTypeName(cls.externalName);
  if (target == name) return true;
  if (!isKnownType(classinfo)) return std::nullopt;
  if (facts_.isLeafModuleClass(name) || facts_.containerKind(name)) {
    if (target == facts_.classes.module) return true;
    // Public torch.nn classes do not derive from each other, except the Lazy forms.
    if (facts_.isPublicNnClass(target) && name.find(".Lazy") != std::string::npos) return std::nullopt;
    return false;
  }
  for (std::optional<std::string> base = knownBaseOf(name); base; base = knownBaseOf(*base))
    if (*base == target) return true;
  return false;
}

std::optional<bool> Interpreter::isInstance(const Value& value, const Value& classinfo) const {
  ValuePtr type = typeOf(value);
  if (!type) return std::nullopt;
  return isSubclass(*type, classinfo);
}

std::optional<bool> Interpreter::isSameObject(const Value& a, const Value& b) const {
  // True and False are singletons: `return_dict is False` is decided once the flag's value is known.
  auto knownBool = [](const Value& v) { return v.literalKind == ir::ConstantKind::Bool && !v.mayBeNone && !v.plainData; };
  if (knownBool(a) || knownBool(b)) {
    const Value& flag = knownBool(a) ? a : b;
    const Value& other = knownBool(a) ? b : a;
    if (knownBool(other)) return other.boolValue == flag.boolValue;
    bool knownLiteral = other.kind == ValueKind::Concrete && other.literalKind && !other.mayBeNone;
    bool neverABool = other.kind == ValueKind::Proxy || other.kind == ValueKind::RealTensor ||
                      other.kind == ValueKind::Sequence || other.kind == ValueKind::Dict ||
                      other.kind == ValueKind::Function || other.kind == ValueKind::Class;
    if (knownLiteral || (neverABool && !other.mayBeNone)) return false;
    return std::nullopt;
  }
  // Classes are singletons: `type(x) is str`, `block is Bottleneck`, `act in (nn.ReLU, nn.SiLU)`.
  bool aType = a.kind == ValueKind::Class || (a.kind == ValueKind::External && isKnownType(a));
  bool bType = b.kind == ValueKind::Class || (b.kind == ValueKind::External && isKnownType(b));
  if (!aType || !bType) return std::nullopt;
  if (a.kind == ValueKind::Class || b.kind == ValueKind::Class)
    return a.kind == b.kind && a.classInfo == b.classInfo;
  return canonicalTypeName(a.externalName) == canonicalTypeName(b.externalName);
}

bool Interpreter::handlerCatches(const HandlerTypes& handler, std::string_view exception,
                                 const Value* exceptionClass) const {
  if (handler.empty()) return true;  // a bare `except:`
  ValuePtr named = exception.empty() ? nullptr : makeExternal(std::string(exception));
  const Value* raised = exceptionClass ? exceptionClass : named.get();
  for (const ValuePtr& type : handler) {
    std::optional<bool> caught = raised ? isSubclass(*raised, *type) : std::nullopt;
    if (caught) {
      if (*caught) return true;
      continue;
    }
    // A class fxlint cannot place: judged by its name, as the broad ones a model catches errors with.
    std::string name = type->externalName.substr(type->externalName.rfind('.') + 1);
    if (name == "Exception" || name == "BaseException" || name == "ValueError" || name == "TypeError" ||
        name == "RuntimeError" || name == "TraceError")
      return true;
  }
  return false;
}

bool Interpreter::isCaught(std::string_view exception, const Value* exceptionClass) const {
  for (const auto& handlers : catching_)
    for (const HandlerTypes& handler : handlers)
      if (handlerCatches(handler, exception, exceptionClass)) return true;
  return false;
}

std::optional<bool> Interpreter::classAmong(const Value& cls, const Value& options) const {
  // `act in (nn.ReLU, nn.SiLU)`: `==` with each, and classes compare by identity.
  // A sequence of unknown length holds representatives, not its elements.
  if (options.kind != ValueKind::Sequence || !options.exactLength) return std::nullopt;
  return anyOf(options, [&](const Value& option) { return isSameObject(cls, option); });
}

std::optional<bool> Interpreter::isCallable(const Value& value) const {
  switch (value.kind) {
    case ValueKind::Class: case ValueKind::Function: case ValueKind::BoundMethod: return true;
    case ValueKind::External: return isKnownType(value) ? std::optional<bool>(true) : std::nullopt;
    case ValueKind::Sequence: case ValueKind::Dict: return value.classInfo ? std::nullopt : std::optional<bool>(false);
    case ValueKind::Concrete: return value.literalKind && !value.mayBeNone ? std::optional<bool>(false) : std::nullopt;
    case ValueKind::Instance: return value.classInfo || facts_.isLeafModuleClass(value.externalName) ? std::optional<bool>(true) : std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace fxlint::interp
