# Fix golden sample: a block of a submodule's method that calls methods of `self` moves into a wrapped
# function with `self` passed first (FX passes a submodule as a get_attr). The same class traced on its
# own is the root, which FX cannot pass, so the fix comes from the model that uses it as a submodule.
import torch
import torch.nn as nn
import torch.nn.functional as F


class EvenWidthStem(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(3, 4, 3, padding=1)

    def pad_to_even(self, x):
        return F.pad(x, (0, 1))

    def forward(self, x):
        if x.shape[-1] % 2:  # expect: FX101 "x.shape[-1]"
            x = self.pad_to_even(x)
        return self.conv(x)


class StemClassifier(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.stem = EvenWidthStem()
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.stem(x).mean(-1))


def fxlint_examples():
    return {
        "EvenWidthStem": {"make": EvenWidthStem, "inputs": (torch.randn(2, 3, 5),), "alt_inputs": (torch.randn(2, 3, 6),)},
        "StemClassifier": {"make": StemClassifier, "inputs": (torch.randn(2, 3, 5),), "alt_inputs": (torch.randn(2, 3, 6),)},
    }
