# Models built from torchvision.ops modules, traced the way torchvision's feature extraction traces
# them (every torchvision.ops module a leaf). tests/realcode/leaf_configs.py compares fxlint run with
# `--leaf 'torchvision.ops.*'` with it, and fxlint without it with plain symbolic_trace.
from torch import nn
from torchvision import ops
from torchvision.ops import DeformConv2d


class DeformBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.offset = nn.Conv2d(4, 18, 3, padding=1)
        self.conv = ops.DeformConv2d(4, 4, 3, padding=1)

    def forward(self, x):
        return self.conv(x, self.offset(x))


class ScaledDeform(DeformConv2d):
    """A subclass of a torchvision.ops module: a leaf too under the feature-extraction tracer."""


class ScaledDeformBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.offset = nn.Conv2d(4, 18, 3, padding=1)
        self.conv = ScaledDeform(4, 4, 3, padding=1)

    def forward(self, x):
        return self.conv(x, self.offset(x)) * 0.5


class PyramidNeck(nn.Module):
    def __init__(self):
        super().__init__()
        self.fpn = ops.FeaturePyramidNetwork([4, 4], 4)

    def forward(self, x):
        return self.fpn({"p3": x, "p4": x})["p4"]


class SqueezeThenCheck(nn.Module):
    def __init__(self):
        super().__init__()
        self.se = ops.SqueezeExcitation(4, 2)

    def forward(self, x):
        if x.shape[1] != 4:
            raise ValueError("expected 4 channels")
        return self.se(x)


def fxlint_examples():
    return {
        "DeformBlock": DeformBlock,
        "ScaledDeformBlock": ScaledDeformBlock,
        "PyramidNeck": PyramidNeck,
        "SqueezeThenCheck": SqueezeThenCheck,
    }
