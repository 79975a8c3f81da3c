# Fix golden sample: hazards whose fix is not next to them. A helper imported by name is registered
# with torch.fx.wrap in the importing module; a loop filling a list moves into a wrapped function
# together with the statement that makes the list; a loop count with a default gets concrete_args
# advice, not an edit. A message split over lines by implicit concatenation moves with its check.
import torch
import torch.nn as nn

from pad_utils import pad_to_even


class ImportedPadding(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        return pad_to_even(x) * 2


class RowNorms(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        norms = []
        for row in x:  # expect: FX105 "x"
            norms.append(row.norm())
        return torch.stack(norms)


class RepeatedRefine(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable
    def forward(self, x, steps: int = 3):
        for _ in range(steps):  # expect: FX106 "steps"
            x = x.tanh() + x
        return x


class MinimumSizeCheck(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        if any(size < 2 for size in x.shape[-2:]):  # expect: FX101 "x.shape[-2:]"  # expect: FX105 "x.shape[-2:]"
            raise ValueError(
                "feature maps are too small: "
                "they need at least 2 x 2 values"
            )
        return x.mean((-2, -1))


def fxlint_examples():
    return {
        "ImportedPadding": {"make": ImportedPadding, "inputs": (torch.randn(2, 3, 5),),
                            "alt_inputs": (torch.randn(2, 3, 6),)},
        "RowNorms": {"make": RowNorms, "inputs": (torch.randn(4, 3),)},
        "RepeatedRefine": {"make": RepeatedRefine, "inputs": (torch.randn(2, 3),)},
        "MinimumSizeCheck": {"make": MinimumSizeCheck, "inputs": (torch.randn(1, 2, 4, 4),)},
    }
