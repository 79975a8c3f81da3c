# FX004 analysis-budget-exceeded: recursion on the traced path. fxlint walks a recursive call to two
# activations of one function and stops there, so the verdict is `unknown` (the annotation accepts
# whatever torch does; real torch recurses on concrete lists and module nesting, and traces). The same
# reductions written as loops are modelled: no FX004.
import torch
import torch.nn as nn


class BranchTreeSum(nn.Module):  # expect-verdict: unknown  # expect-verdict[export]: unknown
    def __init__(self, channels=8, num_branches=4):
        super().__init__()
        self.branches = nn.ModuleList(
            [nn.Conv2d(channels, channels, 3, padding=d, dilation=d) for d in range(1, num_branches + 1)])

    def forward(self, x):
        return self._tree_sum([branch(x) for branch in self.branches])

    def _tree_sum(self, parts):
        if len(parts) == 1:
            return parts[0]
        half = len(parts) // 2
        return self._tree_sum(parts[:half]) + self._tree_sum(parts[half:])  # expect: FX004 "recursion"  # expect[export]: FX004 "recursion"


class NestedUNetLevel(nn.Module):  # expect-verdict: unknown  # expect-verdict[export]: unknown
    def __init__(self, channels=8, depth=3):
        super().__init__()
        self.enc = nn.Conv2d(channels, channels, 3, padding=1)
        self.inner = NestedUNetLevel(channels, depth - 1) if depth > 1 else None

    def forward(self, x):
        y = torch.relu(self.enc(x))
        if self.inner is not None:
            y = y + self.inner(y)  # expect: FX004 "recursion"  # expect[export]: FX004 "recursion"
        return y


class BranchLoopSum(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, channels=8, num_branches=4):
        super().__init__()
        self.branches = nn.ModuleList(
            [nn.Conv2d(channels, channels, 3, padding=d, dilation=d) for d in range(1, num_branches + 1)])

    def forward(self, x):
        parts = [branch(x) for branch in self.branches]
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        return total


def fxlint_examples():
    features = (torch.randn(2, 8, 8, 8),)
    return {
        "BranchTreeSum": {"make": BranchTreeSum, "inputs": features},
        "NestedUNetLevel": {"make": NestedUNetLevel, "inputs": features},
        "BranchLoopSum": {"make": BranchLoopSum, "inputs": features},
    }
