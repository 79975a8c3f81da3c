# A ResNet in the style of HuggingFace model code, written for fxlint: a config object, an embeddings
# stem that validates the channel count, stages of residual layers, a base model and a classification
# head with optional `labels` / `output_hidden_states` / `return_dict`. Under vanilla tracing the channel
# check raises first; the flags are Proxies too, so every decision on them is reported after it.
from typing import NamedTuple, Optional

import torch
import torch.nn as nn


class ResNetStyleConfig:
    def __init__(self, num_channels=3, embedding_size=8, hidden_sizes=(8, 16), depths=(1, 1), num_labels=4,
                 output_hidden_states=False, use_return_dict=True):
        self.num_channels = num_channels
        self.embedding_size = embedding_size
        self.hidden_sizes = list(hidden_sizes)
        self.depths = list(depths)
        self.num_labels = num_labels
        self.output_hidden_states = output_hidden_states
        self.use_return_dict = use_return_dict


# NamedTuples rather than dict subclasses: FX rebuilds them as graph outputs, and they index like tuples.
class ResNetStyleEncoderOutput(NamedTuple):
    last_hidden_state: torch.Tensor
    hidden_states: Optional[tuple] = None


class ResNetStyleModelOutput(NamedTuple):
    last_hidden_state: torch.Tensor
    pooler_output: torch.Tensor
    hidden_states: Optional[tuple] = None


class ResNetStyleClassifierOutput(NamedTuple):
    loss: Optional[torch.Tensor]
    logits: torch.Tensor
    hidden_states: Optional[tuple] = None


class ResNetStyleConvLayer(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_channels=3, out_channels=8, kernel_size=3, stride=1, activation=True):
        super().__init__()
        self.convolution = nn.Conv2d(in_channels, out_channels, kernel_size, stride, kernel_size // 2, bias=False)
        self.normalization = nn.BatchNorm2d(out_channels)
        self.activation = nn.ReLU() if activation else nn.Identity()

    def forward(self, input):
        return self.activation(self.normalization(self.convolution(input)))  # expect[export]: FX115


class ResNetStyleEmbeddings(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=pixel_values]: fails  # expect-verdict[export]: exportable  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self, config=None):
        super().__init__()
        config = config or ResNetStyleConfig()
        self.embedder = ResNetStyleConvLayer(config.num_channels, config.embedding_size, kernel_size=7, stride=2)
        self.pooler = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.num_channels = config.num_channels

    def forward(self, pixel_values):
        num_channels = pixel_values.shape[1]  # expect[export]: FX115
        if num_channels != self.num_channels:  # expect: FX101 "pixel_values.shape[1]"  # expect[inputs=pixel_values]: FX101 "pixel_values.shape[1]"
            raise ValueError("the channel dimension of the pixel values does not match the configuration")
        return self.pooler(self.embedder(pixel_values))


class ResNetStyleShortCut(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_channels=8, out_channels=16, stride=2):
        super().__init__()
        self.convolution = nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)
        self.normalization = nn.BatchNorm2d(out_channels)

    def forward(self, input):
        return self.normalization(self.convolution(input))


class ResNetStyleBasicLayer(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_channels=8, out_channels=8, stride=1):
        super().__init__()
        # Decided on constructor arguments, so the traced graph holds only the branch built here.
        needs_projection = in_channels != out_channels or stride != 1
        self.shortcut = ResNetStyleShortCut(in_channels, out_channels, stride) if needs_projection else nn.Identity()
        self.layer = nn.Sequential(
            ResNetStyleConvLayer(in_channels, out_channels, stride=stride),
            ResNetStyleConvLayer(out_channels, out_channels, activation=False),
        )
        self.activation = nn.ReLU()

    def forward(self, hidden_state):
        residual = self.shortcut(hidden_state)
        hidden_state = self.layer(hidden_state)
        hidden_state += residual
        return self.activation(hidden_state)


class ResNetStyleStage(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_channels=8, out_channels=16, stride=2, depth=2):
        super().__init__()
        self.layers = nn.Sequential(
            ResNetStyleBasicLayer(in_channels, out_channels, stride),
            *[ResNetStyleBasicLayer(out_channels, out_channels) for _ in range(depth - 1)],
        )

    def forward(self, input):
        hidden_state = input
        for layer in self.layers:
            hidden_state = layer(hidden_state)
        return hidden_state


class ResNetStyleEncoder(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=hidden_state]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=hidden_state]: exportable
    def __init__(self, config=None):
        super().__init__()
        config = config or ResNetStyleConfig()
        sizes = [config.embedding_size] + config.hidden_sizes
        self.stages = nn.ModuleList(
            ResNetStyleStage(sizes[i], sizes[i + 1], stride=1 if i == 0 else 2, depth=config.depths[i])
            for i in range(len(config.depths))
        )

    def forward(self, hidden_state, output_hidden_states=False, return_dict=True):
        hidden_states = () if output_hidden_states else None  # expect: FX102 "output_hidden_states"
        for stage_module in self.stages:
            if output_hidden_states:  # expect: FX102 "output_hidden_states"
                hidden_states = hidden_states + (hidden_state,)
            hidden_state = stage_module(hidden_state)
        if output_hidden_states:  # expect: FX102 "output_hidden_states"
            hidden_states = hidden_states + (hidden_state,)
        if not return_dict:  # expect: FX102 "return_dict"
            return (hidden_state, hidden_states)
        return ResNetStyleEncoderOutput(hidden_state, hidden_states)


class ResNetStyleModel(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=pixel_values]: fails  # expect-verdict[export]: exportable  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self, config=None):
        super().__init__()
        self.config = config or ResNetStyleConfig()
        self.embedder = ResNetStyleEmbeddings(self.config)
        self.encoder = ResNetStyleEncoder(self.config)
        self.pooler = nn.AdaptiveAvgPool2d((1, 1))

    def forward(self, pixel_values, output_hidden_states=None, return_dict=None):
        output_hidden_states = (
            output_hidden_states if output_hidden_states is not None else self.config.output_hidden_states  # expect: FX201 "output_hidden_states"
        )
        return_dict = return_dict if return_dict is not None else self.config.use_return_dict  # expect: FX201 "return_dict"
        embedding_output = self.embedder(pixel_values)
        encoder_outputs = self.encoder(embedding_output, output_hidden_states=output_hidden_states,
                                       return_dict=return_dict)
        last_hidden_state = encoder_outputs[0]
        pooled_output = self.pooler(last_hidden_state)
        if not return_dict:  # expect: FX102 "return_dict"
            return (last_hidden_state, pooled_output) + tuple(encoder_outputs[1:])
        return ResNetStyleModelOutput(last_hidden_state, pooled_output, encoder_outputs.hidden_states)


class ResNetStyleForImageClassification(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=pixel_values]: fails  # expect-verdict[export]: fails  # expect-verdict[export inputs=pixel_values]: exportable
    def __init__(self, config=None):
        super().__init__()
        self.config = config or ResNetStyleConfig()
        self.num_labels = self.config.num_labels
        self.resnet = ResNetStyleModel(self.config)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(self.config.hidden_sizes[-1], self.num_labels))
        self.loss_fct = nn.CrossEntropyLoss()

    def forward(self, pixel_values=None, labels=None, output_hidden_states=None, return_dict=None):
        return_dict = return_dict if return_dict is not None else self.config.use_return_dict  # expect: FX201 "return_dict"
        outputs = self.resnet(pixel_values, output_hidden_states=output_hidden_states, return_dict=return_dict)
        pooled_output = outputs.pooler_output if return_dict else outputs[1]  # expect: FX102 "return_dict"
        logits = self.classifier(pooled_output)
        loss = None
        if labels is not None:  # expect: FX201 "labels"
            loss = self.loss_fct(logits.view(-1, self.num_labels), labels.view(-1))
        if not return_dict:  # expect: FX102 "return_dict"
            return (loss, logits) + tuple(outputs[2:])
        return ResNetStyleClassifierOutput(loss, logits, outputs.hidden_states)


def fxlint_examples():
    pixels = (torch.randn(2, 3, 32, 32),)
    return {
        "ResNetStyleConvLayer": {"make": lambda: ResNetStyleConvLayer(), "inputs": pixels},
        "ResNetStyleEmbeddings": {"make": lambda: ResNetStyleEmbeddings(), "inputs": pixels},
        "ResNetStyleShortCut": {"make": lambda: ResNetStyleShortCut(), "inputs": (torch.randn(2, 8, 8, 8),)},
        "ResNetStyleBasicLayer": {"make": lambda: ResNetStyleBasicLayer(), "inputs": (torch.randn(2, 8, 8, 8),)},
        "ResNetStyleStage": {"make": lambda: ResNetStyleStage(), "inputs": (torch.randn(2, 8, 8, 8),)},
        "ResNetStyleEncoder": {"make": lambda: ResNetStyleEncoder(), "inputs": (torch.randn(2, 8, 8, 8),)},
        "ResNetStyleModel": {"make": lambda: ResNetStyleModel(), "inputs": pixels},
        "ResNetStyleForImageClassification": {"make": lambda: ResNetStyleForImageClassification(), "inputs": pixels},
    }
