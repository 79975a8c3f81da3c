// Module calls traced once per run: the key that says when two calls trace alike, the replay of a
// recorded call, and the writes that make a recording unusable.
#include "interp/interpreter.h"

#include "interp/support.h"

namespace fxlint::interp {

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
  // shapes its events (the traced root, an undecided branch or a catching try around the call, the
  // calling module) and the modules FX has patched for auto-wrapping so far.
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
  // Fix planning reads the callers up to the traced root (`Move the call that leads here`): a trace is
  // replayed under the root it was recorded for.
  description += "|" + std::to_string(reinterpret_cast<uintptr_t>(traceRoot_));
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

void Interpreter::noteWrite(const ValuePtr& object) {
  for (Recording& recording : recordings_)
    if (object->serial < recording.firstSerial) recording.reusable = false;
  rememberState(object);
}


}  // namespace fxlint::interp
