# Traced values handed to code from third-party packages (transformers, torchvision), whose source
# fxlint does not read: fxlint must say `unknown` and name the call (FX002), whatever real FX does.
# Real FX: apply_chunking_to_forward raises (inspect.signature of a module sees FX's patched
# __call__), and torchvision.ops modules are not leaves: FX traces through SqueezeExcitation.
import torch
import torch.nn as nn
from torchvision.ops import SqueezeExcitation
from transformers.pytorch_utils import apply_chunking_to_forward


class ChunkedFeedForward(nn.Module):  # expect-verdict: unknown  # expect-verdict[export]: unknown
    def __init__(self, hidden_size=8, chunk_size=0):
        super().__init__()
        self.chunk_size = chunk_size
        self.dense = nn.Linear(hidden_size, hidden_size)

    def forward(self, hidden_states):
        return apply_chunking_to_forward(self.dense, self.chunk_size, 1, hidden_states)  # expect: FX002 "apply_chunking_to_forward"  # expect[export]: FX002 "apply_chunking_to_forward"


class ExcitedConv(nn.Module):  # expect-verdict: unknown  # expect-verdict[export]: unknown
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.excite = SqueezeExcitation(8, 2)

    def forward(self, x):
        return self.excite(self.conv(x))  # expect: FX002 "self.excite"  # expect[export]: FX002 "self.excite"


def fxlint_examples():
    return {
        "ChunkedFeedForward": {"make": ChunkedFeedForward, "inputs": (torch.randn(2, 4, 8),)},
        "ExcitedConv": {"make": ExcitedConv, "inputs": (torch.randn(2, 3, 8, 8),)},
    }
