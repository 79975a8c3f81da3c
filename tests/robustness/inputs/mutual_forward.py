# Recursion between classes: A's forward calls B's and B's calls A's, directly (unbound methods) and
# through submodules (C holds a D, whose forward calls a module-level C). Real FX recurses until
# RecursionError; fxlint must stop on its call-depth budget with a diagnostic.
import torch.nn as nn


class A(nn.Module):
    def forward(self, x):
        return B.forward(self, x + 1)


class B(nn.Module):
    def forward(self, x):
        return A.forward(self, x * 2)


class C(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = D()

    def forward(self, x):
        return self.d(x)


class D(nn.Module):
    def forward(self, x):
        return SHARED_C(x)


SHARED_C = C()
