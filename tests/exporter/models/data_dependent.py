# Data-dependent control flow: the branch depends on the input's values, so neither symbolic_trace nor
# torch.export can capture it; fxlint export goes to the real-tensor trace (htp) and records the branch
# taken on the example input as a guard.
import torch
import torch.nn as nn


class Gate(nn.Module):
    def __init__(self, features=8):
        super().__init__()
        self.proj = nn.Linear(features, features)
        self.out = nn.Sequential(nn.ReLU(), nn.Linear(features, 4))

    def forward(self, x):
        h = self.proj(x)
        if h.sum() > 0:
            h = h * 2
        return self.out(h)


def small_gate():
    """A builder: `fxlint export data_dependent.py:small_gate` exports the model it returns."""
    return Gate(features=8)
