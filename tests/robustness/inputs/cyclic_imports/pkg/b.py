# Imports a, which imports this module back, and the package that imports both.
import torch.nn as nn

from pkg import *
from .a import Encoder


def helper(x):
    return x if Encoder is None else x + 1


class Decoder(nn.Module):
    def forward(self, x):
        if x.shape[0] > 1:
            return Encoder()(x)
        return x
