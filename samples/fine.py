# Constructs that look risky but trace faithfully: fixed-length unpacking, comparisons that are only
# stored, loops over constants and module containers, math.* and arithmetic on sizes,
# shapes passed to torch, containers of Proxies, *args indexing, decorators, print, abs() of a size
# (recorded on torch 2.x), .item()/.tolist() as nodes, state mutated once at trace time, and
# contexts/functions FX runs through.
import functools
import math
from math import sqrt

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint


class UnpackedShape(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # Unpacking into a fixed number of names asks the Proxy for exactly that many items.
        batch, channels, height, width = x.shape
        return x.view(batch, channels, height * width).mean(-1)


class GatedChunks(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        value, gate = x.chunk(2, dim=-1)
        return value * torch.sigmoid(gate)


class LstmStateUnpack(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 8, batch_first=True)

    def forward(self, x):
        # nn.LSTM is a leaf: its Python-level checks on the input never run under FX.
        out, (h, c) = self.lstm(x)
        return out[:, -1] + h[-1] + c[-1]


class StoredComparison(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        is_wide = x.size(-1) > x.size(-2)
        return x * is_wide


class ConstantRangeLoop(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        for step in range(3):
            x = x + step * 0.1
        return x


class LayerLoops(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
        self.heads = nn.ModuleDict({"mean": nn.Linear(8, 1), "scale": nn.Linear(8, 1)})

    def forward(self, x):
        for i in range(len(self.layers)):
            x = self.layers[i](x).relu()
        for depth, layer in enumerate(self.layers):
            x = x + layer(x) * depth
        return torch.cat([head(x) for _, head in self.heads.items()], -1)


class MathOnSizes(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, q, k):
        # symbolic_trace wraps the math module (and a `from math import` name in this file) for the trace.
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.size(-1))
        return scores.softmax(-1) * sqrt(k.size(-2)) * math.prod(q.shape[:1])


class SizeArithmetic(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        merged = x.reshape(x.size(0) * x.size(1), -1)
        return merged[:, : x.shape[-1] // 2]


class NewTensorsFromInput(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return x.new_zeros(x.size(0), 4).sum(-1) + torch.zeros_like(x).sum(-1)


class BooleanMaskAndWhere(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        leaky = torch.where(x > 0, x, 0.1 * x)
        return leaky[leaky > 0].sum()


class ShapesAsArguments(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        coarse = F.avg_pool2d(x, 2)
        restored = F.interpolate(coarse, size=x.shape[2:])
        padded = F.pad(restored, (0, x.size(0)))
        flat = padded.view(padded.size(0), -1)
        column = x[:, :1].expand(x.shape)
        return flat.sum(-1) + column.view(x.size() + (1,)).sum((1, 2, 3, 4))


class ContainersOfProxies(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        branches = {"identity": x, "pair": [x * 2, x * 3]}
        return sum([branches["identity"], *branches["pair"]])


class FirstOfVarArgs(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: unknown
    def forward(self, *args):
        # *args is one Proxy under FX; indexing it records getitem nodes.
        return args[0] + args[1]  # expect[export]: FX003


class KeywordOnlyScale(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x, *, scale=2.0):
        return x * scale


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


class DecoratedForward(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    @logged
    def forward(self, x):
        return x.tanh()


class PrintsSize(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        print("batch:", x.size(0))
        return x * 2


class AbsOfSize(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # Proxy defines __abs__ on torch 2.x: abs() of a size is recorded as operator.abs.
        return x * abs(x.size(-1) - 10)


class ItemAsNode(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return x - x.mean().item()


class ListOutput(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # .tolist() is recorded as a method call; only a Python decision on its result would fail.
        return x.relu().tolist()


class CallCounter(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x):
        # Runs once, while tracing: the graph never counts its own calls.
        self.calls += 1
        return x * 2


class NoGradStatistics(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        with torch.no_grad():
            scale = x.abs().amax(-1, keepdim=True)
        return x / (scale + 1e-6)


class ClampGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, grad):
        return grad.clamp(-1.0, 1.0)


class CustomAutogradFunction(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return ClampGradient.apply(x) * 2


class CheckpointedBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.block = nn.Sequential(nn.Linear(8, 8), nn.GELU())

    def forward(self, x):
        return checkpoint(self.block, x, use_reentrant=False) + x


class TrainingFlagDropout(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # self.training is a plain bool: its value at trace time is baked in, as eval() intends.
        return F.dropout(x, 0.5, training=self.training)


def fxlint_examples():
    images = (torch.randn(2, 3, 8, 8),)
    other_images = (torch.randn(1, 3, 6, 10),)
    vectors = (torch.randn(2, 8),)
    other_vectors = (torch.randn(3, 8),)
    qk = (torch.randn(2, 4, 8), torch.randn(2, 4, 8))
    return {
        "UnpackedShape": {"make": UnpackedShape, "inputs": images, "alt_inputs": other_images},
        "GatedChunks": {"make": GatedChunks, "inputs": vectors},
        "LstmStateUnpack": {"make": LstmStateUnpack, "inputs": (torch.randn(2, 5, 8),),
                            "alt_inputs": (torch.randn(3, 2, 8),)},
        "StoredComparison": {"make": StoredComparison, "inputs": images, "alt_inputs": other_images},
        "ConstantRangeLoop": {"make": ConstantRangeLoop, "inputs": vectors},
        "LayerLoops": {"make": LayerLoops, "inputs": vectors},
        "MathOnSizes": {"make": MathOnSizes, "inputs": qk,
                        "alt_inputs": (torch.randn(1, 3, 16), torch.randn(1, 3, 16))},
        "SizeArithmetic": {"make": SizeArithmetic, "inputs": images, "alt_inputs": other_images},
        "NewTensorsFromInput": {"make": NewTensorsFromInput, "inputs": vectors, "alt_inputs": other_vectors},
        "BooleanMaskAndWhere": {"make": BooleanMaskAndWhere, "inputs": vectors},
        "ShapesAsArguments": {"make": ShapesAsArguments, "inputs": images, "alt_inputs": other_images},
        "ContainersOfProxies": {"make": ContainersOfProxies, "inputs": vectors},
        "FirstOfVarArgs": {"make": FirstOfVarArgs, "inputs": (torch.randn(2), torch.randn(2))},
        "KeywordOnlyScale": {"make": KeywordOnlyScale, "inputs": vectors},
        "DecoratedForward": {"make": DecoratedForward, "inputs": vectors},
        "PrintsSize": {"make": PrintsSize, "inputs": vectors},
        "AbsOfSize": {"make": AbsOfSize, "inputs": vectors, "alt_inputs": (torch.randn(2, 16),)},
        "ItemAsNode": {"make": ItemAsNode, "inputs": vectors, "alt_inputs": other_vectors},
        "ListOutput": {"make": ListOutput, "inputs": vectors},
        "CallCounter": {"make": CallCounter, "inputs": vectors},
        "NoGradStatistics": {"make": NoGradStatistics, "inputs": vectors},
        "CustomAutogradFunction": {"make": CustomAutogradFunction, "inputs": vectors},
        "CheckpointedBlock": {"make": CheckpointedBlock, "inputs": vectors},
        "TrainingFlagDropout": {"make": TrainingFlagDropout, "inputs": vectors},
    }
