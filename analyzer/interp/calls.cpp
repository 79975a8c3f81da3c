// Calls: file functions and methods, module calls (leaves, file classes, containers), torch and other
// external callables, Python builtins, and methods of Proxies and real values.
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <set>

#include "interp/arithmetic.h"
#include "interp/string_methods.h"
#include "interp/support.h"

namespace fxlint::interp {

// ---- calls ------------------------------------------------------------------------------------------

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

}  // namespace

bool Interpreter::Arguments::hasProxy() const {
  auto proxyIn = [](const ValuePtr& v) {
    if (v->isProxy()) return true;
    if (v->kind == ValueKind::Sequence)
      for (const auto& e : v->elements) if (e->isProxy()) return true;
    return false;
  };
  for (const auto& v : positional) if (proxyIn(v)) return true;
  for (const auto& [_, v] : keywords) if (proxyIn(v)) return true;
  return false;
}

ValuePtr Interpreter::Arguments::keyword(const std::string& name) const {
  for (const auto& [key, value] : keywords) if (key == name) return value;
  return nullptr;
}

Interpreter::Arguments Interpreter::evalArguments(const ir::Expr& expr, const ir::Call& call, Frame& frame) {
  Arguments args;
  for (const auto& arg : call.arguments) {
    ValuePtr value = eval(*arg.value, frame);
    switch (arg.kind) {
      case ir::ArgumentKind::Positional: args.positional.push_back(value); break;
      case ir::ArgumentKind::Keyword: args.keywords.emplace_back(arg.keyword, value); break;
      case ir::ArgumentKind::Star: {
        auto parts = iterate(*arg.value, value, frame, "*args in a call", kMaxDataElements, &expr);
        args.positional.insert(args.positional.end(), parts.begin(), parts.end());
        break;
      }
      case ir::ArgumentKind::DoubleStar:
        if (value->isProxy())
          emitAt(EventKind::ProxyIteration, expr.span, frame, textOf(frame, *arg.value), "** unpacking", value->provenance,
                 arg.value.get());
        else if (value->kind == ValueKind::Dict) args.keywords.insert(args.keywords.end(), value->items.begin(), value->items.end());
        break;
    }
  }
  return args;
}

ValuePtr Interpreter::evalCall(const ir::Expr& expr, const ir::Call& call, Frame& frame) {
  ValuePtr callee = eval(*call.callee, frame);
  Arguments args = evalArguments(expr, call, frame);
  return callValue(expr, callee, std::move(args), frame);
}

ValuePtr Interpreter::callValue(const ir::Expr& expr, const ValuePtr& callee, Arguments args, Frame& frame) {
  switch (callee->kind) {
    case ValueKind::Function: {
      // torch.fx.wrap("f") patches the globals of the module that calls it: a lookup of `f` through
      // the defining module's globals, or through a module that imported it by name and wrapped it
      // there, sees the leaf. Its result is one Proxy of unknown type (a tensor, a list, a tuple...).
      auto* call = as<ir::Call>(expr);
      auto* calledName = call ? as<ir::Name>(*call->callee) : nullptr;
      bool wrappedHere = calledName && !frame.locals.count(calledName->id) && frame.scope &&
                         frame.scope->wrappedFunctions.count(calledName->id);
      bool wrappedThere = callee->scope && callee->scope->wrappedFunctions.count(callee->function->name) &&
                          !callee->importedByName;
      // torch.export traces through a wrapped function: leaves are FX's notion.
      if ((wrappedHere || wrappedThere) && config_.capture == Capture::Fx) {
        // FX records a module argument as a get_attr of its path in the root; the root's own path is
        // "", which building the GraphModule cannot copy (AttributeError).
        auto isRoot = [&](const ValuePtr& v) { return v && v.get() == traceRoot_; };
        bool rootPassed = std::any_of(args.positional.begin(), args.positional.end(), isRoot) ||
                          std::any_of(args.keywords.begin(), args.keywords.end(), [&](const auto& k) { return isRoot(k.second); });
        if (rootPassed) emit(EventKind::TracedModuleToLeaf, expr, frame, callee->function->name);
        ValuePtr result = tensorResult({});
        result->proxyKind = ProxyKind::Other;
        return result;
      }
      // Auto-wrapped like math: a Proxy call by a global name of a module whose globals FX patched.
      if (calledName && args.hasProxy() && mathPatchedScopes_.count(frame.scope) &&
          isRegisteredLeafFunction(*callee))
        return tensorResult(flattenProxies(args));
      for (const auto& decorator : callee->function->decorators) {
        std::string name = dottedName(*decorator);
        if (name.ends_with("jit.script") && args.hasProxy()) {
          emit(EventKind::NonTorchCallOnProxy, expr, frame, "torch.jit.script function " + callee->function->name);
          return tensorResult({});
        }
      }
      return callFunction(expr, callee->function, callee->classInfo, callee->scope, nullptr, std::move(args), frame,
                          callee->function->name, callee->closure.get());
    }
    case ValueKind::BoundMethod: {
      if (callee->methodName == kNamedTupleMethod) {
        auto tuple = makeSequence(ir::SequenceKind::Tuple, args.positional);
        for (size_t i = 0; i < callee->items.size(); ++i) {
          ValuePtr field = i < args.positional.size() ? args.positional[i] : args.keyword(callee->items[i].first);
          tuple->items.emplace_back(callee->items[i].first, field ? field : makeNone());
          if (i >= args.positional.size()) tuple->elements.push_back(field ? field : makeNone());
        }
        return tuple;
      }
      if (callee->methodName == kDataclassInit) {
        initDataclass(callee->self, callee->classInfo, args, frame);
        return makeNone();
      }
      if (callee->methodName == kPartialMethod) {
        Arguments merged;
        merged.positional = callee->elements;
        merged.positional.insert(merged.positional.end(), args.positional.begin(), args.positional.end());
        merged.keywords = callee->items;
        merged.keywords.insert(merged.keywords.end(), args.keywords.begin(), args.keywords.end());
        return callValue(expr, callee->self, std::move(merged), frame);
      }
      if (callee->function) {
        std::string label = (callee->classInfo ? callee->classInfo->def->name + "." : std::string()) + callee->methodName;
        return callFunction(expr, callee->function, callee->classInfo,
                            callee->classInfo ? callee->classInfo->scope : callee->scope, callee->self, std::move(args),
                            frame, label);
      }
      const ValuePtr& self = callee->self;
      if (self->isProxy()) return callProxyMethod(expr, self, callee->methodName, std::move(args), frame);
      if (!callee->externalName.empty()) {
        // super().method() resolving to a class outside the file.
        if (facts_.isTorchName(callee->externalName)) {
          if (callee->methodName == "__init__" && self->kind == ValueKind::Instance &&
              facts_.containerKind(callee->externalName)) {
            // class Stages(nn.Sequential): super().__init__(*blocks) fills the container itself.
            ValuePtr filled = constructExternal(callee->externalName, std::move(args));
            self->elements = filled->elements;
            self->exactLength = filled->exactLength;
            for (auto& item : filled->items) self->setAttribute(item.first, item.second);
            return makeNone();
          }
          if (callee->methodName == "forward" && self->kind == ValueKind::Instance) {
            if (auto kind = facts_.containerKind(callee->externalName); kind && *kind == "Sequential")
              return callModule(expr, self, std::move(args), frame);
          }
          return args.hasProxy() ? tensorResult({}) : makeConcrete();
        }
        if (isDictType(callee->externalName) && !args.positional.empty() &&
            (callee->methodName == "__getitem__" || callee->methodName == "get")) {
          // super().__getitem__(key) in a dict subclass: the entries it was built with.
          return lookupItem(*self, *args.positional.front());
        }
        if (args.hasProxy())
          emit(EventKind::UnresolvedCall, expr, frame, callee->externalName + "." + callee->methodName);
        return makeUnknown();
      }
      return callConcreteMethod(expr, self, callee->methodName, std::move(args), frame);
    }
    case ValueKind::Class:
      return construct(expr, callee->classInfo, std::move(args), frame);
    case ValueKind::Instance:
      return callModule(expr, callee, std::move(args), frame);
    case ValueKind::External:
      // `from math import sqrt` is auto-wrapped only in the globals FX has patched so far.
      if (callee->importedByName && callee->externalName.starts_with("math.") && args.hasProxy() &&
          !mathPatchedScopes_.count(frame.scope)) {
        emit(EventKind::ProxyToScalar, expr, frame, callee->externalName, mergeProvenance(flattenProxies(args)));
        return makeConcrete();
      }
      return callExternal(expr, callee->externalName, std::move(args), frame);
    case ValueKind::Super:
      return makeUnknown();
    case ValueKind::Proxy:
      return tensorResult({callee.get()});
    default:
      // Calling something fxlint only knows as "a real value" (a callable passed in, a lambda).
      if (args.hasProxy()) emit(EventKind::UnresolvedCall, expr, frame, calleeText(frame, expr));
      return callee->kind == ValueKind::Unknown || args.hasProxy() ? makeUnknown() : makeConcrete();
  }
}

// Defaults are evaluated per call here (Python evaluates them once, at `def`), so a default that calls
// its own function would recurse without end: it counts toward the call depth and the recursion limit
// like the body does.
ValuePtr Interpreter::evalDefault(const ir::Expr& value, const ir::FunctionDef* fn, Frame& frame) {
  struct Entered {
    Interpreter& self;
    Entered(Interpreter& interpreter, const ir::FunctionDef* fn) : self(interpreter) {
      ++self.callDepth_;
      self.deepestCall_ = std::max(self.deepestCall_, self.callDepth_);
      self.activeFunctions_.push_back(fn);
    }
    ~Entered() {
      self.activeFunctions_.pop_back();
      --self.callDepth_;
    }
  } entered(*this, fn);
  return eval(value, frame);
}

ValuePtr Interpreter::callFunction(const ir::Expr& expr, const std::shared_ptr<ir::FunctionDef>& fn,
                                   const ClassInfo* owner, ModuleScope* scope, ValuePtr self, Arguments args,
                                   Frame& caller, const std::string& label,
                                   const std::map<std::string, ValuePtr>* closure) {
  // Recursion is walked once: both arms of every undecided branch at each level would grow
  // exponentially, and whether it terminates is not decidable here anyway.
  bool recursive = std::count(activeFunctions_.begin(), activeFunctions_.end(), fn.get()) >= kMaxRecursion;
  if (callDepth_ >= kMaxCallDepth || recursive) {
    ++limitsHit_;
    // While building the model an over-deep call just yields an unknown value.
    if (!caller.constructing)
      emit(EventKind::BudgetExceeded, expr, caller,
           recursive ? "recursion into " + label : "call depth over " + std::to_string(kMaxCallDepth));
    return makeUnknown();
  }
  Frame frame;
  frame.scope = scope ? scope : caller.scope;
  frame.cls = owner;
  frame.self = self;
  frame.constructing = caller.constructing;
  if (closure) frame.locals = *closure;
  const auto& params = fn->parameters;
  size_t next = 0;
  size_t positional = 0;
  if (self && !params.empty() && params[0].kind == ir::ParameterKind::Positional) {
    frame.locals[params[0].name] = self;
    next = 1;
  } else if (self && !params.empty() && params[0].kind == ir::ParameterKind::VarPositional && !args.bindPositionally) {
    // A method `def wrapped(*args, **kwargs)` (a decorator's wrapper): the instance is args[0].
    args.positional.insert(args.positional.begin(), self);
  }
  for (size_t i = next; i < params.size(); ++i) {
    const ir::Parameter& param = params[i];
    ValuePtr value;
    if (args.bindPositionally) {
      value = positional < args.positional.size() ? args.positional[positional++] : makeConcrete();
    } else if (param.kind == ir::ParameterKind::VarPositional) {
      std::vector<ValuePtr> rest;
      while (positional < args.positional.size()) rest.push_back(args.positional[positional++]);
      // `forward(self, *args)` under symbolic_trace: one Proxy stands for the tuple.
      bool tracedVarargs = rest.size() == 1 && rest[0]->isProxy() && rest[0]->parameter == param.name;
      value = tracedVarargs ? rest[0] : makeSequence(ir::SequenceKind::Tuple, std::move(rest));
    } else if (param.kind == ir::ParameterKind::VarKeyword) {
      if (ValuePtr traced = args.keyword(param.name); traced && traced->isProxy() && traced->parameter == param.name) {
        value = traced;
      } else {
        auto dict = std::make_shared<Value>();
        dict->kind = ValueKind::Dict;
        for (const auto& keyword : args.keywords) {
          bool named = std::any_of(params.begin(), params.end(), [&](const ir::Parameter& p) { return p.name == keyword.first; });
          if (!named) dict->items.emplace_back(keyword.first, keyword.second);
        }
        value = dict;
      }
    } else {
      if (param.kind == ir::ParameterKind::Positional && positional < args.positional.size()) value = args.positional[positional++];
      if (!value) value = args.keyword(param.name);
      if (!value) value = param.defaultValue ? evalDefault(*param.defaultValue, fn.get(), frame) : annotatedArgument(param, frame);
    }
    frame.locals[param.name] = value;
  }
  ++callDepth_;
  deepestCall_ = std::max(deepestCall_, callDepth_);
  chain_.push_back(label);
  callers_.push_back({&caller, activeFunctions_.empty() ? nullptr : activeFunctions_.back(), stateWrites_.size()});
  activeFunctions_.push_back(fn.get());
  execBlock(fn->body, frame);
  callers_.pop_back();
  activeFunctions_.pop_back();
  chain_.pop_back();
  --callDepth_;
  if (frame.returns.empty()) return makeNone();
  ValuePtr result = frame.returns.front();
  for (size_t i = 1; i < frame.returns.size(); ++i) result = joinValues(result, frame.returns[i]);
  return result;
}

std::string Interpreter::catchingDescription() const {
  std::string out = "[";
  for (const auto& handlers : catching_) {
    for (const HandlerTypes& handler : handlers) {
      out += "(";
      for (const ValuePtr& type : handler)
        out += type->kind == ValueKind::Class ? type->classInfo->qualifiedName() + "," : type->externalName + ",";
      out += ")";
    }
    out += ";";
  }
  return out + "]";
}

std::optional<Interpreter::ModuleCallKey> Interpreter::moduleCallKey(const ValuePtr& instance, const Arguments& args,
                                                                     const Frame& frame) const {
  if (frame.constructing || decorating_) return std::nullopt;
  // What the callee's trace can depend on: the module's state, the arguments, the trace context that
  // shapes its events (an undecided branch or a catching try around the call, the calling module) and
  // the modules FX has patched for auto-wrapping so far.
  std::string description;
  std::map<const Value*, int> seen;
  bool complete = appendFingerprint(description, *instance, seen);
  description += "|";
  for (const auto& value : args.positional) complete = appendFingerprint(description, *value, seen) && complete;
  for (const auto& [name, value] : args.keywords) {
    description += name + "=";
    complete = appendFingerprint(description, *value, seen) && complete;
  }
  if (!complete) return std::nullopt;
  description += "|" + std::to_string(uncertainDepth_ > 0) + catchingDescription() +
                 std::to_string(args.bindPositionally) + std::to_string(reinterpret_cast<uintptr_t>(frame.scope));
  for (const ModuleScope* scope : mathPatchedScopes_) description += "," + std::to_string(reinterpret_cast<uintptr_t>(scope));
  unsigned long long fnv = 14695981039346656037ULL;
  for (unsigned char c : description) fnv = (fnv ^ c) * 1099511628211ULL;
  return ModuleCallKey{std::hash<std::string>{}(description), fnv};
}

ValuePtr Interpreter::replayModuleCall(const ModuleCallTrace& trace) {
  for (const TraceEvent& stored : trace.events) {
    TraceEvent event = stored;
    event.chain.insert(event.chain.begin(), chain_.begin(), chain_.end());
    record(std::move(event));
  }
  steps_ += trace.steps;
  deepestCall_ = std::max(deepestCall_, callDepth_ + trace.depth);
  return copyResult(trace.result);
}

ValuePtr Interpreter::copyResult(const ValuePtr& value, int depth) const {
  if (!value || value->bakedProxyText || depth > 16) return nullptr;
  bool plainObject = value->kind == ValueKind::Instance && value->classInfo && !value->classInfo->isModule;
  if (value->kind != ValueKind::Sequence && value->kind != ValueKind::Dict && !plainObject) return value;
  auto copy = std::make_shared<Value>(*value);
  for (auto& element : copy->elements)
    if (!(element = copyResult(element, depth + 1))) return nullptr;
  for (auto& [_, item] : copy->items)
    if (item && !(item = copyResult(item, depth + 1))) return nullptr;
  return copy;
}

void Interpreter::forgoReuse() {
  for (Recording& recording : recordings_) recording.reusable = false;
}

void Interpreter::noteWrite(const Value& object) {
  for (Recording& recording : recordings_)
    if (object.serial < recording.firstSerial) recording.reusable = false;
}

ValuePtr Interpreter::callModule(const ir::Expr& expr, const ValuePtr& instance, Arguments args, Frame& frame) {
  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());
  for (const auto& [_, v] : args.keywords) operands.push_back(v.get());
  if (instance->isLeafModule) return tensorResult(operands);
  if (instance->classInfo) {
    if (instance->classInfo->isLeaf) return tensorResult(operands);
    MethodLookup forward = findMethod(instance->classInfo, "forward");
    if (forward.function) {
      std::string callText = textOf(frame, expr);
      auto paren = callText.find('(');
      chain_.push_back(paren == std::string::npos ? callText : callText.substr(0, paren));
      mathPatchedScopes_.insert(forward.owner->scope);
      std::optional<ModuleCallKey> key = config_.reuseModuleCalls ? moduleCallKey(instance, args, frame) : std::nullopt;
      if (key) {
        auto found = moduleCalls_.find(*key);
        if (found != moduleCalls_.end() && callDepth_ + found->second.depth < kMaxCallDepth &&
            steps_ + found->second.steps <= kMaxSteps) {
          ValuePtr result = replayModuleCall(found->second);
          chain_.pop_back();
          return result;
        }
        recordings_.push_back(Recording{ValueNode::nextSerial(), chain_.size(), {}, true});
      }
      long stepsBefore = steps_, limitsBefore = limitsHit_;
      int deepestBefore = deepestCall_;
      deepestCall_ = callDepth_;
      ValuePtr method = decoratedMethod(forward);
      ValuePtr result = callFunction(expr, method->function, method->classInfo, method->scope, instance, std::move(args),
                                     frame, forward.owner->def->name + ".forward", method->closure.get());
      int depthUsed = deepestCall_ - callDepth_;
      deepestCall_ = std::max(deepestBefore, deepestCall_);
      if (key) {
        Recording recording = std::move(recordings_.back());
        recordings_.pop_back();
        ValuePtr stored = recording.reusable && limitsHit_ == limitsBefore ? copyResult(result) : nullptr;
        if (stored) moduleCalls_.emplace(*key, ModuleCallTrace{stored, std::move(recording.events), steps_ - stepsBefore, depthUsed});
      }
      chain_.pop_back();
      return result;
    }
    if (forward.unresolved || (!forward.externalOwner.empty() && !facts_.isTorchName(forward.externalOwner))) {
      if (args.hasProxy())
        emit(EventKind::UnresolvedCall, expr, frame,
             instance->classInfo->def->name + ".forward (inherited from `" + forward.externalOwner + "`)");
      return makeUnknown();
    }
    if (!facts_.containerKind(forward.externalOwner) && !forward.externalOwner.empty())
      return tensorResult(operands);  // a torch.nn class's own forward, e.g. a Conv2d subclass
  }
  if (auto kind = facts_.containerKind(instance->externalName); kind && *kind == "Sequential") {
    ValuePtr current = args.positional.empty() ? makeUnknown() : args.positional.front();
    std::string callText = textOf(frame, expr);
    auto paren = callText.find('(');
    chain_.push_back(paren == std::string::npos ? callText : callText.substr(0, paren));
    for (const auto& child : instance->elements) {
      Arguments childArgs;
      childArgs.positional.push_back(current);
      current = child->kind == ValueKind::Instance ? callModule(expr, child, std::move(childArgs), frame)
                                                   : callValue(expr, child, std::move(childArgs), frame);
    }
    chain_.pop_back();
    if (!instance->exactLength && instance->elements.empty()) return tensorResult(operands);
    return current;
  }
  if (!instance->externalName.empty() && !facts_.isTorchName(instance->externalName)) {
    if (args.hasProxy()) emit(EventKind::UnresolvedCall, expr, frame, instance->externalName);
    return makeUnknown();
  }
  return tensorResult(operands);
}

ValuePtr Interpreter::callExternal(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame) {
  if (name.starts_with("builtins.")) return callBuiltin(expr, name.substr(9), std::move(args), frame);
  if ((name == "math.ceil" || name == "math.floor") && args.positional.size() == 1)
    if (auto number = knownNumber(*args.positional.front()))
      return makeInt((long long)(name == "math.ceil" ? std::ceil(*number) : std::floor(*number)));
  if (name == "collections.OrderedDict") return makeDict(args);
  if (args.hasProxy() && facts_.sizesFromValues(name, args.positional.size())) {
    auto selected = tensorResult(flattenProxies(args));
    selected->sizeFromData = true;
    return selected;
  }
  if ((name == "copy.copy" || name == "copy.deepcopy") && !args.positional.empty()) {
    auto copy = std::make_shared<Value>(*args.positional.front());
    return copy;
  }
  if (name == "collections.namedtuple" || name == "typing.NamedTuple") {
    // A tuple type: calling it packs its arguments; fields read back by name.
    auto type = std::make_shared<Value>();
    type->kind = ValueKind::BoundMethod;
    type->methodName = kNamedTupleMethod;
    if (args.positional.size() >= 2 && args.positional[1]->kind == ValueKind::Sequence)
      for (const auto& field : args.positional[1]->elements)
        type->items.emplace_back(field->literalKind == ir::ConstantKind::String ? field->literal : "", nullptr);
    return type;
  }
  if (name == "functools.partial" && !args.positional.empty()) {
    // partial(nn.LayerNorm, eps=1e-6): a callable remembering its leading arguments.
    auto partial = std::make_shared<Value>();
    partial->kind = ValueKind::BoundMethod;
    partial->methodName = kPartialMethod;
    partial->self = args.positional.front();
    partial->elements.assign(args.positional.begin() + 1, args.positional.end());
    partial->items = args.keywords;
    return partial;
  }

  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());
  for (const auto& [_, v] : args.keywords) operands.push_back(v.get());
  bool proxyArgs = args.hasProxy();

  if (auto state = facts_.tracingStateUnder(config_.capture, name)) {
    auto v = makeBool(*state);
    // Under FX, a branch on another capture's state (is_tracing(), is_in_onnx_export()) takes the path
    // that capture avoids; is_fx_tracing() is the guard FX itself provides. Under torch.export the branch
    // is eager's, or the one written for export (is_exporting(), is_compiling()).
    v->tracingState = config_.capture == Capture::Fx && !*state;
    return v;
  }
  if (facts_.isTraceableAssert(name)) {
    if (name == "torch.fx.wrap" && callDepth_ > 0) emit(EventKind::WrapNotAtTopLevel, expr, frame, name);
    auto* call = as<ir::Call>(expr);
    if (facts_.assumesCondition(name) && call && !call->arguments.empty() && proxyArgs)
      assumedConditions_.insert(textOf(frame, *call->arguments[0].value));
    if (facts_.assertsEagerly(name) && config_.capture == Capture::Export && call && !call->arguments.empty() &&
        !args.positional.empty())
      decide(*call->arguments[0].value, args.positional[0], "torch._assert", frame);
    return makeNone();
  }
  if (facts_.containerKind(name) || facts_.isLeafModuleClass(name)) return constructExternal(name, std::move(args));
  if (facts_.isBufferConstructor(name)) {
    auto buffer = std::make_shared<Value>();
    buffer->kind = ValueKind::RealTensor;
    buffer->isBuffer = true;
    return buffer;
  }
  if (facts_.isParameterConstructor(name)) {
    auto v = makeProxy(ProxyKind::Tensor, Provenance{});
    v->isParameter = true;
    v->provenance.data = true;
    return v;
  }
  if (facts_.rejectsProxies(name)) {
    // The data (torch.tensor(p)) or type (torch.finfo(p)) argument must be real; `device=x.device` and
    // `dtype=x.dtype` are recorded in the node like any other Proxy argument.
    Arguments data;
    data.positional = args.positional;
    if (data.hasProxy()) {
      emit(EventKind::FactoryWithProxy, expr, frame, name, mergeProvenance(flattenProxies(data)));
      return tensorResult(operands);
    }
    if (proxyArgs) return tensorResult(operands);
  }
  if (facts_.isTypeCheck(name) && proxyArgs) {
    emit(EventKind::ProxyTypeCheck, expr, frame, name, mergeProvenance(flattenProxies(args)));
    // A Proxy is not a torch.Tensor; a fake tensor is.
    return config_.capture == Capture::Export ? makeConcrete() : makeBool(false);
  }
  if (facts_.isSizeFactory(name)) {
    if (const Value* size = proxySizeThatFails(args)) {
      emit(EventKind::FactoryWithProxy, expr, frame, name, size->provenance);
      return tensorResult(operands);
    }
    if (!proxyArgs) {
      if (args.keywords.empty())
        if (ValuePtr known = knownTensorFunction(name, args.positional)) return known;
      auto v = std::make_shared<Value>();
      v->kind = ValueKind::RealTensor;
      return v;
    }
    return tensorResult(operands);
  }
  if (facts_.tensorListFromProxyFails && facts_.takesTensorList(name) && !args.positional.empty() &&
      args.positional[0]->isProxy()) {
    emit(EventKind::TensorListFromProxy, expr, frame, name, args.positional[0]->provenance);
    return tensorResult(operands);
  }
  if (facts_.isNonTorchNumericLibrary(name)) {
    if (proxyArgs) {
      emit(EventKind::NonTorchCallOnProxy, expr, frame, name, mergeProvenance(operands));
      return makeUnknown();
    }
    return makeConcrete();
  }
  if (facts_.isTorchName(name) || facts_.isAutowrappedModule(name.substr(0, name.find('.')))) {
    std::string_view last = std::string_view(name).substr(name.rfind('.') + 1);
    if (!proxyArgs && facts_.isTorchName(name) && !last.empty() && std::isupper(static_cast<unsigned char>(last[0]))) {
      // A torch class outside torch.nn (QuantStub, ...): a module traced through torch's own forward.
      return constructExternal(name, std::move(args));
    }
    if (!proxyArgs) {
      if (args.keywords.empty()) {
        ValuePtr known = name.starts_with("math.") ? knownMath(name, args.positional) : knownTensorFunction(name, args.positional);
        if (known) return known;
      }
      bool real = std::any_of(operands.begin(), operands.end(), [](const Value* v) { return v->kind == ValueKind::RealTensor; });
      if (real) {
        auto v = std::make_shared<Value>();
        v->kind = ValueKind::RealTensor;
        return v;
      }
      return makeConcrete();
    }
    bool sizeMath = name.starts_with("math.");
    if (sizeMath) return proxyFrom(ProxyKind::Int, operands);
    return tensorResult(operands);
  }
  if (proxyArgs) {
    emit(EventKind::UnresolvedCall, expr, frame, name);
    return makeUnknown();
  }
  // An unseen class called with real values is a construction (maybe a module: calling it with a
  // Proxy later is unresolved); other unseen calls on real values return some real value.
  std::string_view last = std::string_view(name).substr(name.rfind('.') + 1);
  if (!last.empty() && std::isupper(static_cast<unsigned char>(last[0]))) {
    auto instance = std::make_shared<Value>();
    instance->kind = ValueKind::Instance;
    instance->externalName = name;
    instance->isLeafModule = isConfiguredLeaf(name);
    return instance;
  }
  return makeConcrete();
}

ValuePtr Interpreter::makeDict(const Arguments& args) {
  // dict(pairs) / OrderedDict(pairs) / dict(mapping) / dict(key=value): the items in order.
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::Dict;
  if (!args.positional.empty()) {
    const ValuePtr& source = args.positional.front();
    if (source->kind == ValueKind::Dict) {
      v->items = source->items;
    } else if (source->kind == ValueKind::Sequence) {
      for (const auto& pair : source->elements) {
        if (pair->kind != ValueKind::Sequence || pair->elements.size() != 2) continue;
        const ValuePtr& key = pair->elements[0];
        v->items.emplace_back(key->literalKind == ir::ConstantKind::String ? key->literal : "<key>", pair->elements[1]);
      }
    }
  }
  v->items.insert(v->items.end(), args.keywords.begin(), args.keywords.end());
  return v;
}

ValuePtr Interpreter::decoratedMethod(const MethodLookup& method) {
  auto& cached = decoratedMethods_[method.function.get()];
  if (cached) return cached;
  auto current = std::make_shared<Value>();
  current->kind = ValueKind::Function;
  current->function = method.function;
  current->classInfo = method.owner;
  current->scope = method.owner->scope;
  // Decorators written in the project run (bottom-up) and their wrapper is what gets called, as in
  // Python; library decorators (functools, typing, docs helpers, torch.no_grad) are taken as transparent.
  Frame decorating;
  decorating.scope = method.owner->scope;
  decorating.constructing = true;
  const auto& decorators = method.function->decorators;
  // Decorating is speculative: it reports nothing, and one that runs out of its small budget (docstring
  // builders, registries) is taken as transparent.
  long savedSteps = steps_;
  bool savedReported = budgetReported_;
  decorating_ = true;
  for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) {
    ValuePtr decorator = eval(**it, decorating);
    if (decorator->kind != ValueKind::Function || !returnsNestedFunction(*decorator->function)) continue;
    Arguments args;
    args.positional.push_back(current);
    steps_ = kMaxSteps - kMaxDecoratorSteps;
    budgetReported_ = false;
    ValuePtr wrapped = callValue(**it, decorator, std::move(args), decorating);
    if (!budgetReported_ && wrapped->kind == ValueKind::Function && wrapped->function) current = wrapped;
  }
  decorating_ = false;
  steps_ = savedSteps;
  budgetReported_ = savedReported;
  cached = current;
  return cached;
}

bool Interpreter::returnsNestedFunction(const ir::FunctionDef& decorator) {
  // The wrapper pattern: `def deco(fn): @wraps(fn) def wrapper(*a, **k): ...; return wrapper`.
  // Decorators that register, document or return their argument are transparent.
  std::set<std::string> nested;
  for (const auto& stmt : decorator.body) {
    if (auto* def = std::get_if<ir::LocalFunction>(&stmt->node)) nested.insert(def->function->name);
    if (auto* ret = std::get_if<ir::Return>(&stmt->node); ret && ret->value)
      if (auto* name = as<ir::Name>(*ret->value); name && nested.count(name->id)) return true;
  }
  return false;
}

ValuePtr Interpreter::annotatedArgument(const ir::Parameter& param, Frame& frame) {
  // A constructor argument fxlint is not given: `config: ResNetConfig` names a configuration class,
  // whose defaults are what a model built from `ResNetConfig()` sees. Anything else stays unknown.
  if (!frame.constructing || !param.annotation || constructDepth_ >= kMaxConstructDepth) return makeConcrete();
  ValuePtr type = eval(*param.annotation, frame);
  if (type->literalKind == ir::ConstantKind::String) type = evalName(*param.annotation, ir::Name{type->literal}, frame);
  if (type->kind != ValueKind::Class || type->classInfo->isModule) return makeConcrete();
  return construct(*param.annotation, type->classInfo, Arguments{}, frame);
}

bool Interpreter::isDictType(const std::string& externalName) {
  return externalName == "builtins.dict" || externalName == "collections.OrderedDict" || externalName == "dict";
}

ValuePtr Interpreter::lookupItem(const Value& mapping, const Value& key) {
  if (key.literalKind == ir::ConstantKind::String)
    for (const auto& [name, value] : mapping.items)
      if (name == key.literal) return value;
  return makeUnknown();
}

std::optional<bool> Interpreter::isInstanceOfBuiltin(const Value& value, const Value& type) {
  // isinstance(x, tuple) and friends on values whose Python type fxlint knows.
  std::vector<std::string> names;
  if (type.kind == ValueKind::External) names.push_back(type.externalName);
  if (type.kind == ValueKind::Sequence)
    for (const auto& t : type.elements) {
      if (t->kind != ValueKind::External) return std::nullopt;
      names.push_back(t->externalName);
    }
  if (names.empty()) return std::nullopt;
  if (value.kind == ValueKind::Instance && !value.classInfo && value.externalName.starts_with("torch.nn.")) {
    // A torch.nn module built by name: its class is exactly that one. Public torch.nn classes do not
    // derive from each other except the Lazy* forms, so a different public name is another class.
    std::string_view actualName = std::string_view(value.externalName).substr(value.externalName.rfind('.') + 1);
    bool undecided = false;
    for (const std::string& name : names) {
      if (!name.starts_with("torch.nn.")) return std::nullopt;
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
      else if (value.literalKind == ir::ConstantKind::Bool) actual = "bool";
      else if (value.literalKind == ir::ConstantKind::None) actual = "NoneType";
      break;
    default: break;
  }
  if (value.kind == ValueKind::RealTensor) actual = "torch.Tensor";
  if (!actual) return std::nullopt;
  static const std::set<std::string> kBuiltinTypes = {"tuple", "list", "set", "dict", "str", "int", "bool", "float"};
  static const std::set<std::string> kTensorTypes = {"torch.Tensor", "torch.nn.Parameter", "torch.nn.parameter.Parameter"};
  // Lists, dicts and literals fxlint made are exactly their builtin type, and a tensor is not one.
  bool exactBuiltin = *actual != "object" && *actual != "torch.Tensor";
  for (const std::string& name : names) {
    std::string shortName = name.starts_with("builtins.") ? name.substr(9) : name;
    if (kTensorTypes.count(shortName)) {
      if (*actual == "torch.Tensor" && shortName == "torch.Tensor") return true;
      if (exactBuiltin) continue;
      return std::nullopt;
    }
    if (!kBuiltinTypes.count(shortName)) return std::nullopt;  // a class: subclassing may apply
    if (shortName == *actual || (shortName == "int" && *actual == "bool")) return true;
  }
  return false;
}

std::vector<const Value*> Interpreter::flattenProxies(const Arguments& args) {
  std::vector<const Value*> proxies;
  auto add = [&](const ValuePtr& v) {
    if (v->isProxy()) proxies.push_back(v.get());
    if (v->kind == ValueKind::Sequence)
      for (const auto& e : v->elements) if (e->isProxy()) proxies.push_back(e.get());
  };
  for (const auto& v : args.positional) add(v);
  for (const auto& [_, v] : args.keywords) add(v);
  return proxies;
}

const Value* Interpreter::proxySizeThatFails(const Arguments& args) const {
  auto isSizeProxy = [](const ValuePtr& v) { return v->isProxy() && v->proxyKind != ProxyKind::Tensor; };
  switch (facts_.factorySizeRule) {
    case FactorySizeRule::LeadingProxyFails:
      if (args.positional.size() >= 2 && isSizeProxy(args.positional[0])) return args.positional[0].get();
      return nullptr;
    case FactorySizeRule::AnyProxyFails:
      for (const auto& v : args.positional) {
        if (isSizeProxy(v)) return v.get();
        if (v->kind == ValueKind::Sequence)
          for (const auto& e : v->elements) if (e->isProxy()) return e.get();
      }
      for (const auto& [key, v] : args.keywords)
        if (v->isProxy() && (key == "device" || key == "dtype" || key == "size")) return v.get();
      return nullptr;
  }
  return nullptr;
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
           first->provenance);
      return makeConcrete();
    }
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
      if (first->kind == ValueKind::Instance && first->attribute(attribute)) return makeBool(true);
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
      if (args.positional.size() >= 3 && first->mayBeNone)
        return joinValues(args.positional[2], evalAttribute(expr, first, args.positional[1]->literal, frame));
      return evalAttribute(expr, first, args.positional[1]->literal, frame);
    }
    if (first && first->kind == ValueKind::External) return makeUnknown();
    if (args.positional.size() >= 3) return args.positional[2];
    return makeUnknown();
  }
  if (name == "setattr") {
    if (first) noteWrite(*first);
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
  if (kWriters.count(method)) noteWrite(*object);
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
        if (args.positional.size() > 1) return args.positional[1];
        return method == "get" ? makeNone() : makeConcrete();  // pop of a missing key raises KeyError
      }
      if (method == "update" && first) {
        if (first->kind == ValueKind::Dict) {
          for (const auto& [key, value] : first->items) object->setAttribute(key, value);
          object->exactLength = object->exactLength && first->exactLength && uncertainDepth_ == 0;
        } else {
          iterate(expr, first, frame, "update", kMaxDataElements);  // `keys()`, then iteration: a Proxy raises
          object->exactLength = false;
        }
        return makeNone();
      }
      if ((method == "setdefault" || method == "__setitem__") && first) return makeNone();
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
        return makeSequence(ir::SequenceKind::List, std::move(rows), !object->items.empty() || !rows.empty());
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
