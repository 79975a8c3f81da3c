# Ready-made models: the same classifier with and without the channel check, configured here.
from .config import VisionConfig
from .heads import ImageClassifier


class TinyClassifier(ImageClassifier):  # expect-verdict: specialized  # expect-verdict[inputs=pixel_values]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self):
        super().__init__(VisionConfig(num_stages=1))


class ChannelCheckedClassifier(ImageClassifier):  # expect-verdict: fails  # expect-verdict[inputs=pixel_values]: fails  # expect-verdict[export]: exportable  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self):
        super().__init__(VisionConfig(check_channels=True))


def fxlint_examples():
    import torch

    image = torch.randn(2, 3, 8, 8)
    inputs, without_labels = (image, torch.tensor([0, 1])), (image, None)
    return {"TinyClassifier": {"make": TinyClassifier, "inputs": inputs, "alt_inputs": without_labels},
            "ChannelCheckedClassifier": {"make": ChannelCheckedClassifier, "inputs": inputs,
                                         "alt_inputs": without_labels}}
