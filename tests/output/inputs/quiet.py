# fxlint: ignore-file
import torch.nn as nn


class Quiet(nn.Module):
    def forward(self, x):
        return x if x.sum() > 0 else -x
