// What events tell rules about the source around them (TraceEvent::expression, statements, function,
// block): the facts the fixes are computed from.
#include <gtest/gtest.h>

#include "fix_support.h"
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


std::vector<std::string> names(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

// The events of a module whose forward(self, x) has `body` (indented by 8).
std::vector<TraceEvent> forwardEvents(const std::string& body) {
  return eventsOf("import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n    def forward(self, x):\n" + body);
}

TEST(EventOutline, BlockInAMethodReadsLocalsAndSelfAttributesAndReturnsWhatIsReadLater) {
  auto events = forwardEvents(
      "        _, w = x.shape\n"
      "        if w % self.cfg.p != 0:\n            pad = (0, self.cfg.p - w % self.cfg.p)\n            x = nn.functional.pad(x, pad)\n"
      "        if w > 2:\n            pad = 1\n            x = x + pad\n"
      "        return x\n");
  ASSERT_GE(events.size(), 1u);
  const BlockOutline& block = events[0].block;
  EXPECT_EQ(rules::describeRefusal(block), "");
  EXPECT_TRUE(textOf(events[0], block.span).starts_with("if w % self.cfg.p"));
  EXPECT_TRUE(textOf(events[0], block.classSpan).starts_with("class M"));
  EXPECT_EQ(block.inputs, names({"w", "x"}));
  EXPECT_EQ(block.outputs, names({"x"}));  // `pad` is bound again before it is read
  ASSERT_EQ(block.attributeArguments.size(), 3u);
  EXPECT_EQ(block.attributeArguments[0].name, "self.cfg.p");
}

TEST(EventOutline, BlockThatReturnsCallsSelfOrIsAnElifIsRefused) {
  auto refusal = [](const std::string& body) {
    auto events = eventsOf("import torch\nimport torch.nn as nn\n\n\nclass M(nn.Module):\n"
                           "    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv1d(3, 3, 1)\n\n"
                           "    def two(self):\n        return 2\n\n"
                           "    def forward(self, x):\n" + body + "        return x\n");
    return events.empty() ? std::string("no event") : rules::describeRefusal(events[0].block);
  };
  // A `return` inside a loop moves with the loop and the rest of the method; `break` leaving it does not.
  EXPECT_EQ(refusal("        for i in range(2):\n            if x.shape[0] == i:\n                return x\n"), "");
  EXPECT_EQ(refusal("        for i in range(2):\n            if x.shape[0] == i:\n                break\n"), "`break`/`continue` leaves it");
  EXPECT_EQ(refusal("        return x / int(x.size(-1))\n"), "");  // a `return` statement moves whole
  // The traced module cannot be passed, but its submodule can (a get_attr); its methods cannot.
  EXPECT_EQ(refusal("        if x.shape[0] == 1:\n            x = self.conv(x)\n"), "");
  EXPECT_EQ(refusal("        if x.shape[0] == 1:\n            x = self.conv(x) * self.two()\n"),
            "`self.two` holds a value FX cannot pass to a wrapped function");
  EXPECT_EQ(refusal("        if x.shape[0] == 1:\n            x = helper(self, x)\n"),
            "it uses `self` itself, and the traced module cannot be passed to a wrapped function");
  EXPECT_EQ(refusal("        n = 9\n        if n == 8:\n            pass\n        elif x.shape[0] == 1:\n            x = x + 1\n"),
            "it is an `elif` branch");
  EXPECT_EQ(refusal("        if x.shape[0] == 1:\n            self.n = 1\n"), "it assigns to an attribute or an item");
  EXPECT_EQ(refusal("        if x.shape[0] == 1: x = x + 1\n"), "");
  EXPECT_EQ(refusal("        y = 1; z = int(x.shape[0])\n"), "it shares a line with other code");
}

// FX passes a submodule to a wrapped function as a get_attr, so a block of a submodule's method that calls
// `self`'s methods or submodules moves with `self` passed first; traced as the root, the same class's
// block passes what it reaches through `self.a` instead (FX cannot pass the module being traced), which
// a bound method cannot be.
TEST(EventOutline, BlockOfASubmoduleThatUsesSelfPassesIt) {
  auto events = eventsOf(
      "import torch\nimport torch.nn as nn\n\n\nclass Inner(nn.Module):\n"
      "    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv1d(3, 3, 1)\n\n"
      "    def forward(self, x):\n        if x.shape[0] == 1:\n            x = self.conv(x) * self.scale()\n        return x\n\n"
      "    def scale(self):\n        return 2\n\n\n"
      "class Outer(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.inner = Inner()\n\n"
      "    def forward(self, x):\n        return self.inner(x)\n");
  ASSERT_EQ(events.size(), 2u);  // Inner traced as the root, then as Outer's submodule
  for (const TraceEvent& event : events) {
    EXPECT_EQ(event.block.self, "self");
    EXPECT_EQ(event.block.inputs, names({"x"}));
  }
  bool asRoot = events[0].chain.front().starts_with("Inner");
  const TraceEvent& root = asRoot ? events[0] : events[1];
  const TraceEvent& submodule = asRoot ? events[1] : events[0];
  EXPECT_TRUE(submodule.block.passesSelf);
  EXPECT_TRUE(submodule.block.attributeArguments.empty());  // `self.conv` stays in the moved text
  EXPECT_EQ(rules::describeRefusal(submodule.block), "");
  // As the root, `self.conv` could pass as a get_attr instead of `self`, but the method `self.scale` cannot.
  EXPECT_FALSE(root.block.passesSelf);
  EXPECT_EQ(rules::describeRefusal(root.block), "`self.scale` holds a value FX cannot pass to a wrapped function");
}

TEST(EventOutline, LoopTemporariesAreNotInputsAndFunctionsAreNotPassed) {
  auto loop = forwardEvents(
      "        n = 0\n        for i in range(x.shape[0]):\n            t = i * 2\n            n = n + t\n        return x * n\n");
  ASSERT_GE(loop.size(), 1u);
  EXPECT_EQ(rules::describeRefusal(loop[0].block), "");
  EXPECT_EQ(loop[0].block.inputs, names({"x", "n"}));
  EXPECT_EQ(loop[0].block.outputs, names({"n"}));
  auto unpacked = forwardEvents("        batch, *rest = x.shape\n        return x.reshape(batch, -1)\n");
  ASSERT_GE(unpacked.size(), 1u);
  EXPECT_EQ(rules::describeRefusal(unpacked[0].block), "");  // names bound by unpacking are not read
  EXPECT_EQ(unpacked[0].block.inputs, names({"x"}));
  EXPECT_EQ(unpacked[0].block.outputs, names({"batch"}));
  auto lambda = eventsOf(
      "import torch\nimport torch.nn as nn\n\n\ndef double(t):\n    return t * 2\n\n\nclass M(nn.Module):\n"
      "    def forward(self, x):\n        f = double\n        if x.sum() > 0:\n            x = f(x)\n        return x\n");
  ASSERT_GE(lambda.size(), 1u);
  EXPECT_EQ(rules::describeRefusal(lambda[0].block), "`f` holds a value FX cannot pass to a wrapped function");
  auto bound = forwardEvents(
      "        f = lambda t: t * 2\n        if x.sum() > 0:\n            x = f(x)\n        return x\n");
  ASSERT_GE(bound.size(), 1u);
  EXPECT_EQ(rules::describeRefusal(bound[0].block), "`f` holds a value FX cannot pass to a wrapped function");
}

TEST(EventOutline, BlockThatReturnsInTheMethodBodyMovesWithTheRestOfTheMethod) {
  auto events = forwardEvents(
      "        y = x + 1\n        if x.shape[0] == 1:\n            return y\n        z = y * 2\n        return z\n");
  ASSERT_GE(events.size(), 1u);
  const BlockOutline& block = events[0].block;
  EXPECT_EQ(rules::describeRefusal(block), "");
  EXPECT_TRUE(block.returns);
  EXPECT_EQ(textOf(events[0], block.span),
            "if x.shape[0] == 1:\n            return y\n        z = y * 2\n        return z");
  EXPECT_EQ(block.inputs, names({"x", "y"}));
  EXPECT_TRUE(block.outputs.empty());
}

TEST(EventOutline, AVeryLongMethodIsRefusedInsteadOfAnalyzedAtLength) {
  // Liveness visits statements repeatedly (loops to a fixed point): a budget bounds the work per event.
  std::string body;
  for (int line = 0; line < 20001; ++line) body += "        y = x + 1\n";
  auto events = forwardEvents(body + "        y = int(x.shape[0])\n        return x\n");
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(rules::describeRefusal(events[0].block), "the method is too large to analyze");
}

// A plain object FX cannot pass: read only as `held.sizes`, the chain passes instead; used itself, the
// block is refused and names the class, which ProxyableClassMeta would make passable.
TEST(EventOutline, AnUnpassableLocalPassesItsAttributesOrNamesItsClass) {
  auto blockOf = [](const std::string& loop) {
    auto events = eventsOf(
        "import torch\nimport torch.nn as nn\n\n\nclass Holder:\n    def __init__(self, sizes):\n        self.sizes = sizes\n\n\n"
        "def use(h):\n    return 1\n\n\nclass M(nn.Module):\n    def forward(self, x):\n"
        "        held = Holder(x.sum(-1))\n        total = 0\n" + loop + "        return x * total\n");
    EXPECT_FALSE(events.empty());
    return events.empty() ? BlockOutline{} : events[0].block;
  };
  BlockOutline chains = blockOf("        for row in held.sizes:\n            total = total + row.max()\n");
  EXPECT_EQ(rules::describeRefusal(chains), "");
  EXPECT_EQ(chains.inputs, names({"total"}));
  ASSERT_EQ(chains.attributeArguments.size(), 1u);
  EXPECT_EQ(chains.attributeArguments[0].name, "held.sizes");

  BlockOutline itself = blockOf("        for row in held.sizes:\n            total = total + row.max() + use(held)\n");
  EXPECT_EQ(rules::describeRefusal(itself), "`held` holds a value FX cannot pass to a wrapped function (an instance of `Holder`)");
  EXPECT_EQ(itself.unpassableClass.name, "Holder");
  ASSERT_TRUE(itself.unpassableClass.file);
  EXPECT_EQ(itself.unpassableClass.arguments.endOffset, itself.unpassableClass.arguments.beginOffset);  // no `(...)`
}

// A statement that cannot move (its method imports) gives its caller's call statement, but
// not in a method whose own `self` the call assigned: a leaf would assign it at run time only, while
// the rest of that method is traced with the old value.
TEST(EventOutline, CallSiteOfAnImmovableStatementUnlessItAssignedTheCallersState) {
  // A method that imports: nothing in it moves (the IR does not record the binding).
  const std::string immovable = "        import math\n        if x.shape[-1] > math.pi:\n            x = x * 2\n        return x\n\n\n";
  auto callSite = [](const std::string& text) {
    for (const TraceEvent& event : eventsOf(text))
      if (event.chain.front().starts_with("Outer")) return event.callSite;
    ADD_FAILURE() << "no event traced from Outer";
    return CallSiteBlock{};
  };
  const std::string header = "import torch\nimport torch.nn as nn\n\n\n";
  const std::string outer = "class Outer(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.inner = Inner()\n\n";
  // Inner's own state: the whole call `self.inner(x)` moves, assignment included.
  CallSiteBlock site = callSite(header + "class Inner(nn.Module):\n    def forward(self, x):\n        self.seen = 1\n" + immovable +
                                outer + "    def forward(self, x):\n        y = self.inner(x)\n        return y + 1\n");
  ASSERT_TRUE(site.file);
  EXPECT_EQ(site.function, "forward");
  EXPECT_EQ(site.file->slice(site.block.span), "y = self.inner(x)");
  ASSERT_EQ(site.block.attributeArguments.size(), 1u);  // Outer is traced: `self.inner` passes, not `self`
  EXPECT_EQ(site.block.attributeArguments[0].name, "self.inner");
  // Outer's own state, assigned by its method `prepare`: Outer.forward would read `self.seen` stale.
  EXPECT_FALSE(callSite(header + "class Inner(nn.Module):\n    def forward(self, x):\n        return x\n\n\n" + outer +
                        "    def prepare(self, x):\n        self.seen = 1\n" + immovable +
                        "    def forward(self, x):\n        y = self.prepare(x)\n        return y + self.seen\n")
                   .file);
}

// Reading a @property runs its getter (HF configs' `output_attentions`): a plain value that passes, not
// a bound method that would not.
TEST(EventOutline, APropertyReadsAsItsGettersValue) {
  auto events = eventsOf(
      "import torch\nimport torch.nn as nn\n\n\nclass Config:\n    def __init__(self):\n        self._flag = True\n\n"
      "    @property\n    def flag(self):\n        return self._flag\n\n\n"
      "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.config = Config()\n\n"
      "    def forward(self, x):\n        flag = self.config.flag\n        if x.shape[0] > 1:\n            if flag:\n                x = x + 1\n        return x\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(rules::describeRefusal(events[0].block), "");
  EXPECT_EQ(events[0].block.inputs, names({"x", "flag"}));
}

TEST(EventOutline, DictUpdateWithATracedValueIteratesIt) {
  auto events = forwardEvents("        d = {}\n        d.update(x)\n        return x\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, EventKind::ProxyIteration);
  EXPECT_EQ(events[0].detail, "update");
}

}  // namespace
}  // namespace fxlint
