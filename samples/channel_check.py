# The smallest models with an input-channel check: the failing forms (Python `if`/`assert` on a shape)
# and the two forms that trace (torch._assert records the check; an FX guard skips it while tracing).
import torch
import torch.fx
import torch.nn as nn


class ChannelStem(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, expected_channels=3):
        super().__init__()
        self.expected_channels = expected_channels
        self.conv = nn.Conv2d(expected_channels, 8, 3, padding=1)

    def forward(self, x):
        return self.conv(x)


class ChannelCheckStem(ChannelStem):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.shape[1] != self.expected_channels:  # expect: FX101 "x.shape[1]"
            raise ValueError(f"expected {self.expected_channels} channels")
        return self.conv(x)


class ChannelAssertStatementStem(ChannelStem):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        assert x.shape[1] == self.expected_channels, "channel mismatch"  # expect: FX101 "x.shape[1]"
        return self.conv(x)


class ChannelAssertStem(ChannelStem):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # torch._assert on a Proxy becomes a graph node: the check runs when the graph runs.
        torch._assert(x.shape[1] == self.expected_channels, "channel mismatch")
        return self.conv(x)


class ChannelAssertMessageStem(ChannelStem):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        # The f-string bakes "Proxy(getitem)" into the message only: what the graph computes is unchanged.
        torch._assert(x.shape[1] == self.expected_channels,
                      f"expected {self.expected_channels} channels, got {x.shape[1]}")
        return self.conv(x)


class GuardedChannelCheckStem(ChannelStem):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        if not torch.fx._symbolic_trace.is_fx_tracing():
            if x.shape[1] != self.expected_channels:
                raise ValueError(f"expected {self.expected_channels} channels")
        return self.conv(x)


def fxlint_examples():
    stems = (ChannelStem, ChannelCheckStem, ChannelAssertStatementStem, ChannelAssertStem, ChannelAssertMessageStem,
             GuardedChannelCheckStem)
    return {
        stem.__name__: {"make": stem, "inputs": (torch.randn(2, 3, 8, 8),), "alt_inputs": (torch.randn(1, 3, 5, 7),)}
        for stem in stems
    }
