# Models using timm's FX registrations, traced the way timm traces them (leaf_modules and
# autowrap_functions from timm.layers._fx). tests/realcode/leaf_configs.py compares fxlint with it.
import torch
from torch import nn

import pad_helpers
from pad_helpers import pad_through_helper, pad_to_multiple
from timm.layers import register_notrace_module


@register_notrace_module
class SamePad(nn.Module):
    def forward(self, x):
        if x.shape[-1] % 2:
            x = torch.nn.functional.pad(x, (0, 1))
        return x


class SamePadStrided(SamePad):
    """A subclass of a registered module: a leaf too (the tracer tests isinstance)."""


class PaddedConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.pad = SamePad()
        self.conv = nn.Conv1d(4, 4, 3)

    def forward(self, x):
        return self.conv(self.pad(x))


class PaddedBySubclass(nn.Module):
    def __init__(self):
        super().__init__()
        self.pad = SamePadStrided()

    def forward(self, x):
        return self.pad(x) * 2


class PadByName(nn.Module):
    def forward(self, x):
        return pad_to_multiple(x, 8) + 1


class PadByAttribute(nn.Module):
    def forward(self, x):
        # pad_helpers.pad_to_multiple is looked up in pad_helpers' globals, which FX has not patched.
        return pad_helpers.pad_to_multiple(x, 8) + 1


class PadThroughHelper(nn.Module):
    def forward(self, x):
        return pad_through_helper(x) + 1


def fxlint_examples():
    return {
        "SamePad": SamePad,
        "SamePadStrided": SamePadStrided,
        "PaddedConv": PaddedConv,
        "PaddedBySubclass": PaddedBySubclass,
        "PadByName": PadByName,
        "PadByAttribute": PadByAttribute,
        "PadThroughHelper": PadThroughHelper,
    }
