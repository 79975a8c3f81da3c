# The base model and its embeddings, defined apart from the heads that use them.
import torch.nn as nn

from .config import VisionConfig


class PatchEmbeddings(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, config=None):
        super().__init__()
        config = config or VisionConfig()
        self.num_channels = config.num_channels
        self.check_channels = config.check_channels
        self.proj = nn.Conv2d(config.num_channels, config.hidden_size, 2, 2)

    def forward(self, pixel_values):
        if self.check_channels:
            num_channels = pixel_values.shape[1]
            if num_channels != self.num_channels:  # expect: FX101 "pixel_values.shape[1]"  # expect[inputs=pixel_values]: FX101 "pixel_values.shape[1]"
                raise ValueError("channel dimension does not match the configuration")
        return self.proj(pixel_values)


class VisionBackbone(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, config=None):
        super().__init__()
        config = config or VisionConfig()
        self.embeddings = PatchEmbeddings(config)
        self.stages = nn.Sequential(*[nn.Conv2d(config.hidden_size, config.hidden_size, 3, padding=1)
                                      for _ in range(config.num_stages)])

    def forward(self, pixel_values):
        return self.stages(self.embeddings(pixel_values))


def fxlint_examples():
    import torch

    image = (torch.randn(2, 3, 8, 8),)
    return {"PatchEmbeddings": {"make": PatchEmbeddings, "inputs": image},
            "VisionBackbone": {"make": VisionBackbone, "inputs": image}}
