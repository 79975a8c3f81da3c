# Models built on a mixin reached through the lazy package: `hasattr(self, "projection")` is decided
# from the widths each model was built with. Without the `TYPE_CHECKING` names the mixin's base would be
# unknown, and so would both verdicts.
import torch.nn as nn

from . import ConditionalProjection


class PlainEncoder(nn.Module, ConditionalProjection):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, width=8, hidden=8):
        super().__init__()
        self.embed = nn.Linear(4, width)
        self.add_projection(width, hidden)
        self.norm = nn.LayerNorm(hidden)

    def forward(self, x):
        return self.norm(self.project(self.embed(x)))


class ProjectedEncoder(PlainEncoder):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__(width=8, hidden=16)


def fxlint_examples():
    import torch

    rows = (torch.randn(2, 4),)
    return {"PlainEncoder": {"make": PlainEncoder, "inputs": rows},
            "ProjectedEncoder": {"make": ProjectedEncoder, "inputs": rows}}
