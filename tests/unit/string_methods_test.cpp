// str methods on known strings against CPython 3.11's answers (each expression in a comment), and the
// cases where fxlint must answer "not known" rather than guess.
#include <gtest/gtest.h>

#include "interp/string_methods.h"

namespace fxlint::interp {
namespace {

std::string text(const ValuePtr& value) {
  EXPECT_TRUE(value && value->literalKind == ir::ConstantKind::String);
  return value ? value->literal : "";
}

std::vector<std::string> texts(const ValuePtr& list) {
  std::vector<std::string> out;
  for (const auto& element : list->elements) out.push_back(element->literal);
  return out;
}

TEST(StringMethods, LayerNameNormalization) {
  EXPECT_EQ(text(knownStringMethod("Batch_Norm2d", "replace", {makeString("_"), makeString("")})), "BatchNorm2d");
  EXPECT_EQ(text(knownStringMethod("BatchNorm2d", "lower", {})), "batchnorm2d");
  EXPECT_EQ(text(knownStringMethod("gelu", "upper", {})), "GELU");
  EXPECT_EQ(text(knownStringMethod("sILU", "capitalize", {})), "Silu");           // "sILU".capitalize()
  EXPECT_EQ(text(knownStringMethod("  relu \n", "strip", {})), "relu");
  EXPECT_EQ(text(knownStringMethod("xxreluxx", "lstrip", {makeString("x")})), "reluxx");
  EXPECT_EQ(text(knownStringMethod("a-b-a", "replace", {makeString("a"), makeString("cc")})), "cc-b-cc");
}

TEST(StringMethods, SplitJoinAndTests) {
  EXPECT_EQ(texts(knownStringMethod("conv_bn_relu", "split", {makeString("_")})),
            (std::vector<std::string>{"conv", "bn", "relu"}));
  EXPECT_EQ(texts(knownStringMethod("  a  b ", "split", {})), (std::vector<std::string>{"a", "b"}));      // "  a  b ".split()
  EXPECT_EQ(texts(knownStringMethod("a_b_c", "split", {makeString("_"), makeInt(1)})),
            (std::vector<std::string>{"a", "b_c"}));                                                   // maxsplit=1
  EXPECT_EQ(texts(knownStringMethod("a__b", "split", {makeString("_")})), (std::vector<std::string>{"a", "", "b"}));
  auto parts = makeSequence(ir::SequenceKind::List, {makeString("stage"), makeString("1")});
  EXPECT_EQ(text(knownStringMethod(".", "join", {parts})), "stage.1");
  EXPECT_TRUE(knownStringMethod("bn_relu", "startswith", {makeString("bn")})->boolValue);
  EXPECT_FALSE(knownStringMethod("bn_relu", "endswith", {makeString("bn")})->boolValue);
  EXPECT_TRUE(knownStringMethod("123", "isdigit", {})->boolValue);
  EXPECT_FALSE(knownStringMethod("", "isdigit", {})->boolValue);                                        // "".isdigit()
  EXPECT_EQ(knownStringMethod("abcabc", "find", {makeString("c")})->intValue, 2);
  EXPECT_EQ(knownStringMethod("abc", "find", {makeString("z")})->intValue, -1);
  EXPECT_EQ(knownStringMethod("abcabc", "count", {makeString("bc")})->intValue, 2);
}

TEST(StringMethods, UnknownArgumentsAreNotGuessed) {
  EXPECT_EQ(knownStringMethod("relu", "replace", {makeConcrete(), makeString("")}), nullptr);
  EXPECT_EQ(knownStringMethod("relu", "index", {makeString("z")}), nullptr);  // raises ValueError
  EXPECT_EQ(knownStringMethod("a_b", "rsplit", {makeString("_"), makeInt(1)}), nullptr);
  EXPECT_EQ(knownStringMethod("relu", "translate", {makeConcrete()}), nullptr);
  auto unknownPart = makeSequence(ir::SequenceKind::List, {makeString("a"), makeConcrete()});
  EXPECT_EQ(knownStringMethod("", "join", {unknownPart}), nullptr);
}

}  // namespace
}  // namespace fxlint::interp
