# Idioms of model code written for torch 2.x: buffers made with `nn.Buffer`, parameters of a layer read
# from outside it (`self.proj.weight.dtype`), `isinstance(x, torch.fx.Proxy)`, `except` clauses that do
# or do not catch what tracing raises, a traced value as a ModuleDict key, factories given
# `device=x.device`, assigning into a slice of a traced tensor. Each class checks one of them against what
# torch 2.14's symbolic_trace does.
import torch
import torch.fx
import torch.nn as nn


class PositionIdsBuffer(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, max_positions=16):
        super().__init__()
        self.position_ids = nn.Buffer(torch.arange(max_positions).expand((1, -1)), persistent=False)
        self.embed = nn.Embedding(max_positions, 4)

    def forward(self, input_ids):
        length = input_ids.shape[1]
        position_ids = self.position_ids[:, :length]  # expect: FX109 "input_ids.shape[1]"
        return self.embed(input_ids) + self.embed(position_ids)


class BufferLengthCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, rows=16):
        super().__init__()
        self.table = nn.Buffer(torch.zeros(rows, 4))

    def forward(self, x):
        if x.shape[0] > self.table.shape[0]:  # expect: FX101 "x.shape[0]"
            raise ValueError("too many rows")
        return x + self.table[: x.shape[0]]  # expect: FX109 "x.shape[0]"


class ProjectionDtype(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    @property
    def dtype(self):
        return self.proj.weight.dtype

    def forward(self, x, mask):
        mask = mask.to(self.dtype)
        return self.proj(x) + (1.0 - mask) * torch.finfo(self.dtype).min  # expect: FX108 "torch.finfo"


class ProjectionWidthCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)
        self.norm = nn.BatchNorm1d(4)

    def forward(self, x):
        if self.norm.running_mean.shape[0] != 4:
            return x
        if self.proj.weight.shape[1] != x.shape[-1]:  # expect: FX101 "self.proj.weight.shape[1]"
            return x
        return self.norm(self.proj(x))


class ProxyAwareScale(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        if isinstance(x, torch.fx.Proxy):  # expect: FX202 "isinstance"
            return x + 1
        return x * 2


class WrongExceptClause(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        try:
            if x.sum() > 0:  # expect: FX102 "x.sum()"  # expect[export]: EX302
                x = x * 2
        except TypeError:
            pass
        return x


class CatchingExceptClause(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: fails
    def forward(self, x):
        try:
            if x.sum() > 0:  # expect: FX204  # expect[export]: EX302
                x = x * 2
        except ValueError:
            x = x + 1
        return x


class TracedHeadKey(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=x]: exportable
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"0": nn.Linear(4, 4), "1": nn.Linear(4, 4)})

    def forward(self, x, task="0"):
        return self.heads[task](x)  # expect: FX109 "task"


class FactoryOnInputDevice(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        positions = torch.arange(x.shape[1], device=x.device)
        scale = torch.tensor(2.0, device=x.device, dtype=x.dtype)
        return (x + positions) * scale


class FirstColumnZeroed(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        y = self.proj(x)
        y[:, 0] = 0.0  # expect: FX117 "y[:, 0]"
        return y


class FirstColumnFilled(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)
        self.register_buffer("counts", torch.zeros(4))

    def forward(self, x):
        y = self.proj(x)
        self.counts[0] = y.sum()
        return y.masked_fill(y > 1.0, 1.0)


class AssertedTensorInput(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        assert isinstance(x, torch.Tensor), "expected a tensor"  # expect: FX111; FX202 "isinstance"
        return x * 2


def fxlint_examples():
    x = (torch.randn(2, 4),)
    ids = (torch.randint(0, 16, (2, 5)),)
    with_mask = (torch.randn(2, 4), torch.ones(2, 4))
    return {
        "PositionIdsBuffer": {"make": PositionIdsBuffer, "inputs": ids},
        "BufferLengthCheck": {"make": BufferLengthCheck, "inputs": x},
        "ProjectionDtype": {"make": ProjectionDtype, "inputs": with_mask},
        "ProjectionWidthCheck": {"make": ProjectionWidthCheck, "inputs": x},
        "ProxyAwareScale": {"make": ProxyAwareScale, "inputs": x},
        "WrongExceptClause": {"make": WrongExceptClause, "inputs": x},
        "CatchingExceptClause": {"make": CatchingExceptClause, "inputs": x},
        "TracedHeadKey": {"make": TracedHeadKey, "inputs": (torch.randn(2, 4), "1")},
        "FactoryOnInputDevice": {"make": FactoryOnInputDevice, "inputs": x},
        "FirstColumnZeroed": {"make": FirstColumnZeroed, "inputs": x},
        "FirstColumnFilled": {"make": FirstColumnFilled, "inputs": x},
        "AssertedTensorInput": {"make": AssertedTensorInput, "inputs": x},
    }
