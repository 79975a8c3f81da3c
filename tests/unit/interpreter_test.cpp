// The interpreter on small forward() bodies, one construct per test; each snippet carries its
// expectations inline (same annotations as samples/), checked as exact sets.
#include <gtest/gtest.h>

#include <map>

#include <set>

#include "expectations.h"

namespace fxlint::testing {
namespace {

constexpr const char* kHeader = "import math\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n";

void expectAnnotationsHold(const std::string& body) {
  auto file = std::make_shared<SourceFile>();
  file->path = "snippet.py";
  file->text = std::string(kHeader) + body;
  for (const std::string& mismatch : checkSnippet(file)) ADD_FAILURE() << mismatch;
}

TEST(Interpreter, ShapeComparisonInIfFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if x.shape[1] != 3:  # expect: FX101 "x.shape[1]"
            x = x * 2
        return x
)");
}

TEST(Interpreter, ChannelCheckThroughLocalVariable) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def __init__(self, num_channels=3):
        super().__init__()
        self.num_channels = num_channels
    def forward(self, pixel_values):
        num_channels = pixel_values.shape[1]
        if num_channels != self.num_channels:  # expect: FX101 "pixel_values.shape[1]"
            raise ValueError("bad")
        return pixel_values
)");
}

TEST(Interpreter, DataDependentBranchIsItsOwnRule) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if x.sum() > 0:  # expect: FX102
            return x
        return -x
)");
}

TEST(Interpreter, DtypeDecisionIsMetadata) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if x.dtype == torch.float16:  # expect: FX103 "x.dtype"
            x = x.float()
        return x
)");
}

TEST(Interpreter, DimAndNdimAreShapeDecisions) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        assert x.dim() == 4  # expect: FX101
        y = x if x.ndim == 4 else x.unsqueeze(0)  # expect: FX101
        return y
)");
}

TEST(Interpreter, BoolOperatorsDecideOnProxy) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        ok = x.size(0) > 1 and self.training  # expect: FX101
        return x
)");
}

TEST(Interpreter, StoredComparisonIsFine) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        mask = x.size(0) > 1
        return x * mask
)");
}

TEST(Interpreter, TorchAssertIsRecorded) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        torch._assert(x.shape[1] == 3, "channels")
        return x
)");
}

TEST(Interpreter, LenOfProxyFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        n = len(x.shape)  # expect: FX104
        return x
)");
}

TEST(Interpreter, IteratingProxyFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        out = []
        for row in x:  # expect: FX105
            out.append(row)
        return out
)");
}

TEST(Interpreter, FixedLengthUnpackingIsFine) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        b, c, h, w = x.shape
        a, z = x.chunk(2)
        return x.view(b, c * h * w) + a.sum() + z.sum()
)");
}

TEST(Interpreter, StarUnpackingFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        b, *rest = x.shape  # expect: FX105
        return x
)");
}

TEST(Interpreter, RangeOfSizeFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        for i in range(x.size(0)):  # expect: FX106
            x = x + i
        return x
)");
}

TEST(Interpreter, RangeOfConstantIsFine) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
    def forward(self, x):
        for i in range(len(self.layers)):
            x = self.layers[i](x)
        for layer in self.layers:
            x = layer(x)
        return x
)");
}

TEST(Interpreter, IntOfProxyFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        n = int(x.size(0))  # expect: FX106
        return x.view(n, -1)
)");
}

TEST(Interpreter, BuiltinMaxOnProxyFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        n = max(x.size(-1), 4)  # expect: FX107
        return x
)");
}

TEST(Interpreter, MathOnSizesIsFine) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, q):
        return q / math.sqrt(q.size(-1))
)");
}

TEST(Interpreter, ShapesPassedAsArgumentsAreFine) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x, y):
        y = F.interpolate(y, size=x.shape[2:])
        return x.view(x.size(0), -1) + y.new_zeros(x.size(0), 3).sum()
)");
}

TEST(Interpreter, IsNoneOnParameterSpecializes) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable
    def forward(self, x, mask=None):  # --inputs x: mask is None, a real value
        if mask is not None:  # expect: FX201 "mask"
            x = x * mask
        return x
)");
}

TEST(Interpreter, RaiseReachedAfterSilentDecision) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=input_ids]: specialized
    def forward(self, input_ids=None, inputs_embeds=None):
        if input_ids is not None and inputs_embeds is not None:  # expect: FX201  # expect[inputs=input_ids]: FX201
            raise ValueError("only one")  # expect: FX111
        return input_ids
)");
}

TEST(Interpreter, IsinstanceOnProxySpecializes) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: specialized
    def forward(self, x):
        if isinstance(x, torch.Tensor):  # expect: FX202
            x = x * 2
        return x
)");
}

TEST(Interpreter, TracingStateCheckSpecializes) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: specialized
    def forward(self, x):
        if torch.jit.is_tracing():  # expect: FX203
            return x
        return x * 2
)");
}

TEST(Interpreter, FxTracingGuardSkipsValidation) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        if not torch.fx._symbolic_trace.is_fx_tracing():
            if x.shape[1] != 3:
                raise ValueError("bad")
        return x
)");
}

TEST(Interpreter, TryExceptSwallowsFailure) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: specialized
    def forward(self, x):
        try:
            n = int(x.size(0))  # expect: FX204
        except TypeError:
            n = 1
        return x * n
)");
}

TEST(Interpreter, FactoryWithLeadingProxySizeFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return x + torch.zeros(x.size(0), 3)  # expect: FX108
)");
}

TEST(Interpreter, FactoryWithSingleOrTupleProxySizeTraces) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        a = torch.zeros(x.size(0))
        b = torch.ones((x.size(0), x.size(1)), device=x.device)
        return x + a + b + torch.zeros(1, x.size(1))
)");
}

TEST(Interpreter, TensorOfProxyFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return x / torch.tensor([x.size(1)])  # expect: FX108
)");
}

TEST(Interpreter, BufferIndexedByProxyIntTraces) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        self.register_buffer("table", torch.zeros(8, 4))
    def forward(self, x, codes):
        return x + self.table[x.size(0)] + self.table[codes]
)");
}

TEST(Interpreter, BufferSlicedByProxyFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.register_buffer("pe", torch.zeros(1, 128, 16))
    def forward(self, x):
        return x + self.pe[:, : x.size(1)]  # expect: FX109
)");
}

TEST(Interpreter, NumpyOnProxyFails) {
  expectAnnotationsHold(R"(
import numpy as np
class M(nn.Module):  # expect-verdict: fails
    def forward(self, q):
        return q / np.sqrt(q.size(-1))  # expect: FX110
)");
}

TEST(Interpreter, HazardInsideSubmoduleIsReportedWithChain) {
  auto file = std::make_shared<SourceFile>();
  file->path = "chain.py";
  file->text = std::string(kHeader) + R"(
class Inner(nn.Module):
    def forward(self, x):
        if x.shape[1] != 3:
            raise ValueError("bad")
        return x
class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
    def forward(self, x):
        return self.inner(x)
)";
  FileAnalysis analysis = analyzeSource(file, TraceConfig{});
  ASSERT_EQ(analysis.classes.size(), 2u);
  const ClassVerdict& outer = analysis.classes[1];
  ASSERT_EQ(outer.verdict, VerdictKind::Fails);
  const TraceEvent& first = outer.events[outer.firstFailure];
  EXPECT_EQ(first.span.begin.line, 8u);
  std::vector<std::string> chain = {"Outer.forward", "self.inner", "Inner.forward:8"};
  EXPECT_EQ(first.chain, chain);
}

TEST(Interpreter, HelperMethodAndModuleFunctionAreEntered) {
  expectAnnotationsHold(R"(
def check(x):
    if x.size(0) == 0:  # expect: FX101
        raise ValueError("empty")
    return x
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return self._body(check(x))
    def _body(self, x):
        return len(x)  # expect: FX104
)");
}

TEST(Interpreter, WrappedFunctionIsALeaf) {
  expectAnnotationsHold(R"(
def hidden(x):
    if x.sum() > 0:
        return x
    return -x
torch.fx.wrap("hidden")
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        return hidden(x)
)");
}

TEST(Interpreter, SequentialOfFileClassesIsTracedThrough) {
  expectAnnotationsHold(R"(
class Block(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if x.dim() != 4:  # expect: FX101
            x = x.unsqueeze(0)
        return x
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 3, 1), Block(), nn.ReLU())
    def forward(self, x):
        return self.body(x)
)");
}

TEST(Interpreter, SuperForwardIsFollowed) {
  expectAnnotationsHold(R"(
class Base(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return int(x.size(0))  # expect: FX106
class Child(Base):  # expect-verdict: fails
    def forward(self, x):
        return super().forward(x)
)");
}

TEST(Interpreter, UnresolvedImportGivesUnknown) {
  expectAnnotationsHold(R"(
from somewhere import magic
class M(nn.Module):  # expect-verdict: unknown
    def forward(self, x):
        return magic(x)  # expect: FX002 "magic"
)");
}

TEST(Interpreter, ProxyInFStringSpecializes) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: specialized
    def __init__(self):
        super().__init__()
        self.scales = {"w4": 1.0}
    def forward(self, x):
        name = f"w{x.size(-1)}"  # expect: FX205
        return x * self.scales.get(name, 2.0)
)");
}

TEST(Interpreter, ProxyInMessageOnlyIsHarmless) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        torch._assert(x.shape[1] == 3, f"got {x.shape[1]} channels")
        return x
)");
}

TEST(Interpreter, RecursionBetweenClassesIsBounded) {
  expectAnnotationsHold(R"(
class A(nn.Module):  # expect-verdict: unknown
    def forward(self, x):
        return self.helper(x)
    def helper(self, x):
        return self.helper(x)  # expect: FX004
)");
}

TEST(Interpreter, PartialBuildsTheNamedClass) {
  expectAnnotationsHold(R"(
from functools import partial
class Check(nn.Module):  # expect-verdict: fails
    def __init__(self, width, eps=0.0):
        super().__init__()
        self.width = width
    def forward(self, x):
        if x.size(-1) != self.width:  # expect: FX101
            raise ValueError("width")
        return x
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        make = partial(Check, eps=1e-6)
        self.check = make(8)
    def forward(self, x):
        return self.check(x)
)");
}

TEST(Interpreter, DataclassConfigFieldsReachSubmodules) {
  expectAnnotationsHold(R"(
from dataclasses import dataclass
class Block(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return int(x.size(0))  # expect: FX106
@dataclass
class Config:
    width: int
    block: type = Block
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        config = Config(4)
        self.body = config.block()
    def forward(self, x):
        return self.body(x)
)");
}

TEST(Interpreter, SequentialOfOrderedDictRunsItsChildren) {
  expectAnnotationsHold(R"(
from collections import OrderedDict
class Block(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return len(x)  # expect: FX104
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        blocks = []
        for i in range(2):
            blocks.append((f"block{i}", Block()))
        self.trunk = nn.Sequential(OrderedDict(blocks))
    def forward(self, x):
        return self.trunk(x)
)");
}

TEST(Interpreter, ContainerSubclassFilledBySuperInit) {
  expectAnnotationsHold(R"(
class Block(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return len(x)  # expect: FX104
class Stage(nn.Sequential):  # expect-verdict: fails
    def __init__(self):
        super().__init__(nn.ReLU(), Block())
)");
}

TEST(Interpreter, NamedTupleFieldsKeepTheirValues) {
  expectAnnotationsHold(R"(
from collections import namedtuple
Outputs = namedtuple("Outputs", ["logits", "aux"])
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        out = Outputs(x * 2, x)
        if out.logits.sum() > 0:  # expect: FX102
            return out.aux
        return out.logits
)");
}

TEST(Interpreter, ModuleTakenAsConstructorArgumentIsUnknown) {
  expectAnnotationsHold(R"(
class Wrapper(nn.Module):  # expect-verdict: unknown
    def __init__(self, body):
        super().__init__()
        self.body = body
    def forward(self, x):
        return self.body(x)  # expect: FX002
)");
}

TEST(Interpreter, BuilderFunctionIsTracedWithItsArguments) {
  auto file = std::make_shared<SourceFile>();
  file->path = "builders.py";
  file->text = std::string(kHeader) + R"(
class Block(nn.Module):
    def forward(self, x):
        if x.shape[1] != 3:
            raise ValueError("channels")
        return x
class Wrapper(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.body = body
    def forward(self, x):
        return self.body(x)
def wrapped_block(*, weights=None):
    return Wrapper(Block())
def wrapped_relu(**kwargs):
    return Wrapper(nn.ReLU())
def needs_argument(body):
    return Wrapper(body)
def not_a_model():
    return 3
)";
  FileAnalysis analysis = analyzeSource(file, TraceConfig{});
  ASSERT_EQ(analysis.factories.size(), 2u);  // needs_argument has a required parameter; not_a_model is no module
  EXPECT_EQ(analysis.factories[0].factory, "wrapped_block");
  EXPECT_EQ(analysis.factories[0].className, "Wrapper");
  EXPECT_EQ(analysis.factories[0].verdict, VerdictKind::Fails);
  EXPECT_EQ(analysis.factories[0].events[analysis.factories[0].firstFailure].span.begin.line, 8u);
  EXPECT_EQ(analysis.factories[1].factory, "wrapped_relu");
  EXPECT_EQ(analysis.factories[1].verdict, VerdictKind::Traceable);
  const ClassVerdict& wrapper = analysis.classes[1];
  EXPECT_EQ(wrapper.className, "Wrapper");
  EXPECT_EQ(wrapper.verdict, VerdictKind::Unknown);  // alone, its body is a constructor argument
}

TEST(Interpreter, MissingForwardFails) {
  expectAnnotationsHold(R"(
class Base(nn.Module):  # expect-verdict: fails  # expect: FX114
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)
)");
}

TEST(Interpreter, AttributeOfConcreteNoneFails) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable  # expect-verdict[inputs=x]: fails
    def forward(self, x, mask=None):
        return x * mask.float()  # expect[inputs=x]: FX115 "mask.float"
)");
}

TEST(Interpreter, MultiLineTernaryIsReportedAtItsFirstLine) {
  auto file = std::make_shared<SourceFile>();
  file->path = "ternary.py";
  file->text = std::string(kHeader) + R"(
class M(nn.Module):
    def forward(self, x):
        y = (x * 2
             if x.sum() > 0
             else x)
        return y
)";
  FileAnalysis analysis = analyzeSource(file, TraceConfig{});
  ASSERT_EQ(analysis.classes.size(), 1u);
  const ClassVerdict& m = analysis.classes[0];
  ASSERT_EQ(m.verdict, VerdictKind::Fails);
  EXPECT_EQ(m.events[m.firstFailure].span.begin.line, 8u);  // where CPython's traceback points
  EXPECT_EQ(m.events[m.firstFailure].text, "x.sum() > 0");
}

TEST(Interpreter, TimmRegistrationsAreLeavesForTimmsTracerOnly) {
  // timm is not in the project: the decorators are known by their import path alone. Plain
  // symbolic_trace ignores them (the default); --tracer timm honours them as timm's FX tools do.
  auto file = std::make_shared<SourceFile>();
  file->path = "snippet.py";
  file->text = std::string(kHeader) + R"(
from timm.layers import register_notrace_function, register_notrace_module
import timm.layers

@register_notrace_module
class Pad(nn.Module):
    def forward(self, x):
        if x.shape[-1] % 2:
            x = F.pad(x, (0, 1))
        return x

@timm.layers.register_notrace_function
def pad_even(x):
    if x.shape[-1] % 2:
        x = F.pad(x, (0, 1))
    return x

def not_registered(function):
    return function

@not_registered
def pad_odd(x):
    if x.shape[-1] % 2 == 0:
        x = F.pad(x, (0, 1))
    return x

class UsesPad(nn.Module):
    def __init__(self):
        super().__init__()
        self.pad = Pad()
    def forward(self, x):
        return self.pad(x)

class UsesPadFunction(nn.Module):
    def forward(self, x):
        return pad_even(x)

class UsesUnregistered(nn.Module):
    def forward(self, x):
        return pad_odd(x)
)";
  auto verdicts = [&](Tracer tracer) {
    TraceConfig config;
    config.tracer = tracer;
    std::map<std::string, VerdictKind> out;
    for (const ClassVerdict& v : analyzeSource(file, config).classes) out[v.className] = v.verdict;
    return out;
  };
  auto plain = verdicts(Tracer::Fx);
  EXPECT_EQ(plain["Pad"], VerdictKind::Fails);  // the root is always traced
  EXPECT_EQ(plain["UsesPad"], VerdictKind::Fails);
  EXPECT_EQ(plain["UsesPadFunction"], VerdictKind::Fails);
  EXPECT_EQ(plain["UsesUnregistered"], VerdictKind::Fails);
  auto timm = verdicts(Tracer::Timm);
  EXPECT_EQ(timm["Pad"], VerdictKind::Fails);
  EXPECT_EQ(timm["UsesPad"], VerdictKind::Traceable);
  EXPECT_EQ(timm["UsesPadFunction"], VerdictKind::Traceable);
  EXPECT_EQ(timm["UsesUnregistered"], VerdictKind::Fails);
}

TEST(Interpreter, LeafEntriesMatchQualifiedNamesPatternsAndSubclasses) {
  auto file = std::make_shared<SourceFile>();
  file->path = "snippet.py";
  file->text = std::string(kHeader) + R"(
from torchvision.ops import DeformConv2d
import torchvision

class MyDeform(DeformConv2d):
    pass

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torchvision.ops.DeformConv2d(4, 4, 3)
        self.b = MyDeform(4, 4, 3)
    def forward(self, x, offset):
        return self.a(x, offset) + self.b(x, offset)
)";
  auto verdictOfM = [&](std::vector<std::string> leaves) {
    TraceConfig config;
    config.leafClasses = std::move(leaves);
    for (const ClassVerdict& v : analyzeSource(file, config).classes)
      if (v.className == "M") return v.verdict;
    return VerdictKind::Fails;
  };
  EXPECT_EQ(verdictOfM({"torchvision.ops.*"}), VerdictKind::Traceable);
  EXPECT_EQ(verdictOfM({"DeformConv2d"}), VerdictKind::Traceable);  // a bare name; MyDeform by its base
  EXPECT_EQ(verdictOfM({"torchvision.ops.DeformConv2d"}), VerdictKind::Traceable);
  EXPECT_EQ(verdictOfM({"torchvision.models.*"}), VerdictKind::Unknown);
  EXPECT_EQ(verdictOfM({}), VerdictKind::Unknown);
}

TEST(Interpreter, ParenthesizedLoopTargetIsTheName) {
  expectAnnotationsHold(R"(
class M(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2)])
    def forward(self, x):
        for _, (stage) in enumerate(self.stages):
            x = stage(x)
        return x
)");
}

TEST(Interpreter, ModuleNamesBuiltFromKnownValuesAreLookedUp) {
  expectAnnotationsHold(R"(
from collections import OrderedDict

class M(nn.Module):  # expect-verdict: fails
    def __init__(self, depth=2):
        super().__init__()
        layers = OrderedDict()
        for i in range(depth):
            layers[f"layer_{i}"] = nn.Linear(2, 2)
        self.blocks = nn.Sequential(layers)
        self.extra = nn.ModuleList()
        self.extra += [nn.Linear(2, 2)]
        for i in range(depth):
            self.add_module("dense%d" % (i + 1), nn.Linear(2, 2))
        self.add_module("tail" + "_" + "norm", nn.LayerNorm(2))
    def forward(self, x):
        x = self.blocks.layer_1(x) + self.dense2(x) + self.tail_norm(x)
        for name, child in self.blocks.named_children():
            x = child(x)
        for layer in self.extra:
            x = layer(x)
        if x.shape[0] > 1:  # expect: FX101
            x = x + 1
        return x
)");
}

TEST(Interpreter, SubmoduleVerdictsOfABuilderByModulePath) {
  auto file = std::make_shared<SourceFile>();
  file->path = "snippet.py";
  file->text = std::string(kHeader) + R"(
class Gate(nn.Module):
    def __init__(self, check):
        super().__init__()
        self.check = check
    def forward(self, x):
        if self.check and x.shape[1] != 4:
            raise ValueError("channels")
        return x

class Stage(nn.Module):
    def __init__(self, check):
        super().__init__()
        self.blocks = nn.Sequential(nn.Linear(4, 4), Gate(check))
    def forward(self, x):
        return self.blocks(x)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([Stage(False), Stage(True)])
        self.shared = self.stages[0]
    def forward(self, x):
        for stage in self.stages:
            x = stage(x)
        return x

def net():
    return Net()
)";
  TraceConfig config;
  config.submoduleVerdicts = true;
  FileAnalysis analysis = analyzeSource(file, config);
  ASSERT_EQ(analysis.factories.size(), 1u);
  std::vector<std::pair<std::string, VerdictKind>> got;
  for (const ClassVerdict& inner : analysis.factories[0].submodules) got.emplace_back(inner.modulePath, inner.verdict);
  // The instance built with check=True fails on its own, its twin does not; `shared` is stages.0 again.
  std::vector<std::pair<std::string, VerdictKind>> want = {
      {"stages.0", VerdictKind::Traceable}, {"stages.0.blocks.1", VerdictKind::Traceable},
      {"stages.1", VerdictKind::Fails}, {"stages.1.blocks.1", VerdictKind::Fails}};
  EXPECT_EQ(got, want);
  EXPECT_TRUE(analyzeSource(file, TraceConfig{}).factories[0].submodules.empty());
}


TEST(Interpreter, BranchesThatBuildDifferentDictsLeaveTheLengthUnknown) {
  // One path makes a one-entry dict: after the join its length is not known, so the check after it
  // is undecided and forward's guarded hazard is reachable.
  expectAnnotationsHold(R"py(
import random

def pick():
    features = {"a": 1, "b": 2}
    if random.random() > 0.5:
        features = {"a": 1}
    return list(features.values())

class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.n = len(pick())
    def forward(self, x):
        if self.n != 2:
            return torch.zeros(x.size(0), 2)  # expect: FX108 "x.size(0)"
        return x
)py");
}

TEST(Interpreter, ADictIsNotATensor) {
  expectAnnotationsHold(R"py(
def as_dict(features):
    if isinstance(features, torch.Tensor):
        features = {"0": features}
    return features

class M(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        self.n = len(as_dict({"a": 1, "b": 2, "c": 3}))
    def forward(self, x):
        if self.n != 3:
            return torch.zeros(x.size(0), 2)
        return x
)py");
}

TEST(Interpreter, FilteredComprehensionsAndSlicesKeepKnownLengths) {
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        trunk = nn.Sequential(nn.Conv2d(3, 8, 1), nn.MaxPool2d(2), nn.Conv2d(8, 8, 1), nn.MaxPool2d(2), nn.ReLU())
        pools = [i for i, layer in enumerate(trunk) if isinstance(layer, nn.MaxPool2d)]
        self.body = trunk[: pools[-1]]
        self.widths = sorted(set([8, 8, 3]))[::-1]
    def forward(self, x):
        if len(self.body) != 3 or len(self.widths) != 2:
            return torch.zeros(x.size(0), 2)
        return self.body(x)
)py");
}

TEST(Interpreter, ConstructionTimeTensorArithmeticIsEvaluated) {
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: traceable
    def __init__(self, depth=5, max_rate=0.2):
        super().__init__()
        self.rates = [r.item() for r in torch.linspace(0, max_rate, depth)]
        self.depths = torch.diff(torch.tensor([0, 2, 5])).tolist()
    def forward(self, x):
        if self.rates[-1] > 0.3 or sum(self.depths) != 5 or math.ceil(self.rates[1] * 10) != 1:
            return torch.zeros(x.size(0), 2)
        return x
)py");
}

}  // namespace
}  // namespace fxlint::testing
