// Attribute access: tensor shape and metadata, module attributes and submodules, properties and
// classmethods, function objects (`fn.__code__`), and what getattr/hasattr can know to be missing.
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "interp/arithmetic.h"
#include "interp/capture.h"
#include "interp/extraction.h"
#include "interp/support.h"

namespace fxlint::interp {

namespace {

bool isClassMethod(const ir::FunctionDef& fn) {
  return std::any_of(fn.decorators.begin(), fn.decorators.end(),
                     [](const auto& decorator) { return dottedName(*decorator) == "classmethod"; });
}

// `@property` or `@functools.cached_property`: reading the attribute calls it.
bool isProperty(const ir::FunctionDef& fn) {
  return std::any_of(fn.decorators.begin(), fn.decorators.end(), [](const auto& decorator) {
    std::string name = dottedName(*decorator);
    return name == "property" || name == "cached_property" || name.ends_with(".cached_property");
  });
}

// fn.__code__ as far as it follows from the def: co_varnames is the parameters (positional, keyword-only,
// *args, **kwargs), then the names the body binds.
ValuePtr codeObject(const ir::FunctionDef& fn) {
  std::vector<ValuePtr> names;
  long long positional = 0, keywordOnly = 0;
  for (ir::ParameterKind kind : {ir::ParameterKind::Positional, ir::ParameterKind::KeywordOnly,
                                 ir::ParameterKind::VarPositional, ir::ParameterKind::VarKeyword})
    for (const ir::Parameter& param : fn.parameters)
      if (param.kind == kind) {
        names.push_back(makeString(param.name));
        positional += kind == ir::ParameterKind::Positional;
        keywordOnly += kind == ir::ParameterKind::KeywordOnly;
      }
  for (const std::string& local : localNames(fn))
    if (std::none_of(fn.parameters.begin(), fn.parameters.end(), [&](const ir::Parameter& p) { return p.name == local; }))
      names.push_back(makeString(local));
  auto code = std::make_shared<Value>();
  code->kind = ValueKind::Instance;
  code->externalName = "types.CodeType";
  code->setAttribute("co_varnames", makeSequence(ir::SequenceKind::Tuple, std::move(names)));
  code->setAttribute("co_argcount", makeInt(positional));
  code->setAttribute("co_kwonlyargcount", makeInt(keywordOnly));
  code->setAttribute("co_name", makeString(fn.name));
  return code;
}

}  // namespace

Interpreter::MethodLookup Interpreter::findPropertySetter(const ClassInfo* cls, const std::string& name) const {
  // The first class in the MRO that defines `name` decides, as Python's lookup of the descriptor does.
  for (const ClassInfo* c : mro(cls)) {
    bool defines = false;
    for (const auto& method : c->def->methods) {
      if (method->name != name) continue;
      defines = true;
      for (const auto& decorator : method->decorators)
        if (dottedName(*decorator) == name + ".setter") {
          MethodLookup setter;
          setter.function = method;
          setter.owner = c;
          return setter;
        }
    }
    if (defines) break;
  }
  return {};
}

ValuePtr Interpreter::evalAttribute(const ir::Expr& expr, ValuePtr object, const std::string& name, Frame& frame) {
  // fn.__name__, Cls.__name__: registries key their entries by them.
  if ((name == "__name__" || name == "__qualname__") && object->kind == ValueKind::Function && object->function)
    return makeString(object->function->name);
  if ((name == "__name__" || name == "__qualname__") && object->kind == ValueKind::Class && object->classInfo)
    return makeString(object->classInfo->def->name);
  if (name == "__code__" && object->kind == ValueKind::Function && object->function)
    return codeObject(*object->function);
  if (object->isNone() && !object->mayBeNone) {
    // None.pop: AttributeError, e.g. a concrete default of None reaching code that expects an object.
    emit(EventKind::NoneAttribute, expr, frame, name);
    return makeUnknown();
  }
  switch (object->kind) {
    case ValueKind::Proxy: {
      if (facts_.isShapeAttribute(name)) {
        if (object->isParameter && config_.paramShapesConstant) return makeConcrete();
        auto v = makeProxy(ProxyKind::Size, object->provenance);
        v->provenance.shape = true;
        // Under torch.export the sizes of x[mask] are unbacked symbols: deciding on them needs values.
        v->provenance.data = object->sizeFromData && config_.capture == Capture::Export;
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
      if (facts_.isReturnTypeField(name)) {
        // `x.topk(k).indices`: a field of torch's named-tuple results is a tensor, traced like the tuple.
        auto field = makeProxy(ProxyKind::Tensor, object->provenance);
        field->sizeFromData = object->sizeFromData;
        return field;
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
        if (method.function && isProperty(*method.function)) {  // reading it runs the getter
          return callFunction(expr, method.function, method.owner, method.owner->scope, object, Arguments{}, frame,
                              method.owner->def->name + "." + name);
        }
        if (method.function) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::BoundMethod;
          v->function = method.function;
          v->classInfo = method.owner;
          v->self = object;
          v->methodName = name;
          for (const auto& decorator : method.function->decorators) {
            std::string decoratorName = dottedName(*decorator);
            if (decoratorName == "staticmethod") {
              // self.helper(...) of a @staticmethod: a plain function, no receiver.
              v->kind = ValueKind::Function;
              v->self = nullptr;
              v->scope = method.owner->scope;
            } else if (decoratorName == "classmethod") {
              v->self = std::make_shared<Value>();
              v->self->kind = ValueKind::Class;
              v->self->classInfo = object->classInfo;
            }
          }
          return v;
        }
        if (ValuePtr classAttr = classAttribute(object->classInfo, name)) return classAttr;
        if (name == "training") return makeBool(frame.constructing);  // traced in eval mode (docs/fx_semantics.md)
        // Methods of a dict base (keys, items, get) are modelled; other unseen bases are not.
        if (method.unresolved && isMappingAbc(method.externalOwner) && (name == "get" || name == "__contains__")) {
          auto mixin = std::make_shared<Value>();  // run on the class's own __getitem__ when called
          mixin->kind = ValueKind::BoundMethod;
          mixin->self = object;
          mixin->methodName = name;
          mixin->externalName = method.externalOwner;
          return mixin;
        }
        if (method.unresolved && !isDictSubclass(object->classInfo)) return makeUnknown();
        // Python would raise AttributeError, or the attribute was set in a way fxlint does not follow:
        // either way it is not known to be a (truthy) method.
        if (lacksAttribute(*object, name)) return makeUnknown();
      }
      // A torch.nn module's own tensors: a parameter read from outside it while tracing is a get_attr
      // Proxy; a buffer, and any of them while the model is built, a real tensor.
      if (!object->classInfo) {
        OwnedTensor owned = facts_.ownedTensor(object->externalName, name);
        if (owned == OwnedTensor::Parameter && !frame.constructing) {
          auto parameter = makeProxy(ProxyKind::Tensor, Provenance{});
          parameter->isParameter = true;
          parameter->provenance.data = true;
          parameter->provenance.originText = textOf(frame, expr);
          return parameter;
        }
        if (owned != OwnedTensor::None) {
          auto tensor = std::make_shared<Value>();
          tensor->kind = ValueKind::RealTensor;
          tensor->isBuffer = owned == OwnedTensor::Buffer;
          return tensor;
        }
      }
      auto method = std::make_shared<Value>();
      method->kind = ValueKind::BoundMethod;
      method->self = object;
      method->methodName = name;
      if (name == "training") return makeBool(frame.constructing);
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
      if (name == "__dict__") return classNamespace(object->classInfo);
      if (name == "apply") {
        // autograd.Function.apply runs the static forward(ctx, ...) in Python: traced through.
        MethodLookup forward = findMethod(object->classInfo, "forward");
        if (forward.function && derivesFrom(object->classInfo, facts_.classes.autogradFunction)) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::BoundMethod;
          v->function = forward.function;
          v->classInfo = forward.owner;
          v->self = makeConcrete();  // ctx
          v->methodName = "forward";
          return v;
        }
      }
      ValuePtr attr = classAttribute(object->classInfo, name);
      if (attr && attr->kind == ValueKind::Function && attr->function && isClassMethod(*attr->function)) {
        // Cls.build(...) of a @classmethod: `cls` is the class it was looked up on.
        auto bound = std::make_shared<Value>();
        bound->kind = ValueKind::BoundMethod;
        bound->function = attr->function;
        bound->classInfo = attr->classInfo;
        bound->self = object;
        bound->methodName = name;
        return bound;
      }
      if (attr) return attr;
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
        v->externalName = method.externalOwner.empty() ? std::string(facts_.classes.module) : method.externalOwner;
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

bool Interpreter::lacksAttribute(const Value& object, const std::string& name) {
  if (object.kind != ValueKind::Instance || !object.classInfo || object.attribute(name)) return false;
  if (name.starts_with("__") && name.ends_with("__")) return false;  // __class__, __dict__, ...: every object's
  MethodLookup method = findMethod(object.classInfo, name);
  if (method.function || method.dataclass || method.unresolved || classAttribute(object.classInfo, name)) return false;
  if (isDictSubclass(object.classInfo)) return false;
  bool moduleMember = object.classInfo->isModule &&
                      (facts_.isModuleMember(name) || (facts_.containerKind(method.externalOwner) && facts_.isContainerMember(name)));
  return !moduleMember;
}

}  // namespace fxlint::interp
