# Fix golden sample: a hazard with no local rewrite inside a method. The innermost statement around it
# moves into a new module-level function registered with torch.fx.wrap (unsafe: tracing records one
# call to it), taking the locals and `self.` attributes it reads and returning the names read later.
import math

import torch
import torch.nn as nn


def documented(cls):
    # A class decorator, as HF's @auto_docstring: the new function goes above it.
    return cls


@documented
class PatchPadding(nn.Module):  # expect-verdict: fails
    # HF Swin's maybe_pad: two padding branches decided on the input's size.
    def __init__(self):
        super().__init__()
        self.patch_size = (4, 4)
        self.projection = nn.Conv2d(3, 8, 4, stride=4)

    def maybe_pad(self, pixel_values, height, width):
        if width % self.patch_size[1] != 0:  # expect: FX101 "width"
            pad_values = (0, self.patch_size[1] - width % self.patch_size[1])
            pixel_values = nn.functional.pad(pixel_values, pad_values)
        if height % self.patch_size[0] != 0:  # expect: FX101 "height"
            # pad the bottom only
            pad_values = (0, 0, 0,
                          self.patch_size[0] - height % self.patch_size[0])
            pixel_values = nn.functional.pad(pixel_values, pad_values)
        return pixel_values

    def forward(self, pixel_values):
        _, _, height, width = pixel_values.shape
        pixel_values = self.maybe_pad(pixel_values, height, width)
        return self.projection(pixel_values)


class Unfolding(nn.Module):  # expect-verdict: fails
    # MobileViT: a size rounded up with math.ceil, then a branch on it that sets two names.
    def __init__(self):
        super().__init__()
        self.patch_height = 2

    def forward(self, features):
        patch_height = self.patch_height
        orig_height = features.shape[-1]
        new_height = int(math.ceil(orig_height / patch_height) * patch_height)  # expect: FX106 "features.shape[-1]"
        interpolate = False
        if new_height != orig_height:  # expect: FX101 "new_height"
            features = nn.functional.interpolate(features, size=new_height, mode="linear")
            interpolate = True
        return features * 2, interpolate


class ScaledBranch(nn.Module):  # expect-verdict: fails
    # A branch on tensor values; a submodule's parameters are passed to the new function, not the submodule.
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(4)
        self.scale = 0.5

    def forward(self, x):
        total = x.sum()
        if total > 0:  # expect: FX102 "total > 0"
            y = x * self.scale
            n = 1
        else:
            y = nn.functional.layer_norm(x, (4,), self.norm.weight, self.norm.bias)
            n = 2
        return self.norm(y) * n


class ScaledByWidth(nn.Module):  # expect-verdict: fails
    # A `return` statement moves whole: its place returns the new function's result.
    def forward(self, x):
        return x / int(x.size(-1))  # expect: FX106 "int(x.size(-1))"


class EarlyExit(nn.Module):  # expect-verdict: fails
    # The `if` returns from the method: it moves with the rest of the method (its tail).
    def forward(self, x):
        if x.shape[0] == 1:  # expect: FX101 "x.shape[0]"
            return x
        return x * 2


class SubmoduleInBranch(nn.Module):  # expect-verdict: fails
    # The module being traced cannot be passed to a wrapped function, but its submodule can (FX makes
    # it a get_attr): `self.conv` becomes an argument.
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(3, 3, 1)

    def forward(self, x):
        if x.shape[-1] > 4:  # expect: FX101 "x.shape[-1]"
            x = self.conv(x)
        return x


def fxlint_examples():
    return {
        "PatchPadding": {"make": lambda: PatchPadding(), "inputs": (torch.randn(1, 3, 9, 10),)},
        "Unfolding": {"make": lambda: Unfolding(), "inputs": (torch.randn(1, 3, 7),)},
        "ScaledBranch": {"make": lambda: ScaledBranch(), "inputs": (torch.randn(2, 4),)},
        "ScaledByWidth": {"make": lambda: ScaledByWidth(), "inputs": (torch.randn(2, 4),)},
        "EarlyExit": {"make": lambda: EarlyExit(), "inputs": (torch.randn(2, 4),)},
        "SubmoduleInBranch": {"make": lambda: SubmoduleInBranch(), "inputs": (torch.randn(1, 3, 5),)},
    }
