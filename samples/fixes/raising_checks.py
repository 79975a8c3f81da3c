# Fix golden sample: raising shape checks become torch._assert (FX101's unsafe fix). The fixed source is
# raising_checks.py.fixed, the diff `fxlint check --diff --unsafe-fixes` prints raising_checks.py.diff.
import torch
import torch.nn as nn


class ChannelGuard(nn.Module):  # expect-verdict: fails
    def __init__(self, channels=3):
        super().__init__()
        self.channels = channels
        self.conv = nn.Conv2d(channels, 4, 1)

    def forward(self, pixel_values):
        num_channels = pixel_values.shape[1]
        if num_channels != self.channels:  # expect: FX101 "pixel_values.shape[1]"
            raise ValueError(
                f"expected {self.channels} channels"  # the message keeps its own comment
            )
        return self.conv(pixel_values)


class RankGuard(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if not x.dim() == 4:  # expect: FX101 "x.dim()"
            raise TypeError
        return x.mean((2, 3))


class EvenSides(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        h, w = x.shape[-2:]
        if not (h % 2 == 0 and w % 2 == 0):  # expect: FX101 "h % 2 == 0"
            raise ValueError("even sides only")
        return x.flip(-1)


class ElseKeepsBranch(nn.Module):  # expect-verdict: fails
    # Not a lone raise: no torch._assert (the else branch would be lost); the whole `if` moves into a
    # new wrapped function.
    def forward(self, x):
        if x.shape[0] > 1:  # expect: FX101 "x.shape[0]"
            raise ValueError("batch of one only")
        else:
            x = x * 2
        return x


class AlreadyTraces(nn.Module):  # expect-verdict: traceable
    def forward(self, x):
        torch._assert(x.shape[1] == 3, "three channels")
        return x + 1


def fxlint_examples():
    return {
        "ChannelGuard": {"make": lambda: ChannelGuard(), "inputs": (torch.randn(2, 3, 8, 8),)},
        "RankGuard": {"make": lambda: RankGuard(), "inputs": (torch.randn(2, 3, 4, 4),)},
        "EvenSides": {"make": lambda: EvenSides(), "inputs": (torch.randn(1, 2, 4, 6),)},
        "ElseKeepsBranch": {"make": lambda: ElseKeepsBranch(), "inputs": (torch.randn(1, 3),)},
        "AlreadyTraces": {"make": lambda: AlreadyTraces(), "inputs": (torch.randn(2, 3),)},
    }
