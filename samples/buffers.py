# Module attributes under symbolic_trace: buffers are real tensors, parameters are Proxies. A buffer
# SLICED with a traced bound raises TypeError (FX109): Python builds the slice object before torch sees
# it. A buffer indexed by a traced integer or tensor, a buffer's methods given traced sizes, and a
# parameter sliced like the buffer all trace; a buffer's value decides branches concretely.
import math

import torch
import torch.nn as nn


def sinusoid_table(length, dim):
    position = torch.arange(length).unsqueeze(1)
    frequency = torch.exp(torch.arange(0, dim, 2) * (-math.log(10000.0) / dim))
    table = torch.zeros(1, length, dim)
    table[0, :, 0::2] = torch.sin(position * frequency)
    table[0, :, 1::2] = torch.cos(position * frequency)
    return table


class SinusoidalPositions(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, dim=8, max_length=32):
        super().__init__()
        self.register_buffer("pe", sinusoid_table(max_length, dim))

    def forward(self, x):
        return x + self.pe[:, : x.size(1)]  # expect: FX109 "self.pe"


class CausalMaskBuffer(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, max_length=16):
        super().__init__()
        self.register_buffer("mask", torch.tril(torch.ones(max_length, max_length)).view(1, 1, max_length, max_length))

    def forward(self, scores):
        length = scores.size(-1)
        visible = self.mask[:, :, :length, :length]  # expect: FX109 "self.mask"
        return scores.masked_fill(visible == 0, float("-inf")).softmax(-1)


class BufferRowByTracedIndex(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.register_buffer("batch_bias", torch.randn(8, 4))

    def forward(self, x):
        # An integer Proxy index reaches Tensor.__getitem__'s torch-function dispatch: recorded, not raised.
        return x + self.batch_bias[x.size(0)]


class BufferLookupByTensor(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.register_buffer("codebook", torch.randn(16, 4))

    def forward(self, codes):
        return self.codebook[codes]


class NarrowedBuffer(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=8, max_length=32):
        super().__init__()
        self.register_buffer("pe", sinusoid_table(max_length, dim))

    def forward(self, x):
        return x + self.pe.narrow(1, 0, x.size(1))


class LearnedPositions(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=8, max_length=32):
        super().__init__()
        self.pe = nn.Parameter(torch.randn(1, max_length, dim))

    def forward(self, x):
        # Parameters are get_attr Proxies, so this slice is recorded like any tensor slice.
        return x + self.pe[:, : x.size(1)]


class BufferFlagBranch(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: fails
    def __init__(self):
        super().__init__()
        self.register_buffer("calibrated", torch.tensor(True))
        self.register_buffer("offset", torch.full((8,), 0.25))

    def forward(self, x):
        # A buffer is a real tensor: this branch is decided at trace time, from the buffer's value.
        if self.calibrated:  # expect[export]: EX302
            return x - self.offset
        return x


def fxlint_examples():
    sequence = (torch.randn(2, 5, 8),)
    other_sequence = (torch.randn(1, 9, 8),)
    return {
        "SinusoidalPositions": {"make": SinusoidalPositions, "inputs": sequence},
        "CausalMaskBuffer": {"make": CausalMaskBuffer, "inputs": (torch.randn(2, 2, 5, 5),)},
        "BufferRowByTracedIndex": {"make": BufferRowByTracedIndex, "inputs": (torch.randn(2, 4),),
                                   "alt_inputs": (torch.randn(5, 4),)},
        "BufferLookupByTensor": {"make": BufferLookupByTensor, "inputs": (torch.tensor([[1, 2], [3, 15]]),)},
        "NarrowedBuffer": {"make": NarrowedBuffer, "inputs": sequence, "alt_inputs": other_sequence},
        "LearnedPositions": {"make": LearnedPositions, "inputs": sequence, "alt_inputs": other_sequence},
        "BufferFlagBranch": {"make": BufferFlagBranch, "inputs": (torch.randn(2, 8),)},
    }
