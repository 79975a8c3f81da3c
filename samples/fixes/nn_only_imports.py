# Fix golden sample: a file that imports only `torch.nn`. The rewrite to torch._assert names `torch`,
# so the fix adds `import torch` before the first import (a second fix in the same pass waits for the
# next one, which finds the import there).
import torch.nn as nn
import torch.nn.functional as F


class ChannelGate(nn.Module):  # expect-verdict: fails
    def __init__(self, channels=4):
        super().__init__()
        self.channels = channels
        self.proj = nn.Linear(channels, channels)

    def forward(self, x):
        if x.shape[-1] != self.channels:  # expect: FX101 "x.shape[-1]"
            raise ValueError("wrong number of channels")
        if x.shape[0] > 64:  # expect: FX101 "x.shape[0]"
            raise ValueError("batch too large")
        return F.relu(self.proj(x))


def fxlint_examples():
    import torch

    return {"ChannelGate": {"make": ChannelGate, "inputs": (torch.randn(2, 4),)}}
