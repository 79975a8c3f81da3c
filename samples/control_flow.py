# Python control flow decided by traced shapes (FX101): every form of bool() on a value derived from
# x.shape / x.size() / x.dim() / x.ndim / x.numel(), and on a parameter's shape, which is a Proxy too.
import torch
import torch.nn as nn
import torch.nn.functional as F


class RankDispatch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.dim() == 4:  # expect: FX101 "x.dim()"
            x = x.flatten(2)
        return x.mean(-1)


class HalveUntilSmall(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        while x.size(-1) > 4:  # expect: FX101 "x.size(-1)"
            x = F.avg_pool2d(x, 2)
        return x


class BatchedOnlyAssert(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        assert x.ndim == 4, "expected NCHW"  # expect: FX101 "x.ndim"
        return x.relu()


class BatchScaleTernary(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def forward(self, x):
        scale = 0.5 if x.size(0) > 1 else 1.0  # expect: FX101 "x.size(0)"
        return x * scale


class EmptyInputShortcut(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if not x.numel():  # expect: FX101 "x.numel()"
            return x
        return x.softmax(-1)


class SpatialGuardAnd(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        # `and` calls bool() on its left operand first: that is where FX raises.
        if x.size(2) > 1 and x.size(3) > 1:  # expect: FX101 "x.size(2)"
            x = F.max_pool2d(x, 2)
        return x


class BatchDefaultOr(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self):
        super().__init__()
        self.default_batch = 1

    def forward(self, x):
        batch = x.size(0) or self.default_batch  # expect: FX101 "x.size(0)"
        return x.reshape(batch, -1)


class ExplicitBool(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def forward(self, x):
        has_rows = bool(x.size(0))  # expect: FX101 "x.size(0)"
        return x.sum(0) if has_rows else x


class ChainedComparison(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if 0 < x.size(-1) <= 16:  # expect: FX101 "x.size(-1)"
            return x * 2
        return x


class ChannelsInTuple(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.size(1) in (1, 3):  # expect: FX101 "x.size(1)"
            return x.mean(1, keepdim=True)
        return x


class ShapeTupleEquality(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.shape[-2:] == (8, 8):  # expect: FX101 "x.shape[-2:]"
            return x
        return F.interpolate(x, size=(8, 8))


class ParameterShapeCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 8))

    def forward(self, x):
        # Parameters are get_attr Proxies under symbolic_trace, so their shapes are Proxies as well.
        if self.weight.shape[1] != 8:  # expect: FX101 "self.weight.shape[1]"
            raise ValueError("weight was resized")
        return x @ self.weight.t()


def fxlint_examples():
    images = (torch.randn(2, 3, 8, 8),)
    return {
        "RankDispatch": {"make": RankDispatch, "inputs": images},
        "HalveUntilSmall": {"make": HalveUntilSmall, "inputs": images},
        "BatchedOnlyAssert": {"make": BatchedOnlyAssert, "inputs": images},
        "BatchScaleTernary": {"make": BatchScaleTernary, "inputs": images},
        "EmptyInputShortcut": {"make": EmptyInputShortcut, "inputs": images},
        "SpatialGuardAnd": {"make": SpatialGuardAnd, "inputs": images},
        "BatchDefaultOr": {"make": BatchDefaultOr, "inputs": images},
        "ExplicitBool": {"make": ExplicitBool, "inputs": images},
        "ChainedComparison": {"make": ChainedComparison, "inputs": images},
        "ChannelsInTuple": {"make": ChannelsInTuple, "inputs": images},
        "ShapeTupleEquality": {"make": ShapeTupleEquality, "inputs": images},
        "ParameterShapeCheck": {"make": ParameterShapeCheck, "inputs": (torch.randn(2, 8),)},
    }
