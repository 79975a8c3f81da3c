# Class bodies that build or read themselves (both NameError in Python): a dataclass field whose
# default constructs the dataclass (found by fuzz_file as a stack overflow), and an attribute defined
# as itself. Construction depth and a re-entrancy guard bound them.
from dataclasses import dataclass

import torch.nn as nn


@dataclass
class Config:
    width: int = 4
    inner: object = Config()


class Table:
    value = Table.value


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.config = Config()
        self.value = Table.value
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return self.proj(x)
