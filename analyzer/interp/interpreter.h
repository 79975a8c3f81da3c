// The abstract interpreter: runs a class's forward() the way torch.fx.symbolic_trace would, with
// Proxies for traced inputs and real values for everything else, and records TraceEvents in execution
// order. It knows FX semantics but no rule codes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fxlint/trace_config.h"
#include "interp/support.h"
#include "interp/value.h"
#include "project/module_loader.h"
#include "torch_facts/torch_facts.h"

namespace fxlint::interp {

// A class of the project with its bases resolved.
struct ClassInfo {
  const ir::ClassDef* def = nullptr;
  ModuleScope* scope = nullptr;
  std::vector<ValuePtr> bases;  // Class values (file classes) or External values
  bool isModule = false;        // derives from torch.nn.Module (possibly through unresolved bases)
  bool hasUnresolvedBase = false;
  std::string externalModuleBase;  // the torch.nn class it derives from, if any
  bool registeredLeaf = false;     // decorated with a library's leaf registration (timm's register_notrace_module)
  bool isLeaf = false;             // its instances are call_module leaves: registered or configured, itself or a base
  std::string qualifiedName() const;  // "pkg.module.Class"
};

// One Python module's globals: its classes, functions, imports (resolved through the loader) and
// the functions it registers with torch.fx.wrap.
struct ModuleScope {
  const project::LoadedModule* loaded = nullptr;
  std::shared_ptr<const ir::Module> module;
  std::map<std::string, ValuePtr> globals;
  std::vector<std::unique_ptr<ClassInfo>> classes;
  std::set<std::string> wrappedFunctions;
};

class Interpreter {
 public:
  Interpreter(project::ModuleLoader& loader, const TorchFacts& facts, const TraceConfig& config);
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  // The scope of a loaded module, bound on first use (imports may load further modules).
  ModuleScope* scopeFor(const project::LoadedModule* loaded);
  // Simulates symbolic_trace(ClassName(...)) and returns the events in execution order.
  std::vector<TraceEvent> traceClass(const ClassInfo& cls);
  // Runs a builder function (`resnet18()`) with its defaults and, when it returns a module of the
  // project, traces that instance: constructor arguments are then known, not assumed.
  struct SubmoduleTrace {
    std::string path;  // as named_modules() names it: "layer1.0.conv1"
    const ClassInfo* cls;
    std::vector<TraceEvent> events;
  };
  struct FactoryTrace {
    const ClassInfo* cls;
    std::vector<TraceEvent> events;
    // With TraceConfig::submoduleVerdicts: each project module inside the built model, traced on its own,
    // and every module inside it (torch's too).
    std::vector<SubmoduleTrace> submodules;
    std::vector<BuiltModule> modules;
  };
  std::optional<FactoryTrace> traceFactory(const std::shared_ptr<ir::FunctionDef>& fn, ModuleScope& scope);
  // traceClass, and with TraceConfig::submoduleVerdicts each project module inside the instance it built,
  // traced on its own (the module tree `fxlint report` draws for a class).
  FactoryTrace traceClassModel(const ClassInfo& cls);

 private:
  enum class Flow { Normal, Return, Raise, Break, Continue };
  using HandlerTypes = std::vector<ValuePtr>;  // an `except` clause's classes; empty for a bare `except:`
  struct Frame {
    std::map<std::string, ValuePtr> locals;
    ModuleScope* scope = nullptr;    // globals for name lookup, source for spans
    const ClassInfo* cls = nullptr;  // the class whose method runs (for super())
    ValuePtr self;
    bool constructing = false;       // running __init__: no Proxies, no events
    std::vector<ValuePtr> returns;
    std::vector<const ir::Stmt*> statements;  // being executed in this function, outermost first
  };

  void resetTrace();
  std::vector<TraceEvent> traceAsRoot(const ClassInfo& cls, ValuePtr self);
  std::vector<SubmoduleTrace> traceSubmodules(const ValuePtr& model, std::vector<BuiltModule>& modules);
  std::vector<TraceEvent> traceInstance(const ClassInfo& cls, ValuePtr self, const ir::Expr& anchor, Frame& outer);
  // The first object in forward's output the capture cannot flatten, reached through tuples, lists, dicts
  // and the classes it flattens; no class when there is none. Under FX: an instance of a class written
  // wholly in the project (no library base, no dataclass, no dict). Under torch.export also a dataclass
  // that is no dict, unless registered as a pytree node. `onSomePath` when it is there only on a path
  // fxlint could not decide (the value may be None, or something else after a join).
  struct UnflattenableObject {
    const ClassInfo* cls = nullptr;
    bool onSomePath = false;
  };
  UnflattenableObject unflattenableOutput(const ValuePtr& value, bool exporting, int depth = 0) const;
  UnflattenableObject unflattenableOnThisPath(const ValuePtr& value, bool exporting, int depth) const;
  std::set<const ClassInfo*> pytreeClasses_;  // registered with register_pytree_node / register_dataclass

  // Set-up
  void bindScope(ModuleScope& scope);
  void runModuleLevelCall(const ir::Call& call, const ir::Expr& expr, Frame& top);
  void runRegisteringDecorators(const ValuePtr& definition, Frame& top);
  ValuePtr resolveImport(const ir::Import& import, ModuleScope& scope);
  ValuePtr moduleValue(const project::LoadedModule* loaded);
  ValuePtr lookupGlobal(ModuleScope& scope, const std::string& name);
  void resolveBases(ClassInfo& info);
  void classifyModule(ClassInfo& info);
  // The qualified name a decorator or callee resolves to: an external's, or a project def's module + name.
  static std::string qualifiedName(const Value& value);
  void markRegisteredLeaf(ClassInfo& info);
  bool isLeafClass(const ClassInfo* cls) const;
  // A `leaf` entry of the trace configuration naming this class: `Name`, `pkg.mod.Name` or `pkg.mod.*`.
  bool isConfiguredLeaf(std::string_view qualified) const;
  // A function registered as a leaf call (timm's register_notrace_function), cached per def.
  bool isRegisteredLeafFunction(const Value& function);

  // Statements
  Flow execBlock(const ir::Block& block, Frame& frame);
  Flow execStmt(const ir::Stmt& stmt, Frame& frame);
  Flow execIf(const ir::Expr& test, const ir::Block& body, const ir::Block& orElse, Frame& frame,
              const char* construct);
  Flow execFor(const ir::For& loop, Frame& frame);
  Flow execWhile(const ir::While& loop, Frame& frame);
  // What the number of elements of a traced container depends on, for len() and iteration.
  Provenance countedBy(const Value& container) const;
  void noteRank(const std::string& input, int rank);
  Flow execTry(const ir::Try& tryStmt, Frame& frame);
  // The statement raises (a `raise`, an assert decided False): the event, with the class when known.
  Flow reportRaise(const ir::Stmt& stmt, ValuePtr raisedClass, Frame& frame);
  void assign(const ir::Expr& target, ValuePtr value, Frame& frame);

  // Expressions
  ValuePtr eval(const ir::Expr& expr, Frame& frame);
  ValuePtr evalName(const ir::Expr& expr, const ir::Name& name, Frame& frame);
  ValuePtr evalAttribute(const ir::Expr& expr, ValuePtr object, const std::string& name, Frame& frame);
  ValuePtr evalSubscript(const ir::Expr& expr, ValuePtr object, const ir::Expr& index, Frame& frame);
  ValuePtr evalCall(const ir::Expr& expr, const ir::Call& call, Frame& frame);
  ValuePtr evalCompare(const ir::Expr& expr, const ir::Compare& compare, Frame& frame);
  ValuePtr evalBinary(const ir::Expr& expr, const ir::Binary& binary, Frame& frame);
  ValuePtr evalBoolOp(const ir::BoolOp& boolOp, Frame& frame);
  ValuePtr evalComprehension(const ir::Comprehension& comp, Frame& frame);

  // Decisions: what bool() of a value does under tracing. Returns the known truth, or nullopt when
  // both outcomes must be explored (undecided concrete value, or a Proxy that already raised).
  std::optional<bool> decide(const ir::Expr& expr, const ValuePtr& value, const char* construct,
                             Frame& frame, const Span* reportedAt = nullptr);
  // Iterating a value: the elements to bind, one representative when the count is unknown.
  // At most `limit` elements: kMaxUnrolled for loops, kMaxDataElements for data (comprehensions, zip).
  // `enclosing`: the call or display a `*x` / `**x` unpacks into, where Python reports a failure.
  std::vector<ValuePtr> iterate(const ir::Expr& expr, const ValuePtr& value, Frame& frame,
                                const char* construct, size_t limit = kMaxUnrolled,
                                const ir::Expr* enclosing = nullptr);
  // Whether iterate() gives every element: a sequence or module container of known length.
  bool iteratesExactly(const Value& value, size_t limit = kMaxUnrolled) const;

  // Calls
  struct Arguments {
    std::vector<ValuePtr> positional;
    std::vector<std::pair<std::string, ValuePtr>> keywords;
    // FX's patched code object: every parameter, *args and **kwargs included, takes one positional.
    bool bindPositionally = false;
    // `**options` of a dict with entries fxlint did not see (or of an unknown value) may pass more.
    bool unseenKeywords = false;
    bool hasProxy() const;
    ValuePtr keyword(const std::string& name) const;
  };
  Arguments evalArguments(const ir::Expr& expr, const ir::Call& call, Frame& frame);
  ValuePtr callValue(const ir::Expr& expr, const ValuePtr& callee, Arguments args, Frame& frame);
  ValuePtr evalDefault(const ir::Expr& value, const ir::FunctionDef* fn, Frame& frame);
  ValuePtr callFunction(const ir::Expr& expr, const std::shared_ptr<ir::FunctionDef>& fn,
                        const ClassInfo* owner, ModuleScope* scope, ValuePtr self, Arguments args,
                        Frame& caller, const std::string& label,
                        const std::map<std::string, ValuePtr>* closure = nullptr);
  ValuePtr callModule(const ir::Expr& expr, const ValuePtr& instance, Arguments args, Frame& frame);
  ValuePtr callExternal(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame);
  ValuePtr callBuiltin(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame);
  ValuePtr callProxyMethod(const ir::Expr& expr, const ValuePtr& proxy, const std::string& method,
                           Arguments args, Frame& frame);
  ValuePtr callConcreteMethod(const ir::Expr& expr, const ValuePtr& object, const std::string& method,
                              Arguments args, Frame& frame);
  void appendElement(Value& list, ValuePtr element);
  void extendElements(const ir::Expr& expr, Value& list, const ValuePtr& items, Frame& frame);
  void insertElement(Value& list, const Value& index, ValuePtr element);
  static std::vector<const Value*> flattenProxies(const Arguments& args);
  static ValuePtr makeDict(const Arguments& args);
  ValuePtr annotatedArgument(const ir::Parameter& param, Frame& frame);
  static bool isDictType(const std::string& externalName);
  // collections.abc.Mapping / MutableMapping (or typing's aliases): their mixin methods run on the
  // subclass's __getitem__.
  static bool isMappingAbc(const std::string& externalName);
  // `key in obj` for an object of a file class: its __contains__, or Mapping's; null when neither applies.
  ValuePtr callContains(const ir::Expr& expr, const ValuePtr& container, const ValuePtr& key, Frame& frame);
  // Mapping.get(key, default) and Mapping.__contains__(key): `try: self[key] except KeyError`.
  ValuePtr callMappingMixin(const ir::Expr& expr, const ValuePtr& self, const std::string& method, const Arguments& args,
                            Frame& frame);
  static ValuePtr lookupItem(const Value& mapping, const Value& key);
  std::optional<bool> isInstanceOfBuiltin(const Value& value, const Value& type) const;
  // Python's type model (python_types.cpp): nullopt where the answer depends on what fxlint cannot see.
  std::string canonicalTypeName(std::string_view name) const;
  bool isKnownType(const Value& type) const;  // a class whose bases fxlint knows
  // A library name that is certainly an object (a known class, a dtype, a project module): not None,
  // and true in a condition.
  bool isKnownLibraryObject(const Value& value) const;
  std::optional<std::string> knownBaseOf(const std::string& qualifiedName) const;
  ValuePtr typeOf(const Value& value) const;  // type(value), or null
  std::optional<bool> isSubclass(const Value& cls, const Value& classinfo) const;
  std::optional<bool> isInstance(const Value& value, const Value& classinfo) const;
  std::optional<bool> isSameObject(const Value& a, const Value& b) const;  // `is` between classes
  std::optional<bool> isCallable(const Value& value) const;
  std::optional<bool> classAmong(const Value& cls, const Value& options) const;  // `C in (A, B)`
  // The size argument that makes a factory call raise under this torch version, if any.
  const Value* proxySizeThatFails(const Arguments& args) const;
  static bool sliceHasProxyBound(const ir::Expr& indexExpr, const Value& index);
  // Under torch.export, a comparison of one dim with a constant that the dim's range decides: every size
  // is at least 0, a dynamic one (Dim.AUTO) at least 2, so `x.shape[0] > 1` records no guard.
  std::optional<bool> comparisonDecidedByRange(ir::CompareOp op, const Value& lhs, const Value& rhs) const;
  ValuePtr construct(const ir::Expr& expr, const ClassInfo* cls, Arguments args, Frame& frame);
  ValuePtr constructExternal(const std::string& name, Arguments args);

  // Lookup along the method resolution order of file classes.
  struct MethodLookup {
    std::shared_ptr<ir::FunctionDef> function;
    const ClassInfo* owner = nullptr;
    std::string externalOwner;  // the first non-file base reached (torch.nn.Module, unresolved, ...)
    bool unresolved = false;    // an unresolved base comes before any definition
    std::string unresolvedBase; // the first such base, for messages
    const ClassInfo* dataclass = nullptr;  // __init__ is the one @dataclass generates for this class
  };
  // `obj.__len__()`, `obj.__bool__()`, `obj.__contains__(key)`, `obj.__getitem__(key)` of a file class, as
  // len(), `if obj:`, `in` and Mapping's mixins call it; null when the class does not define it.
  ValuePtr callUserDunder(const ir::Expr& expr, const ValuePtr& object, const char* name, Frame& frame,
                          std::vector<ValuePtr> arguments = {});
  // The truth of a list, tuple, dict or object as Python decides it (`if self.layers:`); nullopt: undecided.
  std::optional<bool> containerTruth(const Value& value) const;
  void setSequenceItem(Value& sequence, const Value& index, const ValuePtr& value);
  MethodLookup findMethod(const ClassInfo* cls, const std::string& name, const ClassInfo* after = nullptr) const;
  // The `@name.setter` that `obj.name = v` calls; no function when the attribute is not such a property.
  MethodLookup findPropertySetter(const ClassInfo* cls, const std::string& name) const;
  // A method with its project decorators applied: the wrapper Python would call (cached per def).
  ValuePtr decoratedMethod(const MethodLookup& method);
  static bool returnsNestedFunction(const ir::FunctionDef& decorator);
  std::vector<const ClassInfo*> mro(const ClassInfo* cls) const;
  bool derivesFrom(const ClassInfo* cls, std::string_view externalName) const;
  bool isPlainModule(const std::string& externalName) const;
  bool isDataclass(const ClassInfo* cls) const;
  bool isDictSubclass(const ClassInfo* cls) const;
  void initDataclass(const ValuePtr& instance, const ClassInfo* cls, const Arguments& args, Frame& frame);
  ValuePtr classAttribute(const ClassInfo* cls, const std::string& name);
  ValuePtr classNamespace(const ClassInfo* cls);
  // An instance of a fully known class hierarchy on which `name` is neither set nor defined (nor one of
  // nn.Module's own members): getattr's default applies, hasattr is False.
  bool lacksAttribute(const Value& object, const std::string& name);

  // Events
  void emit(EventKind kind, const ir::Expr& expr, const Frame& frame, std::string detail = {},
            const Provenance& provenance = {});
  void emitAt(EventKind kind, const Span& span, const Frame& frame, std::string text, std::string detail,
              const Provenance& provenance, const ir::Expr* expr = nullptr);
  std::optional<TraceEvent> prepareEvent(EventKind kind, const Span& span, const Frame& frame, std::string text,
                                         std::string detail, const Provenance& provenance,
                                         const ir::Expr* expr = nullptr) const;
  void record(TraceEvent event);
  // Whether an `except` clause under way catches `exception` (a qualified class name, or the class itself).
  bool isCaught(std::string_view exception, const Value* exceptionClass) const;
  bool handlerCatches(const HandlerTypes& handler, std::string_view exception, const Value* exceptionClass) const;
  // The innermost statement of a calling method, on the way to the current event, that can move into a
  // wrapped function (none when no caller's can). Not in a method whose own `self` the call has assigned
  // attributes of, or will (`pendingWrite`: the event's own statement assigns them): inside a leaf
  // that would happen at run time only, and the rest of that method would be traced reading the old
  // values. A caller further out moves the whole call, assignment included.
  CallSiteBlock callSiteBlock(const Value* pendingWrite) const;
  // outlineBlock, once per statement: it depends on the code alone, and a caller's statement is
  // outlined again for every event under it.
  const BlockOutline& outlineOf(const ir::FunctionDef& method, const ir::ClassDef& cls, const ir::Stmt& stmt,
                                const SourceFile& file) const;
  // A string formatted from a Proxy (f-string, str(), "%s" %): its event waits for a use that matters.
  ValuePtr bakedString(const ir::Expr& expr, const Frame& frame, const char* construct, const Provenance& provenance);
  void markUse(const ValuePtr& value);
  std::string textOf(const Frame& frame, const ir::Expr& expr) const;
  std::string calleeText(const Frame& frame, const ir::Expr& expr) const;  // `f` of `f(x)`
  ValuePtr proxyFrom(ProxyKind kind, const std::vector<const Value*>& operands);
  ValuePtr tensorResult(const std::vector<const Value*>& operands);

  ValueArena arena_;  // first: it outlives every member holding values
  project::ModuleLoader& loader_;
  const TorchFacts& facts_;
  const TraceConfig& config_;
  // The declared dynamic dims, plus each one's negative spelling once its input's rank is known
  // (`b, c, h, w = x.shape`): then `x.shape[-1]` is not dim 0.
  std::vector<ShapeRef> dynamicDims_;
  std::map<const project::LoadedModule*, std::unique_ptr<ModuleScope>> scopes_;
  std::map<std::string, ValuePtr> builtins_;
  std::map<const ir::FunctionDef*, ValuePtr> decoratedMethods_;
  std::map<const ir::FunctionDef*, bool> registeredLeafFunctions_;
  mutable std::map<const ir::Stmt*, BlockOutline> outlines_;  // outlineOf's, for the modules in scopes_

  // Per trace
  std::vector<TraceEvent> events_;
  std::set<std::tuple<const SourceFile*, uint32_t, uint32_t, int>> seenSites_;
  // Traced forward parameters with a default (flags such as `return_dict`, optional tensors), each with
  // its default's source: a decision on them alone is for concrete_args (FX201), not block extraction.
  std::map<std::string, std::string> optionalInputs_;
  // Conditions torch._check asserted (by source text): torch.export decides a later branch on one.
  std::set<std::string> assumedConditions_;
  const Value* traceRoot_ = nullptr;  // the module being traced: FX cannot pass it to a wrapped function
  // Modules whose globals FX has patched for auto-wrapping (math, registered leaf functions) so far in
  // this trace: the root's, and each module whose class forward has been called (a `from math import
  // sqrt` name works there).
  std::set<const ModuleScope*> mathPatchedScopes_;
  std::vector<std::string> chain_;
  int callDepth_ = 0;
  // The call stack, for recursion: a function and the closure it was made with. Each method a decorator
  // wraps is its own `wrapper` object in Python, though they share one def.
  struct Activation {
    const ir::FunctionDef* function;
    const void* closure;
  };
  std::vector<Activation> activeFunctions_;
  // For each active function: the frame that called it (its scope, locals and statement under way)
  // and the function that frame runs (null at the top).
  struct Caller {
    const Frame* frame;
    const ir::FunctionDef* function;
    size_t stateWrites;  // stateWrites_'s size when the call began
  };
  std::vector<Caller> callers_;
  std::vector<const Value*> stateWrites_;  // the object of each attribute assignment while tracing, in order
  int constructDepth_ = 0;
  int uncertainDepth_ = 0;  // inside branches whose condition fxlint could not decide
  // The `except` clauses around the code being traced, innermost try last: each handler's classes
  // (empty: a bare `except:`). A hard failure they catch is swallowed, not raised.
  std::vector<std::vector<HandlerTypes>> catching_;
  ValuePtr raising_;  // the class the latest reportRaise raised, when known (for the except clauses)
  bool callRaised_ = false;  // a call just returned by raising on every path; the statement stops
  long steps_ = 0;
  bool budgetReported_ = false;
  bool decorating_ = false;  // inside a SpeculativeRun: reports nothing
  int deepestCall_ = 0;      // the deepest callDepth_ reached so far
  long limitsHit_ = 0;       // calls refused for depth or recursion, step budgets run out
  std::set<std::pair<const ClassInfo*, std::string>> attributesBeingEvaluated_;  // class-body values
  // A class's own attributes once read or written: one object, as in Python, so `cls._registry[k] = v`
  // (a registry filled by decorators at import) is seen by later reads.
  std::map<std::pair<const ClassInfo*, std::string>, ValuePtr> classAttributes_;
  long missingKeys_ = 0;  // lookups of a key certainly absent from a dict (a KeyError), counted for Mapping mixins

  // Module calls traced once per model: identical blocks of a stack once. Keyed by what the call's trace
  // can depend on (see moduleCallKey), the traced root included.
  struct ModuleCallTrace {
    ValuePtr result;
    std::vector<TraceEvent> events;  // every event the call prepared, chains relative to the call
    long steps = 0;
    int depth = 0;  // call levels used below the call
  };
  using ModuleCallKey = std::pair<size_t, unsigned long long>;  // two hashes of the key's description
  std::map<ModuleCallKey, ModuleCallTrace> moduleCalls_;
  struct Recording {
    unsigned long long firstSerial;  // values numbered from here were made during the call
    size_t chainPrefix;              // chain_ entries that belong to the caller
    std::vector<TraceEvent> events;
    bool reusable = true;  // false once the call wrote to a value it did not make
  };
  std::vector<Recording> recordings_;
  std::optional<ModuleCallKey> moduleCallKey(const ValuePtr& instance, const Arguments& args, const Frame& frame) const;
  ValuePtr replayModuleCall(const ModuleCallTrace& trace);
  // A result to keep or hand out again: its containers and plain objects copied (a caller may change
  // them), modules shared. Null when it holds a string with a Proxy baked in (its event has a chain).
  ValuePtr copyResult(const ValuePtr& value, int depth = 0) const;
  // A write to a container or an object's attribute while tracing: a recorded call that did not make
  // the object had a side effect a replay would not repeat.
  void noteWrite(const ValuePtr& object);
  // The calls being recorded depend on more than their key says (imports resolved under them).
  void forgoReuse();
  std::string catchingDescription() const;  // the except clauses under way, for moduleCallKey

  // ---- state a model changes (model_state.cpp) ----
  // Import-time objects (module globals, class attributes, what they hold) that building or tracing one
  // model changes are put back when it is done: every model is analysed as if built in a fresh process,
  // whatever the interpreter analysed before (a registry entry added in one model's __init__ is not seen
  // by the next). What imports themselves do stays.
  class ModelStateScope {
   public:
    explicit ModelStateScope(Interpreter& interpreter);
    ~ModelStateScope();
    ModelStateScope(const ModelStateScope&) = delete;
    ModelStateScope& operator=(const ModelStateScope&) = delete;

   private:
    Interpreter& interpreter_;
  };
  struct ModelState {
    bool active = false;
    unsigned long long firstSerial = 0;  // values numbered from here were made by the model, or by imports
    std::vector<std::pair<unsigned long long, unsigned long long>> importSerials;  // made by imports since
    std::vector<std::pair<ValuePtr, Value>> contents;  // objects as they were before the model's first write
    std::set<const Value*> saved;
    std::vector<std::pair<std::pair<const ClassInfo*, std::string>, ValuePtr>> classAttributes;  // null: unset
  };
  ModelState modelState_;
  // Import-time code running (a module's top level, a class body): what it makes and changes is import
  // state, kept across models.
  class ImportTimeScope {
   public:
    explicit ImportTimeScope(Interpreter& interpreter);
    ~ImportTimeScope();
    ImportTimeScope(const ImportTimeScope&) = delete;
    ImportTimeScope& operator=(const ImportTimeScope&) = delete;

   private:
    Interpreter& interpreter_;
    unsigned long long firstSerial_;
  };
  // Code run for what it does to import-time state, off the traced path (decorators, __init_subclass__,
  // module-level calls): it reports nothing, and each call gets a small step budget of its own, running
  // out of which abandons that call rather than deciding a verdict.
  class SpeculativeRun {
   public:
    explicit SpeculativeRun(Interpreter& interpreter);
    ~SpeculativeRun();
    SpeculativeRun(const SpeculativeRun&) = delete;
    SpeculativeRun& operator=(const SpeculativeRun&) = delete;
    // Runs one call on a fresh budget; null when it ran out of it.
    template <typename Call>
    ValuePtr run(Call&& call) {
      interpreter_.steps_ = kMaxSteps - kMaxDecoratorSteps;
      interpreter_.budgetReported_ = false;
      ValuePtr result = call();
      return interpreter_.budgetReported_ ? nullptr : result;
    }

   private:
    Interpreter& interpreter_;
    long savedSteps_;
    bool savedReported_;
    bool savedDecorating_;
  };
  int binding_ = 0;  // depth of ImportTimeScopes
  bool madeAtImport(const Value& value) const;
  void rememberState(const ValuePtr& object);
  void setClassAttribute(const std::pair<const ClassInfo*, std::string>& key, ValuePtr value);
};

}  // namespace fxlint::interp
