// What the abstract interpreter observed while simulating torch.fx tracing: ordered, rule-agnostic facts.
// Rules turn events into diagnostics; verdicts are computed from events alone, so rule selection and
// suppressions never change a verdict.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fxlint/source.h"

namespace fxlint {

enum class EventKind {
  // Hard failures: symbolic_trace raises here.
  ProxyAsBool,            // bool() of a Proxy: if/while/assert/not/and/or/ternary/`in` on a tuple
  ProxyLen,               // len() of a Proxy
  ProxyIteration,         // for/list()/tuple()/zip/star-unpacking over a Proxy
  ProxyToScalar,          // int()/float()/range()/round()/"%d" of a Proxy
  BuiltinMinMax,          // builtin min()/max() given a Proxy
  FactoryWithProxy,       // torch factory function given a Proxy size/device/dtype
  ProxyAsPythonIndex,     // a Python container or real tensor indexed with a Proxy
  NonTorchCallOnProxy,    // numpy or a scripted function given a Proxy
  RaiseReached,           // the model's own `raise` on the traced path
  TensorListFromProxy,    // torch.cat/stack given one Proxy where a list of tensors is needed
  WrapNotAtTopLevel,      // torch.fx.wrap called inside a function
  MissingForward,         // no class in the hierarchy defines forward()
  NoneAttribute,          // an attribute of a value that is None on the traced path
  NoneModuleInput,        // None given as a torch.nn layer's input: its forward reads it as a tensor
  TracedModuleToLeaf,     // the module being traced passed to a torch.fx.wrap function
  ProxyItemAssignment,    // `p[i] = v` or `p[i] += v` on a Proxy: fx.Proxy has no __setitem__
  UnflattenableOutput,    // forward returns an object of a project class FX cannot make a graph output of
  // torch.export only (TraceConfig::capture): what the FX decisions above become on fake tensors.
  DataDependentGuard,     // a Python decision on tensor values: GuardOnDataDependentSymNode
  TensorDataOutsideTorch, // numpy or other non-torch code reading a tensor's data: fake tensors have none
  UnregisteredPytreeOutput,  // forward returns an object of a project class no pytree registration covers
  // Silent specialization: tracing succeeds, the graph may differ from eager.
  ProxyNoneCheck,         // `param is None` on a Proxy parameter
  ProxyTypeCheck,         // isinstance/is_tensor/type()/hasattr on a Proxy
  TracingStateCheck,      // torch.jit.is_tracing() and friends deciding a branch
  ExceptionSwallowed,     // a hard failure caught by the model's own try/except
  ProxyInString,          // a Proxy formatted into a string
  DynamicDimGuard,        // torch.export: a Python decision on a dim declared dynamic (Dim.AUTO bakes it in)
  DynamicDimNarrowed,     // torch.export: a branch on an ordering of a dynamic dim keeps one side of its range
  // The analysis cannot see: the verdict is `unknown` unless a hard failure comes first.
  UnresolvedCall,         // a Proxy passed to code fxlint cannot see
  UnsupportedConstruct,   // code the front-end could not lower, on the traced path
  BudgetExceeded,         // call depth or work budget exhausted
};

enum class EventSeverity { Fatal, Specializes, Unknown };
EventSeverity severityOf(EventKind kind);
const char* eventKindName(EventKind kind);
// Events where Python needs a real value out of a Proxy (a branch, int(), len(), a size): when the
// Proxy comes from an input's size, that dimension cannot be exported as dynamic.
bool isShapeDecision(EventKind kind);

// An input dimension a value derives from. `dim` is the index as written (negative from the end);
// kRank stands for x.dim()/x.ndim and kAllDims for x.numel().
struct ShapeRef {
  static constexpr int kRank = -1000;
  static constexpr int kAllDims = -1001;
  static constexpr int kUnknownDim = -1002;
  std::string input;
  int dim = kUnknownDim;
  bool direct = true;  // false when read off an intermediate tensor (e.g. a conv output)
  friend bool operator==(const ShapeRef&, const ShapeRef&) = default;
};

// Where a Proxy came from, as far as rules and shape facts care.
struct Provenance {
  bool shape = false;     // derived from sizes (x.shape, x.size(d), x.dim(), x.numel())
  bool data = false;      // derived from tensor values (x.sum(), x.item())
  bool metadata = false;  // derived from dtype/device/requires_grad
  std::vector<ShapeRef> dims;
  std::string originText;  // source text of the root access, e.g. "pixel_values.shape[1]"
};

// The source structure around an event, for rules that offer a fix (spans are in TraceEvent::file).
// The interpreter fills it from the IR, so rules never read IR nodes.
struct ExprOutline {
  Span span;
  // "call", "attribute", "subscript", "name", "constant", "not", "and", "or", a comparison's single
  // operator ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not"), "tuple", or "other".
  std::string op;
  std::string name;                   // an attribute's name, a name's identifier
  std::string keyword;                // as a call argument: its keyword, "*" or "**" for unpacking
  std::vector<ExprOutline> operands;  // call: callee then arguments; attribute: object; subscript: object, index
};

struct StatementOutline {
  Span span;         // the whole statement, with the body of a compound one
  std::string kind;  // "if", "while", "for", "assign", "expr", "return", "raise", "assert", "with", "try", "other"
  ExprOutline head;  // if/while/assert: the test; for: the iterable; assign/expr/return: the value; raise: the exception
  std::vector<ExprOutline> targets;    // assign: its targets; for: the loop variable
  std::vector<StatementOutline> body;  // the direct body (of `if`: the then-branch), one level deep
  bool hasElse = false;
};

// The function whose code the event is in.
struct FunctionOutline {
  std::string name;
  Span span;                 // the whole definition
  bool moduleLevel = false;  // a def at the top level of its module: not a method, not nested
  bool calledFromItsModule = false;  // the call that ran it looked its name up in its own module
  // Called from another module that bound it with `from m import name [as alias]` at top level: that
  // module, the name there, and the offset just after that import statement (where a torch.fx.wrap of
  // the name would go: wrap patches the calling module's globals).
  SourceFilePtr callerFile;
  std::string callerName;
  uint32_t callerImportEnd = 0;
};

// A project class whose instances FX cannot pass to a wrapped function (neither a module nor a plain
// value), declared without bases or metaclass: `metaclass=torch.fx.ProxyableClassMeta` would make
// them passable (FX stores each instance as a constant attribute of the traced module).
struct ClassOutline {
  SourceFilePtr file;  // null: no such class
  std::string name;
  Span nameSpan;
  Span arguments;  // `(...)` after the name (only `object` inside, or nothing); empty without parentheses
};

// Why the statement around an event cannot move into a function registered with torch.fx.wrap: a fact
// about the code, which the fix rules word (describeRefusal, rules/fix_support.h). `subject` names the
// local, attribute or construct it is about, where the reason has one.
enum class RefusalReason {
  None,
  ContainsReturn,      // a `return` inside a larger statement
  LeavesLoop,          // `break`/`continue` out of it
  ContainsDel,
  DefinesFunction,
  ContainsStatement,   // a statement the IR does not lower (subject: what it is)
  CallsSuper,
  ContainsUnreadable,  // an expression the IR does not lower (subject: what it is, or empty)
  MultiLineString,     // re-indenting would change the string
  RebindsSelf,         // subject: the method's `self` name
  AssignsState,        // an attribute or an item of something other than a local
  UnpassableValue,     // subject: the local or `self.a.b` chain holding what FX cannot pass
  UsesTracedModule,    // subject: `self`, the module being traced
  MutatesInPlace,      // subject: the input mutated, which is not a Proxy or None
  NoSelfParameter,
  MethodTooLarge,
  SharesLine,
  ElifBranch,
  HiddenBinding,       // `global`, `nonlocal` or an import in the method
  ReadBeforeBound,     // subject: the name
  OptionalInputsOnly,  // it decides on optional inputs only, which concrete_args settles
};
struct Refusal {
  RefusalReason reason = RefusalReason::None;
  std::string subject;
  bool empty() const { return reason == RefusalReason::None; }
  friend bool operator==(const Refusal&, const Refusal&) = default;
};

// The innermost statement around an event inside a method of a module-level class, as a block that
// could move into a new module-level function (the fix that makes it one torch.fx.wrap leaf call).
// Def/use facts come from the method's IR: the interpreter fills them, rules only build text.
struct BlockOutline {
  Span span;       // the statement; empty when the event is not in such a method
  Span classSpan;  // the class (with its decorators), before which the new function goes
  std::vector<std::string> inputs;   // locals of the method it reads (or may leave unbound), by first use
  std::vector<std::string> outputs;  // names it binds that the method may read afterwards, by first use
  // Reads of `self.a.b` (longest chain, never a callee): each becomes an argument. name: "self.a.b".
  std::vector<ExprOutline> attributeArguments;
  // Reads of `x.a.b` where the input `x` is used only through such chains and not rebound: when `x`
  // holds what FX cannot pass (an ImageList), its chains become arguments instead of `x`.
  std::vector<ExprOutline> localAttributes;
  std::vector<std::string> namesInUse;  // every name the method binds or reads, for fresh parameter names
  Refusal refusal;  // why the block cannot move (empty when it can)
  bool returns = false;  // the statement is a `return`: its place becomes `return <call>`
  // It calls a method or submodule of `self`, or uses `self` itself: `self` (named `self` here) is
  // passed first and `self.` reads stay in the text. Only where the method's module is a submodule.
  bool passesSelf = false;
  std::string self;
  // When `self` is used only through `self.a` (reads, `self.a(...)`, `self.a.f(...)`): those chains,
  // passed instead of `self` where `self` is the module being traced.
  std::vector<ExprOutline> selfChains;
  // Inputs it mutates in place (`x[i] = v`, `x.append(v)`): allowed only for a Proxy or None.
  std::vector<std::string> mutatedInputs;
  // With `refusal` set because an argument holds an instance of such a class: the class.
  ClassOutline unpassableClass;
};

// When the statement around an event cannot move (and no enclosing function can be wrapped): the
// innermost call on the way to it whose statement, in a calling method, can. Moving that statement
// makes the whole call one leaf, hazard included.
struct CallSiteBlock {
  SourceFilePtr file;  // null: there is none
  std::string function;  // the calling method
  BlockOutline block;
};

struct TraceEvent {
  EventKind kind;
  SourceFilePtr file;
  Span span;
  std::string text;    // source text of the offending expression
  std::string detail;  // construct-specific: the callee, the branch kind ("if", "while"), ...
  Provenance provenance;
  std::vector<std::string> chain;  // outermost first: "A.forward", "self.body", "B.forward:7"
  bool onCertainPath = true;       // false inside a branch fxlint could not decide
  ExprOutline expression;          // the offending expression (op empty when the event has none)
  std::vector<StatementOutline> statements;  // the enclosing statements of its function, innermost first
  FunctionOutline function;                  // empty name at module level
  BlockOutline block;                        // the innermost statement, when inside a method
  CallSiteBlock callSite;
  // When the event depends on optional forward parameters only: each with its default's source.
  // Tracing with them as concrete_args at those defaults removes the event.
  std::vector<std::pair<std::string, std::string>> concreteArgs;
  // C++ (LibTorch's tracer runs real tensors): a decision is baked into the trace, never raised.
  bool realTensorTrace = false;
};

// A module inside a built model, as the analyzer built it.
struct BuiltModule {
  std::string path;           // as named_modules() names it: "layer1.0.conv1"
  std::string className;      // a project class's name, or torch's qualified one ("torch.nn.Conv2d")
  bool projectClass = false;  // traced on its own: its verdict is among the model's submodules
};

}  // namespace fxlint
