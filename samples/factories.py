# torch factory functions fed with traced sizes, devices and dtypes. On torch 2.14 most of them are
# recorded as graph nodes (the size, device or dtype Proxy becomes a node argument); what still fails is
# a traced size as the FIRST of several positional sizes, torch.tensor() of traced values, and
# torch.finfo() of a traced dtype (FX108). Splitting a Proxy and handing the pieces to cat/stack traces.
import torch
import torch.nn as nn


class ZerosLikeBatch(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return x.sum(-1) + torch.zeros(x.size(0))


class ZerosOfInputShape(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return torch.zeros(x.shape) + x


class OnesFromSizeTuple(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return x + torch.ones((x.size(0), x.size(1)))


class TrailingTracedSize(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # A constant first size selects the varargs overload; the traced size after it is recorded.
        return x + torch.zeros(1, x.size(1))


class PositionsArange(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        positions = torch.arange(x.size(1), device=x.device)
        return x + positions.to(x.dtype)


class BiasOnInputDevice(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return x + torch.ones(x.size(-1), device=x.device, dtype=x.dtype)


class FullOfBatch(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return torch.full((x.size(0), 1), 0.5) * x


class CausalMaskFromSize(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, scores):
        length = scores.size(-1)
        mask = torch.triu(torch.ones((length, length), dtype=torch.bool), diagonal=1)
        return scores.masked_fill(mask, float("-inf"))


class LeadingTracedSize(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.dim = 4

    def forward(self, x):
        # A Proxy first makes the parser pick the single-size overload, which then gets two arguments.
        state = torch.zeros(x.size(0), self.dim)  # expect: FX108 "torch.zeros"
        return torch.cat([x, state], 1)


class NoiseOfBatch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x + torch.randn(x.size(0), x.size(1)) * 0  # expect: FX108 "torch.randn"


class LengthsTensor(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        lengths = torch.tensor([x.size(1)])  # expect: FX108 "torch.tensor"
        return x.sum(1) / lengths


class ScalarTensorOfSize(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x / torch.tensor(x.size(-1))  # expect: FX108 "torch.tensor"


class DtypeMinFill(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, scores, mask):
        return scores.masked_fill(mask, torch.finfo(scores.dtype).min)  # expect: FX108 "torch.finfo"


class CatOfSplit(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return torch.cat(x.split(2, 1)[::-1], 1)


class StackOfUnbind(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        return torch.stack(x.unbind(0), -1)  # expect[export dynamic=x:0]: EX301 "x.unbind(0)"


def fxlint_examples():
    matrix = (torch.randn(2, 4),)
    other = (torch.randn(3, 4),)
    scores = (torch.randn(2, 5, 5), torch.rand(2, 5, 5) > 0.5)
    return {
        "ZerosLikeBatch": {"make": ZerosLikeBatch, "inputs": matrix, "alt_inputs": other},
        "ZerosOfInputShape": {"make": ZerosOfInputShape, "inputs": matrix, "alt_inputs": other},
        "OnesFromSizeTuple": {"make": OnesFromSizeTuple, "inputs": matrix, "alt_inputs": other},
        "TrailingTracedSize": {"make": TrailingTracedSize, "inputs": matrix, "alt_inputs": (torch.randn(3, 6),)},
        "PositionsArange": {"make": PositionsArange, "inputs": matrix, "alt_inputs": (torch.randn(3, 6),)},
        "BiasOnInputDevice": {"make": BiasOnInputDevice, "inputs": matrix, "alt_inputs": (torch.randn(3, 6),)},
        "FullOfBatch": {"make": FullOfBatch, "inputs": matrix, "alt_inputs": other},
        "CausalMaskFromSize": {"make": CausalMaskFromSize, "inputs": (torch.randn(2, 5, 5),),
                               "alt_inputs": (torch.randn(1, 7, 7),)},
        "LeadingTracedSize": {"make": LeadingTracedSize, "inputs": matrix},
        "NoiseOfBatch": {"make": NoiseOfBatch, "inputs": matrix},
        "LengthsTensor": {"make": LengthsTensor, "inputs": (torch.randn(2, 5, 3),)},
        "ScalarTensorOfSize": {"make": ScalarTensorOfSize, "inputs": matrix},
        "DtypeMinFill": {"make": DtypeMinFill, "inputs": scores},
        "CatOfSplit": {"make": CatOfSplit, "inputs": (torch.randn(2, 6),), "alt_inputs": (torch.randn(3, 8),)},
        "StackOfUnbind": {"make": StackOfUnbind, "inputs": matrix, "alt_inputs": other},
    }
