// The exporter's pure-C++ parts: option parsing, the strategy plan from real analyses of small models,
// dynamic-axis safety, and attribution of ONNX nodes to modules by their scope.
#include <gtest/gtest.h>

#include "fxlint/export_options.h"
#include "fxlint/export_plan.h"
#include "fxlint/export_attribution.h"

namespace fxlint::exporter {
namespace {

ClassVerdict verdictFor(const std::string& source, const std::string& className, const std::vector<std::string>& inputs) {
  auto file = std::make_shared<SourceFile>();
  file->path = "model.py";
  file->text = source;
  TraceConfig config;
  config.inputs = inputs;
  FileAnalysis analysis = analyzeSource(file, config);
  for (const ClassVerdict& verdict : analysis.classes)
    if (verdict.className == className) return verdict;
  ADD_FAILURE() << "no class " << className;
  return {};
}

ExportOptions optionsFor(std::vector<std::string> args) {
  args.insert(args.end(), {"model.py:M", "-o", "out.onnx"});
  ExportOptions options;
  std::string error = parseExportOptions(args, options);
  EXPECT_EQ(error, "");
  return options;
}

constexpr const char* kPrelude = "import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n    def forward(self, x):\n";

TEST(ExportOptions, ParsesInputsDynamicAndStrategy) {
  ExportOptions options = optionsFor({"--input", "x:2x3x32x32:float16", "--dynamic", "x:0,2", "--strategy", "htp"});
  ASSERT_EQ(options.inputs.size(), 1u);
  EXPECT_EQ(options.inputs[0].shape, (std::vector<int64_t>{2, 3, 32, 32}));
  EXPECT_EQ(options.inputs[0].dtype, "float16");
  ASSERT_EQ(options.dynamic.size(), 2u);
  EXPECT_EQ(options.dynamic[1].dim, 2);
  EXPECT_EQ(options.strategy, StrategyRequest::Htp);
  EXPECT_EQ(options.file, "model.py");
  EXPECT_EQ(options.target, "M");
}

TEST(ExportOptions, RejectsBadInput) {
  ExportOptions options;
  EXPECT_NE(parseExportOptions({"m.py:M", "-o", "o.onnx", "--input", "x:2xA"}, options), "");
  EXPECT_NE(parseExportOptions({"m.py:M", "-o", "o.onnx", "--input", "x:2x3", "--dynamic", "y:0"}, options), "");
  EXPECT_NE(parseExportOptions({"m.py:M", "-o", "o.onnx", "--input", "x:2x3", "--dynamic", "x:2"}, options), "");
  EXPECT_NE(parseExportOptions({"m.py", "-o", "o.onnx", "--input", "x:2x3"}, options), "");
  EXPECT_NE(parseExportOptions({"m.py:M", "--input", "x:2x3", "--init-args", "[1]", "-o", "o.onnx"}, options), "");
}

TEST(ExportPlan, TraceableGoesToFx) {
  ClassVerdict verdict = verdictFor(std::string(kPrelude) + "        return torch.relu(x)\n", "M", {"x"});
  ExportPlan plan = planExport(verdict, optionsFor({"--input", "x:2x3"}));
  ASSERT_FALSE(plan.order.empty());
  EXPECT_EQ(plan.order.front(), Strategy::Fx);
  EXPECT_EQ(plan.order.size(), 3u);  // fx, then export and htp as fallbacks
}

TEST(ExportPlan, StaticShapeDecisionGoesToExportCitingTheLine) {
  ClassVerdict verdict =
      verdictFor(std::string(kPrelude) + "        if x.shape[1] > 2:\n            x = x * 2\n        return x\n", "M", {"x"});
  ExportPlan plan = planExport(verdict, optionsFor({"--input", "x:2x3", "--dynamic", "x:0"}));
  EXPECT_EQ(plan.order.front(), Strategy::Export);
  EXPECT_NE(plan.reason.find("model.py:7"), std::string::npos) << plan.reason;
  EXPECT_TRUE(plan.unsafeDims.empty());
  ASSERT_EQ(plan.dynamic.size(), 1u);
}

TEST(ExportPlan, DataDecisionGoesToHtp) {
  ClassVerdict verdict =
      verdictFor(std::string(kPrelude) + "        if x.sum() > 0:\n            x = x * 2\n        return x\n", "M", {"x"});
  ExportPlan plan = planExport(verdict, optionsFor({"--input", "x:2x3"}));
  EXPECT_EQ(plan.order, std::vector<Strategy>{Strategy::Htp});
  EXPECT_NE(plan.reason.find("model.py:7"), std::string::npos) << plan.reason;
}

TEST(ExportPlan, DynamicDimFeedingADecisionIsUnsafe) {
  ClassVerdict verdict =
      verdictFor(std::string(kPrelude) + "        if x.shape[-1] > 2:\n            x = x * 2\n        return x\n", "M", {"x"});
  ExportPlan plan = planExport(verdict, optionsFor({"--input", "x:2x3", "--dynamic", "x:0,1"}));
  ASSERT_EQ(plan.unsafeDims.size(), 1u);  // x.shape[-1] is dim 1 of a rank-2 input
  EXPECT_EQ(plan.unsafeDims[0].dim, 1);
  EXPECT_EQ(plan.unsafeDims[0].exampleSize, 3);
  EXPECT_EQ(plan.unsafeDims[0].diagnostic.code, "EX301");
  EXPECT_EQ(plan.unsafeDims[0].diagnostic.span.begin.line, 7u);
  ASSERT_EQ(plan.dynamic.size(), 1u);
  EXPECT_EQ(plan.dynamic[0].dim, 0);
}

TEST(Attribution, ByScopeWithParentsConstantsAndRoot) {
  std::map<std::string, std::string> modules{{"", "M"}, {"block", "Block"}, {"block.conv", "Conv2d"}};
  std::vector<NodeScope> nodes{{"a", "Conv", true, "block.conv"},
                               {"b", "Add", true, "block"},
                               {"c", "Relu", true, "block.act.inner"},  // no such module: its registered ancestor
                               {"d", "Reshape", true, ""},
                               {"e", "Constant", false, ""},
                               {"f", "Shape", false, ""}};
  std::vector<NodeTag> tags = attributeNodes(nodes, modules);
  ASSERT_EQ(tags.size(), 6u);
  EXPECT_EQ(tags[0].attribution, Attribution::Exact);
  EXPECT_EQ(tags[0].className, "Conv2d");
  EXPECT_EQ(tags[1].module, "block");
  EXPECT_EQ(tags[2].attribution, Attribution::Parent);
  EXPECT_EQ(tags[2].module, "block");
  EXPECT_EQ(tags[3].attribution, Attribution::Exact);
  EXPECT_EQ(tags[3].className, "M");
  EXPECT_EQ(tags[4].attribution, Attribution::Constant);
  EXPECT_EQ(tags[5].attribution, Attribution::None);
  EXPECT_EQ(docStringOf(tags[0]), R"({"attribution":"exact","class":"Conv2d","module":"block.conv"})");
}

}  // namespace
}  // namespace fxlint::exporter
