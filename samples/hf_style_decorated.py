# A HuggingFace-style vision model as transformers 5 writes them: a configuration dataclass whose
# fields' defaults are what `Config()` gives, an activation table looked up by the config's string
# (a dict subclass whose __getitem__ builds the class), modules annotated `config: Config`, and a head
# whose forward is wrapped by a decorator that forwards `*args, **kwargs`. fxlint builds each class
# from the configuration's defaults and applies the project's decorators as Python would.
import functools
from collections import OrderedDict
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class TinyVisionConfig:
    num_channels: int = 3
    hidden_size: int = 8
    hidden_act: str = "relu"
    num_labels: int = 4


class SquaredReLU(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return torch.relu(x) ** 2


class ActivationTable(OrderedDict):
    def __getitem__(self, key):
        cls = super().__getitem__(key)
        return cls()


ACTIVATIONS = ActivationTable({"relu": nn.ReLU, "relu2": SquaredReLU})


def returns_tuple_unless_asked(forward):
    # Wraps forward like transformers' can_return_tuple: the wrapper takes *args and **kwargs.
    @functools.wraps(forward)
    def wrapper(self, *args, **kwargs):
        as_dict = kwargs.pop("return_dict", True)
        output = forward(self, *args, **kwargs)  # expect: FX105 "args"
        return output if as_dict else (output,)  # expect: FX102 "as_dict"

    return wrapper


class TinyStem(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, config: TinyVisionConfig):
        super().__init__()
        self.num_channels = config.num_channels
        self.conv = nn.Conv2d(config.num_channels, config.hidden_size, 3, padding=1)
        self.act = ACTIVATIONS[config.hidden_act]

    def forward(self, pixel_values):
        if pixel_values.shape[1] != self.num_channels:  # expect: FX101 "pixel_values.shape[1]"
            raise ValueError("channel mismatch")
        return self.act(self.conv(pixel_values))


class TinyBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, config: TinyVisionConfig):
        super().__init__()
        self.proj = nn.Conv2d(config.hidden_size, config.hidden_size, 1)
        self.act = ACTIVATIONS[config.hidden_act]

    def forward(self, hidden):
        return hidden + self.act(self.proj(hidden))


class TinyHeadPlainForward(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, config: TinyVisionConfig):
        super().__init__()
        self.block = TinyBlock(config)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)

    @returns_tuple_unless_asked
    def forward(self, hidden):
        # FX passes the placeholders to the wrapper positionally: its *args is a real tuple here.
        return self.classifier(self.block(hidden).mean((2, 3)))


class TinyHeadKwargsForward(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, config: TinyVisionConfig):
        super().__init__()
        self.block = TinyBlock(config)

    @returns_tuple_unless_asked
    def forward(self, hidden, **kwargs):
        return self.block(hidden)


def fxlint_examples():
    config = TinyVisionConfig()
    hidden = (torch.randn(2, 8, 4, 4),)
    return {
        "SquaredReLU": {"make": SquaredReLU, "inputs": hidden},
        "TinyStem": {"make": lambda: TinyStem(config), "inputs": (torch.randn(2, 3, 4, 4),)},
        "TinyBlock": {"make": lambda: TinyBlock(config), "inputs": hidden},
        "TinyHeadPlainForward": {"make": lambda: TinyHeadPlainForward(config), "inputs": hidden},
        "TinyHeadKwargsForward": {"make": lambda: TinyHeadKwargsForward(config), "inputs": hidden},
    }
