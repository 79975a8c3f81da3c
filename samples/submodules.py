# Failures inside submodules: FX traces through every module that is not a torch.nn leaf (user modules,
# their subclasses of nn.Conv2d/nn.Linear, modules inside nn.Sequential/ModuleList/ModuleDict, a
# parent's forward reached by super().forward), so the failing line is inside the inner class. torch.nn
# modules with Python checks of their own (MultiheadAttention, TransformerEncoder) are leaves and trace.
import torch
import torch.nn as nn
import torch.nn.functional as F


class RequireImageRank(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.dim() != 4:  # expect: FX101 "x.dim()"
            raise ValueError("expected a batch of images")
        return x


class SequentialWithCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(RequireImageRank(), nn.Conv2d(3, 4, 3), nn.ReLU())

    def forward(self, x):
        return self.body(x)


class PerSampleNorm(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x / int(x.size(-1))  # expect: FX106 "int(x.size(-1))"


class ModuleListPipeline(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([nn.Linear(8, 8), PerSampleNorm(), nn.Linear(8, 2)])

    def forward(self, x):
        for stage in self.stages:
            x = stage(x)
        return x


class ModuleDictHeads(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"logits": nn.Linear(8, 3), "normalized": PerSampleNorm()})

    def forward(self, x):
        return self.heads["logits"](x), self.heads["normalized"](x)


class ModuleDictRouter(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.branches = nn.ModuleDict({"wide": nn.Linear(8, 16), "narrow": nn.Linear(8, 4)})

    def forward(self, x):
        return {name: branch(x).relu() for name, branch in self.branches.items()}


class ScaledLinear(nn.Linear):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_features=8, out_features=4):
        super().__init__(in_features, out_features)
        self.scale = 0.5

    def forward(self, x):
        # A user subclass of nn.Linear is traced through; Linear.forward is a single F.linear call.
        return super().forward(x) * self.scale


class FeatureCountCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, features=8):
        super().__init__()
        self.features = features

    def forward(self, x):
        if x.size(-1) != self.features:  # expect: FX101 "x.size(-1)"
            raise ValueError("wrong feature count")
        return x


class DoubledAfterCheck(FeatureCountCheck):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return super().forward(x) * 2


class EvenWidthConv(nn.Conv2d):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, in_channels=3, out_channels=4):
        super().__init__(in_channels, out_channels, 2, stride=2)

    def forward(self, x):
        if x.size(-1) % 2:  # expect: FX101 "x.size(-1)"
            x = F.pad(x, (0, 1))
        return super().forward(x)


class UsesEvenWidthConv(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.down = EvenWidthConv()

    def forward(self, x):
        return self.down(x).relu()


class TorchLeafModules(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)
        layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)

    def forward(self, x):
        attended, _ = self.attention(x, x, x)
        return self.encoder(attended)


def fxlint_examples():
    images = (torch.randn(2, 3, 8, 8),)
    vectors = (torch.randn(2, 8),)
    return {
        "RequireImageRank": {"make": RequireImageRank, "inputs": images},
        "SequentialWithCheck": {"make": SequentialWithCheck, "inputs": images},
        "PerSampleNorm": {"make": PerSampleNorm, "inputs": vectors},
        "ModuleListPipeline": {"make": ModuleListPipeline, "inputs": vectors},
        "ModuleDictHeads": {"make": ModuleDictHeads, "inputs": vectors},
        "ModuleDictRouter": {"make": ModuleDictRouter, "inputs": vectors, "alt_inputs": (torch.randn(5, 8),)},
        "ScaledLinear": {"make": ScaledLinear, "inputs": vectors},
        "FeatureCountCheck": {"make": FeatureCountCheck, "inputs": vectors},
        "DoubledAfterCheck": {"make": DoubledAfterCheck, "inputs": vectors},
        "EvenWidthConv": {"make": EvenWidthConv, "inputs": images},
        "UsesEvenWidthConv": {"make": UsesEvenWidthConv, "inputs": images},
        "TorchLeafModules": {"make": TorchLeafModules, "inputs": (torch.randn(2, 5, 8),),
                             "alt_inputs": (torch.randn(1, 3, 8),)},
    }
