# FX118 unflattenable-output: forward returns an object of a plain class of the project. symbolic_trace
# turns the result into the graph's output with create_arg, which raises NotImplementedError on it;
# torch.export raises too unless the class is registered as a pytree node (EX304, whose sample covers the
# registrations). Returning the tensors the object holds traces; an object that stays inside forward is
# no output at all.
import torch
import torch.nn as nn


class KeyValueCache:
    """What a decoder keeps between steps: a plain object holding tensors."""

    def __init__(self):
        self.keys = []
        self.values = []

    def update(self, key, value):
        self.keys.append(key)
        self.values.append(value)
        return key, value


class CachingBlock(nn.Module):  # expect-verdict: fails  # expect: FX118  # expect-verdict[export]: fails  # expect[export]: EX304
    def __init__(self, dim=8):
        super().__init__()
        self.key = nn.Linear(dim, dim)
        self.value = nn.Linear(dim, dim)

    def forward(self, x):
        cache = KeyValueCache()
        key, value = cache.update(self.key(x), self.value(x))
        return key + value, cache


class CachingBlockTensors(CachingBlock):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        cache = KeyValueCache()
        key, value = cache.update(self.key(x), self.value(x))
        return key + value, tuple(cache.keys), tuple(cache.values)


def fxlint_examples():
    rows = (torch.randn(2, 8),)
    return {
        "CachingBlock": {"make": CachingBlock, "inputs": rows},
        "CachingBlockTensors": {"make": CachingBlockTensors, "inputs": rows},
    }
