// Calls: argument binding, file functions and methods, module calls (leaves, file classes, containers),
// torch and other external callables. Python builtins are in builtins.cpp, methods of Proxies and real
// values in methods.cpp, the reuse of module calls in call_reuse.cpp.
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
        args.unseenKeywords = args.unseenKeywords || value->kind != ValueKind::Dict || !value->exactLength;
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
        if (facts_.isScriptingDecorator(name) && args.hasProxy()) {
          // symbolic_trace hands a Proxy to TorchScript, which rejects it; torch.export runs the Python.
          if (config_.capture == Capture::Fx)
            emit(EventKind::NonTorchCallOnProxy, expr, frame, name + " function " + callee->function->name);
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
          if (!args.hasProxy()) return makeConcrete();
          // super().forward(x) of a torch layer: its output derives from x (sizes included).
          return tensorResult(flattenProxies(args));
        }
        if (isDictType(callee->externalName) && !args.positional.empty() &&
            (callee->methodName == "__getitem__" || callee->methodName == "get")) {
          // super().__getitem__(key) in a dict subclass: the entries it was built with.
          return lookupItem(*self, *args.positional.front());
        }
        if (isMappingAbc(callee->externalName) && self->kind == ValueKind::Instance)
          if (ValuePtr result = callMappingMixin(expr, self, callee->methodName, args, frame)) return result;
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
      self.activeFunctions_.push_back({fn, nullptr});
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
  bool recursive = std::count_if(activeFunctions_.begin(), activeFunctions_.end(), [&](const Activation& active) {
                     return active.function == fn.get() && active.closure == closure;
                   }) >= kMaxRecursion;
  // Deeper recursion on real values along a path that may not run (a walk over children fxlint does
  // not know, `for child in module.named_children()`) traces nothing: it ends with an unknown value.
  if (recursive && uncertainDepth_ > 0 && !args.hasProxy() && callDepth_ < kMaxCallDepth) {
    ++limitsHit_;
    return makeUnknown();
  }
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
      bool tracedVarargs = rest.size() == 1 && (rest[0]->isProxy() || rest[0]->callerInputs) && rest[0]->parameter == param.name;
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
        dict->exactLength = !args.unseenKeywords;
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
  callers_.push_back({&caller, activeFunctions_.empty() ? nullptr : activeFunctions_.back().function, stateWrites_.size()});
  activeFunctions_.push_back({fn.get(), closure});
  Flow flow = execBlock(fn->body, frame);
  // Every path through the callee raised: Python unwinds the caller too, to the nearest handler.
  if (flow == Flow::Raise && !frame.constructing && !decorating_) callRaised_ = true;
  callers_.pop_back();
  activeFunctions_.pop_back();
  chain_.pop_back();
  --callDepth_;
  if (frame.returns.empty()) return makeNone();
  ValuePtr result = frame.returns.front();
  for (size_t i = 1; i < frame.returns.size(); ++i) result = joinValues(result, frame.returns[i]);
  return result;
}

ValuePtr Interpreter::callModule(const ir::Expr& expr, const ValuePtr& instance, Arguments args, Frame& frame) {
  std::vector<const Value*> operands;
  for (const auto& v : args.positional) operands.push_back(v.get());
  for (const auto& [_, v] : args.keywords) operands.push_back(v.get());
  // torch's layers read their input as a tensor: a None there (an optional input left at its default)
  // fails inside torch.
  auto torchForward = [&](std::string_view torchClass) {
    const ValuePtr* input = args.positional.empty() ? nullptr : &args.positional.front();
    if (input && (*input)->isNone() && !(*input)->mayBeNone && facts_.rejectsNoneInput(torchClass))
      emit(EventKind::NoneModuleInput, expr, frame, std::string(torchClass));
    return tensorResult(operands);
  };
  if (instance->isLeafModule) return torchForward(instance->externalName);
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
        // A call that raised is traced again each time (its unwinding is not part of a replay).
        ValuePtr stored = recording.reusable && limitsHit_ == limitsBefore && !callRaised_ ? copyResult(result) : nullptr;
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
    if (isPlainModule(forward.externalOwner)) {
      // nn.Module's placeholder forward raises NotImplementedError: no class in the hierarchy defines one.
      emitAt(EventKind::MissingForward, expr.span, frame, instance->classInfo->def->name, forward.externalOwner, {}, &expr);
      return makeUnknown();
    }
    if (!facts_.containerKind(forward.externalOwner) && !forward.externalOwner.empty())
      return torchForward(forward.externalOwner);  // a torch.nn class's own forward, e.g. a Conv2d subclass
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
  return torchForward(instance->externalName);
}

ValuePtr Interpreter::callExternal(const ir::Expr& expr, const std::string& name, Arguments args, Frame& frame) {
  if (name.starts_with("builtins.")) return callBuiltin(expr, name.substr(9), std::move(args), frame);
  if ((name == "math.ceil" || name == "math.floor") && args.positional.size() == 1)
    if (auto number = knownNumber(*args.positional.front()))
      return makeInt((long long)(name == "math.ceil" ? std::ceil(*number) : std::floor(*number)));
  if (name == "collections.OrderedDict") return makeDict(args);
  if (facts_.isPytreeRegistration(name) && !args.positional.empty() && args.positional[0]->kind == ValueKind::Class) {
    pytreeClasses_.insert(args.positional[0]->classInfo);
    return makeNone();
  }
  if (name == "itertools.repeat" && args.positional.size() == 2) {
    // repeat(x, n): n times the same object (`tuple(repeat(k, 2))`, the usual `to_2tuple`).
    const Value& times = *args.positional[1];
    if (times.literalKind == ir::ConstantKind::Int && !times.mayBeNone && times.intValue >= 0 &&
        times.intValue <= (long long)kMaxUnrolled)
      return makeSequence(ir::SequenceKind::Tuple, std::vector<ValuePtr>(size_t(times.intValue), args.positional[0]));
  }
  if ((name == "re.search" || name == "re.match" || name == "re.fullmatch") && args.positional.size() == 2 &&
      args.keywords.empty()) {
    const Value& pattern = *args.positional[0];
    const Value& text = *args.positional[1];
    auto known = [](const Value& v) { return v.literalKind == ir::ConstantKind::String && !v.mayBeNone; };
    if (known(pattern) && known(text))
      if (std::optional<bool> found = knownRegexMatch(name, pattern.literal, text.literal)) {
        if (!*found) return makeNone();
        auto match = std::make_shared<Value>();  // a re.Match: an object, never None, true
        match->kind = ValueKind::Instance;
        match->externalName = "re.Match";
        return match;
      }
  }
  if ((name == "os.environ.get" || name == "os.getenv") && !args.positional.empty()) {
    // The environment of a fresh process: a variable the model reads is unset (docs/fx_semantics.md).
    if (args.positional.size() > 1) return args.positional[1];
    if (ValuePtr fallback = args.keyword("default")) return fallback;
    return makeNone();
  }
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
    // Importing modules and building the model run in eager Python: no capture is under way yet.
    if (frame.constructing) return makeBool(false);
    auto v = makeBool(*state);
    // Under FX, a branch on another capture's state (is_tracing(), is_in_onnx_export()) takes the path
    // that capture avoids; is_fx_tracing() is the guard FX itself provides. Under torch.export the branch
    // is eager's, or the one written for export (is_exporting(), is_compiling()).
    v->tracingState = config_.capture == Capture::Fx && !*state;
    return v;
  }
  if (facts_.isTraceableAssert(name)) {
    if (facts_.isWrapRegistration(name) && callDepth_ > 0) emit(EventKind::WrapNotAtTopLevel, expr, frame, name);
    auto* call = as<ir::Call>(expr);
    if (!call || call->arguments.empty() || args.positional.empty()) return makeNone();
    const ir::Expr& conditionExpr = *call->arguments[0].value;
    const Value& condition = *args.positional[0];
    // torch._check wants a real bool: a Proxy is a TypeError under FX. Under torch.export a condition on
    // sizes is a guard like torch._assert's; one on tensor values becomes a runtime assertion, assumed
    // true from there on.
    bool checks = facts_.assumesCondition(name);
    bool onValues = condition.isProxy() && condition.provenance.data;
    if (checks && config_.capture == Capture::Fx)
      decide(conditionExpr, args.positional[0], name.c_str(), frame);
    if (config_.capture == Capture::Export && (facts_.assertsEagerly(name) || (checks && !onValues)))
      decide(conditionExpr, args.positional[0], name.c_str(), frame);
    if (checks && proxyArgs) assumedConditions_.insert(textOf(frame, conditionExpr));
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
    // A Proxy among the keywords (`device=x.device`) sends the whole call through __torch_function__
    // first: it is recorded, traced data included.
    Arguments data, keywords;
    data.positional = args.positional;
    keywords.keywords = args.keywords;
    if (data.hasProxy() && !keywords.hasProxy()) {
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
        if (ValuePtr known = knownTensorFunction(facts_, name, args.positional)) return known;
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
  if (facts_.returnsItsModule(name) && !args.positional.empty() && args.positional[0]->kind == ValueKind::Instance)
    return args.positional[0];
  if (auto method = facts_.splittingMethod(name); method && !args.positional.empty() && args.positional[0]->isProxy()) {
    ValuePtr tensor = args.positional.front();
    args.positional.erase(args.positional.begin());
    return callProxyMethod(expr, tensor, std::string(*method), std::move(args), frame);
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
        ValuePtr known = name.starts_with("math.") ? knownMath(name, args.positional) : knownTensorFunction(facts_, name, args.positional);
        if (known) return known;
      }
      // A tensor whatever its contents: one made from real values, or by a factory (`torch.tensor(n,
      // dtype=torch.long)` with `n` unknown) whose numbers fxlint does not compute.
      bool real = std::any_of(operands.begin(), operands.end(), [](const Value* v) { return v->kind == ValueKind::RealTensor; }) ||
                  facts_.knownTensorFunction(name);
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
      v->exactLength = source->exactLength;
    } else if (source->kind == ValueKind::Sequence) {
      v->exactLength = source->exactLength;
      for (const auto& pair : source->elements) {
        if (pair->kind != ValueKind::Sequence || pair->elements.size() != 2) {
          v->exactLength = false;
          continue;
        }
        const Value& key = *pair->elements[0];
        bool named = key.literalKind == ir::ConstantKind::String && !key.mayBeNone;
        // Entries are keyed by text: under a key fxlint cannot name, the value stays for iteration.
        if (!named) v->exactLength = false;
        v->items.emplace_back(named ? key.literal : "<key " + std::to_string(v->items.size()) + ">", pair->elements[1]);
      }
    } else {
      v->exactLength = false;  // the entries of something fxlint does not model
    }
  }
  v->exactLength = v->exactLength && !args.unseenKeywords;
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
  // A decorator that runs out of its small budget (docstring builders, registries) is taken as transparent.
  SpeculativeRun speculative(*this);
  for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) {
    ValuePtr decorator = eval(**it, decorating);
    if (decorator->kind != ValueKind::Function || !returnsNestedFunction(*decorator->function)) continue;
    Arguments args;
    args.positional.push_back(current);
    ValuePtr wrapped = speculative.run([&] { return callValue(**it, decorator, std::move(args), decorating); });
    if (wrapped && wrapped->kind == ValueKind::Function && wrapped->function) current = wrapped;
  }
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

bool Interpreter::isMappingAbc(const std::string& externalName) {
  return externalName == "collections.abc.Mapping" || externalName == "collections.abc.MutableMapping" ||
         externalName == "typing.Mapping" || externalName == "typing.MutableMapping";
}

ValuePtr Interpreter::callMappingMixin(const ir::Expr& expr, const ValuePtr& self, const std::string& method,
                                       const Arguments& args, Frame& frame) {
  if (args.positional.empty() || (method != "get" && method != "__contains__")) return nullptr;
  long missingBefore = missingKeys_;
  ValuePtr value = callUserDunder(expr, self, "__getitem__", frame, {args.positional[0]});
  if (!value) return nullptr;
  bool missing = missingKeys_ > missingBefore;
  if (method == "__contains__") return missing ? makeBool(false) : value->kind == ValueKind::Unknown ? makeConcrete() : makeBool(true);
  if (missing) return args.positional.size() > 1 ? args.positional[1] : makeNone();
  return value;
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

}  // namespace fxlint::interp
