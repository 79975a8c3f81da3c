// Python and torch arithmetic on known values. Python semantics where they differ from C++: floor
// division and modulo round towards negative infinity, `/` is always float, bools are ints. Known tensors
// follow torch's dtypes: int64 for ints, float32 for floats (so results are rounded to float32, as
// `torch.arange(4) * 0.1` is), bool for comparisons.
#include "interp/arithmetic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace fxlint::interp {
namespace {

struct Number {
  bool isFloat = false;
  long long i = 0;
  double f = 0;
  double asDouble() const { return isFloat ? f : double(i); }
};

std::optional<Number> numberOf(const Value& v) {
  if (v.kind != ValueKind::Concrete || !v.literalKind || v.mayBeNone) return std::nullopt;
  switch (*v.literalKind) {
    case ir::ConstantKind::Int: return Number{false, v.intValue, 0};
    case ir::ConstantKind::Bool: return Number{false, v.boolValue ? 1 : 0, 0};
    case ir::ConstantKind::Float: return Number{true, 0, v.floatValue};
    default: return std::nullopt;
  }
}

ValuePtr makeNumber(const Number& n) { return n.isFloat ? makeFloat(n.f) : makeInt(n.i); }

long long floorDiv(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::optional<Number> intOp(std::string_view op, long long a, long long b) {
  long long r = 0;
  if (op == "+") { if (__builtin_add_overflow(a, b, &r)) return std::nullopt; return Number{false, r, 0}; }
  if (op == "-") { if (__builtin_sub_overflow(a, b, &r)) return std::nullopt; return Number{false, r, 0}; }
  if (op == "*") { if (__builtin_mul_overflow(a, b, &r)) return std::nullopt; return Number{false, r, 0}; }
  if (op == "//" || op == "%") {
    if (b == 0 || (a == std::numeric_limits<long long>::min() && b == -1)) return std::nullopt;
    long long q = floorDiv(a, b);
    return Number{false, op == "//" ? q : a - q * b, 0};
  }
  if (op == "/") {
    if (b == 0) return std::nullopt;
    return Number{true, 0, double(a) / double(b)};
  }
  if (op == "&") return Number{false, a & b, 0};
  if (op == "|") return Number{false, a | b, 0};
  if (op == "^") return Number{false, a ^ b, 0};
  if (op == "<<" && a >= 0 && b >= 0 && b < 62 && a <= (std::numeric_limits<long long>::max() >> b)) return Number{false, a << b, 0};
  if (op == ">>" && b >= 0) return Number{false, b >= 63 ? (a < 0 ? -1 : 0) : a >> b, 0};
  if (op == "**") {
    if (b < 0) return a == 0 ? std::nullopt : std::optional<Number>(Number{true, 0, std::pow(double(a), double(b))});
    // Squaring: at most 63 rounds, and any overflow leaves int64 (Python's ints do not, so: not known).
    long long result = 1, base = a;
    for (long long e = b; e > 0; e >>= 1) {
      if ((e & 1) && __builtin_mul_overflow(result, base, &result)) return std::nullopt;
      if (e > 1 && __builtin_mul_overflow(base, base, &base)) return std::nullopt;
    }
    return Number{false, result, 0};
  }
  return std::nullopt;
}

std::optional<double> floatOp(std::string_view op, double a, double b) {
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return b == 0 ? std::nullopt : std::optional<double>(a / b);
  if (op == "//") return b == 0 ? std::nullopt : std::optional<double>(std::floor(a / b));
  if (op == "%") {
    if (b == 0) return std::nullopt;
    double r = std::fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  }
  if (op == "**") {
    if (a < 0 && b != std::floor(b)) return std::nullopt;  // a complex number in Python
    if (a == 0 && b < 0) return std::nullopt;               // ZeroDivisionError
    return std::pow(a, b);
  }
  return std::nullopt;
}

std::optional<Number> numberOp(std::string_view op, const Number& a, const Number& b) {
  if (!a.isFloat && !b.isFloat) return intOp(op, a.i, b.i);
  auto r = floatOp(op, a.asDouble(), b.asDouble());
  if (!r || !std::isfinite(*r)) return std::nullopt;
  return Number{true, 0, *r};
}

bool compareNumbers(ir::CompareOp op, double a, double b) {
  switch (op) {
    case ir::CompareOp::Eq: return a == b;
    case ir::CompareOp::NotEq: return a != b;
    case ir::CompareOp::Lt: return a < b;
    case ir::CompareOp::LtE: return a <= b;
    case ir::CompareOp::Gt: return a > b;
    default: return a >= b;
  }
}

bool isOrdering(ir::CompareOp op) {
  return op == ir::CompareOp::Eq || op == ir::CompareOp::NotEq || op == ir::CompareOp::Lt ||
         op == ir::CompareOp::LtE || op == ir::CompareOp::Gt || op == ir::CompareOp::GtE;
}

// --- known tensors ---------------------------------------------------------------------------

enum class Dtype { Bool, Int, Float };

struct Tensor {
  Dtype dtype = Dtype::Float;
  bool scalar = false;  // 0-d
  std::vector<double> data;
};

double toFloat32(double v) { return double(float(v)); }

std::optional<Tensor> tensorOf(const Value& v) {
  if (v.kind != ValueKind::RealTensor || !v.contentsKnown) return std::nullopt;
  Tensor t;
  t.dtype = v.tensorDtype == ir::ConstantKind::Int ? Dtype::Int : v.tensorDtype == ir::ConstantKind::Bool ? Dtype::Bool : Dtype::Float;
  t.scalar = v.scalarTensor;
  for (const auto& e : v.elements) {
    auto n = numberOf(*e);
    if (!n) return std::nullopt;
    t.data.push_back(n->asDouble());
  }
  return t;
}

ValuePtr elementValue(Dtype dtype, double v) {
  switch (dtype) {
    case Dtype::Bool: return makeBool(v != 0);
    case Dtype::Int: return makeInt((long long)v);
    case Dtype::Float: return makeFloat(v);
  }
  return makeFloat(v);
}

ValuePtr makeTensor(Tensor t) {
  if (t.data.size() > kMaxKnownTensor) return nullptr;
  auto v = std::make_shared<Value>();
  v->kind = ValueKind::RealTensor;
  v->contentsKnown = true;
  v->scalarTensor = t.scalar;
  v->tensorDtype = t.dtype == Dtype::Int ? ir::ConstantKind::Int : t.dtype == Dtype::Bool ? ir::ConstantKind::Bool : ir::ConstantKind::Float;
  for (double d : t.data) {
    if (t.dtype == Dtype::Float) d = toFloat32(d);
    if (!std::isfinite(d) || (t.dtype == Dtype::Int && std::fabs(d) > 9e15)) return nullptr;  // not exact any more
    v->elements.push_back(elementValue(t.dtype, d));
  }
  return v;
}

// A Python number or a known tensor as a tensor operand; Python scalars do not widen a tensor's dtype
// beyond its category (an int64 tensor times 2 stays int64, times 2.5 becomes float32).
struct Operand {
  Tensor t;
  bool wrappedNumber = false;
};

std::optional<Operand> operandOf(const Value& v) {
  if (auto t = tensorOf(v)) return Operand{*t, false};
  if (auto n = numberOf(v)) {
    Tensor t;
    t.scalar = true;
    t.dtype = n->isFloat ? Dtype::Float : v.literalKind == ir::ConstantKind::Bool ? Dtype::Bool : Dtype::Int;
    t.data = {n->asDouble()};
    return Operand{t, true};
  }
  return std::nullopt;
}

Dtype promote(const Operand& a, const Operand& b) {
  Dtype da = a.t.dtype, db = b.t.dtype;
  return std::max(da, db);
}

// Elementwise f over two operands with broadcasting of 0-d and one-element operands.
template <typename F>
ValuePtr elementwise(const Operand& a, const Operand& b, Dtype result, F f) {
  size_t n = std::max(a.t.data.size(), b.t.data.size());
  bool aOne = a.t.data.size() == 1, bOne = b.t.data.size() == 1;
  if (!(aOne || a.t.data.size() == n) || !(bOne || b.t.data.size() == n)) return nullptr;  // shapes differ
  Tensor out;
  out.dtype = result;
  out.scalar = a.t.scalar && b.t.scalar;
  for (size_t i = 0; i < n; ++i) {
    auto r = f(a.t.data[aOne ? 0 : i], b.t.data[bOne ? 0 : i]);
    if (!r) return nullptr;
    out.data.push_back(*r);
  }
  return makeTensor(std::move(out));
}

template <typename F>
ValuePtr unary(const Tensor& t, Dtype result, F f) {
  Tensor out;
  out.dtype = result;
  out.scalar = t.scalar;
  for (double d : t.data) {
    auto r = f(d);
    if (!r) return nullptr;
    out.data.push_back(*r);
  }
  return makeTensor(std::move(out));
}

std::optional<double> tensorArith(std::string_view op, Dtype dtype, double a, double b) {
  if (dtype == Dtype::Float || op == "/") {
    auto r = floatOp(op, toFloat32(a), toFloat32(b));
    if (r && op == "//") return std::floor(toFloat32(a) / toFloat32(b));
    return r;
  }
  auto r = intOp(op == "**" && b < 0 ? "" : op, (long long)a, (long long)b);  // int ** negative raises in torch
  if (!r || r->isFloat) return std::nullopt;
  return double(r->i);
}

std::optional<long long> intArgument(const std::vector<ValuePtr>& args, size_t i) {
  if (i >= args.size()) return std::nullopt;
  auto n = numberOf(*args[i]);
  if (!n || n->isFloat) return std::nullopt;
  return n->i;
}

}  // namespace

ValuePtr knownBinary(std::string_view op, const Value& a, const Value& b) {
  // Two bools under &, |, ^ give a bool (`flag |= check()`); otherwise bools count as ints.
  bool bitwise = op == "&" || op == "|" || op == "^";
  auto isBool = [](const Value& v) {
    return v.kind == ValueKind::Concrete && v.literalKind == ir::ConstantKind::Bool && !v.mayBeNone;
  };
  if (bitwise && isBool(a) && isBool(b))
    return makeBool(op == "&" ? a.boolValue && b.boolValue : op == "|" ? a.boolValue || b.boolValue : a.boolValue != b.boolValue);
  auto x = numberOf(a), y = numberOf(b);
  if (!x || !y) return nullptr;
  auto r = numberOp(op, *x, *y);
  return r ? makeNumber(*r) : nullptr;
}

std::optional<bool> knownEquality(const Value& a, const Value& b) {
  if (a.kind != ValueKind::Concrete || b.kind != ValueKind::Concrete || !a.literalKind || !b.literalKind ||
      a.mayBeNone || b.mayBeNone || a.bakedProxyText || b.bakedProxyText)
    return std::nullopt;
  bool aString = a.literalKind == ir::ConstantKind::String, bString = b.literalKind == ir::ConstantKind::String;
  if (aString || bString) return aString && bString && a.literal == b.literal;
  if (a.isNone() || b.isNone()) return a.isNone() && b.isNone();
  return knownComparison(ir::CompareOp::Eq, a, b);
}

std::optional<bool> knownMembership(const Value& item, const Value& sequence) {
  // Listed elements of a sequence whose length is unknown may be representatives, or appended on a
  // path that may not have run: a match decides only when they are certainly there.
  bool certain = sequence.exactLength;
  bool undecided = !sequence.exactLength;
  for (const ValuePtr& element : sequence.elements) {
    std::optional<bool> equal = knownEquality(item, *element);
    if (equal == true && certain) return true;
    if (!equal) undecided = true;
  }
  return undecided ? std::nullopt : std::optional<bool>(false);
}

std::optional<bool> knownSubstring(const Value& part, const Value& text) {
  auto known = [](const Value& v) { return v.literalKind == ir::ConstantKind::String && !v.mayBeNone; };
  if (!known(part) || !known(text)) return std::nullopt;
  return text.literal.find(part.literal) != std::string::npos;
}

std::optional<bool> knownKeyMembership(const Value& key, const Value& dict) {
  // Entries are keyed by text; a dict whose size is exact has only known string keys, so a string key
  // is in it exactly when listed, and None or a number never is.
  if (!key.literalKind || key.mayBeNone || !dict.exactLength) return std::nullopt;
  if (key.isNone() || key.literalKind == ir::ConstantKind::Int || key.literalKind == ir::ConstantKind::Bool)
    return false;
  if (key.literalKind != ir::ConstantKind::String) return std::nullopt;
  return dict.attribute(key.literal) != nullptr;
}

std::optional<bool> knownComparison(ir::CompareOp op, const Value& a, const Value& b) {
  auto x = numberOf(a), y = numberOf(b);
  if (!x || !y || !isOrdering(op)) return std::nullopt;
  // Ints compare exactly (doubles would round above 2**53): a OP b has the truth of 0 OP sign(b - a).
  if (!x->isFloat && !y->isFloat) return compareNumbers(op, 0, double(y->i > x->i) - double(y->i < x->i));
  return compareNumbers(op, x->asDouble(), y->asDouble());
}

ValuePtr knownBuiltin(std::string_view name, const std::vector<ValuePtr>& args) {
  std::vector<Number> numbers;
  const std::vector<ValuePtr>* items = &args;
  bool oneSequence = args.size() == 1 && args[0]->kind == ValueKind::Sequence;
  if (oneSequence) {
    if (!args[0]->exactLength) return nullptr;
    items = &args[0]->elements;
  }
  for (const auto& v : *items) {
    auto n = numberOf(*v);
    if (!n) return nullptr;
    numbers.push_back(*n);
  }
  if (name == "abs" && numbers.size() == 1 && !oneSequence) {
    Number n = numbers[0];
    if (n.isFloat) return makeFloat(std::fabs(n.f));
    return n.i == std::numeric_limits<long long>::min() ? nullptr : makeInt(n.i < 0 ? -n.i : n.i);
  }
  if (name == "round" && !oneSequence && !numbers.empty() && numbers.size() <= 2) {
    if (!numbers[0].isFloat) return numbers.size() == 1 ? makeInt(numbers[0].i) : nullptr;
    if (numbers.size() == 1) {
      double rounded = std::nearbyint(numbers[0].f);  // ties to even, as Python
      return std::fabs(rounded) < 9e15 ? makeInt((long long)rounded) : nullptr;
    }
    if (numbers[1].isFloat || numbers[1].i < 0 || numbers[1].i > 15) return nullptr;
    double scale = std::pow(10.0, double(numbers[1].i));
    double rounded = std::nearbyint(numbers[0].f * scale) / scale;
    return std::isfinite(rounded) ? makeFloat(rounded) : nullptr;
  }
  if (name == "sum") {
    if (!oneSequence) return nullptr;
    Number total{false, 0, 0};
    for (const Number& n : numbers) {
      auto r = numberOp("+", total, n);
      if (!r) return nullptr;
      total = *r;
    }
    return makeNumber(total);
  }
  if ((name == "min" || name == "max") && !numbers.empty() && (oneSequence || numbers.size() >= 2)) {
    size_t best = 0;
    for (size_t i = 1; i < numbers.size(); ++i) {
      bool better = name == "min" ? numbers[i].asDouble() < numbers[best].asDouble()
                                  : numbers[i].asDouble() > numbers[best].asDouble();
      if (better) best = i;  // ties keep the first, as Python does
    }
    return makeNumber(numbers[best]);
  }
  return nullptr;
}

ValuePtr knownMath(std::string_view name, const std::vector<ValuePtr>& args) {
  std::vector<double> x;
  for (const auto& v : args) {
    auto n = numberOf(*v);
    if (!n) return nullptr;
    x.push_back(n->asDouble());
  }
  auto finite = [](double v) { return std::isfinite(v) ? makeFloat(v) : nullptr; };
  auto integral = [](double v) -> ValuePtr {
    if (!std::isfinite(v) || std::fabs(v) > 9e15) return nullptr;
    return makeInt((long long)v);
  };
  if (x.size() == 1) {
    double v = x[0];
    if (name == "math.ceil") return integral(std::ceil(v));
    if (name == "math.floor") return integral(std::floor(v));
    if (name == "math.trunc") return integral(std::trunc(v));
    if (name == "math.sqrt") return v < 0 ? nullptr : finite(std::sqrt(v));
    if (name == "math.exp") return finite(std::exp(v));
    if (name == "math.log") return v <= 0 ? nullptr : finite(std::log(v));
    if (name == "math.log2") return v <= 0 ? nullptr : finite(std::log2(v));
    if (name == "math.log10") return v <= 0 ? nullptr : finite(std::log10(v));
    if (name == "math.fabs") return finite(std::fabs(v));
  }
  if (x.size() == 2) {
    if (name == "math.log") return x[0] <= 0 || x[1] <= 0 || x[1] == 1 ? nullptr : finite(std::log(x[0]) / std::log(x[1]));
    if (name == "math.pow") return finite(std::pow(x[0], x[1]));
    if (name == "math.gcd") {
      auto a = numberOf(*args[0]), b = numberOf(*args[1]);
      if (a->isFloat || b->isFloat) return nullptr;
      long long p = std::llabs(a->i), q = std::llabs(b->i);
      while (q != 0) p = std::exchange(q, p % q);
      return makeInt(p);
    }
  }
  return nullptr;
}

ValuePtr knownTensorFunction(const TorchFacts& facts, std::string_view name, const std::vector<ValuePtr>& args) {
  std::optional<KnownTensorFunction> kind = facts.knownTensorFunction(name);
  if (kind == KnownTensorFunction::Arange) {
    std::vector<Number> bounds;
    for (const auto& v : args) {
      auto n = numberOf(*v);
      if (!n) return nullptr;
      bounds.push_back(*n);
    }
    if (bounds.empty() || bounds.size() > 3) return nullptr;
    Number start = bounds.size() == 1 ? Number{} : bounds[0], end = bounds.size() == 1 ? bounds[0] : bounds[1];
    Number step = bounds.size() == 3 ? bounds[2] : Number{false, 1, 0};
    bool floats = start.isFloat || end.isFloat || step.isFloat;
    double s = start.asDouble(), e = end.asDouble(), d = step.asDouble();
    if (d == 0) return nullptr;
    double count = std::ceil((e - s) / d);
    if (!(count <= double(kMaxKnownTensor))) return nullptr;
    Tensor t;
    t.dtype = floats ? Dtype::Float : Dtype::Int;
    for (long long i = 0; i < (long long)std::max(count, 0.0); ++i) t.data.push_back(s + double(i) * d);
    return makeTensor(std::move(t));
  }
  if (kind == KnownTensorFunction::Linspace) {
    if (args.size() != 3) return nullptr;
    auto a = numberOf(*args[0]), b = numberOf(*args[1]);
    auto steps = intArgument(args, 2);
    if (!a || !b || !steps || *steps < 0 || *steps > (long long)kMaxKnownTensor) return nullptr;
    // torch fills the first half from the start and the second half back from the end.
    float start = float(a->asDouble()), end = float(b->asDouble());
    float step = *steps > 1 ? (end - start) / float(*steps - 1) : 0.0f;
    Tensor t;
    long long half = *steps / 2;
    for (long long i = 0; i < *steps; ++i)
      t.data.push_back(i < half ? double(start + step * float(i)) : double(end - step * float(*steps - 1 - i)));
    return makeTensor(std::move(t));
  }
  if (kind == KnownTensorFunction::FromData) {
    if (args.empty()) return nullptr;
    const Value& data = *args[0];
    Tensor t;
    std::vector<ValuePtr> items;
    if (data.kind == ValueKind::Sequence) {
      if (!data.exactLength) return nullptr;
      items = data.elements;
    } else {
      t.scalar = true;
      items = {args[0]};
    }
    bool anyFloat = false, allBool = !items.empty();
    for (const auto& v : items) {
      auto n = numberOf(*v);
      if (!n) return nullptr;
      anyFloat = anyFloat || n->isFloat;
      allBool = allBool && v->literalKind == ir::ConstantKind::Bool;
      t.data.push_back(n->asDouble());
    }
    t.dtype = anyFloat || items.empty() ? Dtype::Float : allBool ? Dtype::Bool : Dtype::Int;
    return makeTensor(std::move(t));
  }
  if (args.size() == 1 && (kind == KnownTensorFunction::Zeros || kind == KnownTensorFunction::Ones)) {
    auto n = intArgument(args, 0);
    if (!n || *n < 0 || *n > (long long)kMaxKnownTensor) return nullptr;
    return makeTensor(Tensor{Dtype::Float, false, std::vector<double>(size_t(*n), kind == KnownTensorFunction::Ones ? 1.0 : 0.0)});
  }

  // Elementwise and reducing functions of known tensors: torch.f(t, ...) is t.f(...).
  if (args.empty()) return nullptr;
  auto t = tensorOf(*args[0]);
  std::string_view method = name.substr(name.rfind('.') + 1);
  if (t) return knownTensorMethod(method, *args[0], std::vector<ValuePtr>(args.begin() + 1, args.end()));
  // torch.pow(2.0, t), torch.mul(3, t), ...: a number first.
  if (std::optional<std::string_view> op = facts.operatorFunction(name); op && args.size() == 2)
    return knownTensorBinary(*op, *args[0], *args[1]);
  return nullptr;
}

ValuePtr knownTensorMethod(std::string_view method, const Value& tensor, const std::vector<ValuePtr>& args) {
  auto t = tensorOf(tensor);
  if (!t) return nullptr;
  auto floating = [](double d) -> std::optional<double> { return d; };
  if (method == "int" || method == "long") {
    return unary(*t, Dtype::Int, [](double d) -> std::optional<double> { return std::trunc(d); });
  }
  if (method == "float" || method == "double") return unary(*t, Dtype::Float, floating);
  if (method == "bool") return unary(*t, Dtype::Bool, [](double d) -> std::optional<double> { return d != 0; });
  if (method == "clone" || method == "detach" || method == "cpu" || method == "contiguous") return unary(*t, t->dtype, floating);
  if (method == "tolist") {
    if (t->scalar) return elementValue(t->dtype, t->data[0]);
    std::vector<ValuePtr> items;
    for (double d : t->data) items.push_back(elementValue(t->dtype, d));
    return makeSequence(ir::SequenceKind::List, std::move(items));
  }
  if (method == "item") return t->data.size() == 1 ? elementValue(t->dtype, t->data[0]) : nullptr;
  if (method == "numel") return makeInt((long long)t->data.size());
  if (method == "dim") return makeInt(t->scalar ? 0 : 1);
  if (method == "round" && args.empty())
    return unary(*t, t->dtype, [](double d) -> std::optional<double> { return std::nearbyint(d); });
  if (method == "floor") return unary(*t, t->dtype, [](double d) -> std::optional<double> { return std::floor(d); });
  if (method == "ceil") return unary(*t, t->dtype, [](double d) -> std::optional<double> { return std::ceil(d); });
  if (method == "abs") return unary(*t, t->dtype, [](double d) -> std::optional<double> { return std::fabs(d); });
  if (method == "neg") return unary(*t, t->dtype, [](double d) -> std::optional<double> { return -d; });
  auto positive = [](double (*f)(double)) {
    return [f](double d) -> std::optional<double> { return std::isfinite(f(d)) ? std::optional<double>(f(d)) : std::nullopt; };
  };
  if (method == "log") return unary(*t, Dtype::Float, positive([](double d) { return std::log(d); }));
  if (method == "log2") return unary(*t, Dtype::Float, positive([](double d) { return std::log2(d); }));
  if (method == "exp") return unary(*t, Dtype::Float, positive([](double d) { return std::exp(d); }));
  if (method == "sqrt") return unary(*t, Dtype::Float, positive([](double d) { return std::sqrt(d); }));
  if ((method == "sum" || method == "cumsum" || method == "diff") && !t->scalar) {
    Tensor out;
    out.dtype = t->dtype == Dtype::Bool ? Dtype::Int : t->dtype;
    double total = 0;
    for (size_t i = 0; i < t->data.size(); ++i) {
      total += t->data[i];
      if (method == "cumsum") out.data.push_back(total);
      if (method == "diff" && i > 0) out.data.push_back(t->data[i] - t->data[i - 1]);
    }
    if (method == "sum") {
      out.scalar = true;
      out.data = {total};
    }
    return makeTensor(std::move(out));
  }
  if (method == "split" && args.size() == 1 && !t->scalar) {
    // 1-d: pieces of a given size (the last shorter), or of the listed sizes, which must cover it.
    std::vector<long long> sizes;
    if (auto chunk = intArgument(args, 0)) {
      if (*chunk <= 0) return nullptr;
      for (long long left = (long long)t->data.size(); left > 0; left -= *chunk) sizes.push_back(std::min(left, *chunk));
    } else if (args[0]->kind == ValueKind::Sequence && args[0]->exactLength) {
      long long total = 0;
      for (const ValuePtr& size : args[0]->elements) {
        if (size->literalKind != ir::ConstantKind::Int || size->mayBeNone || size->intValue < 0) return nullptr;
        sizes.push_back(size->intValue);
        total += size->intValue;
      }
      if (total != (long long)t->data.size()) return nullptr;  // torch raises
    } else {
      return nullptr;
    }
    std::vector<ValuePtr> pieces;
    size_t at = 0;
    for (long long size : sizes) {
      Tensor piece{t->dtype, false, std::vector<double>(t->data.begin() + at, t->data.begin() + at + size_t(size))};
      pieces.push_back(makeTensor(std::move(piece)));
      at += size_t(size);
    }
    return makeSequence(ir::SequenceKind::Tuple, std::move(pieces));
  }
  static constexpr std::pair<std::string_view, std::string_view> kBinary[] = {
      {"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"div", "/"}, {"divide", "/"}, {"true_divide", "/"},
      {"floor_divide", "//"}, {"pow", "**"}, {"remainder", "%"}};
  for (const auto& [name, op] : kBinary)
    if (method == name && args.size() == 1) return knownTensorBinary(op, tensor, *args[0]);
  return nullptr;
}

ValuePtr knownTensorBinary(std::string_view op, const Value& a, const Value& b) {
  auto x = operandOf(a), y = operandOf(b);
  if (!x || !y || (x->wrappedNumber && y->wrappedNumber)) return nullptr;
  Dtype result = promote(*x, *y);
  if (result == Dtype::Bool) result = Dtype::Int;  // arithmetic on bools
  if (op == "/") result = Dtype::Float;
  return elementwise(*x, *y, result, [&](double u, double v) { return tensorArith(op, result, u, v); });
}

ValuePtr knownTensorComparison(ir::CompareOp op, const Value& a, const Value& b) {
  auto x = operandOf(a), y = operandOf(b);
  if (!x || !y || (x->wrappedNumber && y->wrappedNumber) || !isOrdering(op)) return nullptr;
  return elementwise(*x, *y, Dtype::Bool, [&](double u, double v) -> std::optional<double> {
    return compareNumbers(op, u, v) ? 1.0 : 0.0;
  });
}

ValuePtr knownTensorIndex(const Value& tensor, const Value& index) {
  auto t = tensorOf(tensor);
  if (!t || t->scalar) return nullptr;
  if (auto i = numberOf(index); i && !i->isFloat && index.literalKind == ir::ConstantKind::Int) {
    long long k = i->i < 0 ? i->i + (long long)t->data.size() : i->i;
    if (k < 0 || k >= (long long)t->data.size()) return nullptr;
    return makeTensor(Tensor{t->dtype, true, {t->data[size_t(k)]}});
  }
  if (auto part = sliceElements(tensor.elements, index)) {
    auto v = std::make_shared<Value>(tensor);
    v->elements = std::move(*part);
    return v;
  }
  return nullptr;
}

std::optional<std::vector<ValuePtr>> knownTensorElements(const Value& tensor) {
  auto t = tensorOf(tensor);
  if (!t || t->scalar) return std::nullopt;
  std::vector<ValuePtr> out;
  for (double d : t->data) out.push_back(makeTensor(Tensor{t->dtype, true, {d}}));
  return out;
}

}  // namespace fxlint::interp
