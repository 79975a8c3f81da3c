# Fix golden sample: a hazard with no local rewrite inside a module-level function gets that function
# registered with torch.fx.wrap (unsafe: tracing records one call to it); in a method, the statement
# moves into a new wrapped function (extracted_blocks.py).
import torch
import torch.nn as nn


def same_padding(features, conv):
    # TensorFlow-style "SAME" padding: decided on the input's size, so no tensor op can replace the branch.
    width = features.shape[-1]
    if width % conv.stride[1] == 0:  # expect: FX101 "features.shape[-1]"
        pad = max(conv.kernel_size[1] - conv.stride[1], 0)
    else:
        pad = max(conv.kernel_size[1] - width % conv.stride[1], 0)  # expect: FX107 "features.shape[-1]"
    return nn.functional.pad(features, (pad // 2, pad - pad // 2, pad // 2, pad - pad // 2))


class SamePaddedConv(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, stride=2)

    def forward(self, x):
        return self.conv(same_padding(x, self.conv))


class Network(nn.Module):  # expect-verdict: fails
    def __init__(self):
        super().__init__()
        self.stem = SamePaddedConv()

    def forward(self, x):
        return self.stem(x).relu()


class MethodPadding(nn.Module):  # expect-verdict: fails
    def pad(self, x):
        if x.shape[-1] % 2:  # expect: FX101 "x.shape[-1]"
            x = nn.functional.pad(x, (0, 1))
        return x

    def forward(self, x):
        return self.pad(x) * 2


def fxlint_examples():
    return {
        "SamePaddedConv": {"make": lambda: SamePaddedConv(), "inputs": (torch.randn(1, 3, 9, 9),)},
        "Network": {"make": lambda: Network(), "inputs": (torch.randn(1, 3, 8, 8),)},
        "MethodPadding": {"make": lambda: MethodPadding(), "inputs": (torch.randn(1, 3, 5),)},
    }
