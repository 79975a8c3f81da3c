# Output fixture: `ignore-file` hides every diagnostic located in this file; the verdict stays.
# fxlint: ignore-file
import torch.nn as nn


class Quiet(nn.Module):
    def forward(self, x):
        return x if x.sum() > 0 else -x
