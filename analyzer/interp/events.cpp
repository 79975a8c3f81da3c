// The event recorder: every hazard the tracer meets becomes a TraceEvent, seen through the capture being
// simulated (capture.h), with the chain of calls to it and the source outlines fixes are planned from.
#include "interp/interpreter.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <tuple>
#include <utility>

#include "interp/capture.h"
#include "interp/extraction.h"
#include "interp/outline.h"
#include "interp/support.h"

namespace fxlint::interp {

namespace {

// The class of `fn` when `fn` is a method of a class at the top level of `scope`'s module, where a
// moved block's new function can go before it; null otherwise.
const ir::ClassDef* topLevelClassOf(const ClassInfo* info, const ModuleScope* scope, const ir::FunctionDef* fn) {
  const ir::ClassDef* cls = info ? info->def : nullptr;
  if (!cls || !fn || !scope || !scope->module) return nullptr;
  const auto& classes = scope->module->classes;
  bool topLevel = std::any_of(classes.begin(), classes.end(), [&](const auto& c) { return c.get() == cls; });
  bool method = std::any_of(cls->methods.begin(), cls->methods.end(), [&](const auto& m) { return m.get() == fn; });
  return topLevel && method ? cls : nullptr;
}

// offset of the end of that statement's last line (after a comment there).
std::optional<std::pair<std::string, uint32_t>> topLevelImportOf(const ir::Module& module, const std::string& function) {
  const std::string& text = module.source->text;
  for (const ir::Import& import : module.imports) {
    // `name` is set for `from m import name` only; an indented statement is not at top level.
    if (import.name != function || import.statement.begin.column != 1) continue;
    size_t lineEnd = std::min(text.find('\n', import.statement.endOffset), text.size());
    return std::make_pair(import.alias.empty() ? import.name : import.alias, uint32_t(lineEnd));
  }
  return std::nullopt;
}

}  // namespace

std::string Interpreter::textOf(const Frame& frame, const ir::Expr& expr) const {
  std::string text(frame.scope ? frame.scope->module->source->slice(expr.span) : std::string_view());
  // One line in messages: collapse runs of whitespace.
  std::string compact;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !compact.empty();
      continue;
    }
    if (space) compact += ' ';
    space = false;
    compact += c;
  }
  return compact;
}

std::string Interpreter::calleeText(const Frame& frame, const ir::Expr& expr) const {
  if (auto* call = as<ir::Call>(expr)) return textOf(frame, *call->callee);
  return textOf(frame, expr);
}

void Interpreter::emit(EventKind kind, const ir::Expr& expr, const Frame& frame, std::string detail,
                       const Provenance& provenance) {
  emitAt(kind, expr.span, frame, textOf(frame, expr), std::move(detail), provenance, &expr);
}

void Interpreter::emitAt(EventKind kind, const Span& span, const Frame& frame, std::string text,
                         std::string detail, const Provenance& provenance, const ir::Expr* expr) {
  if (auto event = prepareEvent(kind, span, frame, std::move(text), std::move(detail), provenance, expr))
    record(std::move(*event));
}

std::optional<TraceEvent> Interpreter::prepareEvent(EventKind kind, const Span& span, const Frame& frame,
                                                    std::string text, std::string detail,
                                                    const Provenance& provenance, const ir::Expr* expr) const {
  // Building the model reports nothing, except running out of steps: then what is traced is incomplete.
  if (decorating_ || (frame.constructing && kind != EventKind::BudgetExceeded)) return std::nullopt;
  if (config_.capture == Capture::Export) {
    std::optional<EventKind> underExport = exportEventFor(kind, provenance, detail, dynamicDims_);
    if (!underExport) return std::nullopt;
    kind = *underExport;
  }
  // A hard failure inside a try whose handler catches it does not stop the trace.
  if (severityOf(kind) == EventSeverity::Fatal && !catching_.empty() &&
      isCaught(facts_.exceptionRaisedBy(kind, detail), kind == EventKind::RaiseReached ? raising_.get() : nullptr)) {
    detail = eventKindName(kind);
    kind = EventKind::ExceptionSwallowed;
  }
  // A raise reached only on a path fxlint could not decide is not evidence of failure.
  if (kind == EventKind::RaiseReached && uncertainDepth_ > 0) return std::nullopt;
  TraceEvent event;
  event.kind = kind;
  event.file = frame.scope->module->source;
  event.span = span;
  event.text = std::move(text);
  event.detail = std::move(detail);
  event.provenance = provenance;
  event.chain = chain_;
  if (!event.chain.empty()) event.chain.back() += ":" + std::to_string(span.begin.line);
  event.onCertainPath = uncertainDepth_ == 0;
  if (expr) event.expression = outlineExpr(*expr);
  for (auto it = frame.statements.rbegin(); it != frame.statements.rend(); ++it)
    event.statements.push_back(outlineStmt(**it, it == frame.statements.rbegin()));
  if (!activeFunctions_.empty()) {
    const ir::FunctionDef* fn = activeFunctions_.back().function;
    const auto& topLevel = frame.scope->module->functions;
    bool moduleLevel = std::any_of(topLevel.begin(), topLevel.end(), [&](const auto& f) { return f.get() == fn; });
    const ModuleScope* caller = callers_.empty() ? nullptr : callers_.back().frame->scope;
    event.function.name = fn->name;
    event.function.span = fn->span;
    event.function.moduleLevel = moduleLevel;
    event.function.calledFromItsModule = caller == frame.scope;
    if (moduleLevel && caller && caller != frame.scope && caller->module)
      if (auto binding = topLevelImportOf(*caller->module, fn->name)) {
        event.function.callerFile = caller->module->source;
        std::tie(event.function.callerName, event.function.callerImportEnd) = *binding;
      }
    // A method of a module-level class: its innermost statement may move into a wrapped function
    // (computed once per site: record() drops repeats).
    const ir::ClassDef* cls = topLevelClassOf(frame.cls, frame.scope, fn);
    bool seen = seenSites_.count(std::make_tuple(event.file.get(), span.beginOffset, span.endOffset, int(kind))) > 0;
    if (cls && !seen && !frame.statements.empty()) {
      event.block = outlineOf(*fn, *cls, *frame.statements.back(), *event.file);
      refuseUnpassableArguments(event.block, frame.locals, frame.self, frame.self.get() == traceRoot_);
    }
    bool ownFix = event.block.span.endOffset > event.block.span.beginOffset
                      ? event.block.refusal.empty()
                      : moduleLevel && (event.function.calledFromItsModule || event.function.callerFile);
    // A statement that assigns module state (DonutSwin's set_shift_and_window_size) assigns `self`'s.
    const Value* pendingWrite = event.block.refusal.reason == RefusalReason::AssignsState ? frame.self.get() : nullptr;
    if (!seen && !ownFix) event.callSite = callSiteBlock(pendingWrite);
    bool optionalOnly = !provenance.shape && !provenance.metadata && !provenance.dims.empty() &&
                        std::all_of(provenance.dims.begin(), provenance.dims.end(),
                                    [&](const ShapeRef& ref) { return optionalInputs_.count(ref.input) > 0; });
    if (optionalOnly) {
      for (const ShapeRef& ref : provenance.dims)
        if (std::none_of(event.concreteArgs.begin(), event.concreteArgs.end(), [&](const auto& arg) { return arg.first == ref.input; }))
          event.concreteArgs.emplace_back(ref.input, optionalInputs_.at(ref.input));
      if (event.block.refusal.empty())
        event.block.refusal = Refusal{RefusalReason::OptionalInputsOnly, ""};
    }
  }
  return event;
}

const BlockOutline& Interpreter::outlineOf(const ir::FunctionDef& method, const ir::ClassDef& cls, const ir::Stmt& stmt,
                                           const SourceFile& file) const {
  auto [at, fresh] = outlines_.try_emplace(&stmt);
  if (fresh) at->second = outlineBlock(method, cls, stmt, file);
  return at->second;
}

CallSiteBlock Interpreter::callSiteBlock(const Value* pendingWrite) const {
  for (auto caller = callers_.rbegin(); caller != callers_.rend(); ++caller) {
    const Frame& frame = *caller->frame;
    auto since = stateWrites_.begin() + long(caller->stateWrites);
    if (frame.self && (frame.self.get() == pendingWrite || std::find(since, stateWrites_.end(), frame.self.get()) != stateWrites_.end()))
      continue;
    const ir::FunctionDef* fn = caller->function;
    const ir::ClassDef* cls = topLevelClassOf(frame.cls, frame.scope, fn);
    if (!cls || frame.constructing || frame.statements.empty()) continue;
    CallSiteBlock site;
    site.block = outlineOf(*fn, *cls, *frame.statements.back(), *frame.scope->module->source);
    refuseUnpassableArguments(site.block, frame.locals, frame.self, frame.self.get() == traceRoot_);
    if (!site.block.refusal.empty()) continue;
    site.file = frame.scope->module->source;
    site.function = fn->name;
    return site;
  }
  return {};
}

void Interpreter::record(TraceEvent event) {
  for (Recording& recording : recordings_) {
    if (event.chain.size() <= recording.chainPrefix) {
      recording.reusable = false;  // reported in the caller's own frame (a default argument's value)
      continue;
    }
    if (event.callSite.file) recording.reusable = false;  // the call site is this caller's, not a replay's
    TraceEvent relative = event;
    relative.chain.erase(relative.chain.begin(), relative.chain.begin() + long(recording.chainPrefix));
    recording.events.push_back(std::move(relative));
  }
  auto key = std::make_tuple(event.file.get(), event.span.beginOffset, event.span.endOffset, static_cast<int>(event.kind));
  if (!seenSites_.insert(key).second) return;
  events_.push_back(std::move(event));
}

ValuePtr Interpreter::bakedString(const ir::Expr& expr, const Frame& frame, const char* construct,
                                  const Provenance& provenance) {
  auto v = makeConcrete();
  if (auto event = prepareEvent(EventKind::ProxyInString, expr.span, frame, textOf(frame, expr), construct, provenance, &expr))
    v->bakedProxyText = std::make_shared<const TraceEvent>(std::move(*event));
  return v;
}

void Interpreter::markUse(const ValuePtr& value) {
  if (value && value->bakedProxyText) record(*value->bakedProxyText);
}

ValuePtr Interpreter::proxyFrom(ProxyKind kind, const std::vector<const Value*>& operands) {
  return makeProxy(kind, mergeProvenance(operands));
}

ValuePtr Interpreter::tensorResult(const std::vector<const Value*>& operands) {
  auto v = proxyFrom(ProxyKind::Tensor, operands);
  // A tensor computed from sizes holds their values as data: bool() of it is a data decision.
  v->provenance.data = true;
  // Sizes computed from a tensor whose sizes depend on values depend on them too (elementwise ops,
  // further indexing, torch.cat of a list of them).
  auto valueSized = [](const Value* o) {
    if (o && o->kind == ValueKind::Sequence)
      return std::any_of(o->elements.begin(), o->elements.end(), [](const ValuePtr& e) { return e->sizeFromData; });
    return o && o->sizeFromData;
  };
  v->sizeFromData = std::any_of(operands.begin(), operands.end(), valueSized);
  return v;
}

}  // namespace fxlint::interp
