// Constructors, joins and provenance merging for abstract values.
#include "interp/value.h"

#include <algorithm>

namespace fxlint::interp {

std::optional<bool> Value::knownTruth() const {
  if (kind != ValueKind::Concrete || !literalKind || mayBeNone) return std::nullopt;
  switch (*literalKind) {
    case ir::ConstantKind::None: return false;
    case ir::ConstantKind::Bool: return boolValue;
    case ir::ConstantKind::Int: return intValue != 0;
    case ir::ConstantKind::String: return !literal.empty();
    default: return std::nullopt;
  }
}

ValuePtr Value::attribute(const std::string& name) const {
  for (auto it = items.rbegin(); it != items.rend(); ++it)
    if (it->first == name) return it->second;
  return nullptr;
}

void Value::setAttribute(const std::string& name, ValuePtr value) {
  for (auto& [key, existing] : items)
    if (key == name) { existing = std::move(value); return; }
  items.emplace_back(name, std::move(value));
}

namespace {

thread_local ValueArena* currentArena = nullptr;

}  // namespace

unsigned long long ValueNode::nextSerial() {
  thread_local unsigned long long counter = 0;
  return ++counter;
}

ValueNode::ValueNode() : serial(nextSerial()), arena(currentArena) {
  if (!arena) return;
  next = arena->first;
  if (next) next->previous = this;
  arena->first = this;
}

ValueNode::ValueNode(const ValueNode&) : ValueNode() {}

ValueNode::~ValueNode() {
  if (!arena) return;
  if (previous) previous->next = next;
  else arena->first = next;
  if (next) next->previous = previous;
}

ValueArena::~ValueArena() {
  // Values that outlive their arena (none should) must not unlink from it later.
  for (ValueNode* node = first; node; node = node->next) node->arena = nullptr;
}

void ValueArena::breakCycles() {
  std::vector<ValuePtr> values;
  std::vector<std::shared_ptr<const std::map<std::string, ValuePtr>>> closures;
  for (ValueNode* node = first; node; node = node->next) {
    Value& value = static_cast<Value&>(*node);
    for (auto& element : value.elements) values.push_back(std::move(element));
    for (auto& item : value.items) values.push_back(std::move(item.second));
    for (auto& alternative : value.alternatives) values.push_back(std::move(alternative));
    value.elements.clear();
    value.items.clear();
    value.alternatives.clear();
    values.push_back(std::move(value.self));
    closures.push_back(std::move(value.closure));
  }
  // Released here, after the walk: a value freed now unlinks itself from the list just walked.
}

ValueArenaScope::ValueArenaScope(ValueArena& arena) : previous_(currentArena) { currentArena = &arena; }

ValueArenaScope::~ValueArenaScope() { currentArena = previous_; }

namespace {

void appendProvenance(std::string& out, const Provenance& p) {
  out += p.shape ? 'S' : '-';
  out += p.data ? 'D' : '-';
  out += p.metadata ? 'M' : '-';
  for (const ShapeRef& ref : p.dims) out += ref.input + "@" + std::to_string(ref.dim) + (ref.direct ? "d" : "i") + ",";
  out += "|" + p.originText + "|";
}

}  // namespace

bool appendFingerprint(std::string& out, const Value& v, std::map<const Value*, int>& seen, int depth) {
  auto [it, fresh] = seen.emplace(&v, int(seen.size()));
  if (!fresh) {
    out += "#" + std::to_string(it->second) + ";";
    return true;
  }
  if (depth > 64) return false;
  bool complete = true;
  out += "(" + std::to_string(int(v.kind));
  if (v.kind == ValueKind::Proxy) {
    out += "p" + std::to_string(int(v.proxyKind)) + v.parameter + (v.packsArguments ? "*" : "") + (v.isParameter ? "P" : "") +
           (v.isOneDim ? "1" : "") + (v.boolTensor ? "M" : "") + (v.sizeFromData ? "D" : "") + (v.remainder ? "R" : "") +
           (v.divisibilityTest ? "V" : "") + (v.sizeStart ? "S" + std::to_string(*v.sizeStart) : "");
    appendProvenance(out, v.provenance);
  }
  if (v.callerInputs) out += "C" + v.parameter;
  if (v.piecesCount) {
    out += "N";
    appendProvenance(out, *v.piecesCount);
  }
  if (v.narrows) {
    out += "W";
    appendProvenance(out, *v.narrows);
  }
  if (v.literalKind)
    out += "l" + std::to_string(int(*v.literalKind)) + ":" + std::to_string(v.intValue) + ":" +
           std::to_string(v.floatValue) + ":" + (v.boolValue ? "t" : "f") + ":" + std::to_string(v.literal.size()) + v.literal;
  if (v.mayBeNone) out += "?";
  if (v.plainData) out += "d";
  if (v.tracingState) out += "T";
  if (v.bakedProxyText) out += "B" + std::to_string(reinterpret_cast<uintptr_t>(v.bakedProxyText.get()));
  if (v.contentsKnown) out += "K" + std::to_string(int(v.tensorDtype)) + (v.scalarTensor ? "0" : "1");
  if (v.isSlice) out += "s";
  if (v.isBuffer) out += "b";
  if (v.isLeafModule) out += "L";
  if (v.importedByName) out += "I";
  out += "e" + v.externalName + "/" + v.methodName + "/";
  out += "c" + std::to_string(reinterpret_cast<uintptr_t>(v.classInfo)) + "/" +
         std::to_string(reinterpret_cast<uintptr_t>(v.scope)) + "/" + std::to_string(reinterpret_cast<uintptr_t>(v.function.get())) +
         "/" + std::to_string(reinterpret_cast<uintptr_t>(v.closure.get())) + "/" +
         std::to_string(reinterpret_cast<uintptr_t>(v.pendingImport));
  out += "q" + std::to_string(int(v.sequenceKind)) + (v.exactLength ? "x" : "n" + std::to_string(v.positionsKnown())) + "[";
  for (const auto& e : v.elements) complete = appendFingerprint(out, *e, seen, depth + 1) && complete;
  out += "]{";
  for (const auto& [key, item] : v.items) {
    out += std::to_string(key.size()) + key + "=";
    if (item) complete = appendFingerprint(out, *item, seen, depth + 1) && complete;
    else out += "0;";
  }
  out += "}";
  if (v.self) complete = appendFingerprint(out, *v.self, seen, depth + 1) && complete;
  out += ");";
  return complete;
}

ValuePtr makeUnknown() { return std::make_shared<Value>(); }

ValuePtr makeConcrete() {
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::Concrete;
  return v;
}

ValuePtr makeNone() {
  auto v = makeConcrete();
  v->literalKind = ir::ConstantKind::None;
  return v;
}

ValuePtr makeBool(bool value) {
  auto v = makeConcrete();
  v->literalKind = ir::ConstantKind::Bool;
  v->boolValue = value;
  return v;
}

ValuePtr makeFloat(double value) {
  auto v = makeConcrete();
  v->literalKind = ir::ConstantKind::Float;
  v->floatValue = value;
  return v;
}

std::optional<double> knownNumber(const Value& value) {
  if (value.kind != ValueKind::Concrete) return std::nullopt;
  if (value.literalKind == ir::ConstantKind::Int) return double(value.intValue);
  if (value.literalKind == ir::ConstantKind::Float) return value.floatValue;
  return std::nullopt;
}

ValuePtr makeInt(long long value) {
  auto v = makeConcrete();
  v->literalKind = ir::ConstantKind::Int;
  v->intValue = value;
  return v;
}

ValuePtr makeString(std::string value) {
  auto v = makeConcrete();
  v->literalKind = ir::ConstantKind::String;
  v->literal = std::move(value);
  return v;
}

ValuePtr makeProxy(ProxyKind kind, Provenance provenance) {
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::Proxy;
  v->proxyKind = kind;
  v->provenance = std::move(provenance);
  return v;
}

ValuePtr makeExternal(std::string qualifiedName) {
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::External;
  v->externalName = std::move(qualifiedName);
  return v;
}

ValuePtr makeSequence(ir::SequenceKind kind, std::vector<ValuePtr> elements, bool exactLength) {
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::Sequence;
  v->sequenceKind = kind;
  v->elements = std::move(elements);
  v->exactLength = exactLength;
  boundElements(*v);
  return v;
}

std::vector<ShapeRef> sizeElementDims(const Value& size, long long index) {
  int start = size.sizeStart.value_or(0);
  std::vector<ShapeRef> dims;
  auto add = [&dims](ShapeRef ref) {
    if (std::find(dims.begin(), dims.end(), ref) == dims.end()) dims.push_back(std::move(ref));
  };
  for (const ShapeRef& ref : size.provenance.dims) {
    ShapeRef element = ref;
    if (ref.dim == ShapeRef::kRank || ref.dim == ShapeRef::kAllDims) {
      // not one dim: kept whole
    } else if (ref.dim == ShapeRef::kUnknownDim) {
      // A whole shape, or a suffix of it whose length the rank decides: a negative index counts from
      // the last dim either way.
      element.dim = index >= 0 ? int(start + index) : int(index);
      if (start < 0 && element.dim >= 0) element.dim = ShapeRef::kUnknownDim;
    } else if (size.sizeStart) {
      // A slice that names its dims (`x.shape[-2:]`, `x.shape[1:3]`): as many as this input has.
      long long count = std::count_if(size.provenance.dims.begin(), size.provenance.dims.end(),
                                      [&](const ShapeRef& other) { return other.input == ref.input; });
      long long position = index >= 0 ? index : count + index;
      element.dim = position >= 0 && position < count ? int(start + position) : ShapeRef::kUnknownDim;
    } else {
      element.dim = int(index);  // a size of a tensor computed from the input: matched by position
    }
    add(element);
  }
  return dims;
}

Provenance mergeProvenance(const std::vector<const Value*>& operands) {
  Provenance merged;
  for (const Value* v : operands) {
    if (!v || v->kind != ValueKind::Proxy) continue;
    const Provenance& p = v->provenance;
    merged.shape |= p.shape;
    merged.data |= p.data;
    merged.metadata |= p.metadata;
    for (const ShapeRef& ref : p.dims)
      if (std::find(merged.dims.begin(), merged.dims.end(), ref) == merged.dims.end())
        merged.dims.push_back(ref);
    if (merged.originText.empty()) merged.originText = p.originText;
  }
  return merged;
}

void boundElements(Value& sequence) {
  if (sequence.elements.size() > kMaxSequenceElements) sequence.exactLength = false;
  if (!sequence.exactLength && sequence.elements.size() > kMaxRepresentatives) sequence.elements.resize(kMaxRepresentatives);
}

std::optional<std::vector<ValuePtr>> sliceElements(const std::vector<ValuePtr>& elements, const Value& slice) {
  if (!slice.isSlice || slice.elements.size() != 3) return std::nullopt;
  std::optional<long long> bound[3];
  for (int i = 0; i < 3; ++i) {
    const Value& part = *slice.elements[i];
    if (part.isNone()) continue;
    if (part.literalKind != ir::ConstantKind::Int || part.mayBeNone) return std::nullopt;
    bound[i] = part.intValue;
  }
  long long size = (long long)elements.size(), step = bound[2].value_or(1);
  if (step == 0) return std::nullopt;  // ValueError in Python
  auto clamp = [&](std::optional<long long> b, long long missing) {
    if (!b) return missing;
    long long v = *b < 0 ? *b + size : *b;
    return step > 0 ? std::clamp(v, 0LL, size) : std::clamp(v, -1LL, size - 1);
  };
  long long start = clamp(bound[0], step > 0 ? 0 : size - 1), stop = clamp(bound[1], step > 0 ? size : -1);
  std::vector<ValuePtr> out;
  for (long long i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(elements[i]);
  return out;
}

namespace {

ValuePtr joinAt(const ValuePtr& a, const ValuePtr& b, int depth);

// Containers may hold themselves (`xs.append(xs)`): below this depth elements are not joined.
constexpr int kMaxJoinDepth = 8;

// Long sequences (autotuning tables, lists grown in loops) are not joined element by element: joins run
// at every merge point, and copying thousands of elements at each would dominate the analysis.
constexpr size_t kMaxJoinedElements = 32;

// Same length: element by element. Otherwise the length is not known any more, and the longer path's
// elements stand for it (keeping both would double the elements at every join in a row).
ValuePtr joinSequences(const ValuePtr& first, const ValuePtr& second, int depth) {
  const Value& a = *first;
  const Value& b = *second;
  const ValuePtr& longer = a.elements.size() >= b.elements.size() ? first : second;
  if (std::max(a.elements.size(), b.elements.size()) > kMaxJoinedElements) {
    if (!longer->exactLength && longer->knownPrefix == 0 && !a.mayBeNone && !b.mayBeNone) return longer;  // already a representative
    auto joined = std::make_shared<Value>(*longer);
    joined->exactLength = false;
    joined->knownPrefix = 0;
    joined->mayBeNone = a.mayBeNone || b.mayBeNone;
    return joined;
  }
  auto joined = std::make_shared<Value>(*longer);
  joined->mayBeNone = a.mayBeNone || b.mayBeNone;
  // Leading elements both paths have at the same index stay indexable, joined one by one: a tuple one
  // path extends (`outputs += (attentions,)`) still has its first elements where they were.
  size_t common = depth < kMaxJoinDepth ? std::min(a.positionsKnown(), b.positionsKnown()) : 0;
  joined->knownPrefix = common;
  if (a.elements.size() == b.elements.size() && depth < kMaxJoinDepth) {
    for (size_t i = 0; i < a.elements.size(); ++i) joined->elements[i] = joinAt(a.elements[i], b.elements[i], depth + 1);
    joined->exactLength = a.exactLength && b.exactLength;
    return joined;
  }
  for (size_t i = 0; i < common; ++i) joined->elements[i] = joinAt(a.elements[i], b.elements[i], depth + 1);
  joined->exactLength = a.elements.size() == b.elements.size() && a.exactLength && b.exactLength;
  return joined;
}

// Keys on both paths keep their joined value; a key on one path only is kept (it may be there).
ValuePtr joinDicts(const Value& a, const Value& b, int depth) {
  auto joined = std::make_shared<Value>(a);
  joined->mayBeNone = a.mayBeNone || b.mayBeNone;
  bool sameKeys = a.items.size() == b.items.size();
  for (const auto& entry : b.items) {
    auto found = std::find_if(joined->items.begin(), joined->items.end(),
                              [&](const auto& item) { return item.first == entry.first; });
    if (found == joined->items.end()) {
      joined->items.push_back(entry);
      sameKeys = false;
    } else if (depth < kMaxJoinDepth) {
      found->second = joinAt(found->second, entry.second, depth + 1);
    }
  }
  joined->exactLength = a.exactLength && b.exactLength && sameKeys;
  return joined;
}

// Adds the objects `side` may be to `joined`'s alternatives: itself when it is one, and what it remembers
// (a few: joins in a loop would grow the list).
void rememberObjects(Value& joined, const ValuePtr& side) {
  constexpr size_t kMaxAlternatives = 4;
  if (side->kind == ValueKind::Instance) joined.alternatives.push_back(side);
  joined.alternatives.insert(joined.alternatives.end(), side->alternatives.begin(), side->alternatives.end());
  if (joined.alternatives.size() > kMaxAlternatives) joined.alternatives.resize(kMaxAlternatives);
}

ValuePtr joinAt(const ValuePtr& a, const ValuePtr& b, int depth) {
  if (!a) return b;
  if (!b || a == b) return a;
  if (a->isNone() && !b->isNone()) {
    auto joined = std::make_shared<Value>(*b);
    joined->mayBeNone = true;
    return joined;
  }
  if (b->isNone() && !a->isNone()) return joinAt(b, a, depth);
  // A Proxy on either path stays a Proxy: hazards on it must still be seen after the join.
  if (a->isProxy() || b->isProxy()) {
    const Value* proxy = a->isProxy() ? a.get() : b.get();
    auto joined = makeProxy(proxy->proxyKind, mergeProvenance({a.get(), b.get()}));
    joined->parameter = a->parameter == b->parameter ? a->parameter : std::string();
    return joined;
  }
  if (a->kind == ValueKind::Sequence && b->kind == ValueKind::Sequence) return joinSequences(a, b, depth);
  if (a->kind == ValueKind::Dict && b->kind == ValueKind::Dict) return joinDicts(*a, *b, depth);
  // Two different classes or functions: which one is called decides what is traced.
  bool sameIdentity = a->classInfo == b->classInfo && a->function == b->function && a->externalName == b->externalName;
  if (a->kind == b->kind && (a->kind == ValueKind::Class || a->kind == ValueKind::Function) && !sameIdentity)
    return makeUnknown();
  if (a->kind == ValueKind::Instance && b->kind == ValueKind::Instance && a->classInfo != b->classInfo) {
    // Attributes are read off the first path's object; the other is remembered for the output check.
    auto joined = std::make_shared<Value>(*a);
    rememberObjects(*joined, b);
    return joined;
  }
  if (a->kind == b->kind && a->kind != ValueKind::Concrete && a->alternatives.empty() && b->alternatives.empty()) return a;
  if (a->kind == ValueKind::Instance || b->kind == ValueKind::Instance || !a->alternatives.empty() ||
      !b->alternatives.empty()) {
    auto joined = makeUnknown();
    rememberObjects(*joined, a);
    rememberObjects(*joined, b);
    return joined;
  }
  if (a->kind == ValueKind::Concrete && b->kind == ValueKind::Concrete) {
    bool same = a->literalKind == b->literalKind && a->intValue == b->intValue &&
                a->boolValue == b->boolValue && a->literal == b->literal;
    if (same) return a;
    auto joined = makeConcrete();
    joined->mayBeNone = a->mayBeNone || b->mayBeNone;
    auto plain = [](const Value& v) {
      return v.plainData || (v.literalKind && *v.literalKind != ir::ConstantKind::None) || v.bakedProxyText;
    };
    joined->plainData = plain(*a) && plain(*b);
    return joined;
  }
  return makeUnknown();
}

}  // namespace

ValuePtr joinValues(const ValuePtr& a, const ValuePtr& b) { return joinAt(a, b, 0); }

ValuePtr joinEntries(const Value& container) {
  ValuePtr any;
  for (const auto& element : container.elements) any = joinValues(any, element);
  for (const auto& item : container.items) any = joinValues(any, item.second);
  return any;
}

}  // namespace fxlint::interp
