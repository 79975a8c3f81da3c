# A classifier whose base class lives in another module of the package.
import torch.nn as nn

from . import config as configuration
from .backbone import VisionBackbone


class ImageClassifier(VisionBackbone):  # expect-verdict: specialized  # expect-verdict[inputs=pixel_values]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self, config=None):
        config = config or configuration.VisionConfig()
        super().__init__(config)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)

    def forward(self, pixel_values, labels=None):
        features = self.pool(super().forward(pixel_values)).flatten(1)
        logits = self.classifier(features)
        if labels is not None:  # expect: FX201 "labels"
            return logits, nn.functional.cross_entropy(logits, labels)
        return logits


def fxlint_examples():
    import torch

    image = torch.randn(2, 3, 8, 8)
    return {"ImageClassifier": {"make": ImageClassifier, "inputs": (image, torch.tensor([0, 1])),
                                "alt_inputs": (image, None)}}
