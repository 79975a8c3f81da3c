# FX003 unsupported-construct: a `match` statement on the traced path. fxlint's front-end does not lower
# `match`, so a class whose trace reaches one is `unknown` (the annotation accepts whatever torch does;
# real torch.fx and torch.export just run the statement on a concrete config string). A `match` in
# __init__ is not on the traced path, and the same dispatch as an if/elif chain is modelled: no FX003.
import torch
import torch.nn as nn
import torch.nn.functional as F


class GatedMLP(nn.Module):  # expect-verdict: unknown  # expect-verdict[export]: unknown
    def __init__(self, dim=16, hidden=32, activation="silu"):
        super().__init__()
        self.activation = activation
        self.up = nn.Linear(dim, hidden * 2)
        self.down = nn.Linear(hidden, dim)

    def forward(self, x):
        gate, value = self.up(x).chunk(2, dim=-1)
        match self.activation:  # expect: FX003 "match statement"  # expect[export]: FX003 "match statement"
            case "gelu":
                gate = F.gelu(gate)
            case "silu":
                gate = F.silu(gate)
            case _:
                gate = torch.sigmoid(gate)
        return self.down(gate * value)


class PooledClassifier(nn.Module):  # expect-verdict: unknown  # expect-verdict[export]: unknown
    def __init__(self, channels=8, num_classes=10, pool="max"):
        super().__init__()
        self.pool = pool
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        return self.fc(self._pool(torch.relu(self.stem(x))))

    def _pool(self, x):
        match self.pool:  # expect: FX003 "match statement"  # expect[export]: FX003 "match statement"
            case "avg":
                pooled = x.mean(dim=(2, 3))
            case _:
                pooled = x.amax(dim=(2, 3))
        return pooled


class GatedMLPIfChain(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=16, hidden=32, activation="silu"):
        super().__init__()
        self.activation = activation
        self.up = nn.Linear(dim, hidden * 2)
        self.down = nn.Linear(hidden, dim)

    def forward(self, x):
        gate, value = self.up(x).chunk(2, dim=-1)
        if self.activation == "gelu":
            gate = F.gelu(gate)
        elif self.activation == "silu":
            gate = F.silu(gate)
        else:
            gate = torch.sigmoid(gate)
        return self.down(gate * value)


class NormChosenInInit(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=16, norm="layer"):
        super().__init__()
        match norm:
            case "rms":
                self.eps = 1e-6
            case _:
                self.eps = 1e-5
        self.proj = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim, eps=self.eps)

    def forward(self, x):
        return self.norm(self.proj(x))


def fxlint_examples():
    tokens = (torch.randn(2, 5, 16),)
    return {
        "GatedMLP": {"make": GatedMLP, "inputs": tokens},
        "PooledClassifier": {"make": PooledClassifier, "inputs": (torch.randn(2, 3, 8, 8),)},
        "GatedMLPIfChain": {"make": GatedMLPIfChain, "inputs": tokens},
        "NormChosenInInit": {"make": NormChosenInInit, "inputs": tokens},
    }
