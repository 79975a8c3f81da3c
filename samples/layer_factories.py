# Layers chosen while the model is built, the way model libraries write it: a name looked up in a table
# after `.replace("_", "").lower()`, `type(x) is str` and `isinstance(x, type)` dispatch, nested
# `functools.partial`s passed down through **kwargs, helpers that return classes, a registry filled by a
# decorator at import, `getattr(nn, name)`. fxlint evaluates this Python as Python, so it knows which
# layer each attribute holds and traces that one: a table entry whose forward fails makes the model fail.
import functools
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F

_ACTIVATIONS = dict(relu=nn.ReLU, gelu=nn.GELU, silu=nn.SiLU, swish=nn.SiLU, identity=nn.Identity)


class CheckedBatchNorm(nn.BatchNorm2d):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.shape[1] != self.num_features:  # expect: FX101 "x.shape[1]"
            raise ValueError("channel mismatch")
        return super().forward(x)


class ChannelsLastNorm(nn.LayerNorm):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


_NORMS = {"batchnorm": nn.BatchNorm2d, "batchnorm2d": nn.BatchNorm2d, "channelslastnorm": ChannelsLastNorm,
          "checked": CheckedBatchNorm}


def activation_class(name="relu"):
    if name is None:
        return None
    if not isinstance(name, str):
        return name
    if not name:
        return None
    return _ACTIVATIONS[name.lower()]


def norm_class(norm):
    if norm is None:
        return None
    if isinstance(norm, type) and issubclass(norm, nn.Module):
        return norm
    if isinstance(norm, functools.partial):
        return norm
    if type(norm) is str:
        return _NORMS[norm.replace("_", "").lower()]
    return norm


def make_activation(name, inplace=False, **kwargs):
    act = activation_class(name)
    if act is None:
        return nn.Identity()
    if act in (nn.ReLU, nn.SiLU):
        return act(inplace=inplace, **kwargs)
    return act(**kwargs)


class ConvNormAct(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, cin=3, cout=8, k=3, norm_layer="batchnorm", act_layer="relu", **norm_kwargs):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2, bias=False)
        self.norm = norm_class(norm_layer)(cout, **norm_kwargs)
        self.act = make_activation(act_layer)

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class PartialNormNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, norm_layer=partial(nn.BatchNorm2d, eps=1e-3), act_layer="SiLU"):
        super().__init__()
        self.stem = ConvNormAct(norm_layer=norm_layer, act_layer=act_layer)

    def forward(self, x):
        return self.stem(x)


class NamedNormNet(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, norm_layer="checked"):
        super().__init__()
        self.stem = ConvNormAct(norm_layer=norm_layer)

    def forward(self, x):
        return self.stem(x)


class NestedPartialNet(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        norm = partial(partial(CheckedBatchNorm, eps=1e-3), momentum=0.2)
        self.stem = ConvNormAct(norm_layer=norm)

    def forward(self, x):
        return self.stem(x)


class SpelledNormNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.stem = ConvNormAct(norm_layer="Channels_Last_Norm")

    def forward(self, x):
        return self.stem(x)


class OddChannelBlock(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, c=3):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 1)

    def forward(self, x):
        if x.size(1) % 2:  # expect: FX101 "x.size(1)"
            x = x * 2
        return self.conv(x)


class ResidualBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, c=3):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return self.conv(x) + x


_BLOCKS = {"residual": ResidualBlock, "odd": OddChannelBlock}


def make_stage(block, depth, channels, **kwargs):
    block_cls = _BLOCKS[block] if isinstance(block, str) else block
    return nn.Sequential(*[block_cls(channels, **kwargs) for _ in range(depth)])


class StagedNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, block_types=("residual", "residual")):
        super().__init__()
        self.stages = nn.Sequential(*[make_stage(b, 2, 3) for b in block_types])

    def forward(self, x):
        return self.stages(x)


class OddStagedNet(StagedNet):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__(block_types=("residual", "odd"))


def block_class(kind):
    if kind == "residual":
        return ResidualBlock
    return OddChannelBlock


class ReturnedClassNet(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, kind="odd"):
        super().__init__()
        self.block = block_class(kind)(3)

    def forward(self, x):
        return self.block(x)


_MODELS = {}


def register_model(fn):
    _MODELS[fn.__name__] = fn
    return fn


@register_model
def staged_residual(**kwargs):
    return StagedNet(**kwargs)


@register_model
def staged_odd(**kwargs):
    return OddStagedNet(**kwargs)


def create_model(name, **kwargs):
    return _MODELS[name](**kwargs)


class RegisteredBodyNet(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, name="staged_odd"):
        super().__init__()
        self.body = create_model(name)

    def forward(self, x):
        return self.body(x)


class NamedActivationNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, act="GELU"):
        super().__init__()
        self.act = getattr(nn, act)()
        self.conv = nn.Conv2d(3, 3, 1)

    def forward(self, x):
        return self.act(self.conv(x))


class SubclassDispatchNet(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, block=OddChannelBlock):
        super().__init__()
        if isinstance(block, type) and issubclass(block, ResidualBlock):
            self.block = block(3)
        elif type(block) is type:
            self.block = nn.Sequential(block(3), nn.ReLU())
        else:
            self.block = nn.Identity()

    def forward(self, x):
        return self.block(x)


def fxlint_examples():
    image = (torch.randn(2, 3, 8, 8),)
    make = {"CheckedBatchNorm": lambda: CheckedBatchNorm(3), "ChannelsLastNorm": lambda: ChannelsLastNorm(3)}
    names = [name for name, value in globals().items() if isinstance(value, type) and issubclass(value, nn.Module)]
    return {name: {"make": make.get(name, globals()[name]), "inputs": image} for name in names}
