// Construction-time arithmetic against Python's and torch's own answers (each expected value below was
// computed with CPython 3.11 and torch 2.14, the comment shows the expression).
#include <gtest/gtest.h>

#include <cmath>

#include "interp/arithmetic.h"

namespace fxlint::interp {
namespace {

ValuePtr intList(std::vector<long long> values) {
  std::vector<ValuePtr> elements;
  for (long long v : values) elements.push_back(makeInt(v));
  return makeSequence(ir::SequenceKind::List, std::move(elements));
}

std::vector<double> numbers(const ValuePtr& list) {
  std::vector<double> out;
  for (const auto& e : list->elements) out.push_back(*knownNumber(*e));
  return out;
}

ValuePtr tolist(const ValuePtr& tensor) { return knownTensorMethod("tolist", *tensor, {}); }

TEST(Arithmetic, FloorDivisionAndModuloRoundTowardsNegativeInfinity) {
  EXPECT_EQ(knownBinary("//", *makeInt(-7), *makeInt(2))->intValue, -4);  // -7 // 2
  EXPECT_EQ(knownBinary("%", *makeInt(-7), *makeInt(2))->intValue, 1);    // -7 % 2
  EXPECT_EQ(knownBinary("%", *makeInt(7), *makeInt(-2))->intValue, -1);   // 7 % -2
  EXPECT_DOUBLE_EQ(knownBinary("%", *makeFloat(-1.5), *makeInt(1))->floatValue, 0.5);  // -1.5 % 1
  EXPECT_DOUBLE_EQ(knownBinary("//", *makeFloat(7.0), *makeInt(2))->floatValue, 3.0);  // 7.0 // 2
}

TEST(Arithmetic, TrueDivisionIsFloatAndBoolsAreInts) {
  ValuePtr half = knownBinary("/", *makeInt(1), *makeInt(2));
  EXPECT_EQ(half->literalKind, ir::ConstantKind::Float);
  EXPECT_DOUBLE_EQ(half->floatValue, 0.5);
  EXPECT_EQ(knownBinary("+", *makeBool(true), *makeInt(2))->intValue, 3);  // True + 2
}

TEST(Arithmetic, UnknowableResultsAreNotGuessed) {
  EXPECT_EQ(knownBinary("/", *makeInt(1), *makeInt(0)), nullptr);                     // ZeroDivisionError
  EXPECT_EQ(knownBinary("*", *makeInt(1LL << 62), *makeInt(4)), nullptr);              // beyond int64
  EXPECT_EQ(knownBinary("**", *makeFloat(-8.0), *makeFloat(1.0 / 3)), nullptr);         // complex
  EXPECT_EQ(knownBinary("+", *makeConcrete(), *makeInt(1)), nullptr);                   // a value not known
  EXPECT_EQ(knownBinary("**", *makeInt(2), *makeInt(10))->intValue, 1024);
  EXPECT_EQ(knownBinary("**", *makeInt(-1), *makeInt(3))->intValue, -1);
  EXPECT_EQ(knownBinary("**", *makeInt(-3), *makeInt(3))->intValue, -27);
  EXPECT_EQ(knownBinary("**", *makeInt(1), *makeInt(1LL << 60))->intValue, 1);  // instant, not 2**60 steps
  EXPECT_EQ(knownBinary("**", *makeInt(2), *makeInt(64)), nullptr);               // beyond int64
  EXPECT_DOUBLE_EQ(knownBinary("**", *makeInt(2), *makeInt(-1))->floatValue, 0.5);
}

TEST(Arithmetic, ComparisonsOfLargeIntsAreExact) {
  long long big = (1LL << 53) + 1;  // not representable as a double
  EXPECT_EQ(knownComparison(ir::CompareOp::Gt, *makeInt(big), *makeInt(big - 1)), true);
  EXPECT_EQ(knownComparison(ir::CompareOp::Eq, *makeInt(3), *makeFloat(3.0)), true);  // 3 == 3.0
  EXPECT_EQ(knownComparison(ir::CompareOp::Is, *makeInt(3), *makeInt(3)), std::nullopt);
}

TEST(Arithmetic, BuiltinsFollowPython) {
  EXPECT_EQ(knownBuiltin("round", {makeFloat(2.5)})->intValue, 2);  // ties to even
  EXPECT_EQ(knownBuiltin("round", {makeFloat(3.5)})->intValue, 4);
  EXPECT_EQ(knownBuiltin("sum", {intList({1, 3, 6, 6})})->intValue, 16);
  EXPECT_EQ(knownBuiltin("max", {makeInt(16), makeFloat(16.0)})->literalKind, ir::ConstantKind::Int);  // first of ties
  EXPECT_EQ(knownBuiltin("min", {intList({})}), nullptr);  // ValueError
  EXPECT_EQ(knownBuiltin("sum", {makeSequence(ir::SequenceKind::List, {makeInt(1)}, false)}), nullptr);
}

TEST(Arithmetic, MathFunctions) {
  EXPECT_EQ(knownMath("math.ceil", {makeFloat(2.1)})->intValue, 3);
  EXPECT_EQ(knownMath("math.log", {makeFloat(-1.0)}), nullptr);  // ValueError
  EXPECT_NEAR(knownMath("math.log", {makeInt(8), makeInt(2)})->floatValue, 3.0, 1e-12);
  EXPECT_EQ(knownMath("math.gcd", {makeInt(12), makeInt(18)})->intValue, 6);
}

TEST(KnownTensors, ArangeTimesAFloatIsFloat32) {
  // (torch.arange(4) * 0.1).tolist() == [0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896]
  ValuePtr scaled = knownTensorBinary("*", *knownTensorFunction(torchFacts(), "torch.arange", {makeInt(4)}), *makeFloat(0.1));
  ASSERT_NE(scaled, nullptr);
  std::vector<double> expected = {0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896};
  EXPECT_EQ(numbers(tolist(scaled)), expected);
}

TEST(KnownTensors, IntTensorsStayInt64UntilTrueDivision) {
  ValuePtr doubled = knownTensorBinary("*", *knownTensorFunction(torchFacts(), "torch.arange", {makeInt(3)}), *makeInt(2));
  EXPECT_EQ(tolist(doubled)->elements[2]->literalKind, ir::ConstantKind::Int);
  ValuePtr halves = knownTensorBinary("/", *doubled, *makeInt(4));
  EXPECT_EQ(tolist(halves)->elements[1]->literalKind, ir::ConstantKind::Float);
}

TEST(KnownTensors, LinspaceEndpointsAreExact) {
  // torch.linspace(0, 0.25, 6).tolist()[-1] == 0.25; [1] == 0.05000000074505806
  ValuePtr rates = tolist(knownTensorFunction(torchFacts(), "torch.linspace", {makeInt(0), makeFloat(0.25), makeInt(6)}));
  ASSERT_EQ(rates->elements.size(), 6u);
  EXPECT_DOUBLE_EQ(rates->elements[5]->floatValue, 0.25);
  EXPECT_DOUBLE_EQ(rates->elements[1]->floatValue, 0.05000000074505806);
}

TEST(KnownTensors, RegNetStagePlan) {
  // The block widths of torchvision's BlockParams.from_init_params(depth=16, w_0=48, w_a=27.89, w_m=2.09),
  // computed step by step as it does: [48, 104 x3, 208 x6, 440 x6].
  ValuePtr widths = knownTensorBinary("+", *knownTensorBinary("*", *knownTensorFunction(torchFacts(), "torch.arange", {makeInt(16)}), *makeFloat(27.89)), *makeInt(48));
  ValuePtr logs = knownTensorFunction(torchFacts(), "torch.log", {knownTensorBinary("/", *widths, *makeInt(48))});
  ValuePtr capacity = knownTensorFunction(torchFacts(), "torch.round", {knownTensorBinary("/", *logs, *makeFloat(std::log(2.09)))});
  ValuePtr scaled = knownTensorBinary("*", *makeInt(48), *knownTensorFunction(torchFacts(), "torch.pow", {makeFloat(2.09), capacity}));
  ValuePtr quantized = knownTensorBinary("*", *knownTensorFunction(torchFacts(), "torch.round", {knownTensorFunction(torchFacts(), "torch.divide", {scaled, makeInt(8)})}), *makeInt(8));
  std::vector<double> expected = {48, 104, 104, 104, 208, 208, 208, 208, 208, 208, 440, 440, 440, 440, 440, 440};
  EXPECT_EQ(numbers(tolist(knownTensorMethod("int", *quantized, {}))), expected);
}

TEST(KnownTensors, ReductionsIndexingAndConversions) {
  ValuePtr starts = knownTensorFunction(torchFacts(), "torch.tensor", {intList({0, 1, 4, 10, 16})});
  EXPECT_EQ(numbers(tolist(knownTensorFunction(torchFacts(), "torch.diff", {starts}))), (std::vector<double>{1, 3, 6, 6}));
  EXPECT_EQ(knownTensorMethod("item", *knownTensorMethod("sum", *starts, {}), {})->intValue, 31);
  EXPECT_EQ(knownTensorMethod("item", *knownTensorIndex(*starts, *makeInt(-1)), {})->intValue, 16);
  EXPECT_EQ(knownTensorMethod("item", *starts, {}), nullptr);  // only one-element tensors convert
  auto rows = knownTensorElements(*starts);
  ASSERT_TRUE(rows);
  EXPECT_TRUE((*rows)[2]->scalarTensor);
}

TEST(KnownTensors, ShapeMismatchAndHugeTensorsAreUnknown) {
  ValuePtr three = knownTensorFunction(torchFacts(), "torch.arange", {makeInt(3)});
  ValuePtr two = knownTensorFunction(torchFacts(), "torch.arange", {makeInt(2)});
  EXPECT_EQ(knownTensorBinary("+", *three, *two), nullptr);  // RuntimeError in torch
  EXPECT_EQ(knownTensorFunction(torchFacts(), "torch.arange", {makeInt(1LL << 40)}), nullptr);
}

}  // namespace
}  // namespace fxlint::interp
