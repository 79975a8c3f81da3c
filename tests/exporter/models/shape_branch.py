# A decision on a static size: torch.export specializes it (fine while the axis is static), a dynamic
# request on that axis is unsafe (fxlint refuses it, or pins it with --allow-specialization).
import torch
import torch.nn as nn


class WidthSwitch(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.pool = nn.AvgPool2d(2)

    def forward(self, x):
        y = self.conv(x)
        if x.shape[2] > 16:
            y = self.pool(y)
        return torch.relu(y)
