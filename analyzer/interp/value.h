// Abstract values of the tracing simulation: what a Python value is while torch.fx traces forward().
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fxlint/ir.h"
#include "fxlint/trace_event.h"

namespace fxlint::interp {

struct Value;
using ValuePtr = std::shared_ptr<Value>;
struct ClassInfo;
struct ModuleScope;

enum class ValueKind {
  Unknown,         // produced by code fxlint cannot see: might be anything, raises nothing
  Proxy,           // an fx.Proxy: traced input and everything computed from it
  Concrete,        // a real Python value (config field, constant), value known or not
  RealTensor,      // a real tensor during tracing: buffers and what is computed from them alone
  Sequence,        // tuple/list, elements known (a representative element when `exactLength` is false)
  Dict,
  Instance,        // an nn.Module (or other object) instance
  Function,        // a def of the analyzed file
  Class,           // a class of the analyzed file
  External,        // a named thing outside the file: `torch.zeros`, `nn.Conv2d`, `np`, an import
  BoundMethod,     // obj.method: `self._helper`, `x.size`, `layers.append`
  Super,           // super()
};

enum class ProxyKind { Tensor, Size, Int, Bool, Scalar, Dtype, Device, Other };

struct ValueArena;

// What every Value carries besides its content, fresh for copies too: a serial number (tells values
// made during a call from those it was given) and a place in the arena of the interpreter that made it.
struct ValueNode {
  ValueNode();
  ValueNode(const ValueNode&);
  ValueNode& operator=(const ValueNode&) { return *this; }
  ~ValueNode();
  static unsigned long long nextSerial();

  unsigned long long serial;
  ValueArena* arena = nullptr;
  ValueNode* previous = nullptr;
  ValueNode* next = nullptr;
};

// The values one interpreter made. Values refer to each other through shared_ptr and may form cycles
// (`self.me = self`, a bound method stored on its own instance) that reference counting never frees;
// the interpreter breaks them all when it is destroyed (breakCycles). Values register in the arena that
// is current on their thread (ValueArenaScope) when they are made.
struct ValueArena {
  ValueNode* first = nullptr;
  ValueArena() = default;
  ValueArena(const ValueArena&) = delete;
  ValueArena& operator=(const ValueArena&) = delete;
  ~ValueArena();
  // Empties every value's containers and references; the values then go as their last owner does.
  void breakCycles();
};

class ValueArenaScope {
 public:
  explicit ValueArenaScope(ValueArena& arena);
  ~ValueArenaScope();
  ValueArenaScope(const ValueArenaScope&) = delete;
  ValueArenaScope& operator=(const ValueArenaScope&) = delete;

 private:
  ValueArena* previous_;
};

struct Value : ValueNode {
  ValueKind kind = ValueKind::Unknown;

  // Proxy
  ProxyKind proxyKind = ProxyKind::Tensor;
  Provenance provenance;
  std::string parameter;  // set when this Proxy is a forward parameter itself (for `is None`)
  bool packsArguments = false;  // forward's *args/**kwargs placeholder: a tuple or dict, not a tensor
  // The pieces of a split by a list of sizes: their number is the list's length, whatever the split
  // tensor's dims (empty provenance: a list written out; a tensor's `.tolist()`: its first dim).
  std::shared_ptr<const Provenance> piecesCount;
  // An ordering on sizes under torch.export (`seq_len > window`): no guard that pins the dim, but the
  // range it narrows to, read when a branch on it keeps eager behaviour on both sides.
  std::shared_ptr<const Provenance> narrows;
  // forward's *args under torch.export: the positional inputs the caller passes, which fxlint cannot know.
  bool callerInputs = false;

  // Concrete: known Python literals; `literalKind` unset means "some value we do not know".
  std::optional<ir::ConstantKind> literalKind;
  std::string literal;  // text of str values
  long long intValue = 0;
  double floatValue = 0;     // literalKind Float
  bool boolValue = false;
  bool mayBeNone = false;    // a value that is None on some construction path
  bool plainData = false;    // value unknown, but a number or string on every path (a join of two)
  bool tracingState = false; // torch.jit.is_tracing() and friends: known under FX, differs elsewhere
  // A string with a Proxy's text baked in: harmless as a message, a silent specialization once it
  // decides anything (a key, a comparison). The event is recorded at such a use.
  std::shared_ptr<const TraceEvent> bakedProxyText;

  // Sequence / Dict
  ir::SequenceKind sequenceKind = ir::SequenceKind::Tuple;
  std::vector<ValuePtr> elements;
  bool exactLength = true;
  // Length unknown: this many leading elements are at their own index on every path (`t = (a, b)`,
  // then `t += extra` on one path: t[0] and t[1] are still a and b). Read through positionsKnown().
  size_t knownPrefix = 0;
  std::vector<std::pair<std::string, ValuePtr>> items;  // Dict (keys as text) and Instance attributes
  // Unknown made by joining an object with a value of another kind (`out` or `out.to_tuple()`): the
  // objects it may still be, so that forward's output is checked on every path.
  std::vector<ValuePtr> alternatives;

  // Instance / Class / Function / External / BoundMethod / Super
  const ClassInfo* classInfo = nullptr;       // Instance of a file class, Class, Super's current class
  ModuleScope* scope = nullptr;               // Function: its module; External: a project module itself
  bool importedByName = false;                // bound by `from m import name` in another module
  const ir::Import* pendingImport = nullptr;  // a global not resolved yet (imports resolve on first use)
  std::string externalName;                   // External and leaf Instances: dotted qualified name
  std::shared_ptr<ir::FunctionDef> function;  // Function, BoundMethod of file code
  // A nested def's enclosing locals when it was defined (decorator wrappers read `func` from here).
  std::shared_ptr<const std::map<std::string, ValuePtr>> closure;
  ValuePtr self;                              // BoundMethod receiver, Super's instance
  std::string methodName;                     // BoundMethod on builtins/proxies
  bool isLeafModule = false;                  // Instance traced as one call_module node
  // RealTensor with known contents (built from constants while constructing): `elements` are its
  // numbers, one for a 0-d tensor (`scalarTensor`); `tensorDtype` is Int (int64), Float (float32) or Bool.
  bool contentsKnown = false;
  bool scalarTensor = false;
  ir::ConstantKind tensorDtype = ir::ConstantKind::Float;
  bool isSlice = false;                       // Concrete slice object: elements are lower, upper, step
  bool isBuffer = false;                      // RealTensor registered with register_buffer
  bool isParameter = false;                   // Proxy from an nn.Parameter attribute
  bool isOneDim = false;                      // Proxy that is exactly one dim of a tensor (x.shape[0], len(x))
  // A torch.Size sliced off a shape (`x.shape[2:]`, `x.shape[-2:]`): the dim its first element reads.
  std::optional<int> sizeStart;
  bool boolTensor = false;                    // Proxy tensor of a comparison: a mask
  bool sizeFromData = false;                  // Proxy tensor whose sizes depend on values (x[mask], nonzero())
  bool remainder = false;                     // int Proxy `p % c`: compared with 0 it tests divisibility
  bool divisibilityTest = false;              // bool Proxy `p % c == 0` (or `!= 0`)

  // Leading elements that `seq[i]` (i >= 0) certainly denotes: all of an exact sequence's.
  size_t positionsKnown() const { return exactLength ? elements.size() : std::min(knownPrefix, elements.size()); }
  bool isNone() const { return kind == ValueKind::Concrete && literalKind == ir::ConstantKind::None; }
  bool isProxy() const { return kind == ValueKind::Proxy; }
  std::optional<bool> knownTruth() const;  // for concrete values whose truth is known
  ValuePtr attribute(const std::string& name) const;  // Instance attributes
  // Instance attributes and dict entries (both in `items`): a later value replaces the earlier one and
  // keeps its position, as in Python.
  void setAttribute(const std::string& name, ValuePtr value);
};

ValuePtr makeUnknown();
ValuePtr makeConcrete();  // a concrete value we know nothing about
ValuePtr makeNone();
ValuePtr makeBool(bool value);
ValuePtr makeInt(long long value);
ValuePtr makeFloat(double value);
// A known int or float as a double (Python's numeric tower, bool aside).
std::optional<double> knownNumber(const Value& value);
ValuePtr makeString(std::string value);
ValuePtr makeProxy(ProxyKind kind, Provenance provenance);
ValuePtr makeExternal(std::string qualifiedName);
ValuePtr makeSequence(ir::SequenceKind kind, std::vector<ValuePtr> elements, bool exactLength = true);

// Elements a sequence keeps: every one while the length is known and at most kMaxSequenceElements,
// else the first kMaxRepresentatives as representatives (the length then unknown). Unbounded lists
// (`result[:i] + result[i:]` with `i` unknown, in a recursive helper) would otherwise grow without end.
inline constexpr size_t kMaxSequenceElements = 4096;
inline constexpr size_t kMaxRepresentatives = 256;
void boundElements(Value& sequence);

// elements[slice] for a slice of known ints and Nones (Python's rules for negative and missing bounds).
std::optional<std::vector<ValuePtr>> sliceElements(const std::vector<ValuePtr>& elements, const Value& slice);

// Appends a structural description of `value` to `out`: equal descriptions mean values fxlint cannot
// tell apart (same kinds, constants, classes, provenance, and the same sharing between their parts).
// False when the structure is too deep to describe completely.
bool appendFingerprint(std::string& out, const Value& value, std::map<const Value*, int>& seen, int depth = 0);

// The dims element `index` of a torch.Size Proxy reads: `h, w = x.shape[-2:]` gives h dim -2 and w
// dim -1, `x.shape[1:][0]` dim 1, `x.shape[-1]` dim -1.
std::vector<ShapeRef> sizeElementDims(const Value& size, long long index);

// Provenance of a value built from several operands (arithmetic, comparisons, calls).
Provenance mergeProvenance(const std::vector<const Value*>& operands);

// The value a variable has after two paths join (both branches of an undecided `if`).
ValuePtr joinValues(const ValuePtr& a, const ValuePtr& b);
// What any one entry of a container may be: its elements and its items' values joined; null when empty.
ValuePtr joinEntries(const Value& container);

}  // namespace fxlint::interp
