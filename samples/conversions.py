# Traced values handed to Python where Python needs a real number: range/int/float/round and numeric
# %-formatting (FX106), builtin min/max (FX107), Python containers indexed by a Proxy (FX109), numpy
# and TorchScript functions (FX110). Each raises a TypeError/KeyError/ValueError/RuntimeError.
import numpy as np
import torch
import torch.nn as nn


class PerRowOffsets(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        rows = [x[i] + i for i in range(x.size(0))]  # expect: FX106 "range(x.size(0))"  # expect[export dynamic=x:0]: EX301 "range(x.size(0))"
        return torch.stack(rows)


class IntReshape(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        return x.view(int(x.size(0)), -1)  # expect: FX106 "int(x.size(0))"  # expect[export dynamic=x:0]: EX301 "int(x.size(0))"


class FloatScaled(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x / float(x.size(-1))  # expect: FX106 "float(x.size(-1))"


class RoundedPoolSize(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        window = round(x.size(-1) / 4)  # expect: FX106 "round("
        return nn.functional.avg_pool1d(x, window)


class PercentFormattedName(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"w4": nn.Linear(4, 2), "w8": nn.Linear(8, 2)})

    def forward(self, x):
        return self.heads["w%d" % x.size(-1)](x)  # expect: FX106 "%d"


class FormatSpecName(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"w4": nn.Linear(4, 2), "w8": nn.Linear(8, 2)})

    def forward(self, x):
        return self.heads["w{:d}".format(x.size(-1))](x)  # expect: FX106 "{:d}"


class ClampedWindowMax(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        window = max(x.size(-1) // 4, 1)  # expect: FX107 "max("
        return x[..., :window]


class SquareCropMin(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        side = min(x.size(2), x.size(3))  # expect: FX107 "min("
        return x[:, :, :side, :side]


class ScaleTableLookup(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.scales = [1.0, 0.5, 0.25, 0.125]

    def forward(self, x):
        return x * self.scales[x.dim() - 1]  # expect: FX109 "self.scales"


class SliceOfPythonList(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.weights = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]

    def forward(self, x):
        return x * sum(self.weights[: x.size(-1)])  # expect: FX109 "self.weights"


class TupleTableLookup(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        gains = (1.0, 2.0, 3.0, 4.0)
        return x * gains[x.size(0) - 1]  # expect: FX109 "gains"  # expect[export dynamic=x:0]: EX301 "x.size(0)"


class DictKeyedBySize(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.temperature = {4: 0.5, 8: 1.0}

    def forward(self, x):
        return x / self.temperature[x.size(-1)]  # expect: FX109 "self.temperature"


class NumpySqrtScale(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, q, k):
        return q @ k.transpose(-1, -2) / np.sqrt(q.size(-1))  # expect: FX110 "np.sqrt"


@torch.jit.script
def scripted_hardtanh(x: torch.Tensor) -> torch.Tensor:
    return x.clamp(-1.0, 1.0)


class CallsScriptedFunction(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return scripted_hardtanh(x * 2)  # expect: FX110 "scripted_hardtanh"


def fxlint_examples():
    matrix = (torch.randn(4, 8),)
    return {
        "PerRowOffsets": {"make": PerRowOffsets, "inputs": matrix},
        "IntReshape": {"make": IntReshape, "inputs": matrix},
        "FloatScaled": {"make": FloatScaled, "inputs": matrix},
        "RoundedPoolSize": {"make": RoundedPoolSize, "inputs": (torch.randn(2, 3, 8),)},
        "PercentFormattedName": {"make": PercentFormattedName, "inputs": matrix},
        "FormatSpecName": {"make": FormatSpecName, "inputs": matrix},
        "ClampedWindowMax": {"make": ClampedWindowMax, "inputs": matrix},
        "SquareCropMin": {"make": SquareCropMin, "inputs": (torch.randn(1, 3, 6, 8),)},
        "ScaleTableLookup": {"make": ScaleTableLookup, "inputs": matrix},
        "SliceOfPythonList": {"make": SliceOfPythonList, "inputs": matrix},
        "TupleTableLookup": {"make": TupleTableLookup, "inputs": matrix},
        "DictKeyedBySize": {"make": DictKeyedBySize, "inputs": matrix},
        "NumpySqrtScale": {"make": NumpySqrtScale, "inputs": (torch.randn(2, 5, 8), torch.randn(2, 5, 8))},
        "CallsScriptedFunction": {"make": CallsScriptedFunction, "inputs": matrix},
    }
