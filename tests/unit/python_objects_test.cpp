// Python's object protocols as the interpreter runs them while a model is built and traced: truth of
// containers, __len__/__bool__/__contains__, property setters, class attributes shared by every reader,
// collections.abc.Mapping's mixins. Each snippet carries its expectations inline (as samples/ do).
#include <gtest/gtest.h>

#include "expectations.h"

namespace fxlint::testing {
namespace {

constexpr const char* kHeader = "import torch\nimport torch.nn as nn\nfrom collections.abc import MutableMapping\n";

void expectAnnotationsHold(const std::string& body) {
  auto file = std::make_shared<SourceFile>();
  file->path = "snippet.py";
  file->text = std::string(kHeader) + body;
  for (const std::string& mismatch : checkSnippet(file)) ADD_FAILURE() << mismatch;
}

TEST(PythonObjects, EmptyContainersAreFalse) {
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList()
        self.extra = {}
        self.dims = (1,)
    def forward(self, x):
        if self.blocks or self.extra:
            return x
        if self.dims:
            return len(x)  # expect: FX104 "x"
        return x
)py");
}

TEST(PythonObjects, AnEmptyModuleListIsIteratedNoTime) {
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.skipped = nn.ModuleList()
        self.run = nn.ModuleList([nn.Identity()])
    def forward(self, x):
        for layer in self.skipped:
            return len(x)
        for layer in self.run:
            x = layer(x)
            return len(x)  # expect: FX104 "x"
)py");
}

TEST(PythonObjects, AKeyMissingFromADictWithUnseenEntriesMayBeThere) {
  // dict() of something fxlint does not model, and **kwargs fed by it, may hold any key: get() and pop()
  // give their default or an unknown value, never the default alone.
  expectAnnotationsHold(R"py(
import json
def activation(**kwargs):
    return kwargs.pop("act", "relu")
class M(nn.Module):  # expect-verdict: fails
    def __init__(self, text='{"mode": "rows", "act": "gelu"}'):
        super().__init__()
        options = dict(json.loads(text))
        self.mode = options.get("mode", "fast")
        self.act = activation(**json.loads(text))
    def forward(self, x):
        if self.mode != "fast":
            x = x.reshape(len(x), -1)  # expect: FX104 "x"
        if self.act != "relu":
            return x.flatten(len(x))  # expect: FX104 "x"
        return x
)py");
}

TEST(PythonObjects, OneDecoratorOnNestedForwardsIsNoRecursion) {
  // Each decorated forward gets its own `wrapped` closure: three of them on the stack share a def only.
  expectAnnotationsHold(R"py(
import functools
def renamed(old, new):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            if old in kwargs:
                kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)
        return wrapped
    return decorate
class Inner(nn.Module):  # expect-verdict: traceable
    @renamed("past", "cache")
    def forward(self, x, cache=None):
        return x * 2
class Middle(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        self.inner = Inner()
    @renamed("past", "cache")
    def forward(self, x, cache=None):
        return self.inner(x, cache=cache) + 1
class M(nn.Module):  # expect-verdict: traceable
    def __init__(self):
        super().__init__()
        self.middle = Middle()
    @renamed("past", "cache")
    def forward(self, x, cache=None):
        return self.middle(x, cache=cache)
)py");
}

TEST(PythonObjects, ListItemAssignmentReplacesTheElement) {
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: fails
    def __init__(self, sizes=(4, 8)):
        super().__init__()
        flags = [False, False]
        flags[-1] = True
        widths = list(sizes)
        widths[0] = 2
        self.flag = flags[1]
        self.unchanged = sizes[0] == 4 and widths[0] == 2
    def forward(self, x):
        if self.flag and self.unchanged:
            return len(x)  # expect: FX104 "x"
        return x
)py");
}

TEST(PythonObjects, AFactoryMakesATensorWhateverItsData) {
  // torch.tensor of a number fxlint does not know is still a tensor: its methods take Proxies.
  expectAnnotationsHold(R"py(
from elsewhere import default_window
class Window:
    def __init__(self, size):
        self.size = torch.tensor(size, dtype=torch.long)
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        window = Window(default_window())
        return x + window.size.to(x.device)
)py");
}

TEST(PythonObjects, TrueAndFalseAreSingletons) {
  // `flag is False` is decided once the flag is known: a decorator's `return_dict` popped with a default.
  expectAnnotationsHold(R"py(
def options(**kwargs):
    return kwargs.pop("return_dict", True), kwargs.pop("strict", 1)
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return_dict, strict = options()
        if return_dict is False or strict is True or x is False:
            return len(x)
        if return_dict is True:
            return len(x)  # expect: FX104 "x"
        return x
)py");
}

TEST(PythonObjects, ADictIteratesItsKeysExactly) {
  // A config helper's `[key for key in params if key in labels]` over a dict it filled itself.
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        empty, options = {}, {"a": 1, "b": 2}
        if [key for key in empty] or len([k for k in options if k != "a"]) != 1:
            return len(x)
        for key in empty:
            return len(x)
        if len([key for key in options]) == 2:
            return len(x)  # expect: FX104 "x"
        return x
)py");
}

TEST(PythonObjects, NoneHasNoAttributesOfItsOwn) {
  expectAnnotationsHold(R"py(
def first_sliding(cache=None):
    if hasattr(cache, "is_sliding") and True in cache.is_sliding:
        return cache.is_sliding.index(True)
    return 0
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        return x * first_sliding()
)py");
}

TEST(PythonObjects, LenOfAnObjectWhoseLenReturnsASize) {
  expectAnnotationsHold(R"py(
class Rows:
    def __init__(self, x):
        self.x = x
    def __len__(self):
        return self.x.shape[0]
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if Rows(x):  # expect: FX106 "Rows(x)"
            return x
        return x + 1
)py");
}

TEST(PythonObjects, PropertySetterRuns) {
  expectAnnotationsHold(R"py(
class Config:
    def __init__(self, mode="LOOP"):
        self.mode = mode
    @property
    def mode(self):
        return self._mode
    @mode.setter
    def mode(self, value):
        self._mode = value.lower()
class M(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.config = Config()
    def forward(self, x):
        if self.config._mode == "loop":
            return torch.stack([row for row in x])  # expect: FX105 "x"
        return x
)py");
}

TEST(PythonObjects, ClassAttributeRebindingAtModuleLevelIsSeen) {
  expectAnnotationsHold(R"py(
class Choice(nn.Module):  # expect-verdict: fails
    mode = "mean"
    def forward(self, x):
        if self.mode == "rows":
            return torch.stack([row.sum() for row in x])  # expect: FX105 "x"
        return x.mean(0)
Choice.mode = "rows"
)py");
}

TEST(PythonObjects, RegistryFilledByDecoratorsOnTheClass) {
  expectAnnotationsHold(R"py(
class Registry:
    entries = {}
    @classmethod
    def register(cls, name):
        def decorate(fn):
            cls.entries[name] = fn
            return fn
        return decorate
@Registry.register("count")
def count(x):
    return len(x)  # expect: FX104 "x"
class M(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return Registry.entries["count"](x)
)py");
}

TEST(PythonObjects, MappingMixinsRunOnGetItem) {
  expectAnnotationsHold(R"py(
def plain(x):
    return x * 2
def rows(x):
    return len(x)  # expect: FX104 "x"
class Functions(MutableMapping):
    _table = {"plain": plain, "rows": rows}
    def __init__(self):
        self._local = {}
    def __getitem__(self, key):
        if key in self._local:
            return self._local[key]
        return self._table[key]
    def __setitem__(self, key, value):
        self._local[key] = value
    def __delitem__(self, key):
        del self._local[key]
    def __iter__(self):
        return iter({**self._table, **self._local})
    def __len__(self):
        return len(self._table)
FUNCTIONS = Functions()
class Missing(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        if "fused" in FUNCTIONS:
            return len(x)
        return FUNCTIONS.get("fused", plain)(x)
class Present(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if "rows" not in FUNCTIONS:
            return x
        return FUNCTIONS.get("rows", plain)(x)
)py");
}

TEST(PythonObjects, MappingGetReturnsWhatGetItemReturns) {
  expectAnnotationsHold(R"py(
class Doubler(MutableMapping):
    def __getitem__(self, key):
        return key * 2
    def __setitem__(self, key, value):
        pass
    def __delitem__(self, key):
        pass
    def __iter__(self):
        return iter(())
    def __len__(self):
        return 0
DOUBLE = Doubler()
class M(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        return DOUBLE.get(x)
)py");
}

TEST(PythonObjects, DropPathScheduleSplitByStageDepths) {
  expectAnnotationsHold(R"py(
class M(nn.Module):  # expect-verdict: fails
    def __init__(self, depths=(2, 3)):
        super().__init__()
        rates = [x.tolist() for x in torch.linspace(0, 0.1, sum(depths)).split(depths)]
        self.last_stage = len(rates[-1])
    def forward(self, x):
        if self.last_stage == 3:
            return len(x)  # expect: FX104 "x"
        return x
)py");
}

}  // namespace
}  // namespace fxlint::testing
