# The HuggingFace-style ResNet of hf_style_resnet.py made tracing-friendly the way model code usually
# does it: the channel validation is skipped while FX traces. Vanilla tracing still fails (the optional
# flags are Proxies and the encoder branches on them); with only pixel_values traced, the head traces.
import torch
import torch.fx

from hf_style_resnet import ResNetStyleEmbeddings, ResNetStyleForImageClassification, ResNetStyleModel


class TracingFriendlyEmbeddings(ResNetStyleEmbeddings):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, pixel_values):
        # is_fx_symbolic_tracing() is True under symbolic_trace, so the check below is never traced.
        if not torch.fx._symbolic_trace.is_fx_symbolic_tracing():
            if pixel_values.shape[1] != self.num_channels:  # expect[export]: FX115
                raise ValueError("the channel dimension of the pixel values does not match the configuration")
        return self.pooler(self.embedder(pixel_values))


class TracingFriendlyModel(ResNetStyleModel):  # expect-verdict: fails  # expect-verdict[inputs=pixel_values]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self, config=None):
        super().__init__(config)
        self.embedder = TracingFriendlyEmbeddings(self.config)


class TracingFriendlyForImageClassification(ResNetStyleForImageClassification):  # expect-verdict: fails  # expect-verdict[inputs=pixel_values]: traceable  # expect-verdict[export]: fails  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self, config=None):
        super().__init__(config)
        self.resnet = TracingFriendlyModel(self.config)


def fxlint_examples():
    pixels = (torch.randn(2, 3, 32, 32),)
    other_size = (torch.randn(1, 3, 24, 40),)
    return {
        "TracingFriendlyEmbeddings": {"make": lambda: TracingFriendlyEmbeddings(), "inputs": pixels,
                                      "alt_inputs": other_size},
        "TracingFriendlyModel": {"make": lambda: TracingFriendlyModel(), "inputs": pixels, "alt_inputs": other_size},
        "TracingFriendlyForImageClassification": {"make": lambda: TracingFriendlyForImageClassification(),
                                                  "inputs": pixels, "alt_inputs": other_size},
    }
