"""Output fixture: a chain across files, suppressions used and unused, non-ASCII text before a site."""
import torch
import torch.nn as nn

from models.stem import Stem


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = Stem()
        self.head = nn.Linear(8, 2)

    def forward(self, x, mask=None):
        x = self.stem(x)
        if mask is not None:  # fxlint: ignore[FX201]
            x = x * mask
        label = "é😀"; n = len(x)
        for row in x:  # noqa: E501, FX105
            pass
        return self.head(x.mean((2, 3))) * n  # fxlint: ignore[FX102]


class Scaled(nn.Module):
    def forward(self, x):
        return torch.relu(x) * 2  # noqa: E501
