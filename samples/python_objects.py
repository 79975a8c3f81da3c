# Plain Python object semantics that decide what forward does, evaluated while the model is built or
# traced: the truthiness of containers (an empty `nn.ModuleList` / `nn.Sequential` / `nn.ModuleDict` is
# False, like an empty list, tuple or dict attribute), user classes defining `__len__` / `__bool__`,
# class-level mutable objects shared across reads (a registry dict filled by a decorator at import time,
# also through a subclass, which writes into the parent's dict), class attributes rebound by a classmethod
# or a class decorator, a `@property` whose setter stores into a private attribute, and a dataclass whose
# `__post_init__(self, **kwargs)` pops keys that never arrive (dataclasses call it without them, so every
# pop returns its default), a function table written as a `collections.abc.MutableMapping` whose
# `get()` and `in` come from Mapping itself, and a base class whose `__init_subclass__` rewrites each
# subclass's own attributes (read through `cls.__dict__`) as the subclass is created. Tiny sizes: features of 8.
from collections.abc import MutableMapping
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------------------------------
# truthiness of containers


class ContainerTruthBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """Empty ModuleList / ModuleDict are False (skipped), non-empty ones True (run, iterated by key)."""
    def __init__(self, dim=8, depth=2):
        super().__init__()
        self.pre = nn.ModuleList()
        self.blocks = nn.ModuleList([nn.Linear(dim, dim) for _ in range(depth)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(dim, 3), "box": nn.Linear(dim, 4)})
        self.aux = nn.ModuleDict()

    def forward(self, x):
        if self.pre:
            for layer in self.pre:
                x = layer(x)
        if self.blocks:
            for block in self.blocks:
                x = F.gelu(block(x))
        out = {}
        if self.heads:
            for name, head in self.heads.items():
                out[name] = head(x)
        if self.aux:
            out["aux"] = torch.stack([head(x) for head in self.aux.values()])
        return out


class StridedStageStack(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """Each stage downsamples only when it changes width: the first stage's `nn.ModuleList()` is empty,
    so its loop runs no time at all."""
    def __init__(self, widths=(4, 8)):
        super().__init__()
        self.down = nn.ModuleList()
        self.stages = nn.ModuleList()
        previous = widths[0]
        for width in widths:
            if width != previous:
                self.down.append(nn.ModuleList([nn.Conv2d(previous, width, 2, stride=2)]))
            else:
                self.down.append(nn.ModuleList())
            self.stages.append(nn.Conv2d(width, width, 3, padding=1))
            previous = width

    def forward(self, x):
        for down, stage in zip(self.down, self.stages):
            for layer in down:
                x = layer(x)
            x = stage(x)
        return x


class EmptySequentialFallback(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """`nn.Sequential()` used as a placeholder is False: the fallback path flattens with `len(x)`."""
    def __init__(self, dim=8):
        super().__init__()
        self.proj = nn.Sequential()
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        x = self.norm(x)
        if self.proj:
            return self.proj(x)
        return x.reshape(len(x), -1)  # expect: FX104 "len(x)"  # expect[export dynamic=x:0]: EX301 "len(x)"


class ExtraDimsReduce(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """A non-empty tuple attribute is True (reduce over it); an empty dict of kwargs is False."""
    def __init__(self, extra_dims=(2, 3), norm_kwargs=None):
        super().__init__()
        self.extra_dims = tuple(extra_dims)
        self.norm_kwargs = dict(norm_kwargs or {})

    def forward(self, x):
        if self.extra_dims:
            x = x.mean(dim=self.extra_dims)
        if self.norm_kwargs:
            x = F.normalize(x, **self.norm_kwargs)
        return x


class EmptyCfgListCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    """`not []` is True: without configured widths forward checks the input width itself."""
    def __init__(self, dim=8, cfg_list=None):
        super().__init__()
        self.cfg_list = list(cfg_list or [])
        self.dim = dim
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        if not self.cfg_list:
            if x.shape[-1] != self.dim:  # expect: FX101 "x.shape[-1]"
                raise ValueError("unexpected width")
        return self.fc(x)


# ----------------------------------------------------------------------------------------------------
# user classes defining __len__ / __bool__


class StageSpec:
    def __init__(self, widths=()):
        self.widths = tuple(widths)

    def __len__(self):
        return len(self.widths)


class FeatureSwitch:
    def __init__(self, *names):
        self.names = frozenset(names)

    def __bool__(self):
        return "rowwise" in self.names


class BatchView:
    """Wraps a forward input: its length is the batch size, read from the tensor."""
    def __init__(self, x):
        self.x = x

    def __len__(self):
        return self.x.shape[0]


class SpecLenGate(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """`if self.spec:` calls StageSpec.__len__: 0 widths, so the extra projection is skipped."""
    def __init__(self, dim=8):
        super().__init__()
        self.spec = StageSpec()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        x = self.fc(x)
        if self.spec:
            x = x[..., : self.spec.widths[0]]
        return x


class SwitchBoolRows(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """FeatureSwitch.__bool__ is True: the row-wise path iterates over the batch."""
    def __init__(self, dim=8):
        super().__init__()
        self.switch = FeatureSwitch("rowwise", "bias")
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        if self.switch:
            return torch.stack([self.fc(row) for row in x])  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"
        return self.fc(x)


class BatchViewGate(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """`if view:` calls BatchView.__len__, which returns the traced `x.shape[0]`."""
    def forward(self, x):
        view = BatchView(x)
        if view:  # expect: FX106  # expect[export dynamic=x:0]: EX301
            return x * 2
        return x


# ----------------------------------------------------------------------------------------------------
# a class-level registry dict, filled by a decorator at import time


class OpRegistry:
    _entries = {}

    @classmethod
    def register(cls, name):
        def deco(fn):
            cls._entries[name] = fn
            return fn
        return deco

    @classmethod
    def get(cls, name):
        return cls._entries[name]


class NormOpRegistry(OpRegistry):
    """No `_entries` of its own: `cls._entries[name] = fn` writes into OpRegistry's dict."""


@OpRegistry.register("softclip")
def softclip(x):
    return x / (1 + x.abs())


@OpRegistry.register("positive_part")
def positive_part(x):
    if x.sum() > 0:  # expect: FX102 "x.sum()"  # expect[export]: EX302
        return x
    return x.clamp(min=0)


@NormOpRegistry.register("row_mean")
def row_mean(x):
    return x.reshape(len(x), -1).mean(-1)  # expect: FX104 "len(x)"  # expect[export dynamic=x:0]: EX301 "len(x)"


class RegistrySoftclip(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """Looks the function up at construction and keeps it as a plain attribute."""
    def __init__(self, op="softclip"):
        super().__init__()
        self.op = OpRegistry.get(op)

    def forward(self, x):
        return self.op(x)


class RegistryPositivePart(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    """Looks the function up in forward, through the class-level dict."""
    def __init__(self, op="positive_part"):
        super().__init__()
        self.op_name = op

    def forward(self, x):
        return OpRegistry._entries[self.op_name](x)


class RegistryRowMean(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """Registered through the subclass, found through the parent: one dict shared by both."""
    def __init__(self, op="row_mean"):
        super().__init__()
        self.op = OpRegistry.get(op)

    def forward(self, x):
        return self.op(x)


# ----------------------------------------------------------------------------------------------------
# class attributes rebound by a classmethod or a class decorator


class PoolChoice(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """`mode` is a class attribute; `use()` rebinds it on the class it is called on."""
    mode = "avg"

    @classmethod
    def use(cls, mode):
        cls.mode = mode

    def forward(self, x):
        if self.mode == "avg":
            return x.mean(-1)
        if self.mode == "rows":
            return torch.stack([row.amax() for row in x])  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"
        return x.amax(-1)


class RowPoolChoice(PoolChoice):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """`RowPoolChoice.use("rows")` sets RowPoolChoice.mode only; PoolChoice keeps "avg"."""


RowPoolChoice.use("rows")


def default_activation(name):
    def deco(cls):
        cls.default_act = name
        return cls
    return deco


@default_activation("hardclip")
class DecoratedActBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """The class decorator rebinds `default_act` after the class body ran: the row loop never runs."""
    default_act = "rowwise"

    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        x = self.fc(x)
        if self.default_act == "rowwise":
            return torch.stack([F.relu(row) for row in x])
        return x.clamp(-1.0, 1.0)


# ----------------------------------------------------------------------------------------------------
# a property with a setter, and a dataclass __post_init__(**kwargs)


class BlockConfig:
    def __init__(self, impl="fused"):
        self._impl = impl

    @property
    def impl(self):
        return self._impl

    @impl.setter
    def impl(self, value):
        self._impl = value.lower()


class ConfiguredImplBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """The setter lower-cases "FUSED": forward takes the fused path."""
    def __init__(self, dim=8, impl="FUSED"):
        super().__init__()
        self.cfg = BlockConfig()
        self.cfg.impl = impl
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        if self.cfg.impl == "fused":
            return F.silu(self.fc(x))
        return torch.stack([F.silu(self.fc(row)) for row in x])  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"


class LoopImplBlock(ConfiguredImplBlock):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """Same forward; the setter stores "loop", so forward iterates over the batch."""
    def __init__(self, dim=8):
        super().__init__(dim, impl="Loop")


@dataclass
class PoolHeadConfig:
    dim: int = 8
    num_classes: int = 4

    def __post_init__(self, **kwargs):
        # dataclasses call __post_init__() with no keyword: every pop falls back to its default
        self.pool = kwargs.pop("pool", "auto")
        self.drop_rate = kwargs.pop("drop_rate", 0.0)


class PostInitPoolHead(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:1]: exportable
    """pool is "auto" (the default): forward decides on the sequence length. Exported with a dynamic
    length it stays dynamic: a Dim.AUTO size is assumed >= 2, so `== 1` is False without a guard."""
    def __init__(self):
        super().__init__()
        self.cfg = PoolHeadConfig(dim=8)
        self.fc = nn.Linear(self.cfg.dim, self.cfg.num_classes)

    def forward(self, x):
        if self.cfg.pool == "mean":
            x = x.mean(1)
        elif self.cfg.pool == "auto":
            x = x[:, 0] if x.shape[1] == 1 else x.mean(1)  # expect: FX101 "x.shape[1]"
        return self.fc(x)


# ----------------------------------------------------------------------------------------------------
# a function table written as a collections.abc.MutableMapping: get() and `in` are Mapping's own
# methods, which look the key up with the class's __getitem__ and catch its KeyError


def gated_linear(fc, x):
    return fc(x) * torch.sigmoid(x)


def per_row_linear(fc, x):
    return torch.stack([fc(row) for row in x])  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"


class KernelTable(MutableMapping):
    _shared = {"gated": gated_linear, "rows": per_row_linear}

    def __init__(self):
        self._overrides = {}

    def __getitem__(self, key):
        if key in self._overrides:
            return self._overrides[key]
        return self._shared[key]

    def __setitem__(self, key, value):
        self._overrides[key] = value

    def __delitem__(self, key):
        del self._overrides[key]

    def __iter__(self):
        return iter({**self._shared, **self._overrides})

    def __len__(self):
        return len(self._shared.keys() | self._overrides.keys())


KERNELS = KernelTable()


class TableKernelBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    """"fused" is not in the table: get() falls back to the gated kernel."""
    kernel = "fused"

    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        if self.kernel not in KERNELS and self.kernel != "fused":
            raise KeyError(self.kernel)
        return KERNELS.get(self.kernel, gated_linear)(self.fc, x)


class RowTableKernelBlock(TableKernelBlock):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """"rows" is in the table: the per-row kernel runs."""
    kernel = "rows"


# ----------------------------------------------------------------------------------------------------
# __init_subclass__: the base rewrites each subclass's own class attributes as the subclass is created,
# reading them through `cls.__dict__` (what the class body itself defines, not what it inherits)


class HeadSpec:
    def __init__(self, kind, rows_first=False):
        self.kind = kind
        self.rows_first = rows_first


class SpecConfig:
    heads = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("heads")
        if own is not None:
            cls.heads = {name: value if isinstance(value, HeadSpec) else HeadSpec(value) for name, value in own.items()}
        cls.custom_init = "__init__" in cls.__dict__


class GatedHeadConfig(SpecConfig):
    heads = {"main": "gated"}


class RowHeadConfig(SpecConfig):
    heads = {"main": HeadSpec("gated", rows_first=True)}

    def __init__(self):
        self.scale = 2


class SpecHead(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """Its config class went through `__init_subclass__`: the head is a HeadSpec, not the string written."""
    config_class = GatedHeadConfig

    def __init__(self, dim=8):
        super().__init__()
        spec = self.config_class.heads["main"]
        self.gated = spec.kind == "gated"
        self.rows_first = spec.rows_first or self.config_class.custom_init
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        if self.rows_first:
            return torch.stack([self.fc(row) for row in x])  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"
        if self.gated:
            return self.fc(x) * torch.sigmoid(x)
        return self.fc(x)


class RowSpecHead(SpecHead):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    config_class = RowHeadConfig


def fxlint_examples():
    seq, seq3 = (torch.randn(2, 8),), (torch.randn(3, 8),)
    tok, tok3 = (torch.randn(2, 3, 8),), (torch.randn(3, 3, 8),)
    return {
        "ContainerTruthBlock": {"make": ContainerTruthBlock, "inputs": seq},
        "StridedStageStack": {"make": StridedStageStack, "inputs": (torch.randn(2, 4, 8, 8),),
                              "alt_inputs": (torch.randn(3, 4, 8, 8),)},
        "EmptySequentialFallback": {"make": EmptySequentialFallback, "inputs": tok, "alt_inputs": tok3},
        "ExtraDimsReduce": {"make": ExtraDimsReduce, "inputs": (torch.randn(2, 4, 5, 5),)},
        "EmptyCfgListCheck": {"make": EmptyCfgListCheck, "inputs": seq},
        "SpecLenGate": {"make": SpecLenGate, "inputs": seq},
        "SwitchBoolRows": {"make": SwitchBoolRows, "inputs": seq, "alt_inputs": seq3},
        "BatchViewGate": {"make": BatchViewGate, "inputs": seq, "alt_inputs": seq3},
        "RegistrySoftclip": {"make": RegistrySoftclip, "inputs": seq},
        "RegistryPositivePart": {"make": RegistryPositivePart, "inputs": seq},
        "RegistryRowMean": {"make": RegistryRowMean, "inputs": tok, "alt_inputs": tok3},
        "PoolChoice": {"make": PoolChoice, "inputs": seq},
        "RowPoolChoice": {"make": RowPoolChoice, "inputs": seq, "alt_inputs": seq3},
        "DecoratedActBlock": {"make": DecoratedActBlock, "inputs": seq},
        "ConfiguredImplBlock": {"make": ConfiguredImplBlock, "inputs": seq},
        "LoopImplBlock": {"make": LoopImplBlock, "inputs": seq, "alt_inputs": seq3},
        "PostInitPoolHead": {"make": PostInitPoolHead, "inputs": tok, "alt_inputs": (torch.randn(2, 5, 8),)},
        "SpecHead": {"make": SpecHead, "inputs": seq},
        "RowSpecHead": {"make": RowSpecHead, "inputs": seq, "alt_inputs": seq3},
        "TableKernelBlock": {"make": TableKernelBlock, "inputs": seq, "alt_inputs": seq3},
        "RowTableKernelBlock": {"make": RowTableKernelBlock, "inputs": seq, "alt_inputs": seq3},
    }
