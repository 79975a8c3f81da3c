// Import-time state a model's construction or trace changes, put back when the model is done.
#include "interp/interpreter.h"

namespace fxlint::interp {

Interpreter::ModelStateScope::ModelStateScope(Interpreter& interpreter) : interpreter_(interpreter) {
  ModelState& state = interpreter_.modelState_;
  state = ModelState{};
  state.active = true;
  state.firstSerial = ValueNode::nextSerial();
}

Interpreter::ModelStateScope::~ModelStateScope() {
  ModelState& state = interpreter_.modelState_;
  // Latest first: an attribute set twice goes back to what it was before the first write.
  for (auto it = state.classAttributes.rbegin(); it != state.classAttributes.rend(); ++it) {
    if (it->second) interpreter_.classAttributes_[it->first] = it->second;
    else interpreter_.classAttributes_.erase(it->first);
  }
  for (auto& [object, before] : state.contents) *object = before;  // ValueNode keeps the object's identity
  state = ModelState{};
}

Interpreter::ImportTimeScope::ImportTimeScope(Interpreter& interpreter)
    : interpreter_(interpreter), firstSerial_(ValueNode::nextSerial()) {
  ++interpreter_.binding_;
}

Interpreter::ImportTimeScope::~ImportTimeScope() {
  --interpreter_.binding_;
  // Values made before the model started are import state anyway: only the model's own span is recorded.
  if (interpreter_.modelState_.active)
    interpreter_.modelState_.importSerials.emplace_back(firstSerial_, ValueNode::nextSerial());
}

Interpreter::SpeculativeRun::SpeculativeRun(Interpreter& interpreter)
    : interpreter_(interpreter),
      savedSteps_(interpreter.steps_),
      savedReported_(interpreter.budgetReported_),
      savedDecorating_(interpreter.decorating_) {
  interpreter_.decorating_ = true;
}

Interpreter::SpeculativeRun::~SpeculativeRun() {
  interpreter_.steps_ = savedSteps_;
  interpreter_.budgetReported_ = savedReported_;
  interpreter_.decorating_ = savedDecorating_;
}

bool Interpreter::madeAtImport(const Value& value) const {
  if (value.serial < modelState_.firstSerial) return true;
  for (const auto& [first, end] : modelState_.importSerials)
    if (value.serial >= first && value.serial < end) return true;
  return false;
}

void Interpreter::rememberState(const ValuePtr& object) {
  if (!modelState_.active || binding_ > 0 || !madeAtImport(*object)) return;
  if (modelState_.saved.insert(object.get()).second) modelState_.contents.emplace_back(object, *object);
}

void Interpreter::setClassAttribute(const std::pair<const ClassInfo*, std::string>& key, ValuePtr value) {
  if (modelState_.active && binding_ == 0) {
    auto previous = classAttributes_.find(key);
    modelState_.classAttributes.emplace_back(key, previous == classAttributes_.end() ? nullptr : previous->second);
  }
  classAttributes_[key] = std::move(value);
}

}  // namespace fxlint::interp
