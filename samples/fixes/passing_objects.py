# Fix golden sample: what a moved block is given when FX cannot pass what it reads. A plain object's
# attributes pass instead of the object; the traced module's submodules and attributes pass instead of
# the module; a plain class is declared with torch.fx.ProxyableClassMeta so its instances pass (a first
# pass edits the class, the next moves the block); a list made outside the branch that fills it moves
# with the whole branch; a `return` inside a loop moves with the rest of the method; and a hazard whose
# own statement cannot move makes its caller's call one leaf.
import torch
import torch.nn as nn


class Holder:
    def __init__(self, tensors, sizes):
        self.tensors = tensors
        self.sizes = sizes


class Scaler:
    def __init__(self, factor):
        self.factor = factor

    def apply(self, x):
        return x * self.factor


def summary(x):
    return {"mean": x.mean(), "max": x.max()}


torch.fx.wrap("summary")


class HolderRows(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        held = Holder(x, x.sum(dim=-1))
        total = torch.zeros(())
        for row in held.sizes:  # expect: FX105 "held.sizes"
            total = total + row.max()
        return held.tensors * total


class ScaledRows(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.scaler = Scaler(2.0)
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        out = []
        for row in x:  # expect: FX105 "x"
            out.append(self.scaler.apply(self.proj(row)))
        return torch.stack(out)


class BranchFilledList(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        parts = []
        if self.training:
            parts.append(x)
        else:
            for i in range(x.shape[0]):  # expect: FX106 "x.shape[0]"
                parts.append(x[i] * 2)
        return torch.stack(parts)


class MergedSummary(nn.Module):  # expect-verdict: fails
    def forward(self, x):
        stats = {}
        stats.update(summary(x))  # expect: FX105 "stats.update(summary(x))"
        return stats["mean"] + stats["max"]


class EarlyMatch(nn.Module):  # expect-verdict: fails
    # The `if` returns from inside the loop: the loop moves with the rest of the method.
    def forward(self, x):
        for width in range(3):
            if x.shape[-1] == width:  # expect: FX101 "x.shape[-1]"
                return x
        return x * 2


class ImportingCheck(nn.Module):  # expect-verdict: fails
    # No fix of its own: a method that imports binds a name the IR does not record, so nothing in it
    # moves. Traced as the root it stays failing.
    def forward(self, x):
        import math

        if x.shape[-1] > math.pi:  # expect: FX101 "x.shape[-1]"
            x = x * 2
        return x


class CallsImportingCheck(nn.Module):  # expect-verdict: fails
    # The call `self.inner(x)` that leads to ImportingCheck's hazard moves instead (`self.inner` passed).
    def __init__(self):
        super().__init__()
        self.inner = ImportingCheck()

    def forward(self, x):
        y = self.inner(x)
        return y + 1


def fxlint_examples():
    return {
        "HolderRows": {"make": HolderRows, "inputs": (torch.randn(2, 3, 4),)},
        "ScaledRows": {"make": ScaledRows, "inputs": (torch.randn(3, 4),)},
        "BranchFilledList": {"make": lambda: BranchFilledList().eval(), "inputs": (torch.randn(3, 4),)},
        "MergedSummary": {"make": MergedSummary, "inputs": (torch.randn(3, 4),)},
        "EarlyMatch": {"make": EarlyMatch, "inputs": (torch.randn(2, 5),), "alt_inputs": (torch.randn(2, 2),)},
        "ImportingCheck": {"make": ImportingCheck, "inputs": (torch.randn(2, 5),)},
        "CallsImportingCheck": {"make": CallsImportingCheck, "inputs": (torch.randn(2, 5),), "alt_inputs": (torch.randn(2, 3),)},
    }
