# Convnets written the way current model libraries write them (EfficientNet / ConvNeXt / RegNet / ResNet-D
# families): layers picked by factories at construction time (`create_conv2d` with a padding string,
# `get_act_layer` / `get_norm_act_layer` with strings, classes, None and `functools.partial`s), a "same"
# padded conv that computes its padding from the input size in forward, blocks built from per-stage dicts
# with drop-path schedules from `torch.linspace(...).split(...)`, a pooled classifier head, and the
# features_only / forward_intermediates forwards. Tiny widths (8-32 channels) so real tracing is quick.
import functools
import math
from collections import OrderedDict
from functools import partial

import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------------------------------
# helpers run at construction time


def make_divisible(v, divisor=8, min_value=None, round_limit=.9):
    min_value = min_value or divisor
    rounded = max(min_value, int(v + divisor / 2) // divisor * divisor)
    # never round down by more than (1 - round_limit)
    if rounded < round_limit * v:
        rounded += divisor
    return rounded


def pair(v):
    if isinstance(v, (tuple, list)):
        return tuple(v)
    return (v, v)


def get_padding(kernel_size, stride=1, dilation=1, **_):
    return ((stride - 1) + dilation * (kernel_size - 1)) // 2


def padding_is_static(kernel_size, stride=1, dilation=1, **_):
    return stride == 1 and (dilation * (kernel_size - 1)) % 2 == 0


def resolve_padding(padding, kernel_size, **kwargs):
    """Returns (padding, dynamic): a string padding becomes a number when it can, else 0 and dynamic."""
    dynamic = False
    if isinstance(padding, str):
        padding = padding.lower()
        if padding == "same":
            if padding_is_static(kernel_size, **kwargs):
                padding = get_padding(kernel_size, **kwargs)
            else:
                padding, dynamic = 0, True
        elif padding == "valid":
            padding = 0
        else:
            padding = get_padding(kernel_size, **kwargs)
    return padding, dynamic


# ----------------------------------------------------------------------------------------------------
# "same" padding computed from the input in forward


def same_pad_amount(size, kernel_size, stride, dilation):
    return max((math.ceil(size / stride) - 1) * stride + (kernel_size - 1) * dilation + 1 - size, 0)  # expect: FX107 "max"


def pad_to_same(x, kernel_size, stride, dilation=(1, 1), value=0.):
    in_h, in_w = x.shape[-2:]
    pad_h = same_pad_amount(in_h, kernel_size[0], stride[0], dilation[0])
    pad_w = same_pad_amount(in_w, kernel_size[1], stride[1], dilation[1])
    if pad_h > 0 or pad_w > 0:  # expect: FX101 "pad_h"
        x = F.pad(x, [pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2], value=value)
    return x


class Conv2dSame(nn.Conv2d):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    """TF 'SAME' convolution: the padding depends on the input size, so it is computed per call."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True):
        super().__init__(in_channels, out_channels, kernel_size, stride, 0, dilation, groups, bias)

    def forward(self, x):
        x = pad_to_same(x, self.kernel_size, self.stride, self.dilation)
        return F.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class ChannelCheckedPadConv(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    """Reads channels and spatial sizes as `x.shape[1:]`: its decisions never read the batch."""

    def __init__(self, channels=4):
        super().__init__()
        self.channels = channels
        self.conv = nn.Conv2d(channels, channels, 3, stride=2)

    def forward(self, x):
        channels, height, width = x.shape[1:]
        if channels != self.channels:  # expect: FX101 "channels"
            raise ValueError(f"expected {self.channels} channels, got {channels}")
        if height % 2 or width % 2:  # expect: FX101 "height % 2"
            x = F.pad(x, [0, width % 2, 0, height % 2])
        return self.conv(x)


def create_conv2d_pad(in_chs, out_chs, kernel_size, **kwargs):
    padding = kwargs.pop("padding", "")
    kwargs.setdefault("bias", False)
    padding, dynamic = resolve_padding(padding, kernel_size, **kwargs)
    if dynamic:
        return Conv2dSame(in_chs, out_chs, kernel_size, **kwargs)
    return nn.Conv2d(in_chs, out_chs, kernel_size, padding=padding, **kwargs)


def create_conv2d(in_chs, out_chs, kernel_size, **kwargs):
    depthwise = kwargs.pop("depthwise", False)
    groups = in_chs if depthwise else kwargs.pop("groups", 1)
    return create_conv2d_pad(in_chs, out_chs, kernel_size, groups=groups, **kwargs)


# ----------------------------------------------------------------------------------------------------
# activations and norm+act layers chosen by name, class or partial

_ACT_LAYERS = dict(
    relu=nn.ReLU,
    relu6=nn.ReLU6,
    silu=nn.SiLU,
    swish=nn.SiLU,
    gelu=nn.GELU,
    gelu_tanh=partial(nn.GELU, approximate="tanh"),
    sigmoid=nn.Sigmoid,
    hard_sigmoid=nn.Hardsigmoid,
    identity=nn.Identity,
)


def get_act_layer(name="relu"):
    if name is None:
        return None
    if not isinstance(name, str):
        # a class or a partial: use as is
        return name
    if not name:
        return None
    return _ACT_LAYERS[name.lower()]


def create_act_layer(name, inplace=None, **kwargs):
    act_layer = get_act_layer(name)
    if act_layer is None:
        return None
    if inplace is None:
        return act_layer(**kwargs)
    try:
        return act_layer(inplace=inplace, **kwargs)
    except TypeError:
        # GELU, Sigmoid, Identity: no inplace flag
        return act_layer(**kwargs)


class BatchNormAct2d(nn.BatchNorm2d):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """BatchNorm2d followed by an activation, in one module (so a norm layer can carry its activation)."""

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 apply_act=True, act_layer="relu", act_kwargs=None, inplace=True):
        super().__init__(num_features, eps=eps, momentum=momentum, affine=affine,
                         track_running_stats=track_running_stats)
        act = create_act_layer(act_layer, inplace=inplace, **(act_kwargs or {})) if apply_act else None
        self.act = act if act is not None else nn.Identity()

    def forward(self, x):
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            if self.num_batches_tracked is not None:
                self.num_batches_tracked.add_(1)
                if self.momentum is None:
                    factor = 1.0 / float(self.num_batches_tracked)
        use_batch_stats = self.training or not self.track_running_stats
        x = F.batch_norm(
            x,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight,
            self.bias,
            use_batch_stats,
            factor,
            self.eps,
        )
        return self.act(x)


class LayerNorm2d(nn.LayerNorm):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    """LayerNorm over the channels of an NCHW tensor."""

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)


_NORM_ACT_LAYERS = {"batchnorm": BatchNormAct2d, "batchnorm2d": BatchNormAct2d}


def get_norm_act_layer(norm_layer, act_layer=None):
    if norm_layer is None:
        return None
    if type(norm_layer) is str:
        norm_act_layer = _NORM_ACT_LAYERS[norm_layer.replace("_", "").lower()]
    elif isinstance(norm_layer, type) and issubclass(norm_layer, nn.BatchNorm2d) \
            and not issubclass(norm_layer, BatchNormAct2d):
        norm_act_layer = BatchNormAct2d
    elif isinstance(norm_layer, functools.partial):
        norm_act_layer = norm_layer
    else:
        norm_act_layer = norm_layer
    if act_layer is not None:
        norm_act_layer = partial(norm_act_layer, act_layer=act_layer)
    return norm_act_layer


# ----------------------------------------------------------------------------------------------------
# blocks


def drop_path(x, drop_prob=0., training=False, scale_by_keep=True):
    if drop_prob == 0. or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    mask = x.new_empty(shape).bernoulli_(keep_prob)
    if keep_prob > 0.0 and scale_by_keep:
        mask.div_(keep_prob)
    return x * mask


class DropPath(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, drop_prob=0.1, scale_by_keep=True):
        super().__init__()
        self.drop_prob = drop_prob
        self.scale_by_keep = scale_by_keep

    def forward(self, x):
        return drop_path(x, self.drop_prob, self.training, self.scale_by_keep)


class SqueezeExcite(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=16, rd_ratio=0.25, rd_channels=None, act_layer=nn.ReLU, gate_layer="sigmoid",
                 force_act_layer=None, round_chs_fn=None):
        super().__init__()
        if rd_channels is None:
            round_chs_fn = round_chs_fn or round
            rd_channels = round_chs_fn(in_chs * rd_ratio)
        act_layer = force_act_layer or act_layer
        self.conv_reduce = nn.Conv2d(in_chs, rd_channels, 1, bias=True)
        self.act1 = create_act_layer(act_layer, inplace=True)
        self.conv_expand = nn.Conv2d(rd_channels, in_chs, 1, bias=True)
        self.gate = create_act_layer(gate_layer)

    def forward(self, x):
        x_se = x.mean((2, 3), keepdim=True)
        x_se = self.conv_reduce(x_se)
        x_se = self.act1(x_se)
        x_se = self.conv_expand(x_se)
        return x * self.gate(x_se)


class DepthwiseSeparableConv(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=8, out_chs=8, dw_kernel_size=3, stride=1, dilation=1, pad_type="", noskip=False,
                 pw_kernel_size=1, act_layer="relu", norm_layer="batchnorm", se_layer=None, drop_path_rate=0.):
        super().__init__()
        norm_act_layer = get_norm_act_layer(norm_layer, act_layer)
        self.has_skip = (stride == 1 and in_chs == out_chs) and not noskip
        self.conv_dw = create_conv2d(in_chs, in_chs, dw_kernel_size, stride=stride, dilation=dilation,
                                     padding=pad_type, groups=in_chs)
        self.bn1 = norm_act_layer(in_chs, inplace=True)
        self.se = se_layer(in_chs, act_layer=get_act_layer(act_layer)) if se_layer else nn.Identity()
        self.conv_pw = create_conv2d(in_chs, out_chs, pw_kernel_size, padding=pad_type)
        self.bn2 = norm_act_layer(out_chs, apply_act=False)
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.conv_dw(x)
        x = self.bn1(x)
        x = self.se(x)
        x = self.conv_pw(x)
        x = self.bn2(x)
        if self.has_skip:
            x = self.drop_path(x) + shortcut
        return x


class InvertedResidual(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=8, out_chs=8, dw_kernel_size=3, stride=1, dilation=1, pad_type="", noskip=False,
                 exp_ratio=4.0, act_layer="swish", norm_layer="batchnorm", se_layer=None, drop_path_rate=0.):
        super().__init__()
        norm_act_layer = get_norm_act_layer(norm_layer, act_layer)
        mid_chs = make_divisible(in_chs * exp_ratio)
        self.has_skip = (in_chs == out_chs and stride == 1) and not noskip
        self.conv_pw = create_conv2d(in_chs, mid_chs, 1, padding=pad_type)
        self.bn1 = norm_act_layer(mid_chs, inplace=True)
        self.conv_dw = create_conv2d(mid_chs, mid_chs, dw_kernel_size, stride=stride, dilation=dilation,
                                     groups=mid_chs, padding=pad_type)
        self.bn2 = norm_act_layer(mid_chs, inplace=True)
        self.se = se_layer(mid_chs, act_layer=get_act_layer(act_layer)) if se_layer else nn.Identity()
        self.conv_pwl = create_conv2d(mid_chs, out_chs, 1, padding=pad_type)
        self.bn3 = norm_act_layer(out_chs, apply_act=False)
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.conv_pw(x)
        x = self.bn1(x)
        x = self.conv_dw(x)
        x = self.bn2(x)
        x = self.se(x)
        x = self.conv_pwl(x)
        x = self.bn3(x)
        if self.has_skip:
            x = self.drop_path(x) + shortcut
        return x


class ConvNeXtBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=16, out_chs=None, kernel_size=7, stride=1, dilation=1, mlp_ratio=4,
                 conv_bias=True, ls_init_value=1e-6, act_layer="gelu", drop_path=0.):
        super().__init__()
        out_chs = out_chs or in_chs
        self.conv_dw = create_conv2d(in_chs, out_chs, kernel_size, stride=stride, dilation=dilation,
                                     depthwise=True, bias=conv_bias, padding="same")
        self.norm = nn.LayerNorm(out_chs, eps=1e-6)
        hidden = int(mlp_ratio * out_chs)
        self.mlp = nn.Sequential(nn.Linear(out_chs, hidden), create_act_layer(act_layer), nn.Linear(hidden, out_chs))
        self.gamma = nn.Parameter(ls_init_value * torch.ones(out_chs)) if ls_init_value is not None else None
        if in_chs != out_chs or stride != 1:
            self.shortcut = nn.Sequential(nn.AvgPool2d(stride, stride) if stride > 1 else nn.Identity(),
                                          nn.Conv2d(in_chs, out_chs, 1))
        else:
            self.shortcut = nn.Identity()
        self.drop_path = DropPath(drop_path) if drop_path > 0. else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.conv_dw(x)
        x = x.permute(0, 2, 3, 1)
        x = self.norm(x)
        x = self.mlp(x)
        x = x.permute(0, 3, 1, 2)
        if self.gamma is not None:
            x = x.mul(self.gamma.reshape(1, -1, 1, 1))
        return self.drop_path(x) + self.shortcut(shortcut)


class ConvNeXtStage(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=8, out_chs=16, stride=2, depth=2, drop_path_rates=None, ls_init_value=1.0,
                 **block_kwargs):
        super().__init__()
        self.grad_checkpointing = False
        if in_chs != out_chs or stride > 1:
            self.downsample = nn.Sequential(LayerNorm2d(in_chs),
                                            nn.Conv2d(in_chs, out_chs, kernel_size=stride, stride=stride))
        else:
            self.downsample = nn.Identity()
        drop_path_rates = drop_path_rates or [0.] * depth
        self.blocks = nn.Sequential(*[
            ConvNeXtBlock(out_chs, drop_path=drop_path_rates[i], ls_init_value=ls_init_value, **block_kwargs)
            for i in range(depth)
        ])

    def forward(self, x):
        x = self.downsample(x)
        if self.grad_checkpointing and not torch.jit.is_scripting():
            for block in self.blocks:
                x = torch.utils.checkpoint.checkpoint(block, x, use_reentrant=False)
        else:
            x = self.blocks(x)
        return x


# ----------------------------------------------------------------------------------------------------
# heads


class FastGlobalAvg(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, flatten=False):
        super().__init__()
        self.flatten = flatten

    def forward(self, x):
        return x.mean((2, 3), keepdim=not self.flatten)


class AvgMaxPool2d(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, output_size=1):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        return 0.5 * (F.adaptive_avg_pool2d(x, self.output_size) + F.adaptive_max_pool2d(x, self.output_size))


class SelectAdaptivePool2d(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, output_size=1, pool_type="fast", flatten=False):
        super().__init__()
        self.pool_type = pool_type or ""
        self.flatten = nn.Flatten(1) if flatten else nn.Identity()
        if not self.pool_type:
            self.pool = nn.Identity()
        elif self.pool_type.startswith("fast"):
            self.pool = FastGlobalAvg(flatten)
            self.flatten = nn.Identity()
        elif self.pool_type == "avg":
            self.pool = nn.AdaptiveAvgPool2d(output_size)
        elif self.pool_type == "max":
            self.pool = nn.AdaptiveMaxPool2d(output_size)
        elif self.pool_type == "avgmax":
            self.pool = AvgMaxPool2d(output_size)
        else:
            raise ValueError(f"unknown pool type {pool_type}")

    def is_identity(self):
        return not self.pool_type

    def forward(self, x):
        x = self.pool(x)
        return self.flatten(x)


class ClassifierHead(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_features=32, num_classes=10, pool_type="avg", drop_rate=0., use_conv=False):
        super().__init__()
        self.global_pool = SelectAdaptivePool2d(pool_type=pool_type, flatten=not use_conv)
        if self.global_pool.is_identity() and not use_conv:
            raise ValueError("a linear classifier needs pooling")
        self.drop = nn.Dropout(drop_rate)
        if num_classes <= 0:
            self.fc = nn.Identity()
        elif use_conv:
            self.fc = nn.Conv2d(in_features, num_classes, 1, bias=True)
        else:
            self.fc = nn.Linear(in_features, num_classes)
        self.flatten = nn.Flatten(1) if use_conv and pool_type else nn.Identity()

    def forward(self, x, pre_logits: bool = False):
        x = self.global_pool(x)
        x = self.drop(x)
        if pre_logits:  # expect: FX102 "pre_logits"
            return self.flatten(x)
        x = self.fc(x)
        return self.flatten(x)


# ----------------------------------------------------------------------------------------------------
# EfficientNet-style model built from per-stage block dicts

_TINY_ARCH = (
    (dict(block="ds", repeats=1, kernel_size=3, stride=1, out_chs=8, se_ratio=0.25),),
    (dict(block="ir", repeats=2, kernel_size=3, stride=2, exp_ratio=4, out_chs=16, se_ratio=0.25),),
    (dict(block="ir", repeats=2, kernel_size=5, stride=2, exp_ratio=4, out_chs=24, se_ratio=0.25),),
)

_BLOCK_TYPES = {"ds": DepthwiseSeparableConv, "ir": InvertedResidual}


def build_stages(in_chs, arch, pad_type="", act_layer="swish", norm_layer="batchnorm", drop_path_rate=0.):
    depths = [sum(args["repeats"] for args in stage) for stage in arch]
    rates = [r.tolist() for r in torch.linspace(0, drop_path_rate, sum(depths)).split(depths)]
    stages, feature_info, reduction = [], [], 2
    for stage_idx, stage_args in enumerate(arch):
        blocks = []
        for args in stage_args:
            args = dict(args)
            block_cls = _BLOCK_TYPES[args.pop("block")]
            repeats = args.pop("repeats")
            se_ratio = args.pop("se_ratio", 0.)
            se_layer = partial(SqueezeExcite, rd_ratio=se_ratio) if se_ratio else None
            for r in range(repeats):
                kwargs = dict(
                    in_chs=in_chs, out_chs=args["out_chs"], dw_kernel_size=args["kernel_size"],
                    stride=args["stride"] if r == 0 else 1, pad_type=pad_type, act_layer=act_layer,
                    norm_layer=norm_layer, se_layer=se_layer, drop_path_rate=rates[stage_idx][len(blocks)],
                )
                if "exp_ratio" in args:
                    kwargs["exp_ratio"] = args["exp_ratio"]
                blocks.append(block_cls(**kwargs))
                in_chs = args["out_chs"]
            reduction *= args["stride"]
        stages.append(nn.Sequential(*blocks))
        feature_info.append(dict(num_chs=in_chs, reduction=reduction, module=f"blocks.{stage_idx}"))
    return stages, feature_info, in_chs


class EfficientNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, arch=_TINY_ARCH, num_classes=10, stem_size=8, num_features=32, in_chans=3, pad_type="",
                 act_layer="swish", norm_layer="batchnorm", drop_rate=0., drop_path_rate=0.1, global_pool="avg"):
        super().__init__()
        act_layer = get_act_layer(act_layer)
        norm_act_layer = get_norm_act_layer(norm_layer, act_layer)
        self.num_classes = num_classes
        self.conv_stem = create_conv2d(in_chans, stem_size, 3, stride=2, padding=pad_type)
        self.bn1 = norm_act_layer(stem_size, inplace=True)
        stages, self.feature_info, head_chs = build_stages(stem_size, arch, pad_type=pad_type, act_layer=act_layer,
                                                           norm_layer=norm_layer, drop_path_rate=drop_path_rate)
        self.blocks = nn.Sequential(*stages)
        self.conv_head = create_conv2d(head_chs, num_features, 1, padding=pad_type)
        self.bn2 = norm_act_layer(num_features, inplace=True)
        self.head = ClassifierHead(num_features, num_classes, pool_type=global_pool, drop_rate=drop_rate)

    def forward_features(self, x):
        x = self.conv_stem(x)
        x = self.bn1(x)
        x = self.blocks(x)
        x = self.conv_head(x)
        return self.bn2(x)

    def forward_head(self, x, pre_logits: bool = False):
        return self.head(x, pre_logits=pre_logits)

    def forward(self, x):
        x = self.forward_features(x)
        return self.forward_head(x)


class TfEfficientNet(EfficientNet):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    """The TF-ported weights' variant: 'same' padding everywhere (dynamic where a conv has stride 2)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("pad_type", "same")
        super().__init__(**kwargs)


def _create_net(cls, **kwargs):
    return cls(**kwargs)


def tinynet_a(**kwargs):
    return _create_net(EfficientNet, **kwargs)


def tf_tinynet_a(**kwargs):
    return _create_net(TfEfficientNet, **kwargs)


# ----------------------------------------------------------------------------------------------------
# ConvNeXt-style model with forward_intermediates


def feature_take_indices(num_features, indices=None):
    if indices is None:  # expect: FX201 "indices"
        indices = num_features
    if isinstance(indices, int):  # expect: FX202 "isinstance"
        # the last `indices` features
        take = [num_features - indices + i for i in range(indices)]
    else:
        # fxlint walks on past the failing iteration with a traced element: what it meets is reported too.
        take = [num_features + i if i < 0 else i for i in indices]  # expect: FX105 "indices"; FX102 "i < 0"
    return take, max(take)  # expect: FX107 "max(take)"


class ConvNeXt(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, in_chans=3, num_classes=10, depths=(1, 2, 1), dims=(8, 16, 32), drop_path_rate=0.1,
                 ls_init_value=1e-6, global_pool="avg", act_layer="gelu_tanh"):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_chans, dims[0], kernel_size=4, stride=4), LayerNorm2d(dims[0]))
        dp_rates = [r.tolist() for r in torch.linspace(0, drop_path_rate, sum(depths)).split(depths)]
        stages, prev_chs, self.feature_info = [], dims[0], []
        for i in range(len(depths)):
            stride = 2 if i > 0 else 1
            stages.append(ConvNeXtStage(prev_chs, dims[i], stride=stride, depth=depths[i],
                                        drop_path_rates=dp_rates[i], ls_init_value=ls_init_value,
                                        act_layer=act_layer))
            prev_chs = dims[i]
            self.feature_info.append(dict(num_chs=prev_chs, reduction=4 * 2 ** i, module=f"stages.{i}"))
        self.stages = nn.Sequential(*stages)
        self.norm_pre = nn.Identity()
        self.head = ClassifierHead(prev_chs, num_classes, pool_type=global_pool)

    def forward_intermediates(self, x, indices=None, norm=False, stop_early=False, output_fmt="NCHW",
                              intermediates_only=False):
        assert output_fmt in ("NCHW",), "only NCHW output"
        intermediates = []
        take_indices, max_index = feature_take_indices(len(self.stages), indices)
        x = self.stem(x)
        last_idx = len(self.stages) - 1
        # Both branches of the failing decision are walked: the slice by a traced bound is reported.
        stages = self.stages if not stop_early else self.stages[:max_index + 1]  # expect: FX102 "stop_early"; FX109 "max_index"
        for feat_idx, stage in enumerate(stages):
            x = stage(x)
            if feat_idx in take_indices:
                if norm and feat_idx == last_idx:
                    intermediates.append(self.norm_pre(x))
                else:
                    intermediates.append(x)
        if intermediates_only:
            return intermediates
        if feat_idx == last_idx:
            x = self.norm_pre(x)
        return x, intermediates

    def forward_features(self, x):
        x = self.stem(x)
        x = self.stages(x)
        return self.norm_pre(x)

    def forward(self, x):
        x = self.forward_features(x)
        return self.head(x, pre_logits=False)


class ConvNeXtFeatures(ConvNeXt):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable
    """Exposes forward_intermediates' selection as forward's own parameters."""

    def forward(self, x, indices=None, stop_early=False):
        return self.forward_intermediates(x, indices, stop_early=stop_early, intermediates_only=True)


# ----------------------------------------------------------------------------------------------------
# RegNet-style model with ResNet-D (avg-pool) shortcuts and a features_only forward


def regnet_widths(width_slope=8., width_initial=8, width_mult=2., depth=4, quant=8):
    """Per-block widths from the linear rule, quantized to powers of width_mult, then grouped into stages."""
    cont = torch.arange(depth) * width_slope + width_initial
    exps = torch.round(torch.log(cont / width_initial) / math.log(width_mult))
    widths = (torch.round(width_initial * torch.pow(width_mult, exps) / quant) * quant).int().tolist()
    stage_widths, stage_depths = [], []
    for w in widths:
        if stage_widths and stage_widths[-1] == w:
            stage_depths[-1] += 1
        else:
            stage_widths.append(w)
            stage_depths.append(1)
    return stage_widths, stage_depths


def downsample_avg(in_chs, out_chs, stride=1, dilation=1, norm_layer=BatchNormAct2d):
    if stride == 1 and dilation == 1:
        pool = nn.Identity()
    else:
        pool = nn.AvgPool2d(2, stride if dilation == 1 else 1, ceil_mode=True, count_include_pad=False)
    return nn.Sequential(pool, create_conv2d(in_chs, out_chs, 1), norm_layer(out_chs, apply_act=False))


class RegBottleneck(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=16, out_chs=16, stride=1, bottle_ratio=1., group_size=8, se_ratio=0.25,
                 act_layer=nn.ReLU, norm_layer=BatchNormAct2d, drop_path_rate=0.):
        super().__init__()
        mid_chs = int(round(out_chs * bottle_ratio))
        groups = mid_chs // group_size
        self.conv1 = create_conv2d(in_chs, mid_chs, 1)
        self.bn1 = norm_layer(mid_chs, act_layer=act_layer)
        self.conv2 = create_conv2d(mid_chs, mid_chs, 3, stride=stride, groups=groups)
        self.bn2 = norm_layer(mid_chs, act_layer=act_layer)
        if se_ratio:
            self.se = SqueezeExcite(mid_chs, rd_channels=int(round(in_chs * se_ratio)), act_layer=act_layer)
        else:
            self.se = nn.Identity()
        self.conv3 = create_conv2d(mid_chs, out_chs, 1)
        self.bn3 = norm_layer(out_chs, apply_act=False)
        self.act3 = create_act_layer(act_layer)
        if in_chs != out_chs or stride != 1:
            self.downsample = downsample_avg(in_chs, out_chs, stride, norm_layer=norm_layer)
        else:
            self.downsample = None
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate > 0 else nn.Identity()

    def forward(self, x):
        shortcut = x
        x = self.bn1(self.conv1(x))
        x = self.bn2(self.conv2(x))
        x = self.se(x)
        x = self.bn3(self.conv3(x))
        if self.downsample is not None:
            shortcut = self.downsample(shortcut)
        return self.act3(self.drop_path(x) + shortcut)


class RegNet(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, in_chans=3, num_classes=10, stem_width=8, drop_path_rate=0.05, features_only=False,
                 out_indices=(1, 2), global_pool="avg", norm_layer="batchnorm"):
        super().__init__()
        norm_act = get_norm_act_layer(norm_layer)
        widths, depths = regnet_widths()
        self.stem = nn.Sequential(create_conv2d(in_chans, stem_width, 3, stride=2), norm_act(stem_width))
        dpr = [r.tolist() for r in torch.linspace(0, drop_path_rate, sum(depths)).split(depths)]
        prev, stages = stem_width, []
        self.feature_info = [dict(num_chs=stem_width, reduction=2, module="stem")]
        for i, (w, d) in enumerate(zip(widths, depths)):
            blocks = [RegBottleneck(prev if j == 0 else w, w, stride=2 if j == 0 else 1, norm_layer=norm_act,
                                    drop_path_rate=dpr[i][j]) for j in range(d)]
            stages.append(nn.Sequential(*blocks))
            prev = w
            self.feature_info.append(dict(num_chs=w, reduction=2 ** (i + 2), module=f"stages.{i}"))
        self.stages = nn.ModuleList(stages)
        self.features_only = features_only
        self._out_idx = set(out_indices)
        self.head = None if features_only else ClassifierHead(prev, num_classes, pool_type=global_pool)

    def forward(self, x):
        x = self.stem(x)
        features = [x] if 0 in self._out_idx else []
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i + 1 in self._out_idx:
                features.append(x)
        if self.features_only:
            return features
        return self.head(x)


class RegNetFeatures(RegNet):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self):
        super().__init__(features_only=True, out_indices=(0, 1, 2, 3))


# ----------------------------------------------------------------------------------------------------
# ResNet-D basic block with anti-aliased downsampling and ECA attention


def create_aa(aa_layer, channels, stride=2, enable=True):
    """The anti-aliasing pool for a strided block; without one, a strided depthwise 'same' conv."""
    if not enable or stride == 1:
        return nn.Identity()
    if aa_layer is None:
        return create_conv2d(channels, channels, 3, stride=stride, padding="same", depthwise=True)
    if isinstance(aa_layer, functools.partial):
        return aa_layer(channels=channels, stride=stride)
    return aa_layer(kernel_size=stride, stride=stride)


class EcaModule(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, channels=32, gamma=2, beta=1, gate_layer="sigmoid"):
        super().__init__()
        t = int(abs(math.log(channels, 2) + beta) / gamma)
        kernel_size = max(t if t % 2 else t + 1, 3)
        self.conv = nn.Conv1d(1, 1, kernel_size=kernel_size, padding=(kernel_size - 1) // 2, bias=False)
        self.gate = create_act_layer(gate_layer)

    def forward(self, x):
        y = x.mean((2, 3)).view(x.shape[0], 1, -1)
        y = self.conv(y)
        y = self.gate(y).view(x.shape[0], -1, 1, 1)
        return x * y.expand_as(x)


class ResNetDBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_chs=16, out_chs=32, stride=2, act_layer=nn.ReLU, norm_layer=nn.BatchNorm2d,
                 aa_layer=nn.AvgPool2d, attn_layer=EcaModule, drop_path_rate=0.):
        super().__init__()
        norm_act = get_norm_act_layer(norm_layer)
        self.conv1 = create_conv2d(in_chs, out_chs, 3)
        self.bn1 = norm_act(out_chs, act_layer=act_layer)
        self.aa = create_aa(aa_layer, out_chs, stride=stride)
        self.conv2 = create_conv2d(out_chs, out_chs, 3)
        self.bn2 = norm_act(out_chs, apply_act=False)
        nn.init.zeros_(self.bn2.weight)
        self.attn = attn_layer(out_chs) if attn_layer is not None else nn.Identity()
        if in_chs != out_chs or stride != 1:
            self.downsample = downsample_avg(in_chs, out_chs, stride, norm_layer=norm_act)
        else:
            self.downsample = None
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate > 0 else nn.Identity()
        self.act2 = create_act_layer(act_layer, inplace=True)

    def forward(self, x):
        shortcut = x
        x = self.bn1(self.conv1(x))
        x = self.aa(x)
        x = self.bn2(self.conv2(x))
        x = self.attn(x)
        if self.downsample is not None:
            shortcut = self.downsample(shortcut)
        return self.act2(self.drop_path(x) + shortcut)


# ----------------------------------------------------------------------------------------------------
# feature extraction wrappers


class FeatureDictNet(nn.ModuleDict):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    """Keeps the model's children up to the last requested feature, flattening the stage containers."""

    def __init__(self, model=None, out_indices=(0, 2), flatten=("stages",)):
        model = model if model is not None else convnext_tiny()
        self.return_layers = {}
        for i in out_indices:
            self.return_layers[model.feature_info[i]["module"].replace(".", "_")] = i
        remaining = set(self.return_layers)
        layers = OrderedDict()
        for name, module in model.named_children():
            if name in flatten and isinstance(module, (nn.Sequential, nn.ModuleList)):
                children = [(f"{name}_{child_name}", child) for child_name, child in module.named_children()]
            else:
                children = [(name, module)]
            for child_name, child in children:
                layers[child_name] = child
                remaining.discard(child_name)
                if not remaining:
                    break
            if not remaining:
                break
        super().__init__(layers)

    def forward(self, x):
        out = OrderedDict()
        for name, module in self.items():
            x = module(x)
            if name in self.return_layers:
                out[self.return_layers[name]] = x
        return list(out.values())


class ConvNeXtPyramid(ConvNeXt):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    """The two coarsest maps, stopping after the last stage needed."""

    def forward(self, x):
        return self.forward_intermediates(x, indices=[-3, -2], stop_early=True, norm=True, intermediates_only=True)


def regnet_tiny(**kwargs):
    return _create_net(RegNet, **kwargs)


def convnext_tiny(**kwargs):
    return _create_net(ConvNeXt, **kwargs)


def fxlint_examples():
    image = (torch.randn(2, 3, 32, 32),)
    other = (torch.randn(3, 3, 28, 36),)
    odd = (torch.randn(2, 3, 29, 35),)  # same batch: in the input space of the spatial-dynamic export
    return {
        "Conv2dSame": {"make": lambda: Conv2dSame(3, 8, 3, stride=2), "inputs": image, "alt_inputs": odd},
        "ChannelCheckedPadConv": {"make": ChannelCheckedPadConv, "inputs": (torch.randn(2, 4, 9, 8),),
                                  "alt_inputs": (torch.randn(3, 4, 9, 8),)},
        "BatchNormAct2d": {"make": lambda: BatchNormAct2d(3, act_layer="gelu"), "inputs": image},
        "LayerNorm2d": {"make": lambda: LayerNorm2d(3), "inputs": image},
        "DropPath": {"make": DropPath, "inputs": image},
        "SqueezeExcite": {"make": SqueezeExcite, "inputs": (torch.randn(2, 16, 8, 8),)},
        "DepthwiseSeparableConv": {"make": DepthwiseSeparableConv, "inputs": (torch.randn(2, 8, 16, 16),)},
        "InvertedResidual": {"make": InvertedResidual, "inputs": (torch.randn(2, 8, 16, 16),)},
        "ConvNeXtBlock": {"make": ConvNeXtBlock, "inputs": (torch.randn(2, 16, 8, 8),)},
        "ConvNeXtStage": {"make": ConvNeXtStage, "inputs": (torch.randn(2, 8, 16, 16),)},
        "FastGlobalAvg": {"make": FastGlobalAvg, "inputs": image},
        "AvgMaxPool2d": {"make": AvgMaxPool2d, "inputs": image},
        "SelectAdaptivePool2d": {"make": SelectAdaptivePool2d, "inputs": image},
        "ClassifierHead": {"make": ClassifierHead, "inputs": (torch.randn(2, 32, 4, 4),)},
        "EfficientNet": {"make": tinynet_a, "inputs": image, "alt_inputs": other},
        "TfEfficientNet": {"make": tf_tinynet_a, "inputs": image, "alt_inputs": odd},
        "ConvNeXt": {"make": convnext_tiny, "inputs": image, "alt_inputs": other},
        "ConvNeXtFeatures": {"make": ConvNeXtFeatures, "inputs": image},
        "EcaModule": {"make": EcaModule, "inputs": (torch.randn(2, 32, 8, 8),), "alt_inputs": (torch.randn(3, 32, 8, 8),)},
        "ResNetDBlock": {"make": ResNetDBlock, "inputs": (torch.randn(2, 16, 8, 8),)},
        "FeatureDictNet": {"make": FeatureDictNet, "inputs": image, "alt_inputs": other},
        "ConvNeXtPyramid": {"make": ConvNeXtPyramid, "inputs": image, "alt_inputs": other},
        "RegBottleneck": {"make": RegBottleneck, "inputs": (torch.randn(2, 16, 8, 8),)},
        "RegNet": {"make": regnet_tiny, "inputs": image, "alt_inputs": other},
        "RegNetFeatures": {"make": RegNetFeatures, "inputs": image, "alt_inputs": other},
    }
