// Statements, assignment targets, decisions (bool() of a value) and iteration, as FX executes them.
#include "interp/interpreter.h"

#include "interp/capture.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "interp/arithmetic.h"
#include "interp/capture.h"
#include "interp/support.h"

namespace fxlint::interp {

// ---- statements -------------------------------------------------------------------------------------

Interpreter::Flow Interpreter::execBlock(const ir::Block& block, Frame& frame) {
  for (const auto& stmt : block) {
    Flow flow = execStmt(*stmt, frame);
    if (callRaised_) {  // a call in the statement raised on every path: so does the statement
      callRaised_ = false;
      return Flow::Raise;
    }
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

Interpreter::Flow Interpreter::execStmt(const ir::Stmt& stmt, Frame& frame) {
  if (++steps_ > kMaxSteps) {
    ++limitsHit_;
    if (!budgetReported_) {
      budgetReported_ = true;
      ir::Expr where;
      where.span = stmt.span;
      where.node = ir::Opaque{};
      emit(EventKind::BudgetExceeded, where, frame, "more than " + std::to_string(kMaxSteps) + " steps");
    }
    return Flow::Return;
  }
  // Events carry the statements around them (for fixes); frames copied into branches keep the stack.
  frame.statements.push_back(&stmt);
  struct PopStatement {
    Frame& frame;
    ~PopStatement() { frame.statements.pop_back(); }
  } pop{frame};
  return std::visit(
      [&](const auto& node) -> Flow {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ir::ExprStmt>) {
          eval(*node.value, frame);
        } else if constexpr (std::is_same_v<T, ir::Assign>) {
          ValuePtr value = eval(*node.value, frame);
          for (const auto& target : node.targets) assign(*target, value, frame);
        } else if constexpr (std::is_same_v<T, ir::AugAssign>) {
          ValuePtr current = eval(*node.target, frame);
          ValuePtr rhs = eval(*node.value, frame);
          ValuePtr result;
          if (current->isProxy() || rhs->isProxy()) {
            ProxyKind kind = (current->isProxy() && current->proxyKind == ProxyKind::Tensor) ||
                                     (rhs->isProxy() && rhs->proxyKind == ProxyKind::Tensor)
                                 ? ProxyKind::Tensor
                                 : current->isProxy() ? current->proxyKind : rhs->proxyKind;
            result = proxyFrom(kind, {current.get(), rhs.get()});
          } else if (node.op == "+" && (current->kind == ValueKind::Sequence ||
                                        (current->kind == ValueKind::Instance && facts_.containerKind(current->externalName)))) {
            // `layers += [block]` in __init__ grows a list (or an nn.ModuleList: its __iadd__ extends) like
            // append; `outputs += (h,)` makes a new tuple, leaving other names of the old one alone.
            if (current->kind == ValueKind::Sequence && current->sequenceKind == ir::SequenceKind::Tuple)
              current = std::make_shared<Value>(*current);
            else
              noteWrite(current);
            size_t prefix = current->exactLength && rhs->kind == ValueKind::Sequence
                                ? current->elements.size() + rhs->positionsKnown()
                                : current->positionsKnown();
            current->elements.insert(current->elements.end(), rhs->elements.begin(), rhs->elements.end());
            current->exactLength = current->exactLength && rhs->exactLength && rhs->kind == ValueKind::Sequence;
            current->knownPrefix = prefix;
            boundElements(*current);
            result = current;
          } else if (current->kind == ValueKind::RealTensor || rhs->kind == ValueKind::RealTensor) {
            result = knownTensorBinary(node.op, *current, *rhs);
            if (!result) {
              result = std::make_shared<Value>();
              result->kind = ValueKind::RealTensor;
            }
          } else if (ValuePtr known = knownBinary(node.op, *current, *rhs)) {
            result = known;  // self.dilation *= stride
          } else {
            result = makeConcrete();
          }
          assign(*node.target, result, frame);
        } else if constexpr (std::is_same_v<T, ir::If>) {
          return execIf(*node.test, node.body, node.orElse, frame, "if");
        } else if constexpr (std::is_same_v<T, ir::While>) {
          return execWhile(node, frame);
        } else if constexpr (std::is_same_v<T, ir::For>) {
          return execFor(node, frame);
        } else if constexpr (std::is_same_v<T, ir::Return>) {
          frame.returns.push_back(node.value ? eval(*node.value, frame) : makeNone());
          return Flow::Return;
        } else if constexpr (std::is_same_v<T, ir::Raise>) {
          ValuePtr raisedClass;
          if (node.exception) {
            // `raise ValueError(...)` or `raise ValueError`: its class decides which handler catches it.
            const ir::Expr* type = node.exception.get();
            if (auto* call = as<ir::Call>(*type)) type = call->callee.get();
            ValuePtr raised = eval(*type, frame);
            if (raised->kind == ValueKind::Class || raised->kind == ValueKind::External) raisedClass = raised;
            if (type != node.exception.get()) eval(*node.exception, frame);
          }
          return reportRaise(stmt, std::move(raisedClass), frame);
        } else if constexpr (std::is_same_v<T, ir::Assert>) {
          // `assert a and b` asserts each operand in turn (a decision eager makes the same way: a false
          // one raises), the next only where the previous held.
          std::vector<const ir::Expr*> conditions = {node.test.get()};
          if (auto* all = as<ir::BoolOp>(*node.test); all && all->isAnd) {
            conditions.clear();
            for (const auto& operand : all->operands) conditions.push_back(operand.get());
          }
          bool holdsAll = true;  // every operand decided True
          bool fails = false;    // one decided False where every operand before it held
          int undecided = 0;
          for (const ir::Expr* condition : conditions) {
            std::optional<bool> holds = decide(*condition, eval(*condition, frame), "assert", frame);
            if (holds == false) {
              holdsAll = false;
              fails = undecided == 0;
              break;
            }
            if (!holds) {
              holdsAll = false;
              ++undecided;
              ++uncertainDepth_;
            }
          }
          uncertainDepth_ -= undecided;
          if (node.message && !holdsAll) eval(*node.message, frame);
          // Decided False while tracing (`assert isinstance(x, torch.Tensor)` on a Proxy): AssertionError.
          if (fails) return reportRaise(stmt, makeExternal("builtins.AssertionError"), frame);
        } else if constexpr (std::is_same_v<T, ir::With>) {
          for (const auto& item : node.items) {
            ValuePtr context = eval(*item.context, frame);
            if (item.target) assign(*item.target, makeConcrete(), frame);
          }
          return execBlock(node.body, frame);
        } else if constexpr (std::is_same_v<T, ir::Try>) {
          return execTry(node, frame);
        } else if constexpr (std::is_same_v<T, ir::Jump>) {
          if (node.kind == ir::JumpKind::Break) return Flow::Break;
          if (node.kind == ir::JumpKind::Continue) return Flow::Continue;
        } else if constexpr (std::is_same_v<T, ir::Delete>) {
          for (const auto& target : node.targets)
            if (auto* n = as<ir::Name>(*target)) frame.locals.erase(n->id);
        } else if constexpr (std::is_same_v<T, ir::LocalFunction>) {
          auto v = std::make_shared<Value>();
          v->kind = ValueKind::Function;
          v->function = node.function;
          v->scope = frame.scope;
          v->closure = std::make_shared<const std::map<std::string, ValuePtr>>(frame.locals);
          frame.locals[node.function->name] = v;
          for (const auto& decorator : node.function->decorators)
            if (dottedName(*decorator).ends_with("fx.wrap")) {
              emit(EventKind::WrapNotAtTopLevel, *decorator, frame, node.function->name);
            }
        } else if constexpr (std::is_same_v<T, ir::OpaqueStmt>) {
          ir::Expr where;
          where.span = stmt.span;
          where.node = ir::Opaque{node.what};
          emit(EventKind::UnsupportedConstruct, where, frame, node.what);
        }
        return Flow::Normal;
      },
      stmt.node);
}

Interpreter::Flow Interpreter::execIf(const ir::Expr& testExpr, const ir::Block& body, const ir::Block& orElse,
                                      Frame& frame, const char* construct) {
  ValuePtr test = eval(testExpr, frame);
  std::optional<bool> truth = decide(testExpr, test, construct, frame);
  if (truth) return execBlock(*truth ? body : orElse, frame);

  // Undecided: walk both branches from the same state and join what continues.
  ++uncertainDepth_;
  Frame thenFrame = frame;
  Flow thenFlow = execBlock(body, thenFrame);
  Frame elseFrame = frame;
  elseFrame.returns = thenFrame.returns;
  Flow elseFlow = execBlock(orElse, elseFrame);
  --uncertainDepth_;
  frame.returns = elseFrame.returns;
  // An ordering on a dynamic dim deciding between two valid behaviours (neither branch raises): the
  // program keeps the example's side, and rejects sizes on the other that eager accepts.
  if (test->narrows && thenFlow != Flow::Raise && elseFlow != Flow::Raise &&
      readsDynamicDim(*test->narrows, dynamicDims_))
    emitAt(EventKind::DynamicDimNarrowed, testExpr.span, frame, textOf(frame, testExpr), "", *test->narrows, &testExpr);
  bool thenContinues = thenFlow == Flow::Normal, elseContinues = elseFlow == Flow::Normal;
  if (thenContinues && elseContinues) {
    for (auto& [name, value] : elseFrame.locals) {
      auto it = thenFrame.locals.find(name);
      frame.locals[name] = it == thenFrame.locals.end() ? value : joinValues(it->second, value);
    }
    for (auto& [name, value] : thenFrame.locals)
      if (!elseFrame.locals.count(name)) frame.locals[name] = value;
    return Flow::Normal;
  }
  if (thenContinues) { frame.locals = std::move(thenFrame.locals); return Flow::Normal; }
  if (elseContinues) { frame.locals = std::move(elseFrame.locals); return Flow::Normal; }
  // Neither continues: prefer a return (the path that produces a value) over a raise.
  frame.locals = std::move(thenFrame.locals);
  if (thenFlow == Flow::Return || elseFlow == Flow::Return) return Flow::Return;
  return thenFlow;
}

Interpreter::Flow Interpreter::execFor(const ir::For& loop, Frame& frame) {
  ValuePtr iterable = eval(*loop.iterable, frame);
  std::vector<ValuePtr> elements = iterate(*loop.iterable, iterable, frame, "for loop");
  bool exact = iteratesExactly(*iterable);
  // An empty known sequence runs no iteration; an unknown count is walked once, as a may-path.
  if (!exact) ++uncertainDepth_;
  Flow result = Flow::Normal;
  for (const auto& element : elements) {
    assign(*loop.target, element, frame);
    Flow flow = execBlock(loop.body, frame);
    if (flow == Flow::Break) break;
    if (flow == Flow::Return || flow == Flow::Raise) {
      result = exact ? flow : Flow::Normal;
      break;
    }
  }
  if (!exact) --uncertainDepth_;
  if (result != Flow::Normal) return result;
  return execBlock(loop.orElse, frame);
}

Interpreter::Flow Interpreter::execWhile(const ir::While& loop, Frame& frame) {
  ValuePtr test = eval(*loop.test, frame);
  std::optional<bool> truth = decide(*loop.test, test, "while", frame);
  if (truth == false) return execBlock(loop.orElse, frame);
  if (!truth) ++uncertainDepth_;
  Flow flow = execBlock(loop.body, frame);
  if (flow == Flow::Normal || flow == Flow::Continue) {
    // Python tests again after the body: what the body changed (`order = order[keep]`, whose size now
    // depends on values) may make the next decision a new hazard. Only then is the body walked once
    // more, as a path that may not run: the count of iterations is not known.
    size_t eventsBefore = events_.size();
    ValuePtr again = eval(*loop.test, frame);
    std::optional<bool> next = decide(*loop.test, again, "while", frame);
    if (next != false && events_.size() > eventsBefore) {
      ++uncertainDepth_;
      execBlock(loop.body, frame);
      --uncertainDepth_;
    }
  }
  if (!truth) --uncertainDepth_;
  if (flow == Flow::Return || flow == Flow::Raise) return truth ? flow : Flow::Normal;
  return Flow::Normal;
}

Interpreter::Flow Interpreter::reportRaise(const ir::Stmt& stmt, ValuePtr raisedClass, Frame& frame) {
  raising_ = std::move(raisedClass);
  ir::Expr where;
  where.span = stmt.span;
  where.node = ir::Opaque{};
  emit(EventKind::RaiseReached, where, frame);
  return Flow::Raise;
}

Interpreter::Flow Interpreter::execTry(const ir::Try& tryStmt, Frame& frame) {
  // Each handler's classes: `except (KeyError, ValueError):` names two; a name fxlint cannot resolve
  // keeps its spelling, for handlerCatches.
  std::vector<HandlerTypes> handlers;
  for (const auto& handler : tryStmt.handlers) {
    HandlerTypes types;
    if (handler.type) {
      std::vector<const ir::Expr*> named = {handler.type.get()};
      if (auto* tuple = as<ir::Sequence>(*handler.type)) {
        named.clear();
        for (const auto& element : tuple->elements) named.push_back(element.get());
      }
      for (const ir::Expr* typeExpr : named) {
        ValuePtr type = eval(*typeExpr, frame);
        if (type->kind != ValueKind::Class && type->kind != ValueKind::External) type = makeExternal(dottedName(*typeExpr));
        types.push_back(type);
      }
    }
    handlers.push_back(std::move(types));
  }
  catching_.push_back(handlers);
  size_t eventsBefore = events_.size();
  Flow flow = execBlock(tryStmt.body, frame);
  catching_.pop_back();
  bool swallowed = std::any_of(events_.begin() + eventsBefore, events_.end(), [](const TraceEvent& e) {
    return e.kind == EventKind::ExceptionSwallowed;
  });
  // Handlers run when something in the body raised; walk them as a may-path.
  if (swallowed) {
    for (size_t i = 0; i < tryStmt.handlers.size(); ++i) {
      const auto& handler = tryStmt.handlers[i];
      bool tracingError = false;
      for (std::string_view error : facts_.traceFailureExceptions)
        tracingError = tracingError || handlerCatches(handlers[i], error, nullptr);
      if (!tracingError && !handlerCatches(handlers[i], "", raising_.get())) continue;
      if (!handler.name.empty()) frame.locals[handler.name] = makeConcrete();
      Flow handlerFlow = execBlock(handler.body, frame);
      // A raise the handler caught ends there: what follows the handler runs.
      if (handlerFlow != Flow::Normal || flow == Flow::Raise) flow = handlerFlow;
      break;
    }
  }
  if (flow == Flow::Normal) flow = execBlock(tryStmt.orElse, frame);
  Flow finallyFlow = execBlock(tryStmt.finally, frame);
  return finallyFlow != Flow::Normal ? finallyFlow : flow;
}

void Interpreter::assign(const ir::Expr& target, ValuePtr value, Frame& frame) {
  if (auto* n = as<ir::Name>(target)) {
    frame.locals[n->id] = std::move(value);
  } else if (auto* a = as<ir::Attribute>(target)) {
    ValuePtr object = eval(*a->object, frame);
    if (object->kind == ValueKind::Instance && object->classInfo) {
      if (MethodLookup setter = findPropertySetter(object->classInfo, a->name); setter.function) {
        Arguments args;
        args.positional.push_back(std::move(value));
        callFunction(target, setter.function, setter.owner, setter.owner->scope, object, std::move(args), frame,
                     setter.owner->def->name + "." + a->name);
        return;
      }
    }
    if (object->kind == ValueKind::Instance) {
      // Under tracing, writes to module state run once at trace time; in __init__ they build the module.
      if (value->kind == ValueKind::Instance && object->attribute(a->name) && !frame.constructing) return;
      ValuePtr previous = object->attribute(a->name);
      if (uncertainDepth_ > 0 && previous) value = joinValues(previous, value);
      noteWrite(object);
      if (!frame.constructing) stateWrites_.push_back(object.get());
      object->setAttribute(a->name, std::move(value));
    } else if (object->kind == ValueKind::Class && object->classInfo) {
      // `cls.registry = {}`, `Config.default = x`: a class attribute, read by every later lookup.
      if (uncertainDepth_ > 0) {
        ValuePtr previous = classAttribute(object->classInfo, a->name);
        value = previous ? joinValues(previous, value) : makeUnknown();
      }
      forgoReuse();
      setClassAttribute({object->classInfo, a->name}, std::move(value));
    }
  } else if (auto* s = as<ir::Subscript>(target)) {
    ValuePtr object = eval(*s->object, frame);
    ValuePtr index = eval(*s->index, frame);
    // `y[:, 0] = v` on a traced tensor: Proxy defines no __setitem__ (a TypeError on torch 2.14).
    if (object->isProxy()) emit(EventKind::ProxyItemAssignment, target, frame, "", object->provenance);
    if (index->isProxy() && (object->kind == ValueKind::Sequence || object->kind == ValueKind::Dict ||
                             object->kind == ValueKind::RealTensor))
      emit(EventKind::ProxyAsPythonIndex, target, frame, "assignment", index->provenance);
    bool container = object->kind == ValueKind::Dict ||
                     (object->kind == ValueKind::Instance && facts_.containerKind(object->externalName));
    if (object->kind == ValueKind::Sequence || container) noteWrite(object);
    if (object->kind == ValueKind::Sequence && !index->isProxy()) setSequenceItem(*object, *index, value);
    if (container && !index->isProxy()) {
      bool knownKey = index->literalKind == ir::ConstantKind::String && !index->mayBeNone;
      std::string key = knownKey ? index->literal : textOf(frame, *s->index);
      auto existing = std::find_if(object->items.begin(), object->items.end(), [&](const auto& item) { return item.first == key; });
      if (knownKey && existing != object->items.end()) {
        existing->second = uncertainDepth_ > 0 ? joinValues(existing->second, value) : value;
      } else {
        object->items.emplace_back(key, value);
        // An entry added under a key not known, or on a path that may not run: the size is not known.
        if (!knownKey || uncertainDepth_ > 0) object->exactLength = false;
      }
    }
  } else if (auto* seq = as<ir::Sequence>(target)) {
    size_t count = seq->elements.size();
    size_t starAt = count;
    for (size_t i = 0; i < count; ++i)
      if (as<ir::Starred>(*seq->elements[i])) starAt = i;
    std::vector<ValuePtr> parts;
    if (value->isProxy()) {
      // Fixed-length unpacking of a Proxy is fine (FX reads the target count from the bytecode);
      // a starred target makes the count unknown and Proxy.__iter__ raises.
      if (starAt != count) {
        emit(EventKind::ProxyIteration, target, frame, "starred unpacking", value->provenance);
      }
      for (size_t i = 0; i < count; ++i) {
        ProxyKind kind = value->proxyKind == ProxyKind::Size ? ProxyKind::Int : value->proxyKind;
        auto part = makeProxy(kind, value->provenance);
        // `rows, cols = torch.where(mask)`: each piece's size depends on values, as the whole's did.
        part->sizeFromData = value->sizeFromData;
        if (value->proxyKind == ProxyKind::Size) {
          part->provenance.dims = sizeElementDims(*value, (long long)i);
          part->provenance.originText = textOf(frame, *seq->elements[i]);
          part->isOneDim = true;
        }
        parts.push_back(part);
      }
      // `b, c, h, w = x.shape` on an input: it has rank 4.
      if (value->proxyKind == ProxyKind::Size && starAt == count)
        for (const ShapeRef& ref : value->provenance.dims)
          if (ref.direct && ref.dim == ShapeRef::kUnknownDim) noteRank(ref.input, int(count));
    } else if (value->kind == ValueKind::Sequence && value->exactLength && starAt == count &&
               value->elements.size() == count) {
      parts = value->elements;
    } else {
      for (size_t i = 0; i < count; ++i) {
        if (value->kind == ValueKind::Sequence && !value->elements.empty())
          parts.push_back(value->elements[std::min(i, value->elements.size() - 1)]);
        else
          parts.push_back(value->kind == ValueKind::Unknown ? makeUnknown() : makeConcrete());
      }
    }
    for (size_t i = 0; i < count; ++i) {
      const ir::Expr& element = *seq->elements[i];
      if (auto* star = as<ir::Starred>(element)) {
        assign(*star->value, makeSequence(ir::SequenceKind::List, {parts[i]}, false), frame);
      } else {
        assign(element, parts[i], frame);
      }
    }
  } else if (auto* star = as<ir::Starred>(target)) {
    assign(*star->value, std::move(value), frame);
  }
}

// ---- decisions and iteration ------------------------------------------------------------------------

std::optional<bool> Interpreter::decide(const ir::Expr& expr, const ValuePtr& value, const char* construct,
                                        Frame& frame, const Span* reportedAt) {
  markUse(value);
  // Python reports some decisions at the start of the enclosing expression (a ternary's first line).
  Span span = expr.span;
  if (reportedAt) {
    span.begin = reportedAt->begin;
    span.beginOffset = reportedAt->beginOffset;
  }
  if (config_.capture == Capture::Export && !frame.constructing) {
    // A dynamic dim is at least 2: true. A buffer or a tensor computed from module state is a fake
    // tensor too: its values are unknown.
    if (value->isProxy() && value->isOneDim && readsDynamicDim(value->provenance, dynamicDims_)) return true;
    if (value->isProxy() && assumedConditions_.count(textOf(frame, expr))) return true;
    // An asserted divisibility (`assert h % 8 == 0`) becomes a constraint on the dim, which stays
    // symbolic; sizes it rejects are those eager rejects too.
    bool assertion = std::string_view(construct) == "assert" || facts_.assertsEagerly(construct);
    if (value->isProxy() && value->divisibilityTest && assertion) return true;
    if (value->kind == ValueKind::RealTensor) {
      Provenance values;
      values.data = true;
      emitAt(EventKind::ProxyAsBool, span, frame, textOf(frame, expr), construct, values, &expr);
      return std::nullopt;
    }
  }
  if (value->isProxy()) {
    emitAt(EventKind::ProxyAsBool, span, frame, textOf(frame, expr), construct, value->provenance, &expr);
    return std::nullopt;
  }
  if (value->tracingState) {
    emitAt(EventKind::TracingStateCheck, span, frame, textOf(frame, expr), construct, {});
  }
  if (value->mayBeNone) return std::nullopt;
  for (const char* dunder : {"__bool__", "__len__"})
    if (ValuePtr result = callUserDunder(expr, value, dunder, frame)) return result->knownTruth();
  if (value->kind == ValueKind::Sequence || value->kind == ValueKind::Dict || value->kind == ValueKind::Instance)
    return containerTruth(*value);
  if (value->kind == ValueKind::Function || value->kind == ValueKind::Class ||
      value->kind == ValueKind::BoundMethod || isKnownLibraryObject(*value))
    return true;
  return value->knownTruth();
}

void Interpreter::setSequenceItem(Value& sequence, const Value& index, const ValuePtr& value) {
  // `args = list(args); args[i] = v`: the element at a known position changes; anything else may
  // change any element (a slice may also change the length).
  size_t size = sequence.elements.size();
  bool knownIndex = index.literalKind == ir::ConstantKind::Int && !index.mayBeNone;
  long long position = knownIndex && index.intValue < 0 && sequence.exactLength ? (long long)size + index.intValue
                                                                                : index.intValue;
  if (knownIndex && position >= 0 && (size_t)position < sequence.positionsKnown()) {
    ValuePtr& slot = sequence.elements[size_t(position)];
    slot = uncertainDepth_ > 0 ? joinValues(slot, value) : value;
    return;
  }
  if (index.isSlice) {
    sequence.exactLength = false;
    sequence.knownPrefix = 0;
  }
  ValuePtr written = index.isSlice && value->kind == ValueKind::Sequence ? joinEntries(*value) : value;
  for (ValuePtr& element : sequence.elements) element = joinValues(element, written ? written : makeUnknown());
}

std::optional<bool> Interpreter::containerTruth(const Value& value) const {
  // Python asks __bool__, then __len__: a container is true when it is not empty.
  switch (value.kind) {
    case ValueKind::Sequence:
      if (value.exactLength) return !value.elements.empty();
      return value.positionsKnown() > 0 ? std::optional(true) : std::nullopt;
    case ValueKind::Dict:
      if (value.exactLength) return !value.items.empty();
      return std::nullopt;
    case ValueKind::Instance:
      if (value.classInfo) {
        // A subclass of a torch container (nn.Sequential) has its length.
        for (const ClassInfo* c : mro(value.classInfo))
          for (const auto& base : c->bases)
            if (base->kind == ValueKind::External && facts_.containerKind(base->externalName)) return std::nullopt;
        return true;
      }
      if (facts_.containerKind(value.externalName))  // nn.ModuleList, nn.Sequential, nn.ModuleDict
        return value.exactLength ? std::optional(!value.elements.empty() || !value.items.empty()) : std::nullopt;
      return true;
    default:
      return std::nullopt;
  }
}

void Interpreter::noteRank(const std::string& input, int rank) {
  std::vector<ShapeRef> spelled;
  for (const ShapeRef& dim : dynamicDims_)
    if (dim.input == input && dim.dim >= 0 && dim.dim < rank) spelled.push_back(ShapeRef{input, dim.dim - rank, true});
  for (const ShapeRef& dim : spelled)
    if (std::find(dynamicDims_.begin(), dynamicDims_.end(), dim) == dynamicDims_.end()) dynamicDims_.push_back(dim);
}

Provenance Interpreter::countedBy(const Value& container) const {
  // Under FX every Proxy iteration fails the same way; the provenance only words the message.
  if (config_.capture != Capture::Export) return container.provenance;
  if (container.piecesCount) return *container.piecesCount;
  Provenance counted = container.provenance;
  if (container.sizeFromData && container.proxyKind != ProxyKind::Size) {
    // The rows of `nonzero()` or `x[mask]`: an unbacked size, known only from values.
    counted.shape = true;
    counted.data = true;
  } else if (container.proxyKind == ProxyKind::Tensor) {
    // Any other tensor has as many rows as its first dim, whatever values or sizes it was computed from
    // (`proposals[batch_idx, top_idx]` keeps the batch).
    counted.shape = false;
  }
  return counted;
}

bool Interpreter::iteratesExactly(const Value& value, size_t limit) const {
  if (value.kind == ValueKind::Sequence) return value.exactLength && value.elements.size() <= limit;
  // An exact dict's keys are all known strings (an entry under any other key makes it inexact).
  if (value.kind == ValueKind::Dict) return value.exactLength && value.items.size() <= limit;
  if (value.contentsKnown) return !value.scalarTensor && value.elements.size() <= limit;
  if (value.kind == ValueKind::Instance && !value.externalName.empty() && value.exactLength) {
    auto container = facts_.containerKind(value.externalName);
    return container && *container != "ModuleDict" && value.elements.size() <= limit;
  }
  return false;
}

std::vector<ValuePtr> Interpreter::iterate(const ir::Expr& expr, const ValuePtr& value, Frame& frame,
                                           const char* construct, size_t limit, const ir::Expr* enclosing) {
  if (value->isProxy()) {
    // Python's traceback names the line where the call or display that unpacks begins.
    const Span& at = enclosing ? enclosing->span : expr.span;
    emitAt(EventKind::ProxyIteration, at, frame, textOf(frame, expr), construct, countedBy(*value), &expr);
    ProxyKind kind = value->proxyKind == ProxyKind::Size ? ProxyKind::Int : value->proxyKind;
    return {makeProxy(kind, value->provenance)};
  }
  if (value->kind == ValueKind::Sequence) {
    if (value->elements.empty()) return value->exactLength ? std::vector<ValuePtr>{} : std::vector<ValuePtr>{makeConcrete()};
    if (value->elements.size() <= limit) return value->elements;
    return std::vector<ValuePtr>(value->elements.begin(), value->elements.begin() + limit);
  }
  if (value->kind == ValueKind::Instance && !value->externalName.empty() &&
      facts_.containerKind(value->externalName)) {
    if (*facts_.containerKind(value->externalName) == "ModuleDict") {
      std::vector<ValuePtr> keys;
      for (auto& item : value->items) keys.push_back(makeString(item.first));
      return keys.empty() ? std::vector<ValuePtr>{makeConcrete()} : keys;
    }
    // An empty nn.ModuleList() runs its loop body no time at all.
    if (value->elements.empty()) return value->exactLength ? std::vector<ValuePtr>{} : std::vector<ValuePtr>{makeUnknown()};
    return value->elements;
  }
  if (value->kind == ValueKind::Dict) {
    std::vector<ValuePtr> keys;
    for (auto& item : value->items) keys.push_back(makeString(item.first));
    return keys.empty() && !value->exactLength ? std::vector<ValuePtr>{makeConcrete()} : keys;
  }
  if (auto elements = knownTensorElements(*value)) {
    if (elements->size() > limit) elements->resize(limit);
    return *elements;
  }
  if (value->kind == ValueKind::RealTensor) return {value};  // rows of a real tensor are real tensors
  if (value->kind == ValueKind::Unknown) return {makeUnknown()};
  return {makeConcrete()};
}

}  // namespace fxlint::interp
