// The exporter's pure-C++ parts: option parsing, the strategy plan from real analyses of small models,
// dynamic-axis safety, and attribution of ONNX nodes to modules by their scope.
#include <gtest/gtest.h>

#include "fxlint/export_options.h"
#include "fxlint/export_plan.h"
#include "fxlint/export_attribution.h"

namespace fxlint::exporter {
namespace {

ExportOptions optionsFor(std::vector<std::string> args) {
  args.insert(args.end(), {"model.py:M", "-o", "out.onnx"});
  ExportOptions options;
  std::string error = parseExportOptions(args, options);
  EXPECT_EQ(error, "");
  return options;
}

ClassVerdict verdictFor(const std::string& source, const ExportOptions& options, Capture capture) {
  auto file = std::make_shared<SourceFile>();
  file->path = "model.py";
  file->text = source;
  FileAnalysis analysis = analyzeSource(file, traceConfigFor(options, capture));
  for (const ClassVerdict& verdict : analysis.classes)
    if (verdict.className == "M") return verdict;
  ADD_FAILURE() << "no class M";
  return {};
}

ExportPlan planFor(const std::string& source, const ExportOptions& options) {
  return planExport(verdictFor(source, options, Capture::Fx), verdictFor(source, options, Capture::Export), options);
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
  ExportPlan plan = planFor(std::string(kPrelude) + "        return torch.relu(x)\n", optionsFor({"--input", "x:2x3"}));
  ASSERT_FALSE(plan.order.empty());
  EXPECT_EQ(plan.order.front(), Strategy::Fx);
  EXPECT_EQ(plan.order.size(), 3u);  // fx, then export and htp as fallbacks
}

TEST(ExportPlan, StaticShapeDecisionGoesToExportCitingTheLine) {
  ExportPlan plan = planFor(std::string(kPrelude) + "        if x.shape[1] > 2:\n            x = x * 2\n        return x\n",
                            optionsFor({"--input", "x:2x3", "--dynamic", "x:0"}));
  EXPECT_EQ(plan.order.front(), Strategy::Export);
  EXPECT_NE(plan.reason.find("model.py:7"), std::string::npos) << plan.reason;
  EXPECT_TRUE(plan.unsafeDims.empty());
  ASSERT_EQ(plan.dynamic.size(), 1u);
}

TEST(ExportPlan, DataDecisionGoesToHtp) {
  ExportPlan plan = planFor(std::string(kPrelude) + "        if x.sum() > 0:\n            x = x * 2\n        return x\n",
                            optionsFor({"--input", "x:2x3"}));
  EXPECT_EQ(plan.order, std::vector<Strategy>{Strategy::Htp});
  EXPECT_NE(plan.reason.find("model.py:7"), std::string::npos) << plan.reason;
}

TEST(ExportPlan, DynamicDimFeedingADecisionIsUnsafe) {
  ExportPlan plan = planFor(std::string(kPrelude) + "        if x.shape[-1] > 2:\n            x = x * 2\n        return x\n",
                            optionsFor({"--input", "x:2x3", "--dynamic", "x:0,1"}));
  ASSERT_EQ(plan.unsafeDims.size(), 1u);  // x.shape[-1] is dim 1 of a rank-2 input
  EXPECT_EQ(plan.unsafeDims[0].dim, 1);
  EXPECT_EQ(plan.unsafeDims[0].exampleSize, 3);
  EXPECT_EQ(plan.unsafeDims[0].diagnostic.code, "EX301");
  EXPECT_EQ(plan.unsafeDims[0].diagnostic.span.begin.line, 7u);
  ASSERT_EQ(plan.dynamic.size(), 1u);
  EXPECT_EQ(plan.dynamic[0].dim, 0);
}

TEST(ExportPlan, WrappedDataDecisionSkipsFxBecauseItsGraphGoesThroughTorchExport) {
  // A torch.fx.wrap leaf keeps FX's trace clean, but torch.export traces into it and fails there.
  std::string source =
      "import torch\nimport torch.nn as nn\n\n\ndef scaled(x):\n    if x.sum() > 0:\n        return x * 2\n"
      "    return x\n\n\ntorch.fx.wrap('scaled')\n\n\nclass M(nn.Module):\n    def forward(self, x):\n"
      "        return scaled(x)\n";
  ExportPlan plan = planFor(source, optionsFor({"--input", "x:2x3"}));
  EXPECT_EQ(plan.order, std::vector<Strategy>{Strategy::Htp}) << plan.reason;
  EXPECT_NE(plan.reason.find("model.py:6"), std::string::npos) << plan.reason;
}

TEST(ExportPlan, FactorySizeFromADynamicDimIsSafe) {
  // torch.zeros(x.size(0), 3): the size stays symbolic in the exported graph.
  ExportPlan plan = planFor(std::string(kPrelude) + "        return x + torch.zeros(x.size(0), 3)\n",
                            optionsFor({"--input", "x:2x3", "--dynamic", "x:0"}));
  EXPECT_TRUE(plan.unsafeDims.empty()) << plan.unsafeDims.front().diagnostic.message;
  EXPECT_EQ(plan.dynamic.size(), 1u);
}

TEST(ExportPlan, NoneCheckOnAnInputIsNoObstacleForExport) {
  // FX specializes `x is None` (FX201) and fails on the shape check; torch.export decides both for the
  // example input, so export is tried first with the batch dim dynamic.
  ExportPlan plan = planFor(std::string(kPrelude) +
                                "        if x is None:\n            raise ValueError('x')\n"
                                "        if x.shape[1] != 3:\n            raise ValueError('channels')\n        return x\n",
                            optionsFor({"--input", "x:2x3", "--dynamic", "x:0"}));
  EXPECT_EQ(plan.order.front(), Strategy::Export) << plan.reason;
  EXPECT_TRUE(plan.unsafeDims.empty());
}

TEST(ExportPlan, RangeDecidedComparisonIsExportableButUnsafeForOnnx) {
  // A dynamic dim is at least 2 under Dim.AUTO: torch.export records no guard for `> 1`. The ONNX graph
  // has no guards at all, and batch 1 would take the other branch in eager: the dim is refused.
  std::string source = std::string(kPrelude) + "        if x.shape[0] > 1:\n            x = x * 2\n        return x\n";
  ExportOptions options = optionsFor({"--input", "x:2x3", "--dynamic", "x:0"});
  EXPECT_EQ(verdictFor(source, options, Capture::Export).verdict, VerdictKind::Traceable);
  ExportPlan plan = planFor(source, options);
  ASSERT_EQ(plan.unsafeDims.size(), 1u);
  EXPECT_EQ(plan.unsafeDims[0].diagnostic.span.begin.line, 7u);
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
