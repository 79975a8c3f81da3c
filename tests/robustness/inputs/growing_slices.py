# Slices at an index fxlint does not know keep every element as a representative, so a list rebuilt
# from its own slices in a loop grows threefold per iteration: 3**16 elements unless bounded (found on
# torch's flex_attention.py, through sympy's parser: 18 s before the bound).
import torch.nn as nn


def regroup(tokens, at):
    return tokens[:at] + tokens[at:] + tokens


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        tokens = ["x"]
        for step in range(16):
            tokens = regroup(tokens, hash(step))
        self.width = len(tokens)
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return self.proj(x)
