# Attributes defined in terms of themselves in __init__, and a module holding itself (a reference
# cycle in the interpreter's values).
import torch.nn as nn


class SelfReferential(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = self.a
        self.width = self.width + 1
        self.layers = nn.ModuleList(self.layers)
        self.me = self
        self.parent = super()

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.me.me.a(x) * self.width
