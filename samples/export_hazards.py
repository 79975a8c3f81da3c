# torch.export hazards next to their torch.fx outcome: non-strict export runs forward() on fake tensors
# whose sizes are real ints (static dims) or SymInts (dims declared Dim.AUTO). Decisions on static sizes,
# `is None` and isinstance() checks just run; a decision on tensor VALUES cannot be guarded (EX302),
# `.numpy()` has no data to read (EX303), and int()/len()/range()/equality on a dynamic dim specializes it
# (EX301), while an inequality on it only narrows its range. torch._check() turns data-dependent values
# into ones export can use.
import functools

import numpy as np
import torch
import torch.nn as nn


class PositiveSumBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        if x.sum() > 0:  # expect: FX102 "x.sum()"  # expect[export]: EX302
            return x * 2
        return -x


class ItemThresholdBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        peak = x.max().item()
        if peak > 3.0:  # expect: FX102 "peak"  # expect[export]: EX302
            return x / peak
        return x


class ListedLengthsBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x, lengths):
        sizes = lengths.tolist()
        if sizes[0] > 2:  # expect: FX102 "sizes[0]"  # expect[export]: EX302
            return x[:, :2]
        return x


class CheckedItemBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x, lengths):
        n = lengths.max().item()
        # torch._check tells export what the data-dependent value is: the branch below is then decided
        # without a guard. FX cannot take torch._check (it wants a bool, not a Proxy), hence the test.
        if torch.compiler.is_exporting():  # expect: FX203 "torch.compiler.is_exporting()"
            torch._check(n > 0)
        if n > 0:  # expect: FX102 "n > 0"
            return x[:, :n].sum(1)
        return x.sum(1)


class StaticChannelBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def forward(self, x):
        # Dim 1 is static in every export configuration below: the branch is decided once, correctly.
        if x.shape[1] == 3:  # expect: FX101 "x.shape[1]"
            return x * 2
        return x


class BatchOfFourBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        if x.shape[0] == 4:  # expect: FX101 "x.shape[0]"  # expect[export dynamic=x:0]: EX301 "x.shape[0]"
            return x.flip(0)
        return x


class MultiRowBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def forward(self, x):
        # An inequality on a Dim.AUTO dim narrows its range (>= 2 for the example) and keeps it symbolic.
        if x.shape[0] > 1:  # expect: FX101 "x.shape[0]"
            return x - x.mean(0)
        return x


class MissingInputDefault(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        # The exported inputs are real (fake) tensors: the `is None` check runs as eager does.
        if x is None:  # expect: FX201 "x"
            return torch.zeros(1)
        return x + 1


class TensorTypeCheck(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        # A fake tensor is a torch.Tensor; a Proxy is not.
        if isinstance(x, torch.Tensor):  # expect: FX202 "isinstance"
            return x.relu()
        return x


def is_fake(x):
    # The guard libraries write around eager-only checks, reaching torch internals through getattr.
    try:
        return isinstance(x, getattr(torch, "_subclasses").FakeTensor)  # expect: FX202 "isinstance"
    except Exception:
        return False


class PaddingCheckSkippedWhenFake(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    """The padding check reads token values, which fake tensors do not have: torch.export skips it, while
    a Proxy is no fake tensor, so symbolic_trace runs it."""
    def __init__(self, pad_id=0):
        super().__init__()
        self.pad_id = pad_id
        self.warned = False

    def forward(self, x):
        if not is_fake(x) and self.pad_id in x[:, [-1, 0]]:  # expect: FX102 "self.pad_id in"
            self.warned = True
        return x.float().mean(-1)


def rows_from_config(forward):
    # Fills an argument the caller left out from the module's settings, as config-default decorators do.
    @functools.wraps(forward)
    def wrapper(self, *args, **kwargs):
        if kwargs.get("rows") is None and len(args) < 2:
            kwargs["rows"] = self.rows_default
        return forward(self, *args, **kwargs)
    return wrapper


class ConfigFilledRows(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    """torch.export calls forward(x): the wrapper sees `rows` absent and fills it in, so the rows branch runs."""
    rows_default = True

    @rows_from_config
    def forward(self, x, rows=None):
        if rows:  # expect: FX102 "rows"
            return x.reshape(len(x), -1)  # expect: FX104 "x"  # expect[export dynamic=x:0]: EX301 "len(x)"
        return x


class NumpyPeakScale(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        peak = np.abs(x.detach().numpy()).max()  # expect: FX110 "np.abs"  # expect[export]: EX303 "numpy"
        return x / float(peak)


class ChannelCheckRaise(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def forward(self, x):
        if x.shape[1] != 3:  # expect: FX101 "x.shape[1]"
            raise ValueError("expected 3 channels")
        return x.mean(1)


class ZeroedFirstColumn(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        x = x.clone()
        x[:, 0] = 0.0  # expect: FX117 "x[:, 0]"
        return x


class RowAccumulate(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        total = torch.zeros_like(x[0])
        for row in x:  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"
            total = total + row.relu()
        return total


class LengthNormalize(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        return x.sum(0) / len(x)  # expect: FX104 "len(x)"  # expect[export dynamic=x:0]: EX301 "len(x)"


class AnyMaskedBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x, mask):
        if bool(mask.any()):  # expect: FX102 "mask.any()"  # expect[export]: EX302
            return x.masked_fill(mask, 0.0)
        return x


def fxlint_examples():
    x = torch.randn(4, 3, 5)
    lengths = torch.tensor([3, 1, 2, 2])
    return {
        "PositiveSumBranch": {"make": PositiveSumBranch, "inputs": (x,)},
        "ItemThresholdBranch": {"make": ItemThresholdBranch, "inputs": (x * 4,)},
        "ListedLengthsBranch": {"make": ListedLengthsBranch, "inputs": (x, lengths)},
        "CheckedItemBranch": {"make": CheckedItemBranch, "inputs": (x, lengths), "alt_inputs": (x, torch.tensor([1, 1, 0, 1]))},
        "StaticChannelBranch": {"make": StaticChannelBranch, "inputs": (x,), "alt_inputs": (torch.randn(2, 3, 5),)},
        "BatchOfFourBranch": {"make": BatchOfFourBranch, "inputs": (x,), "alt_inputs": (torch.randn(2, 3, 5),)},
        "MultiRowBranch": {"make": MultiRowBranch, "inputs": (x,), "alt_inputs": (torch.randn(3, 3, 5),)},
        "MissingInputDefault": {"make": MissingInputDefault, "inputs": (x,), "alt_inputs": (None,)},
        "TensorTypeCheck": {"make": TensorTypeCheck, "inputs": (x,)},
        "PaddingCheckSkippedWhenFake": {"make": PaddingCheckSkippedWhenFake,
                                          "inputs": (torch.randint(0, 9, (4, 6)),),
                                          "alt_inputs": (torch.randint(0, 9, (2, 6)),)},
        "ConfigFilledRows": {"make": ConfigFilledRows, "inputs": (x,), "alt_inputs": (torch.randn(2, 3, 5),)},
        "NumpyPeakScale": {"make": NumpyPeakScale, "inputs": (x,)},
        "ChannelCheckRaise": {"make": ChannelCheckRaise, "inputs": (x,), "alt_inputs": (torch.randn(2, 3, 5),)},
        "ZeroedFirstColumn": {"make": ZeroedFirstColumn, "inputs": (x,)},
        "RowAccumulate": {"make": RowAccumulate, "inputs": (x,), "alt_inputs": (torch.randn(2, 3, 5),)},
        "LengthNormalize": {"make": LengthNormalize, "inputs": (x,), "alt_inputs": (torch.randn(2, 3, 5),)},
        "AnyMaskedBranch": {"make": AnyMaskedBranch, "inputs": (x, x > 1.5)},
    }
