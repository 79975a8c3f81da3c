# Hazards reached through code that is not forward() itself: a helper method, a module-level function,
# a function registered with torch.fx.wrap (a leaf: its hazard is never traced), torch.fx.wrap called
# too late (FX113), and helpers from shape_utils.py, where the way a name is imported decides whether
# FX's wrapping applies.
import torch
import torch.fx
import torch.nn as nn

import shape_utils
from shape_utils import WidthScaledNorm, check_channels, scale_by_width


def flatten_spatial(x):
    if x.dim() == 4:  # expect: FX101 "x.dim()"
        x = x.flatten(2)
    return x


def renormalize_if_large(x):
    # Decided on tensor values, so it must stay out of the graph: registered as a leaf just below.
    if x.abs().max() > 1:  # expect[export]: EX302
        return x / x.abs().max()
    return x


torch.fx.wrap("renormalize_if_large")


def center(x):
    return x - x.mean(-1, keepdim=True)


class HelperMethodCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        return self._normalize(x) * 2

    def _normalize(self, x):
        total = x.sum()
        if total == 0:  # expect: FX102 "total"  # expect[export]: EX302
            return x
        return x / total


class ModuleFunctionCheck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return flatten_spatial(x).mean(-1)


class WrappedHazard(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: fails
    def forward(self, x):
        return renormalize_if_large(x * 3)


class LateWrapRegistration(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        if torch.fx._symbolic_trace.is_fx_tracing():
            # wrap() must run at a module's top level, at import: here it raises NotImplementedError.
            torch.fx.wrap("center")  # expect: FX113 "torch.fx.wrap"  # expect[export]: FX113
        return center(x)


class CrossFileSqrtHelper(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return scale_by_width(x)


class CrossFileSqrtAfterModule(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.norm = WidthScaledNorm()

    def forward(self, x):
        # Calling a module from shape_utils patched `sqrt` in shape_utils' globals for the rest of the trace.
        return scale_by_width(self.norm(x))


class WrappedCheckViaModule(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return shape_utils.check_channels(x, 3).relu()


class WrappedCheckViaFromImport(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        # FX patches the wrapped name in shape_utils' globals only; this module's own binding is traced through.
        return check_channels(x, 3).relu()


def scaled_by(module, x):
    return x * module.scale


torch.fx.wrap("scaled_by")


class RootPassedToLeaf(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.scale = 2.0

    def forward(self, x):
        # FX records the module as a get_attr of its path; the root's is "", which the GraphModule cannot copy.
        return scaled_by(self, x)  # expect: FX116


class SubmodulePassedToLeaf(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.inner = RootPassedToLeaf()

    def forward(self, x):
        return self.inner(x) + 1


def fxlint_examples():
    images = (torch.randn(2, 3, 4, 4),)
    vectors = (torch.randn(2, 8),)
    return {
        "HelperMethodCheck": {"make": HelperMethodCheck, "inputs": vectors},
        "ModuleFunctionCheck": {"make": ModuleFunctionCheck, "inputs": images},
        "WrappedHazard": {"make": WrappedHazard, "inputs": vectors, "alt_inputs": (torch.full((2, 8), 0.1),)},
        "LateWrapRegistration": {"make": LateWrapRegistration, "inputs": vectors},
        "CrossFileSqrtHelper": {"make": CrossFileSqrtHelper, "inputs": vectors},
        "CrossFileSqrtAfterModule": {"make": CrossFileSqrtAfterModule, "inputs": vectors,
                                     "alt_inputs": (torch.randn(3, 16),)},
        "WrappedCheckViaModule": {"make": WrappedCheckViaModule, "inputs": images},
        "WrappedCheckViaFromImport": {"make": WrappedCheckViaFromImport, "inputs": images},
        "RootPassedToLeaf": {"make": RootPassedToLeaf, "inputs": vectors},
        "SubmodulePassedToLeaf": {"make": SubmodulePassedToLeaf, "inputs": vectors},
    }
