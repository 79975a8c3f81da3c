// Methods: of Proxies (tensor methods recorded, or raising where FX cannot take them) and of real
// values (str, list, dict, set, tuple, known tensors).
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>

#include "interp/arithmetic.h"
#include "interp/string_methods.h"
#include "interp/support.h"

namespace fxlint::interp {

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
      v->provenance.data = proxy->sizeFromData && config_.capture == Capture::Export && method != "dim" &&
                           method != "ndimension";
      v->provenance.originText = textOf(frame, expr);
      int dim = method == "size" ? (args.positional.empty() ? ShapeRef::kUnknownDim
                                    : args.positional[0]->literalKind == ir::ConstantKind::Int ? int(args.positional[0]->intValue)
                                                                                              : ShapeRef::kUnknownDim)
                : method == "numel" || method == "nelement" ? ShapeRef::kAllDims : ShapeRef::kRank;
      for (ShapeRef& ref : v->provenance.dims) ref = ShapeRef{ref.input, dim, ref.direct && direct};
      v->isOneDim = method == "size" && dim != ShapeRef::kUnknownDim;
      return v;
    }
    if (config_.capture == Capture::Export && facts_.copiesDataOutOfTorch(method)) {
      emit(EventKind::TensorDataOutsideTorch, expr, frame, "Tensor." + method, proxy->provenance);
      return makeUnknown();
    }
    if (facts_.methodSizesFromValues(method)) {
      auto selected = tensorResult(operands);
      selected->sizeFromData = true;
      return selected;
    }
    if (facts_.isMetadataMethod(method)) {
      auto v = makeProxy(ProxyKind::Other, proxy->provenance);
      v->provenance.metadata = true;
      v->provenance.data = v->provenance.shape = false;
      v->provenance.originText = textOf(frame, expr);
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
    bool alongFirstDim = args.positional.empty() || (args.positional[0]->literalKind == ir::ConstantKind::Int &&
                                                     args.positional[0]->intValue == 0);
    if (method == "unbind" && alongFirstDim && direct && config_.capture == Capture::Export) {
      // One tensor per row of an input: the count is its first dim, which a dynamic one cannot give. On
      // a computed tensor the first dim is rarely the input's (`qkv.unbind(0)` after a permute).
      emit(EventKind::ProxyIteration, expr, frame, "unbind", proxy->provenance);
    }
    if (method == "split" || method == "chunk" || method == "unbind" || method == "tensor_split") {
      auto v = tensorResult(operands);
      v->proxyKind = ProxyKind::Other;  // one Proxy standing for a list of tensors
      // split(x, [a, b]) makes one piece per size, tensor_split(x, n) n pieces: the count does not read
      // x's dims (split(x, n) and chunk do: their count is the dim's size over n).
      const ValuePtr* sizes = args.positional.empty() ? nullptr : &args.positional.front();
      if (!sizes)
        if (auto named = std::find_if(args.keywords.begin(), args.keywords.end(), [](const auto& k) {
              return k.first == "split_size_or_sections" || k.first == "split_size" || k.first == "sections" ||
                     k.first == "indices";
            });
            named != args.keywords.end())
          sizes = &named->second;
      if (sizes && (method == "split" || method == "tensor_split")) {
        const Value& given = **sizes;
        bool count = method == "tensor_split" && given.literalKind == ir::ConstantKind::Int && !given.mayBeNone;
        if ((given.kind == ValueKind::Sequence && given.exactLength) || count) {
          v->piecesCount = std::make_shared<const Provenance>();
        } else if (given.isProxy() && given.proxyKind != ProxyKind::Int) {
          v->piecesCount = std::make_shared<const Provenance>(given.provenance);  // sizes.tolist(): its length
        }
      }
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

// list.append / ModuleList.append: on a path that may not run, the length is no longer known.
void Interpreter::appendElement(Value& list, ValuePtr element) {
  list.elements.push_back(std::move(element));
  if (uncertainDepth_ > 0) list.exactLength = false;
}

// list.extend / ModuleList.extend: exact while both lengths are known and the path certainly runs.
void Interpreter::extendElements(const ir::Expr& expr, Value& list, const ValuePtr& items, Frame& frame) {
  auto parts = iterate(expr, items, frame, "extend", kMaxDataElements);
  list.elements.insert(list.elements.end(), parts.begin(), parts.end());
  list.exactLength = list.exactLength && uncertainDepth_ == 0 && iteratesExactly(*items, kMaxDataElements);
}

// list.insert / ModuleList.insert: Python clamps the index to the list; an unknown one (or a path that
// may not run) leaves the order, and so the length, unknown.
void Interpreter::insertElement(Value& list, const Value& index, ValuePtr element) {
  long long size = (long long)list.elements.size();
  bool known = index.literalKind == ir::ConstantKind::Int && !index.mayBeNone && list.exactLength && uncertainDepth_ == 0;
  long long at = known ? (index.intValue < 0 ? std::max(0LL, index.intValue + size) : std::min(index.intValue, size)) : size;
  list.elements.insert(list.elements.begin() + at, std::move(element));
  if (!known) list.exactLength = false;
}

ValuePtr Interpreter::callConcreteMethod(const ir::Expr& expr, const ValuePtr& object, const std::string& method,
                                         Arguments args, Frame& frame) {
  const ValuePtr first = args.positional.empty() ? nullptr : args.positional.front();
  static const std::set<std::string> kWriters = {
      "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "add", "update", "discard",
      "setdefault", "__setitem__", "popitem", "register_buffer", "register_module", "register_parameter", "add_module"};
  if (kWriters.count(method)) noteWrite(object);
  switch (object->kind) {
    case ValueKind::Sequence:
      if (method == "append" && first) {
        appendElement(*object, first);
        boundElements(*object);
      } else if (method == "extend" && first) {
        extendElements(expr, *object, first, frame);
        boundElements(*object);
      } else if (method == "insert" && args.positional.size() >= 2) {
        insertElement(*object, *args.positional[0], args.positional[1]);
      } else if (method == "pop" && !object->elements.empty()) {
        ValuePtr last = object->elements.back();
        object->elements.pop_back();
        return last;
      } else if (method == "sort" || method == "reverse" || method == "clear" || method == "remove" ||
                 method == "add" || method == "update" || method == "discard") {
        // Mutators return None.
      } else if (method == "index" && args.positional.size() == 1 && object->sequenceKind != ir::SequenceKind::Set &&
                 object->exactLength) {
        // The first equal element's position, when every element before it is known to differ.
        for (size_t i = 0; i < object->elements.size(); ++i) {
          std::optional<bool> equal = knownEquality(*object->elements[i], *args.positional[0]);
          if (!equal) break;
          if (*equal) return makeInt((long long)i);
        }
        return makeConcrete();
      } else {
        return makeConcrete();  // index, count, issubset, union, copy, ...: some real value
      }
      return makeNone();
    case ValueKind::Dict:
      if (method == "items") {
        std::vector<ValuePtr> rows;
        for (auto& [key, value] : object->items) rows.push_back(makeSequence(ir::SequenceKind::Tuple, {makeString(key), value}));
        return makeSequence(ir::SequenceKind::List, std::move(rows), !object->items.empty() && object->exactLength);
      }
      if (method == "values") {
        std::vector<ValuePtr> values;
        for (auto& item : object->items) values.push_back(item.second);
        return makeSequence(ir::SequenceKind::List, std::move(values), !object->items.empty() && object->exactLength);
      }
      if (method == "keys")
        return makeSequence(ir::SequenceKind::List, iterate(expr, object, frame, "keys", kMaxDataElements), !object->items.empty() && object->exactLength);
      if (first && (method == "get" || method == "pop" || method == "setdefault" || method == "__contains__"))
        markUse(first);
      if ((method == "get" || method == "pop") && first && first->literalKind == ir::ConstantKind::String) {
        for (auto it = object->items.begin(); it != object->items.end(); ++it) {
          if (it->first != first->literal) continue;
          ValuePtr value = it->second;
          if (method == "pop") object->items.erase(it);
          return value;
        }
        ValuePtr fallback = args.positional.size() > 1 ? args.positional[1]
                            : method == "get"          ? makeNone()
                                                       : makeConcrete();  // pop of a missing key raises KeyError
        // A dict holding entries fxlint did not see (`dict(**unknown)`) may have the key.
        return object->exactLength ? fallback : joinValues(fallback, makeUnknown());
      }
      if (method == "update" && (first || !args.keywords.empty())) {
        // An entry updated on a path that may not run keeps what it held too.
        auto put = [&](const std::string& key, const ValuePtr& value) {
          ValuePtr previous = uncertainDepth_ > 0 ? object->attribute(key) : nullptr;
          object->setAttribute(key, previous ? joinValues(previous, value) : value);
        };
        if (first && first->kind == ValueKind::Dict) {
          for (const auto& [key, value] : first->items) put(key, value);
          object->exactLength = object->exactLength && first->exactLength && uncertainDepth_ == 0;
        } else if (first) {
          iterate(expr, first, frame, "update", kMaxDataElements);  // `keys()`, then iteration: a Proxy raises
          object->exactLength = false;
        }
        for (const auto& [key, value] : args.keywords) put(key, value);  // d.update(k=v)
        return makeNone();
      }
      if (method == "setdefault" && first) {
        // The value under the key, set to the default (None) first when the key is missing.
        if (first->literalKind != ir::ConstantKind::String || first->mayBeNone) {
          object->exactLength = false;
          return makeConcrete();
        }
        if (ValuePtr present = object->attribute(first->literal)) return present;
        if (!object->exactLength) return makeConcrete();  // the key may be there, unseen
        ValuePtr value = args.positional.size() > 1 ? args.positional[1] : makeNone();
        object->setAttribute(first->literal, value);
        return value;
      }
      if (method == "__setitem__" && first) return makeNone();
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
      if (method == "append" && first) {
        appendElement(*object, first);
        return makeNone();
      }
      if (method == "extend" && first) {
        extendElements(expr, *object, first, frame);
        return makeNone();
      }
      if (method == "insert" && args.positional.size() >= 2) {
        insertElement(*object, *args.positional[0], args.positional[1]);
        return makeNone();
      }
      if (method == "items" || method == "named_children" || method == "values" || method == "children" ||
          method == "keys") {
        // A module's children are its attributes that are modules; a dict subclass (a model output)
        // has every entry. Instance attributes and entries share `items`.
        bool module = (object->classInfo && object->classInfo->isModule) || !object->externalName.empty();
        std::vector<ValuePtr> rows;
        for (auto& [key, value] : object->items) {
          if (module && !mayBeModule(*value)) continue;
          if (method == "keys") rows.push_back(makeString(key));
          else if (method == "values" || method == "children") rows.push_back(value);
          else rows.push_back(makeSequence(ir::SequenceKind::Tuple, {makeString(key), value}));
        }
        if (rows.empty()) {
          // A container's children are its entries, named by index (Sequential(a, b), ModuleList).
          for (size_t i = 0; i < object->elements.size(); ++i) {
            if (method == "keys") rows.push_back(makeString(std::to_string(i)));
            else if (method == "values" || method == "children") rows.push_back(object->elements[i]);
            else rows.push_back(makeSequence(ir::SequenceKind::Tuple, {makeString(std::to_string(i)), object->elements[i]}));
          }
        }
        // A torch layer's children are torch's: none for most (a walk over the module tree ends there).
        bool childless = object->classInfo == nullptr && facts_.hasNoChildren(object->externalName);
        return makeSequence(ir::SequenceKind::List, std::move(rows), !object->items.empty() || !rows.empty() || childless);
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
      if (facts_.isRealTensorSizeMethod(method))
        if (const Value* size = proxySizeThatFails(args)) {
          emit(EventKind::FactoryWithProxy, expr, frame, "Tensor." + method, size->provenance);
          return tensorResult({size});
        }
      if (args.hasProxy()) {
        std::vector<const Value*> operands;
        for (const auto& v : args.positional) operands.push_back(v.get());
        return tensorResult(operands);
      }
      if (args.keywords.empty())
        if (ValuePtr known = knownTensorMethod(method, *object, args.positional)) return known;
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
      if (object->literalKind == ir::ConstantKind::String && !object->mayBeNone && args.keywords.empty())
        if (ValuePtr known = knownStringMethod(object->literal, method, args.positional)) return known;
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
