# Models whose structure is computed while they are built: a stage plan from small tensor arithmetic
# (RegNet-style), a drop-rate schedule from torch.linspace, heads sized by running the backbone once,
# layers picked by a filtered comprehension and slices, a plan object from a classmethod. fxlint
# evaluates this arithmetic exactly (Python numbers, and 0-d and 1-d real tensors), so it knows which
# branch forward takes on the result. Each forward guards a line real FX fails at behind a condition
# that is false for the plan as built: only an exact evaluation predicts `traceable`.
import math

import torch
import torch.nn as nn


def stage_depths(depth, w_0, w_a, w_m):
    widths = torch.arange(depth) * w_a + w_0
    capacity = torch.round(torch.log(widths / w_0) / math.log(w_m))
    block_widths = (torch.round(torch.divide(w_0 * torch.pow(w_m, capacity), 8)) * 8).int().tolist()
    starts = [i for i, (w, previous) in enumerate(zip(block_widths + [0], [0] + block_widths)) if w != previous]
    return torch.diff(torch.tensor(starts)).int().tolist(), len(set(block_widths))


class StagePlan(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.depths, self.num_stages = stage_depths(16, 48, 27.89, 2.09)  # [1, 3, 6, 6], 4
        self.blocks = nn.Sequential(*[nn.Conv2d(4, 4, 1) for depth in self.depths for _ in range(depth)])

    def forward(self, x):
        if self.num_stages != 4 or self.depths[-1] != 6 or len(self.blocks) != 16:
            return torch.zeros(x.size(0), 4)
        return self.blocks(x)


class ScaledBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, rate=0.0):
        super().__init__()
        if rate < 0.0 or rate > 1.0:
            raise ValueError(f"drop rate {rate} is not a probability")
        self.rate = rate
        self.conv = nn.Conv2d(4, 4, 1)

    def forward(self, x):
        if self.rate > 0.3:
            return torch.zeros(x.size(0), 4)
        return self.conv(x) * (1.0 - self.rate)


class RateSchedule(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, depth=6, max_rate=0.25):
        super().__init__()
        rates = [rate.item() for rate in torch.linspace(0, max_rate, depth)]
        self.blocks = nn.ModuleList([ScaledBlock(rate) for rate in rates])

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


class TinyBackbone(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([nn.Conv2d(3, 8, 3, 2, 1), nn.Conv2d(8, 16, 3, 2, 1), nn.Conv2d(16, 32, 3, 2, 1)])

    def forward(self, x):
        features = {}
        for i, stage in enumerate(self.stages):
            x = stage(x)
            features[str(i)] = x
        return features


def feature_channels(backbone):
    with torch.no_grad():
        features = backbone(torch.zeros(1, 3, 32, 32))
    if isinstance(features, torch.Tensor):
        features = {"0": features}
    return [feature.size(1) for feature in features.values()]


class SizedHeads(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.backbone = TinyBackbone()
        channels = feature_channels(self.backbone)
        if len(channels) != 3:
            raise ValueError("expected three feature maps")
        self.heads = nn.ModuleList([nn.Conv2d(c, 4, 1) for c in channels])

    def forward(self, x):
        if len(self.heads) != 3:
            return torch.zeros(x.size(0), 4)
        features = self.backbone(x)
        return [head(feature) for head, feature in zip(self.heads, features.values())]


class TruncatedTrunk(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        trunk = nn.Sequential(nn.Conv2d(3, 8, 1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 8, 1), nn.ReLU(),
                              nn.MaxPool2d(2), nn.Conv2d(8, 8, 1))
        pools = [i for i, layer in enumerate(trunk) if isinstance(layer, nn.MaxPool2d)]
        self.body = trunk[: pools[-1]]
        self.tail = trunk[pools[-1] + 1 :]

    def forward(self, x):
        if len(self.body) != 5 or len(self.tail) != 1:
            return torch.zeros(x.size(0), 8)
        return self.tail(self.body(x))


class Plan:
    def __init__(self, widths):
        self.widths = widths

    @classmethod
    def doubling(cls, start, count):
        return cls([start * 2**i for i in range(count)])


class PlannedConvs(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        plan = Plan.doubling(4, 3)
        self.convs = nn.Sequential(*[nn.Conv2d(a, b, 1) for a, b in zip([3] + plan.widths[:-1], plan.widths)])
        self.last = plan.widths[-1]

    def forward(self, x):
        if self.last != 16:
            return torch.zeros(x.size(0), 16)
        return self.convs(x)


def fxlint_examples():
    image = (torch.randn(2, 3, 32, 32),)
    return {
        "StagePlan": {"make": StagePlan, "inputs": (torch.randn(2, 4, 8, 8),)},
        "ScaledBlock": {"make": ScaledBlock, "inputs": (torch.randn(2, 4, 8, 8),)},
        "RateSchedule": {"make": RateSchedule, "inputs": (torch.randn(2, 4, 8, 8),)},
        "TinyBackbone": {"make": TinyBackbone, "inputs": image},
        "SizedHeads": {"make": SizedHeads, "inputs": image},
        "TruncatedTrunk": {"make": TruncatedTrunk, "inputs": image},
        "PlannedConvs": {"make": PlannedConvs, "inputs": image},
    }
