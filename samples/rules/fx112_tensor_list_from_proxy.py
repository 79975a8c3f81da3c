# FX112 tensor-list-from-proxy: torch.cat/stack given the single traced result of split/chunk/unbind
# instead of a list. On torch 2.14 this traces (the split is one node and cat takes it as its list:
# docs/fx_semantics.md), and fxlint's 2.14 facts never report FX112, so every class here is a close
# negative that must stay clean; the rule fires only with the torch 1.13 facts, which no sample runs.
import torch
import torch.nn as nn


class ChannelGroupsToBatch(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, channels=8, groups=4):
        super().__init__()
        self.groups = groups
        self.conv = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        return torch.cat(self.conv(x).chunk(self.groups, dim=1), dim=0)


class TokensToChannels(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=16):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return torch.stack(self.proj(x).unbind(1), dim=-1)


class SwapHalves(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=16):
        super().__init__()
        self.half = dim // 2
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        first, second = self.proj(x).split(self.half, dim=-1)
        return torch.cat([second, first], dim=-1)


def fxlint_examples():
    tokens = (torch.randn(2, 5, 16),)
    return {
        "ChannelGroupsToBatch": {"make": ChannelGroupsToBatch, "inputs": (torch.randn(2, 8, 4, 4),)},
        "TokensToChannels": {"make": TokensToChannels, "inputs": tokens},
        "SwapHalves": {"make": SwapHalves, "inputs": tokens},
    }
