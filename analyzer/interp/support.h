// Internals shared by the interpreter's translation units: limits, markers for synthesized callables,
// and small queries on IR nodes.
#pragma once

#include <string>

#include "interp/value.h"

namespace fxlint::interp {

inline constexpr int kMaxCallDepth = 32;
inline constexpr long kMaxRecursion = 2;  // activations of one function on the stack
inline constexpr int kMaxConstructDepth = 12;
inline constexpr long kMaxSteps = 200000;
inline constexpr long kMaxDecoratorSteps = 2000;  // applying one decorator to a method
inline constexpr size_t kMaxUnrolled = 16;  // iterations of a loop over known elements walked one by one
// Elements of a known sequence computed one by one (range, comprehensions, zip, list(...)): data only, so
// more of them than loop iterations, whose bodies may build or call whole modules.
inline constexpr size_t kMaxDataElements = 256;
inline constexpr const char* kPartialMethod = "<functools.partial>";
inline constexpr const char* kNamedTupleMethod = "<namedtuple type>";
inline constexpr const char* kDataclassInit = "<dataclass __init__>";

// Attributes a module's children()/items() may yield: modules, and objects fxlint knows nothing about.
inline bool mayBeModule(const Value& v) {
  return v.kind == ValueKind::Instance || v.kind == ValueKind::Unknown ||
         (v.kind == ValueKind::Concrete && !v.literalKind && !v.bakedProxyText && !v.plainData);
}

template <class T>
const T* as(const ir::Expr& expr) {
  return std::get_if<T>(&expr.node);
}

inline bool isNoneLiteral(const ir::Expr& expr) {
  auto* c = as<ir::Constant>(expr);
  return c && c->kind == ir::ConstantKind::None;
}

inline std::string dottedName(const ir::Expr& expr) {
  if (auto* n = as<ir::Name>(expr)) return n->id;
  if (auto* a = as<ir::Attribute>(expr)) {
    std::string base = dottedName(*a->object);
    return base.empty() ? std::string() : base + "." + a->name;
  }
  return {};
}

}  // namespace fxlint::interp
