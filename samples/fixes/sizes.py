# Fix golden sample: factories given traced sizes become x.new_*(...) with the factory's default dtype and
# device (FX108, safe), and len() of traced values (FX104). The `if len(x) ...: raise` check needs two
# passes: the len() fix first, then FX101's torch._assert on the comparison it leaves.
import torch
import torch.nn as nn


class ZeroState(nn.Module):  # expect-verdict: fails
    def __init__(self, dim=5):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        state = torch.zeros(x.size(0), self.dim)  # expect: FX108 "torch.zeros"
        return torch.cat([x, state], 1)


class OnesMask(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        mask = torch.ones(x.size(0), x.size(1), dtype=torch.bool)  # expect: FX108 "torch.ones"
        return x.masked_fill(~mask, 0.0)


class BatchMean(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        mean = x.sum(0) / len(x)  # expect: FX104 "len(x)"
        return mean, x.flatten(len(x.shape) - 1)  # expect: FX104 "len(x.shape)"


class BatchOfFour(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if len(x) != 4:  # expect: FX104 "len(x)"
            raise ValueError("batches of four")
        return x * 2


class TrailingSides(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        *_, h, w = x.shape  # expect: FX105 "x.shape"
        return x.reshape(-1, h * w)


class RandnOfBatch(nn.Module):  # expect-verdict: fails
    # No local rewrite (torch.randn has no tensor-method form): the `return` moves into a wrapped function.
    def forward(self, x):
        return x + torch.randn(x.size(0), x.size(1)) * 0  # expect: FX108 "torch.randn"


def fxlint_examples():
    return {
        "ZeroState": {"make": lambda: ZeroState(), "inputs": (torch.randn(2, 3),)},
        "OnesMask": {"make": lambda: OnesMask(), "inputs": (torch.randn(2, 3, dtype=torch.float64),)},
        "BatchMean": {"make": lambda: BatchMean(), "inputs": (torch.randn(4, 3, 2),)},
        "BatchOfFour": {"make": lambda: BatchOfFour(), "inputs": (torch.randn(4, 3),)},
        "TrailingSides": {"make": lambda: TrailingSides(), "inputs": (torch.randn(2, 3, 4, 5),)},
        "RandnOfBatch": {"make": lambda: RandnOfBatch(), "inputs": (torch.randn(2, 3),)},
    }
