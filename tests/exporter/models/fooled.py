# Fools the analyzer on purpose: the activation comes out of a registry that is filled only after the
# class is defined, so fxlint reads `activations.get("act", torch.relu)` as torch.relu and predicts
# `traceable`. At run time it is `_picky`, whose branch reads the input's values: symbolic_trace and
# torch.export both fail, and `fxlint export` must fall back to htp and report the misprediction.
import torch
import torch.nn as nn

activations = {}


class Dispatcher(nn.Module):
    def __init__(self, features=6):
        super().__init__()
        self.proj = nn.Linear(features, features)

    def forward(self, x):
        return activations.get("act", torch.relu)(self.proj(x))


def _picky(x):
    if x.mean() > 0:
        return x * 3
    return x - 3


activations["act"] = _picky
