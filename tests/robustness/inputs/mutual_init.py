# Recursion between constructors: building an E builds an F, which builds an E, without end (Python
# raises RecursionError). fxlint must bound the construction and still give each class a verdict.
import torch.nn as nn


class E(nn.Module):
    def __init__(self):
        super().__init__()
        self.f = F()

    def forward(self, x):
        return self.f(x)


class F(nn.Module):
    def __init__(self):
        super().__init__()
        self.e = E()

    def forward(self, x):
        return self.e(x)
