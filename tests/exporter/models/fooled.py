# Fools the analyzer on purpose: the submodule is fetched with getattr on a name built at run time, so
# fxlint cannot see that the branch it takes inside `Picky` reads the input's values. The verdict is
# (wrongly) `traceable`; symbolic_trace then raises, and fxlint export must fall back and say so.
import torch
import torch.nn as nn


class Plain(nn.Module):
    def forward(self, x):
        return x + 1


class Picky(nn.Module):
    def forward(self, x):
        if x.mean() > 0:
            return x * 3
        return x - 3


class Dispatcher(nn.Module):
    def __init__(self, kind="picky"):
        super().__init__()
        self.plain = Plain()
        self.picky = Picky()
        self.kind = kind
        self.proj = nn.Linear(6, 6)

    def forward(self, x):
        branch = getattr(self, "".join(reversed(self.kind[::-1])))
        return branch(self.proj(x))
