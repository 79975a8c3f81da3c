"""Output fixture: a block whose channel check fails under symbolic_trace, reached from net.py."""
import torch.nn as nn


class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)

    def forward(self, x):
        if x.shape[1] != 3:
            raise ValueError("expected 3 channels")
        return self.conv(x)
