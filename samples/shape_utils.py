# Shape helpers imported by helpers.py, kept in their own file because FX's special cases depend on
# which module's globals a name is looked up in: a `from math import sqrt` name here is patched only
# once the forward of a module defined in this file has been called, and torch.fx.wrap turns into leaves
# only the calls that look the name up in this module's globals.
from math import sqrt

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F


def scale_by_width(x):
    return x / sqrt(x.size(-1))  # expect: FX106 "sqrt("


@torch.fx.wrap
def check_channels(x, channels):
    if x.size(1) != channels:  # expect: FX101 "x.size(1)"
        raise ValueError(f"expected {channels} channels")
    return x


class WidthScaledNorm(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:]) * sqrt(x.size(-1))


def fxlint_examples():
    return {
        "WidthScaledNorm": {"make": WidthScaledNorm, "inputs": (torch.randn(2, 8),),
                            "alt_inputs": (torch.randn(3, 16),)},
    }
