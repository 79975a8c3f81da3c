# Fix golden sample: `is None` on an optional forward parameter gets advice, not an edit (FX201): the
# file stays as it is (optional_inputs.py.fixed is identical and the diff is empty).
import torch
import torch.nn as nn


class MaskedSum(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable
    def forward(self, x, mask=None):
        if mask is not None:  # expect: FX201 "mask"
            x = x * mask
        return x.sum(-1)


def fxlint_examples():
    return {"MaskedSum": {"make": lambda: MaskedSum(), "inputs": (torch.randn(2, 3),)}}
