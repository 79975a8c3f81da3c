// Expressions: names, subscripts, operators, comparisons, comprehensions and strings, with the Proxy
// provenance they carry. Attribute access is in attributes.cpp.
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "interp/arithmetic.h"
#include "interp/capture.h"
#include "interp/extraction.h"
#include "interp/support.h"

namespace fxlint::interp {

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
            // 1e-5 and 0.25 are values; an imaginary 1j is not a float.
            if (node.text.find_first_of("jJ") != std::string::npos) v->literalKind.reset();
            else try { v->floatValue = std::stod(node.text); } catch (...) { v->literalKind.reset(); }
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
          auto slice = makeConcrete();
          slice->isSlice = true;
          slice->elements = std::move(parts);
          return slice;
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
          // CPython attributes the test's jump to the conditional expression's first line.
          std::optional<bool> truth = decide(*node.test, test, "conditional expression", frame, &expr.span);
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
              auto parts = iterate(*star->value, inner, frame, "star expression", kMaxDataElements, &expr);
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
              if (value->kind != ValueKind::Dict) {
                v->exactLength = false;
                continue;
              }
              v->exactLength = v->exactLength && value->exactLength;
              for (const auto& [key, entry] : value->items) v->setAttribute(key, entry);
              continue;
            }
            ValuePtr key = eval(*node.keys[i], frame);
            markUse(key);
            if (key->isProxy()) emit(EventKind::ProxyAsPythonIndex, *node.keys[i], frame, "dict key", key->provenance);
            bool knownKey = key->literalKind == ir::ConstantKind::String && !key->mayBeNone;
            if (!knownKey) v->exactLength = false;  // entries are keyed by text: the size is not known
            v->setAttribute(knownKey ? key->literal : textOf(frame, *node.keys[i]), value);
          }
          return v;
        } else if constexpr (std::is_same_v<T, ir::Starred>) {
          ValuePtr inner = eval(*node.value, frame);
          iterate(expr, inner, frame, "star expression", kMaxDataElements);
          return inner;
        } else if constexpr (std::is_same_v<T, ir::Comprehension>) {
          return evalComprehension(node, frame);
        } else if constexpr (std::is_same_v<T, ir::FormattedString>) {
          ValuePtr result = makeString("");
          // The text itself when every field is a known str or int without conversion or spec
          // (`f"layer{i}"`): module names built in loops are keys later looked up.
          std::string text;
          bool known = true;
          const std::string_view source = frame.scope ? std::string_view(frame.scope->module->source->text) : "";
          for (const auto& part : node.parts) {
            ValuePtr v = eval(*part, frame);
            if (v->isProxy()) result = bakedString(*part, frame, "f-string", v->provenance);
            else if (v->bakedProxyText) result = v;
            size_t next = source.find_first_not_of(" \t\r\n", part->span.endOffset);
            bool literalPiece = as<ir::Constant>(*part) && (next == std::string_view::npos || source[next] != '}');
            bool plainField = next != std::string_view::npos && source[next] == '}';
            if (v->literalKind == ir::ConstantKind::String && (literalPiece || plainField)) text += v->literal;
            else if (v->literalKind == ir::ConstantKind::Int && plainField) text += std::to_string(v->intValue);
            else known = false;
          }
          if (known && result->literalKind == ir::ConstantKind::String && !result->bakedProxyText) return makeString(text);
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

ValuePtr Interpreter::evalName(const ir::Expr& expr, const ir::Name& name, Frame& frame) {
  if (auto it = frame.locals.find(name.id); it != frame.locals.end()) {
    if (it->second->callerInputs)
      emit(EventKind::UnsupportedConstruct, expr, frame, "forward's *" + name.id + " under torch.export (the caller's inputs)");
    return it->second;
  }
  if (frame.scope)
    if (ValuePtr v = lookupGlobal(*frame.scope, name.id)) return v;
  // A model file is imported to be traced: its `__name__` is its module name, not "__main__".
  if (name.id == "__name__" && frame.scope && frame.scope->loaded && !frame.scope->loaded->moduleName.empty())
    return makeString(frame.scope->loaded->moduleName);
  if (auto it = builtins_.find(name.id); it != builtins_.end()) return it->second;
  // Names bound by `from x import *` or defined dynamically: real values fxlint cannot see.
  return makeUnknown();
}

namespace {

// The dims `shape[slice]` holds when they do not depend on the rank: a negative start with no end
// (`[-2:]`), or both bounds non-negative (`[1:3]`); step 1.
std::optional<std::vector<int>> sliceDims(const Value& slice) {
  if (!slice.isSlice || slice.elements.size() != 3 || !slice.elements[2]->isNone()) return std::nullopt;
  const Value& lower = *slice.elements[0];
  const Value& upper = *slice.elements[1];
  auto known = [](const Value& v) { return v.literalKind == ir::ConstantKind::Int && !v.mayBeNone; };
  std::vector<int> dims;
  if (known(lower) && lower.intValue < 0 && lower.intValue >= -16 && upper.isNone()) {
    for (long long d = lower.intValue; d < 0; ++d) dims.push_back(int(d));
    return dims;
  }
  long long begin = lower.isNone() ? 0 : known(lower) ? lower.intValue : -1;
  if (begin < 0 || !known(upper) || upper.intValue < begin || upper.intValue - begin > 16) return std::nullopt;
  for (long long d = begin; d < upper.intValue; ++d) dims.push_back(int(d));
  return dims;
}

}  // namespace

ValuePtr Interpreter::callContains(const ir::Expr& expr, const ValuePtr& container, const ValuePtr& key, Frame& frame) {
  if (container->kind != ValueKind::Instance || !container->classInfo) return nullptr;
  MethodLookup contains = findMethod(container->classInfo, "__contains__");
  if (!contains.function && isMappingAbc(contains.externalOwner)) {
    Arguments args;
    args.positional.push_back(key);
    return callMappingMixin(expr, container, "__contains__", args, frame);
  }
  return callUserDunder(expr, container, "__contains__", frame, {key});
}

ValuePtr Interpreter::evalSubscript(const ir::Expr& expr, ValuePtr object, const ir::Expr& indexExpr, Frame& frame) {
  ValuePtr index = eval(indexExpr, frame);
  markUse(index);
  if (object->kind == ValueKind::Instance && object->classInfo) {
    MethodLookup getItem = findMethod(object->classInfo, "__getitem__");
    // A dict subclass's entry under a literal key is its value, whatever __getitem__ adds around it
    // (transformers' ModelOutput mirrors its fields this way).
    if (isDictSubclass(object->classInfo) && index->literalKind == ir::ConstantKind::String)
      if (ValuePtr entry = object->attribute(index->literal)) return entry;
    if (getItem.function) {
      Arguments args;
      args.positional.push_back(index);
      return callFunction(expr, getItem.function, getItem.owner, getItem.owner->scope, object, std::move(args), frame,
                          getItem.owner->def->name + ".__getitem__");
    }
    if (isDictType(getItem.externalOwner)) return lookupItem(*object, *index);
  }
  bool indexIsProxy = index->isProxy();
  if (index->kind == ValueKind::Sequence)
    for (const auto& e : index->elements) indexIsProxy = indexIsProxy || e->isProxy();
  if (object->isProxy()) {
    if (object->proxyKind == ProxyKind::Size) {
      auto v = makeProxy(ProxyKind::Int, object->provenance);
      v->provenance.originText = textOf(frame, expr);
      if (index->literalKind == ir::ConstantKind::Int) {
        v->provenance.dims = sizeElementDims(*object, index->intValue);
        v->isOneDim = true;
      } else if (as<ir::Slice>(indexExpr)) {
        v->proxyKind = ProxyKind::Size;  // x.shape[2:] is still a torch.Size
        bool wholeShape = !object->sizeStart && std::all_of(object->provenance.dims.begin(), object->provenance.dims.end(),
                                                            [](const ShapeRef& ref) { return ref.dim == ShapeRef::kUnknownDim; });
        // The dims it holds, when the slice names them whatever the rank: x.shape[-2:], x.shape[1:3].
        if (std::optional<std::vector<int>> dims = sliceDims(*index); dims && wholeShape) {
          std::vector<ShapeRef> refs;
          for (const ShapeRef& ref : v->provenance.dims)
            for (int dim : *dims) refs.push_back(ShapeRef{ref.input, dim, ref.direct});
          v->provenance.dims = std::move(refs);
          if (!dims->empty()) v->sizeStart = dims->front();
        } else if (wholeShape && index->isSlice && index->elements.size() == 3 && index->elements[1]->isNone() &&
                   index->elements[2]->isNone() && index->elements[0]->literalKind == ir::ConstantKind::Int &&
                   !index->elements[0]->mayBeNone && index->elements[0]->intValue >= 0) {
          v->sizeStart = int(index->elements[0]->intValue);  // x.shape[2:]: dims 2, 3, ... up to the rank
        }
      }
      return v;
    }
    auto selected = tensorResult({object.get(), index.get()});
    // A mask keeps as many elements as it has True values.
    if (index->isProxy() && index->boolTensor) selected->sizeFromData = true;
    return selected;
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
      // A fake tensor takes symbolic bounds (torch.export): only FX needs a real value here.
      if (object->kind == ValueKind::RealTensor && config_.capture == Capture::Export) return tensorResult({index.get()});
      const char* what = object->kind == ValueKind::RealTensor ? "buffer" : object->kind == ValueKind::Dict ? "mapping" : "container";
      emit(EventKind::ProxyAsPythonIndex, expr, frame, what, p);
      // Past the failure, eager's value: a part of a real tensor is a real tensor.
      if (object->kind == ValueKind::RealTensor) {
        auto part = std::make_shared<Value>();
        part->kind = ValueKind::RealTensor;
        return part;
      }
      return makeUnknown();
    }
    if (object->kind == ValueKind::Instance && !object->classInfo && facts_.containerKind(object->externalName)) {
      // ModuleDict looks the key up in its modules (KeyError); ModuleList and Sequential need an int.
      bool mapping = facts_.containerKind(object->externalName) == "ModuleDict";
      emit(EventKind::ProxyAsPythonIndex, expr, frame, mapping ? "mapping" : "container", index->provenance);
      // Past the failure, eager picks one of the modules.
      ValuePtr any = joinEntries(*object);
      return any ? any : makeUnknown();
    }
    if (object->kind == ValueKind::Instance) return tensorResult({index.get()});
    return makeUnknown();
  }
  if (object->kind == ValueKind::Sequence) {
    if (index->literalKind == ir::ConstantKind::Int && object->exactLength) {
      long long i = index->intValue < 0 ? index->intValue + (long long)object->elements.size() : index->intValue;
      if (i >= 0 && i < (long long)object->elements.size()) return object->elements[i];
    }
    // Length unknown, but the element at a leading index is the same on every path.
    if (index->literalKind == ir::ConstantKind::Int && !object->exactLength && index->intValue >= 0 &&
        index->intValue < (long long)object->positionsKnown())
      return object->elements[size_t(index->intValue)];
    if (as<ir::Slice>(indexExpr)) {
      auto part = object->exactLength ? sliceElements(object->elements, *index) : std::nullopt;
      if (part) return makeSequence(object->sequenceKind, std::move(*part));
      return makeSequence(object->sequenceKind, object->elements, false);
    }
    if (!object->elements.empty()) return object->elements.front();
    return makeConcrete();
  }
  if (object->kind == ValueKind::Dict) {
    if (index->literalKind == ir::ConstantKind::String)
      for (auto& [key, value] : object->items) if (key == index->literal) return value;
    if (knownKeyMembership(*index, *object) == false) {
      // Certainly absent, on a path that runs: KeyError (a Mapping's get() and `in` catch it).
      if (uncertainDepth_ == 0) ++missingKeys_;
      return makeUnknown();
    }
    // Absent from a dict fxlint may not have seen whole: an entry added where it did not look.
    if (index->literalKind == ir::ConstantKind::String) return makeUnknown();
    // A key fxlint does not know: any entry may come out.
    ValuePtr any = joinEntries(*object);
    return any ? any : makeConcrete();
  }
  if (object->kind == ValueKind::Instance && !object->externalName.empty() && facts_.containerKind(object->externalName)) {
    if (index->literalKind == ir::ConstantKind::String)
      for (auto& [key, value] : object->items) if (key == index->literal) return value;
    if (index->literalKind == ir::ConstantKind::Int && object->exactLength) {
      long long i = index->intValue < 0 ? index->intValue + (long long)object->elements.size() : index->intValue;
      if (i >= 0 && i < (long long)object->elements.size()) return object->elements[i];
    }
    if (as<ir::Slice>(indexExpr)) {
      // Sequential and ModuleList slices are containers of the same kind again.
      auto part = object->exactLength && object->items.empty() ? sliceElements(object->elements, *index) : std::nullopt;
      auto container = std::make_shared<Value>(*object);
      container->elements = part ? std::move(*part) : object->elements;
      container->exactLength = part.has_value();
      return container;
    }
    if (!object->elements.empty()) return object->elements.front();
    if (!object->items.empty()) return object->items.front().second;
    return makeUnknown();
  }
  if (object->kind == ValueKind::RealTensor) {
    if (ValuePtr known = knownTensorIndex(*object, *index)) return known;
    return object;
  }
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

namespace {

// "denselayer%d" % 3 -> "denselayer3": %d, %i and %s of known ints and strs, and %%; nullopt otherwise.
std::optional<std::string> percentFormatted(const std::string& format, const std::vector<ValuePtr>& args) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (++i >= format.size()) return std::nullopt;
    if (format[i] == '%') {
      out += '%';
      continue;
    }
    if (next >= args.size()) return std::nullopt;
    const Value& arg = *args[next++];
    if ((format[i] == 'd' || format[i] == 'i' || format[i] == 's') && arg.literalKind == ir::ConstantKind::Int)
      out += std::to_string(arg.intValue);
    else if (format[i] == 's' && arg.literalKind == ir::ConstantKind::String)
      out += arg.literal;
    else
      return std::nullopt;
  }
  if (next != args.size()) return std::nullopt;
  return out;
}

}  // namespace

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
    if (result->bakedProxyText) return result;
    if (auto text = percentFormatted(lhs->literal, args)) return makeString(*text);
    return result;
  }
  if (lhs->isProxy() || rhs->isProxy()) {
    bool tensor = (lhs->isProxy() && lhs->proxyKind == ProxyKind::Tensor) ||
                  (rhs->isProxy() && rhs->proxyKind == ProxyKind::Tensor) ||
                  lhs->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor;
    if (tensor) return tensorResult({lhs.get(), rhs.get()});
    bool size = (lhs->isProxy() && lhs->proxyKind == ProxyKind::Size) || (rhs->isProxy() && rhs->proxyKind == ProxyKind::Size);
    const Value* proxy = lhs->isProxy() ? lhs.get() : rhs.get();
    ValuePtr result = proxyFrom(size ? ProxyKind::Size : proxy->proxyKind == ProxyKind::Scalar ? ProxyKind::Scalar : ProxyKind::Int,
                                {lhs.get(), rhs.get()});
    result->remainder = binary.op == "%" && lhs->isProxy() && rhs->literalKind == ir::ConstantKind::Int && !rhs->mayBeNone;
    return result;
  }
  if (lhs->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor) {
    if (ValuePtr known = knownTensorBinary(binary.op, *lhs, *rhs)) return known;
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::RealTensor;
    return v;
  }
  // Depth and width multipliers, stage plans: Python arithmetic on known numbers.
  if (ValuePtr known = knownBinary(binary.op, *lhs, *rhs)) return known;
  if (lhs->literalKind == ir::ConstantKind::String && rhs->literalKind == ir::ConstantKind::String && binary.op == "+")
    return makeString(lhs->literal + rhs->literal);
  if (lhs->kind == ValueKind::Sequence && rhs->kind == ValueKind::Sequence && binary.op == "+") {
    std::vector<ValuePtr> elements = lhs->elements;
    elements.insert(elements.end(), rhs->elements.begin(), rhs->elements.end());
    auto joined = makeSequence(lhs->sequenceKind, std::move(elements), lhs->exactLength && rhs->exactLength);
    // The left operand's elements keep their indices; the right one's too after an exact left.
    joined->knownPrefix = lhs->exactLength ? lhs->elements.size() + rhs->positionsKnown() : lhs->positionsKnown();
    return joined;
  }
  if (lhs->kind == ValueKind::Sequence && binary.op == "*") {
    // [STRIDE] * num_stages: repeated exactly when the count is known.
    bool known = lhs->exactLength && rhs->literalKind == ir::ConstantKind::Int && !rhs->mayBeNone &&
                 rhs->intValue >= 0 && lhs->elements.size() * size_t(rhs->intValue) <= kMaxUnrolled * 8;
    if (!known) return makeSequence(lhs->sequenceKind, lhs->elements, false);
    std::vector<ValuePtr> elements;
    for (long long i = 0; i < rhs->intValue; ++i) elements.insert(elements.end(), lhs->elements.begin(), lhs->elements.end());
    return makeSequence(lhs->sequenceKind, std::move(elements));
  }
  if (lhs->kind == ValueKind::Unknown || rhs->kind == ValueKind::Unknown) return makeUnknown();
  if (lhs->bakedProxyText || rhs->bakedProxyText) {
    auto v = makeConcrete();
    v->bakedProxyText = lhs->bakedProxyText ? lhs->bakedProxyText : rhs->bakedProxyText;
    return v;
  }
  return makeConcrete();
}

std::optional<bool> Interpreter::comparisonDecidedByRange(ir::CompareOp op, const Value& lhs, const Value& rhs) const {
  if (config_.capture != Capture::Export) return std::nullopt;
  // One dim, or numel(): a product of dims, at least the dynamic one's least value when every other dim
  // of the example is at least 1.
  auto sized = [](const Value& v) {
    bool numel = v.isProxy() && v.provenance.shape && !v.provenance.data && !v.provenance.dims.empty() &&
                 std::all_of(v.provenance.dims.begin(), v.provenance.dims.end(),
                             [](const ShapeRef& ref) { return ref.dim == ShapeRef::kAllDims; });
    return v.isProxy() && (v.isOneDim || numel);
  };
  bool dimOnLeft = sized(lhs);
  const Value& dim = dimOnLeft ? lhs : rhs;
  const Value& constant = dimOnLeft ? rhs : lhs;
  if (!sized(dim) || constant.isProxy() || constant.literalKind != ir::ConstantKind::Int || constant.mayBeNone)
    return std::nullopt;
  long long least = readsDynamicDim(dim.provenance, dynamicDims_) ? 2 : 0;
  long long c = constant.intValue;
  if (!dimOnLeft) {  // `c < d` is `d > c`
    switch (op) {
      case ir::CompareOp::Lt: op = ir::CompareOp::Gt; break;
      case ir::CompareOp::LtE: op = ir::CompareOp::GtE; break;
      case ir::CompareOp::Gt: op = ir::CompareOp::Lt; break;
      case ir::CompareOp::GtE: op = ir::CompareOp::LtE; break;
      default: break;
    }
  }
  // With d in [least, infinity): decided when every d in the range gives the same answer.
  switch (op) {
    case ir::CompareOp::Eq: if (c < least) return false; break;
    case ir::CompareOp::NotEq: if (c < least) return true; break;
    case ir::CompareOp::Gt: if (c < least) return true; break;
    case ir::CompareOp::GtE: if (c <= least) return true; break;
    case ir::CompareOp::Lt: if (c <= least) return false; break;
    case ir::CompareOp::LtE: if (c < least) return false; break;
    default: break;
  }
  return std::nullopt;
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
                           other->kind == ValueKind::Class || other->kind == ValueKind::RealTensor ||
                           other->kind == ValueKind::Sequence || other->kind == ValueKind::Dict ||
                           other->kind == ValueKind::BoundMethod || isKnownLibraryObject(*other)) &&
                 !other->mayBeNone) {
        result = makeBool(negate);
      } else if (auto same = other ? std::nullopt : isSameObject(*lhs, *rhs)) {
        result = makeBool(*same != negate);
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
      } else if (auto found = classAmong(*lhs, *rhs)) {
        result = makeBool(*found == (op == ir::CompareOp::In));
      } else if (auto member = rhs->kind == ValueKind::Sequence ? knownMembership(*lhs, *rhs) : std::nullopt) {
        result = makeBool(*member == (op == ir::CompareOp::In));
      } else if (auto sub = knownSubstring(*lhs, *rhs)) {
        result = makeBool(*sub == (op == ir::CompareOp::In));
      } else if (auto key = rhs->kind == ValueKind::Dict ? knownKeyMembership(*lhs, *rhs) : std::nullopt) {
        result = makeBool(*key == (op == ir::CompareOp::In));
      } else if (ValuePtr contains = callContains(expr, rhs, lhs, frame)) {
        std::optional<bool> truth = contains->knownTruth();
        result = truth ? makeBool(*truth == (op == ir::CompareOp::In)) : makeConcrete();
      } else {
        result = makeConcrete();
      }
    } else if (auto known = comparisonDecidedByRange(op, *lhs, *rhs)) {
      result = makeBool(*known);
    } else if (lhs->isProxy() || rhs->isProxy()) {
      bool tensor = (lhs->isProxy() && lhs->proxyKind == ProxyKind::Tensor) || (rhs->isProxy() && rhs->proxyKind == ProxyKind::Tensor);
      result = tensor ? tensorResult({lhs.get(), rhs.get()}) : proxyFrom(ProxyKind::Bool, {lhs.get(), rhs.get()});
      result->boolTensor = tensor;
      auto isZero = [](const Value& v) { return v.literalKind == ir::ConstantKind::Int && !v.mayBeNone && v.intValue == 0; };
      result->divisibilityTest = (op == ir::CompareOp::Eq || op == ir::CompareOp::NotEq) && !tensor &&
                                 ((lhs->remainder && isZero(*rhs)) || (rhs->remainder && isZero(*lhs)));
      bool ordering = op == ir::CompareOp::Lt || op == ir::CompareOp::LtE || op == ir::CompareOp::Gt || op == ir::CompareOp::GtE;
      // A remainder is not monotonic in the dim: `H % 4 > 0` is a guard no range expresses.
      bool monotonic = !lhs->remainder && !rhs->remainder;
      if (config_.capture == Capture::Export && ordering && monotonic && !tensor && !result->provenance.data) {
        // torch.export narrows a dynamic dim's range for an ordering and keeps it symbolic: the branch
        // is decided for the example, nothing is specialized.
        result->narrows = std::make_shared<const Provenance>(result->provenance);
        result->provenance = Provenance{};
      }
    } else if (lhs->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor) {
      result = knownTensorComparison(op, *lhs, *rhs);
      if (!result) {
        result = std::make_shared<Value>();
        result->kind = ValueKind::RealTensor;
      }
    } else if (auto known = knownComparison(op, *lhs, *rhs)) {
      result = makeBool(*known);
    } else if (auto same = op == ir::CompareOp::Eq || op == ir::CompareOp::NotEq ? isSameObject(*lhs, *rhs) : std::nullopt) {
      result = makeBool(*same == (op == ir::CompareOp::Eq));
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
    exact = exact && iteratesExactly(*iterable, kMaxDataElements);
    for (const ValuePtr& element : iterate(*clause.iterable, iterable, inner, "comprehension", kMaxDataElements)) {
      assign(*clause.target, element, inner);
      bool keep = true;
      for (const auto& condition : clause.conditions) {
        ValuePtr test = eval(*condition, inner);
        std::optional<bool> truth = decide(*condition, test, "comprehension condition", inner);
        if (truth == false) keep = false;
        if (!truth) exact = false;  // the element may or may not be there
      }
      if (keep) walk(level + 1);
    }
  };
  ++uncertainDepth_;
  walk(0);
  --uncertainDepth_;
  if (comp.kind == ir::ComprehensionKind::Dict) {
    // {k: v for ...}: the entries, when every key is a known string (a later one replaces an earlier).
    auto v = std::make_shared<Value>();
    v->kind = ValueKind::Dict;
    v->exactLength = exact;
    for (const ValuePtr& pair : produced) {
      const Value& key = *pair->elements[0];
      if (key.literalKind != ir::ConstantKind::String || key.mayBeNone) {
        v->items.clear();
        v->exactLength = false;
        break;
      }
      v->setAttribute(key.literal, pair->elements[1]);
    }
    return v;
  }
  return makeSequence(comp.kind == ir::ComprehensionKind::List ? ir::SequenceKind::List : ir::SequenceKind::Tuple,
                      std::move(produced), exact);
}

}  // namespace fxlint::interp
