# FX114 missing-forward: a module class whose hierarchy defines no forward(). Tracing it calls
# nn.Module's placeholder forward, which raises NotImplementedError (torch.fx and torch.export alike).
# The same holds where such a module is called from another's forward. The negative cases are concrete
# subclasses: one defines forward, one inherits it from its parent.
import torch
import torch.nn as nn


class EncoderBase(nn.Module):  # expect-verdict: fails  # expect: FX114  # expect-verdict[export]: fails  # expect[export]: FX114
    """Shared construction; only the concrete encoders below define forward."""

    def __init__(self, dim=16):
        super().__init__()
        self.embed = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim)


class ProjectedEncoder(EncoderBase):  # expect-verdict: fails  # expect: FX114  # expect-verdict[export]: fails  # expect[export]: FX114
    def __init__(self, dim=16, out_dim=8):
        super().__init__(dim)
        self.proj = nn.Linear(dim, out_dim)


class LinearEncoder(EncoderBase):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return self.norm(self.embed(x))


class DeepLinearEncoder(LinearEncoder):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=16):
        super().__init__(dim)
        self.embed = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Linear(dim, dim))


class EncoderStack(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    """Builds the base class by mistake: calling it runs nn.Module's placeholder forward."""

    def __init__(self, dim=16):
        super().__init__()
        self.inner = EncoderBase(dim)
        self.out = nn.Linear(dim, dim)

    def forward(self, x):
        return self.out(self.inner(x))  # expect: FX114 "EncoderBase"  # expect[export]: FX114


def fxlint_examples():
    tokens = (torch.randn(2, 5, 16),)
    return {
        "EncoderBase": {"make": EncoderBase, "inputs": tokens},
        "ProjectedEncoder": {"make": ProjectedEncoder, "inputs": tokens},
        "LinearEncoder": {"make": LinearEncoder, "inputs": tokens},
        "DeepLinearEncoder": {"make": DeepLinearEncoder, "inputs": tokens},
        "EncoderStack": {"make": EncoderStack, "inputs": tokens},
    }
