# Imports b, which imports this module back.
import torch.nn as nn

from . import b
from .b import Decoder


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = Decoder()

    def forward(self, x):
        return b.helper(self.decoder(x))
