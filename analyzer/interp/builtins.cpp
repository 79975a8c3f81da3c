// Python's builtins on the values fxlint knows (len, int, range, isinstance, min/max, set, zip, ...),
// and what each does with a Proxy under the capture being simulated.
#include "interp/interpreter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "interp/arithmetic.h"
#include "interp/support.h"

namespace fxlint::interp {

namespace {

// set() of known literals: duplicates dropped, first occurrence kept. False when some element's value
// is not known, so the set's size is not either.
bool removeDuplicateLiterals(std::vector<ValuePtr>& elements) {
  std::vector<ValuePtr> unique;
  for (const ValuePtr& element : elements) {
    if (element->kind != ValueKind::Concrete || !element->literalKind || element->mayBeNone) return false;
    bool seen = std::any_of(unique.begin(), unique.end(), [&](const ValuePtr& other) {
      return other->literalKind == element->literalKind && other->intValue == element->intValue &&
             other->floatValue == element->floatValue && other->boolValue == element->boolValue &&
             other->literal == element->literal;
    });
    if (!seen) unique.push_back(element);
  }
  elements = std::move(unique);
  return true;
}

// The builtin types an abstract base class counts as its instances (`isinstance(8, Iterable)` is False,
// `isinstance((8, 8), Sequence)` True); null for other names.
const std::set<std::string>* abstractTypeMembers(const std::string& name) {
  static const std::set<std::string> kIterable = {"tuple", "list", "set", "dict", "str"};
  static const std::set<std::string> kSequence = {"tuple", "list", "str"};
  static const std::set<std::string> kMapping = {"dict"};
  static const std::set<std::string> kNumber = {"int", "float", "bool"};
  static const std::set<std::string> kIntegral = {"int", "bool"};
  static const std::map<std::string, const std::set<std::string>*> kAbstract = {
      {"collections.abc.Iterable", &kIterable}, {"typing.Iterable", &kIterable},
      {"collections.abc.Collection", &kIterable}, {"collections.abc.Container", &kIterable},
      {"collections.abc.Sized", &kIterable}, {"typing.Collection", &kIterable},
      {"collections.abc.Sequence", &kSequence}, {"typing.Sequence", &kSequence},
      {"collections.abc.Mapping", &kMapping}, {"typing.Mapping", &kMapping},
      {"collections.abc.MutableMapping", &kMapping}, {"typing.MutableMapping", &kMapping},
      {"numbers.Number", &kNumber}, {"numbers.Real", &kNumber}, {"numbers.Integral", &kIntegral}};
  auto it = kAbstract.find(name);
  return it == kAbstract.end() ? nullptr : it->second;
}

}  // namespace

std::optional<bool> Interpreter::isInstanceOfBuiltin(const Value& value, const Value& type) const {
  // isinstance(x, tuple) and friends on values whose Python type fxlint knows.
  std::vector<std::string> names;
  if (type.kind == ValueKind::External) names.push_back(type.externalName);
  if (type.kind == ValueKind::Sequence)
    for (const auto& t : type.elements) {
      if (t->kind != ValueKind::External) return std::nullopt;
      names.push_back(t->externalName);
    }
  if (names.empty()) return std::nullopt;
  if (value.kind == ValueKind::Instance && !value.classInfo && facts_.isNnName(value.externalName)) {
    // A torch.nn module built by name: its class is exactly that one. Public torch.nn classes do not
    // derive from each other except the Lazy* forms, so a different public name is another class.
    std::string_view actualName = std::string_view(value.externalName).substr(value.externalName.rfind('.') + 1);
    bool undecided = false;
    for (const std::string& name : names) {
      if (!facts_.isNnName(name)) return std::nullopt;
      std::string_view typeName = std::string_view(name).substr(name.rfind('.') + 1);
      if (typeName == actualName || typeName == "Module") return true;
      if (typeName.starts_with("_") || actualName.starts_with("_") || actualName.starts_with("Lazy")) undecided = true;
    }
    return undecided ? std::nullopt : std::optional<bool>(false);
  }
  std::optional<std::string> actual;
  switch (value.kind) {
    case ValueKind::Sequence:
      actual = value.sequenceKind == ir::SequenceKind::Tuple ? "tuple" : value.sequenceKind == ir::SequenceKind::List ? "list" : "set";
      break;
    case ValueKind::Dict: actual = "dict"; break;
    case ValueKind::Class: case ValueKind::Function: case ValueKind::Instance: actual = "object"; break;
    case ValueKind::External: if (value.scope == nullptr) actual = "object"; break;
    case ValueKind::Concrete:
      if (value.literalKind == ir::ConstantKind::String) actual = "str";
      else if (value.literalKind == ir::ConstantKind::Int) actual = "int";
      else if (value.literalKind == ir::ConstantKind::Float) actual = "float";
      else if (value.literalKind == ir::ConstantKind::Bool) actual = "bool";
      else if (value.literalKind == ir::ConstantKind::None) actual = "NoneType";
      if (value.mayBeNone && !value.isNone()) actual.reset();  // None on some path
      break;
    default: break;
  }
  if (value.kind == ValueKind::RealTensor) actual = std::string(facts_.classes.tensor);
  if (!actual) return std::nullopt;
  static const std::set<std::string> kBuiltinTypes = {"tuple", "list", "set", "dict", "str", "int", "bool", "float"};
  // Lists, dicts and literals fxlint made are exactly their builtin type, and a tensor is not one.
  bool exactBuiltin = *actual != "object" && *actual != facts_.classes.tensor;
  for (const std::string& name : names) {
    std::string shortName = name.starts_with("builtins.") ? name.substr(9) : name;
    if (shortName == facts_.classes.tensor || facts_.isParameterConstructor(shortName)) {
      if (*actual == facts_.classes.tensor && shortName == facts_.classes.tensor) return true;
      if (exactBuiltin) continue;
      return std::nullopt;
    }
    if (auto members = abstractTypeMembers(shortName)) {
      // collections.abc / typing / numbers: which builtin types are registered as one.
      if (!exactBuiltin) return std::nullopt;  // an object may implement the protocol
      if (members->count(*actual)) return true;
      continue;
    }
    if (!kBuiltinTypes.count(shortName)) return std::nullopt;  // a class: subclassing may apply
    if (shortName == *actual || (shortName == "int" && *actual == "bool")) return true;
  }
  return false;
}

ValuePtr Interpreter::callUserDunder(const ir::Expr& expr, const ValuePtr& object, const char* name, Frame& frame,
                                     std::vector<ValuePtr> arguments) {
  if (object->kind != ValueKind::Instance || !object->classInfo) return nullptr;
  MethodLookup method = findMethod(object->classInfo, name);
  if (!method.function) return nullptr;
  Arguments args;
  args.positional = std::move(arguments);
  ValuePtr result = callFunction(expr, method.function, method.owner, method.owner->scope, object, std::move(args), frame,
                                 method.owner->def->name + "." + name);
  // Python wants a real int (or bool) back from __len__ and __bool__: a Proxy is a TypeError. `in` calls
  // bool() on what __contains__ returns. Other dunders (__getitem__) return any value.
  std::string_view dunder = name;
  bool scalarResult = dunder == "__len__" || dunder == "__bool__";
  if (!result->isProxy() || (!scalarResult && dunder != "__contains__")) return result;
  emit(scalarResult ? EventKind::ProxyToScalar : EventKind::ProxyAsBool, expr, frame, name, result->provenance);
  return makeConcrete();
}

ValuePtr Interpreter::callBuiltin(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame) {
  const ValuePtr first = args.positional.empty() ? nullptr : args.positional.front();
  bool firstProxy = first && first->isProxy();
  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());

  if (name == "len") {
    if (firstProxy && config_.capture == Capture::Export && first->proxyKind == ProxyKind::Tensor) {
      // A fake tensor's len() is its first dim: a guard only when that dim is dynamic.
      emit(EventKind::ProxyLen, expr, frame, "len", first->provenance);
      auto length = makeProxy(ProxyKind::Int, first->provenance);
      length->provenance.shape = true;
      length->provenance.data = first->sizeFromData;
      for (ShapeRef& ref : length->provenance.dims)
        if (ref.dim == ShapeRef::kUnknownDim) ref.dim = 0;
      length->provenance.originText = textOf(frame, expr);
      length->isOneDim = true;
      return length;
    }
    if (firstProxy) {
      // The detail tells rules whether the value is known to be a tensor ("len").
      emit(EventKind::ProxyLen, expr, frame,
           first->packsArguments                       ? "len of packed arguments"
           : first->proxyKind == ProxyKind::Tensor     ? "len"
                                                       : "len of a traced value of unknown type",
           countedBy(*first));
      return makeConcrete();
    }
    if (first && first->kind == ValueKind::Instance && first->classInfo)
      if (ValuePtr length = callUserDunder(expr, first, "__len__", frame)) return length;
    if (first && first->kind == ValueKind::Sequence && first->exactLength) return makeInt((long long)first->elements.size());
    if (first && first->contentsKnown && !first->scalarTensor) return makeInt((long long)first->elements.size());
    if (first && first->kind == ValueKind::Dict && first->exactLength) return makeInt((long long)first->items.size());
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
      // range(stop), range(start, stop[, step]) of known ints: up to kMaxDataElements values.
      std::vector<long long> bounds;
      for (const auto& v : args.positional)
        if (v->literalKind == ir::ConstantKind::Int) bounds.push_back(v->intValue);
      if (bounds.size() == args.positional.size() && !bounds.empty() && bounds.size() <= 3) {
        long long start = bounds.size() == 1 ? 0 : bounds[0], stop = bounds.size() == 1 ? bounds[0] : bounds[1];
        long long step = bounds.size() == 3 ? bounds[2] : 1;
        std::vector<ValuePtr> values;
        for (long long i = start; step != 0 && (step > 0 ? i < stop : i > stop) && values.size() <= kMaxDataElements; i += step)
          values.push_back(makeInt(i));
        if (values.size() <= kMaxDataElements && step != 0) return makeSequence(ir::SequenceKind::List, std::move(values));
      }
      return makeSequence(ir::SequenceKind::List, {makeConcrete()}, false);
    }
    if (name == "int" && first && first->literalKind == ir::ConstantKind::Int) return first;
    ValuePtr number = first && first->contentsKnown ? knownTensorMethod("item", *first, {}) : first;  // int(t) of a 1-element tensor
    if (auto known = number && args.positional.size() == 1 ? knownNumber(*number) : std::nullopt) {
      if (name == "int" && std::fabs(*known) < 9e15) return makeInt((long long)std::trunc(*known));
      if (name == "float") return makeFloat(*known);
    }
    if (name == "round" && number) {
      std::vector<ValuePtr> roundArgs = args.positional;
      roundArgs[0] = number;
      if (ValuePtr rounded = knownBuiltin("round", roundArgs)) return rounded;
    }
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
    if (ValuePtr known = knownBuiltin(name, args.positional)) return known;
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
    if (ValuePtr known = knownBuiltin(name, args.positional)) return known;
    return makeConcrete();
  }
  if (name == "list" || name == "tuple" || name == "sorted" || name == "reversed" || name == "set" || name == "iter") {
    if (!first) return makeSequence(name == "tuple" ? ir::SequenceKind::Tuple : ir::SequenceKind::List, {});
    auto elements = iterate(expr, first, frame, name.c_str(), kMaxDataElements);
    bool exact = iteratesExactly(*first, kMaxDataElements);
    if (name == "set") exact = exact && removeDuplicateLiterals(elements);
    return makeSequence(name == "tuple" ? ir::SequenceKind::Tuple : ir::SequenceKind::List, std::move(elements), exact);
  }
  if (name == "zip" || name == "enumerate" || name == "map" || name == "filter") {
    std::vector<std::vector<ValuePtr>> columns;
    bool exact = true;
    size_t start = name == "map" || name == "filter" ? 1 : 0;
    for (size_t i = start; i < args.positional.size(); ++i) {
      columns.push_back(iterate(expr, args.positional[i], frame, name.c_str(), kMaxDataElements));
      exact = exact && iteratesExactly(*args.positional[i], kMaxDataElements);
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
      // Under torch.export the iteration works and bool() of each element is the decision.
      if (name != "sum" && config_.capture == Capture::Export)
        emit(EventKind::ProxyAsBool, expr, frame, name, first->provenance);
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
    if (name == "sum")
      if (ValuePtr known = knownBuiltin(name, args.positional)) return known;
    return makeConcrete();
  }
  if (name == "isinstance" || name == "hasattr" || name == "callable") {
    if (firstProxy) {
      emit(EventKind::ProxyTypeCheck, expr, frame, name, first->provenance);
      // isinstance(proxy, torch.Tensor) is False, isinstance(proxy, torch.fx.Proxy) True; hasattr(proxy,
      // name) and callable(proxy) are True.
      if (config_.capture == Capture::Export) {
        if (name == "isinstance" && args.positional.size() == 2)
          if (auto known = isInstance(*first, *args.positional[1])) return makeBool(*known);
        // A fake tensor has what its class defines (`hasattr(x, "jax")` is False).
        if (name == "hasattr" && first->proxyKind == ProxyKind::Tensor && args.positional.size() == 2 &&
            args.positional[1]->literalKind == ir::ConstantKind::String && !args.positional[1]->mayBeNone)
          if (auto defined = facts_.definesName(facts_.classes.fakeTensor, args.positional[1]->literal))
            return makeBool(*defined);
        return makeConcrete();
      }
      if (name == "isinstance" && args.positional.size() == 2)
        return makeBool(isInstance(*first, *args.positional[1]).value_or(false));
      return makeBool(true);
    }
    if (name == "isinstance" && first && args.positional.size() == 2) {
      if (auto known = isInstance(*first, *args.positional[1])) return makeBool(*known);
      if (auto known = isInstanceOfBuiltin(*first, *args.positional[1])) return makeBool(*known);
    }
    if (name == "callable" && first)
      if (auto known = isCallable(*first)) return makeBool(*known);
    if (name == "hasattr" && first && args.positional.size() == 2 && args.positional[1]->literalKind == ir::ConstantKind::String) {
      const std::string& attribute = args.positional[1]->literal;
      if (lacksAttribute(*first, attribute)) return makeBool(false);
      // None has NoneType's dunders and nothing else (`hasattr(cache, "is_sliding")` with no cache).
      if (first->isNone() && !first->mayBeNone && !attribute.starts_with("__")) return makeBool(false);
      if (first->kind == ValueKind::Instance && first->attribute(attribute)) return makeBool(true);
      // A torch module: this torch defines the name or not (features newer versions added).
      if (first->kind == ValueKind::External && !first->scope)
        if (auto defined = facts_.definesName(first->externalName, attribute)) return makeBool(*defined);
    }
    return makeConcrete();
  }
  if (name == "type") {
    if (firstProxy) emit(EventKind::ProxyTypeCheck, expr, frame, name, first->provenance);
    if (first && args.positional.size() == 1)
      if (ValuePtr type = typeOf(*first)) return type;
    return makeConcrete();
  }
  if (name == "issubclass" && args.positional.size() == 2) {
    if (auto known = isSubclass(*first, *args.positional[1])) return makeBool(*known);
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
    // str(3) -> "3": names such as OrderedDict((str(i), v) ...) keys are looked up and counted later.
    if (name == "str" && first && first->literalKind == ir::ConstantKind::Int) return makeString(std::to_string(first->intValue));
    if (name == "str" && first && first->literalKind == ir::ConstantKind::String) return first;
    return makeString("");
  }
  if (name == "getattr" || name == "hasattr" || name == "setattr") {
    for (const auto& arg : args.positional) markUse(arg);
  }
  if (name == "getattr") {
    if (first && args.positional.size() >= 2 && args.positional[1]->literalKind == ir::ConstantKind::String) {
      // getattr(block, "_is_cn", False) on an instance whose classes never define it: the default; on
      // None (or what may be None) the default too, or the attribute.
      if (args.positional.size() >= 3 && lacksAttribute(*first, args.positional[1]->literal)) return args.positional[2];
      if (args.positional.size() >= 3 && first->isNone()) return args.positional[2];
      if (args.positional.size() >= 3 && first->kind == ValueKind::External && !first->scope &&
          facts_.definesName(first->externalName, args.positional[1]->literal) == false)
        return args.positional[2];
      if (args.positional.size() >= 3 && first->mayBeNone)
        return joinValues(args.positional[2], evalAttribute(expr, first, args.positional[1]->literal, frame));
      return evalAttribute(expr, first, args.positional[1]->literal, frame);
    }
    if (first && first->kind == ValueKind::External) return makeUnknown();
    if (args.positional.size() >= 3) return args.positional[2];
    return makeUnknown();
  }
  if (name == "setattr") {
    if (first) noteWrite(first);
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


}  // namespace fxlint::interp
