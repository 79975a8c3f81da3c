// Python arithmetic on values fxlint knows exactly (ints, floats, bools), and small real tensors built
// from them while a model is constructed (`torch.arange(depth) * w_a + w_0` in RegNet's stage plan).
// Every function returns nullptr / nullopt when Python's result is not known here, never a guess.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "interp/value.h"
#include "torch_facts/torch_facts.h"

namespace fxlint::interp {

// a OP b for + - * / // % ** on ints, floats and bools (ints stay exact; overflow gives nullptr).
ValuePtr knownBinary(std::string_view op, const Value& a, const Value& b);
std::optional<bool> knownComparison(ir::CompareOp op, const Value& a, const Value& b);
// a == b for known constants (numbers, strings, bools, None); nullopt when either is not known.
std::optional<bool> knownEquality(const Value& a, const Value& b);
// `item in sequence` when equality with each element is known (or a match comes first).
std::optional<bool> knownMembership(const Value& item, const Value& sequence);
// `part in text` for two known strings.
std::optional<bool> knownSubstring(const Value& part, const Value& text);
// `key in d` for a dict: decided for a known string key when the dict's entries are all known.
std::optional<bool> knownKeyMembership(const Value& key, const Value& dict);

// min, max, sum, abs, round of known numbers (min/max/sum of one known sequence, or of the arguments).
ValuePtr knownBuiltin(std::string_view name, const std::vector<ValuePtr>& args);
// math.ceil, math.floor, math.log, math.sqrt, ... of known numbers.
ValuePtr knownMath(std::string_view name, const std::vector<ValuePtr>& args);

// Tensors with known contents: 0-d or 1-d, at most kMaxKnownTensor elements.
inline constexpr size_t kMaxKnownTensor = 4096;
// torch.arange / linspace / tensor / zeros / ones / full and elementwise torch functions (torch.round,
// torch.log, torch.pow, torch.divide, torch.diff, torch.cumsum, ...) of known tensors and numbers.
ValuePtr knownTensorFunction(const TorchFacts& facts, std::string_view name, const std::vector<ValuePtr>& positional);
// t.int(), t.float(), t.tolist(), t.item(), t.sum(), t.round(), t.numel(), ...
ValuePtr knownTensorMethod(std::string_view method, const Value& tensor, const std::vector<ValuePtr>& positional);
// Elementwise arithmetic and comparisons where one operand is a known tensor.
ValuePtr knownTensorBinary(std::string_view op, const Value& a, const Value& b);
ValuePtr knownTensorComparison(ir::CompareOp op, const Value& a, const Value& b);
// t[i] (a 0-d tensor) and t[a:b] of a known 1-d tensor; iteration gives its 0-d elements.
ValuePtr knownTensorIndex(const Value& tensor, const Value& index);
std::optional<std::vector<ValuePtr>> knownTensorElements(const Value& tensor);

}  // namespace fxlint::interp
