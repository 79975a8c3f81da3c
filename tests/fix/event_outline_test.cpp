// What events tell rules about the source around them (TraceEvent::expression, statements, function):
// the facts the fixes are computed from.
#include <gtest/gtest.h>

#include "fxlint/analysis.h"

namespace fxlint {
namespace {

std::vector<TraceEvent> eventsOf(const std::string& text) {
  auto file = std::make_shared<SourceFile>();
  file->path = "outline.py";
  file->text = text;
  FileAnalysis analysis = analyzeSource(file, TraceConfig{});
  std::vector<TraceEvent> events;
  for (const ClassVerdict& verdict : analysis.classes) events.insert(events.end(), verdict.events.begin(), verdict.events.end());
  return events;
}

std::string_view textOf(const TraceEvent& event, const Span& span) { return event.file->slice(span); }

TEST(EventOutline, DecisionCarriesItsIfStatementAndTheRaiseInside) {
  auto events = eventsOf(
      "import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n    def forward(self, x):\n"
      "        if x.shape[1] != 3:  # note\n            raise ValueError(\"three\")\n        return x\n");
  ASSERT_EQ(events.size(), 1u);
  const TraceEvent& event = events[0];
  EXPECT_EQ(event.expression.op, "!=");
  ASSERT_EQ(event.expression.operands.size(), 2u);
  EXPECT_EQ(textOf(event, event.expression.operands[0].span), "x.shape[1]");
  ASSERT_FALSE(event.statements.empty());
  const StatementOutline& stmt = event.statements.front();
  EXPECT_EQ(stmt.kind, "if");
  EXPECT_FALSE(stmt.hasElse);
  ASSERT_EQ(stmt.body.size(), 1u);
  EXPECT_EQ(stmt.body[0].kind, "raise");
  EXPECT_EQ(stmt.body[0].head.op, "call");
  EXPECT_EQ(textOf(event, stmt.body[0].head.operands[1].span), "\"three\"");
  EXPECT_EQ(event.function.name, "forward");
  EXPECT_FALSE(event.function.moduleLevel);
}

TEST(EventOutline, CallArgumentsKeepKeywordsAndTheEnclosingFunctionIsKnown) {
  auto events = eventsOf(
      "import torch\nimport torch.nn as nn\n\n\ndef state(x):\n    return torch.zeros(x.size(0), 4, dtype=torch.float64)\n\n\n"
      "class M(nn.Module):\n    def forward(self, x):\n        return state(x)\n");
  ASSERT_EQ(events.size(), 1u);
  const ExprOutline& call = events[0].expression;
  ASSERT_EQ(call.op, "call");
  ASSERT_EQ(call.operands.size(), 4u);  // callee, two positional, one keyword
  EXPECT_EQ(call.operands[1].op, "call");
  EXPECT_EQ(call.operands[1].operands[0].name, "size");
  EXPECT_EQ(call.operands[3].keyword, "dtype");
  EXPECT_EQ(events[0].statements.front().kind, "return");
  EXPECT_EQ(events[0].function.name, "state");
  EXPECT_TRUE(events[0].function.moduleLevel);
  EXPECT_TRUE(events[0].function.calledFromItsModule);
}

}  // namespace
}  // namespace fxlint
