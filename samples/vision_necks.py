# Detection necks, ViT variants and hybrid CNN-transformer blocks written the way torch 2.x vision code
# writes them: FPN / PAN / BiFPN necks looping over feature lists with `zip` and resizing with
# `F.interpolate(size=x.shape[-2:])`, lateral convs in `nn.ModuleList`, layers picked at construction by
# factories (a name table, `functools.partial(nn.GroupNorm, 8)` handed down through **kwargs and a
# dataclass config, `type(x) is str` / `isinstance(x, type)` dispatch), a ViT whose position embedding is
# resampled when the patch grid differs from the pretraining one, Swin-style window attention with a
# relative position bias table indexed by a buffer, window partitioning that asserts or pads, a
# ViTDet-style simple feature pyramid, DETR / MAE position embeddings computed in forward, and
# stochastic depth / layer scale that fall back to `nn.Identity()` when their rate is 0. Tiny widths.
import functools
import math
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import partial
from typing import Dict, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------------------------------
# layer factories, run while the model is built

_ACT_LAYERS = {
    "relu": nn.ReLU,
    "silu": nn.SiLU,
    "swish": nn.SiLU,
    "gelu": nn.GELU,
    "hardswish": nn.Hardswish,
    "leaky_relu": partial(nn.LeakyReLU, 0.1),
    "identity": nn.Identity,
}

_NORM_LAYERS = {
    "bn": nn.BatchNorm2d,
    "batchnorm": nn.BatchNorm2d,
    "gn": partial(nn.GroupNorm, 8),
    "groupnorm": nn.GroupNorm,
    "in": nn.InstanceNorm2d,
}


def get_act_layer(name):
    """A class, a partial, or a name from the table; None / "" means no activation."""
    if name is None or name == "":
        return None
    if isinstance(name, type) or isinstance(name, functools.partial):
        return name
    return _ACT_LAYERS[name.replace("-", "_").lower()]


def create_norm(norm_layer, num_channels, **kwargs):
    if not norm_layer:
        return nn.Identity()
    if type(norm_layer) is str:
        norm_layer = _NORM_LAYERS[norm_layer.replace("-", "_").lower()]
    if isinstance(norm_layer, type) and issubclass(norm_layer, nn.GroupNorm):
        num_groups = kwargs.pop("num_groups", 8)
        return norm_layer(num_groups, num_channels, **kwargs)
    return norm_layer(num_channels, **kwargs)


class ConvNormAct(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    def __init__(self, in_chs=8, out_chs=16, kernel_size=3, stride=1, groups=1, norm_layer="gn", act_layer="silu",
                 **norm_kwargs):
        super().__init__()
        self.conv = nn.Conv2d(in_chs, out_chs, kernel_size, stride, padding=kernel_size // 2, groups=groups,
                              bias=not norm_layer)
        self.norm = create_norm(norm_layer, out_chs, **norm_kwargs)
        act = get_act_layer(act_layer)
        self.act = act() if act is not None else nn.Identity()

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class NormedConv2d(nn.Conv2d):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    """Conv2d carrying its own norm and activation, the detection-library wrapper."""

    def __init__(self, in_channels=8, out_channels=16, kernel_size=3, stride=1, padding=1, *, norm=None,
                 activation=None, **kwargs):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, **kwargs)
        self.norm = norm
        self.activation = activation

    def forward(self, x):
        if x.numel() == 0 and self.training:  # expect: FX101 "x.numel()"
            # SyncBatchNorm cannot take an empty batch while training
            assert not isinstance(self.norm, nn.SyncBatchNorm), "SyncBatchNorm does not support empty inputs"
        x = F.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
        if self.norm is not None:
            x = self.norm(x)
        if self.activation is not None:
            x = self.activation(x)
        return x


# ----------------------------------------------------------------------------------------------------
# necks


class FPN(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    """Top-down pyramid over a dict of backbone maps; lateral / output convs in ModuleLists."""

    def __init__(self, in_features=("res3", "res4", "res5"), in_channels=(8, 16, 32), in_strides=(8, 16, 32),
                 out_channels=16, norm="gn", fuse_type="sum", top_block=True):
        super().__init__()
        assert fuse_type in ("avg", "sum")
        use_bias = norm == ""
        lateral_convs, output_convs = [], []
        for in_chs in in_channels:
            lateral_convs.append(NormedConv2d(in_chs, out_channels, kernel_size=1, padding=0, bias=use_bias,
                                              norm=create_norm(norm, out_channels)))
            output_convs.append(NormedConv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=use_bias,
                                             norm=create_norm(norm, out_channels)))
        # the top-down pass starts from the coarsest map
        self.lateral_convs = nn.ModuleList(lateral_convs[::-1])
        self.output_convs = nn.ModuleList(output_convs[::-1])
        self.in_features = tuple(in_features)
        self._out_features = [f"p{int(math.log2(s))}" for s in in_strides]
        if top_block:
            self._out_features.append(f"p{int(math.log2(in_strides[-1])) + 1}")
        self.top_block = top_block
        self._fuse_type = fuse_type

    def forward(self, features: Dict[str, torch.Tensor]):
        feats = [features[f] for f in self.in_features[::-1]]
        prev = self.lateral_convs[0](feats[0])
        results = [self.output_convs[0](prev)]
        for feat, lateral_conv, output_conv in zip(feats[1:], self.lateral_convs[1:], self.output_convs[1:]):
            top_down = F.interpolate(prev, size=feat.shape[-2:], mode="nearest")
            prev = lateral_conv(feat) + top_down
            if self._fuse_type == "avg":
                prev /= 2
            results.insert(0, output_conv(prev))
        if self.top_block:
            results.append(F.max_pool2d(results[-1], kernel_size=1, stride=2, padding=0))
        return dict(zip(self._out_features, results))


@dataclass
class NeckConfig:
    in_channels: Tuple[int, ...] = (8, 16, 32)
    out_channels: int = 16
    norm_layer: object = "gn"
    act_layer: object = "silu"
    upsample_mode: str = "nearest"
    extra_levels: int = 0
    norm_kwargs: dict = field(default_factory=dict)


class PAFPN(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=c3:0 c4:0 c5:0]: exportable  # expect-verdict[export dynamic=c3:2,3 c4:2,3 c5:2,3]: exportable
    """Path-aggregation neck: top-down then bottom-up, every conv a ConvNormAct built from the config."""

    def __init__(self, cfg: Optional[NeckConfig] = None, **kwargs):
        super().__init__()
        cfg = cfg or NeckConfig(**kwargs)
        conv = partial(ConvNormAct, norm_layer=cfg.norm_layer, act_layer=cfg.act_layer, **cfg.norm_kwargs)
        out_chs = cfg.out_channels
        self.upsample_mode = cfg.upsample_mode
        self.lateral_convs = nn.ModuleList([conv(c, out_chs, 1) for c in cfg.in_channels])
        self.td_convs = nn.ModuleList([conv(out_chs, out_chs, 3) for _ in cfg.in_channels[:-1]])
        self.downsample_convs = nn.ModuleList([conv(out_chs, out_chs, 3, stride=2) for _ in cfg.in_channels[:-1]])
        self.bu_convs = nn.ModuleList([conv(out_chs, out_chs, 3) for _ in cfg.in_channels[:-1]])
        if cfg.extra_levels:
            self.extra = nn.Sequential(*[conv(out_chs, out_chs, 3, stride=2) for _ in range(cfg.extra_levels)])
        else:
            self.extra = nn.Identity()

    def forward(self, c3, c4, c5):
        inner = [lateral(f) for lateral, f in zip(self.lateral_convs, (c3, c4, c5))]
        outs = [inner[-1]]
        for idx in range(len(inner) - 2, -1, -1):
            up = F.interpolate(outs[0], size=inner[idx].shape[-2:], mode=self.upsample_mode)
            outs.insert(0, self.td_convs[idx](inner[idx] + up))
        for idx, down in enumerate(self.downsample_convs):
            outs[idx + 1] = self.bu_convs[idx](outs[idx + 1] + down(outs[idx]))
        outs[-1] = self.extra(outs[-1])
        return tuple(outs)


def pafpn_gn(**kwargs):
    return PAFPN(norm_layer=partial(nn.GroupNorm, 8), act_layer=nn.SiLU, **kwargs)


class BiFPNLayer(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=p3:2,3 p4:2,3 p5:2,3]: specialized
    """One weighted bidirectional fusion layer over P3-P5 (fast normalized fusion). A level is resized only
    when its size differs, so a backbone with a dilated last stage (P5 as large as P4) also works."""

    def __init__(self, channels=16, num_levels=3, eps=1e-4, act_layer="swish", norm_layer="bn"):
        super().__init__()
        self.eps = eps
        self.td_weights = nn.Parameter(torch.ones(num_levels - 1, 2))
        self.bu_weights = nn.Parameter(torch.ones(num_levels - 1, 3))
        self.td_convs = nn.ModuleList([ConvNormAct(channels, channels, 3, norm_layer=norm_layer, act_layer=act_layer)
                                       for _ in range(num_levels - 1)])
        self.bu_convs = nn.ModuleList([ConvNormAct(channels, channels, 3, norm_layer=norm_layer, act_layer=act_layer)
                                       for _ in range(num_levels - 1)])

    def _fuse(self, weights, feats):
        w = F.relu(weights)
        w = w / (w.sum() + self.eps)
        return sum(w[i] * f for i, f in enumerate(feats))

    @staticmethod
    def _resize(x, ref):
        if x.shape[-2:] != ref.shape[-2:]:  # expect: FX101 "x.shape[-2:]"  # expect[export dynamic=p3:2,3 p4:2,3 p5:2,3]: EX301 "x.shape[-2:]"
            x = F.interpolate(x, size=ref.shape[-2:], mode="nearest")
        return x

    def forward(self, p3, p4, p5):
        feats = [p3, p4, p5]
        td = [feats[-1]]
        for i in range(len(feats) - 2, -1, -1):
            up = self._resize(td[0], feats[i])
            td.insert(0, self.td_convs[i](self._fuse(self.td_weights[i], [feats[i], up])))
        outs = [td[0]]
        for i in range(1, len(feats)):
            down = self._resize(F.max_pool2d(outs[-1], 3, 2, 1), feats[i])
            inputs = [feats[i], td[i], down] if i < len(feats) - 1 else [feats[i], down]
            outs.append(self.bu_convs[i - 1](self._fuse(self.bu_weights[i - 1, :len(inputs)], inputs)))
        return outs


# ----------------------------------------------------------------------------------------------------
# transformer pieces


class DropPath(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, drop_prob=0.1):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        if self.drop_prob == 0. or not self.training:
            return x
        keep_prob = 1 - self.drop_prob
        random_tensor = keep_prob + torch.rand(x.shape[0], *([1] * (x.ndim - 1)), dtype=x.dtype, device=x.device)
        return x.div(keep_prob) * random_tensor.floor_()


class ViTBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    def __init__(self, dim=32, num_heads=2, mlp_ratio=2.0, qkv_bias=True, drop_path=0.0, init_values=1e-5,
                 act_layer="gelu", norm_layer=partial(nn.LayerNorm, eps=1e-6), fused_attn=True):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.fused_attn = fused_attn
        self.norm1 = norm_layer(dim)
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)
        self.gamma1 = nn.Parameter(init_values * torch.ones(dim)) if init_values > 0 else None
        self.drop_path1 = DropPath(drop_path) if drop_path > 0. else nn.Identity()
        self.norm2 = norm_layer(dim)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), get_act_layer(act_layer)(), nn.Linear(hidden, dim))
        self.gamma2 = nn.Parameter(init_values * torch.ones(dim)) if init_values > 0 else None
        self.drop_path2 = DropPath(drop_path) if drop_path > 0. else nn.Identity()

    def _attn(self, x):
        B, N, C = x.shape
        q, k, v = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        if self.fused_attn:
            x = F.scaled_dot_product_attention(q, k, v)
        else:
            attn = (q * self.head_dim ** -0.5) @ k.transpose(-2, -1)
            x = attn.softmax(dim=-1) @ v
        return self.proj(x.transpose(1, 2).reshape(B, N, C))

    def forward(self, x):
        y = self._attn(self.norm1(x))
        x = x + self.drop_path1(y if self.gamma1 is None else self.gamma1 * y)
        y = self.mlp(self.norm2(x))
        x = x + self.drop_path2(y if self.gamma2 is None else self.gamma2 * y)
        return x


def sincos_2d_pos_embed(h, w, dim, temperature=10000.0, device=None, dtype=torch.float32):
    """MAE-style fixed 2D sin-cos embedding for an h x w grid, (h*w, dim)."""
    assert dim % 4 == 0, "embed dim must be divisible by 4"
    grid_y, grid_x = torch.meshgrid(torch.arange(h, device=device, dtype=dtype),
                                    torch.arange(w, device=device, dtype=dtype), indexing="ij")
    omega = torch.arange(dim // 4, device=device, dtype=dtype) / (dim // 4 - 1)
    omega = 1.0 / temperature ** omega
    y = grid_y.flatten()[:, None] * omega[None, :]
    x = grid_x.flatten()[:, None] * omega[None, :]
    return torch.cat((x.sin(), x.cos(), y.sin(), y.cos()), dim=1)


class HybridViT(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    """Conv stem, then tokens with a sin-cos position embedding computed for whatever grid the stem gives."""

    def __init__(self, in_chans=3, stem_chs=(8, 16), embed_dim=32, depth=2, num_heads=2, mlp_ratio=2.0,
                 drop_path_rate=0.1, init_values=0.0, num_classes=10, act_layer="gelu", stem_norm="bn",
                 global_pool="avg"):
        super().__init__()
        stem, prev = [], in_chans
        for chs in stem_chs:
            stem.append(ConvNormAct(prev, chs, 3, stride=2, norm_layer=stem_norm, act_layer="relu"))
            prev = chs
        self.stem = nn.Sequential(*stem)
        self.proj = nn.Conv2d(prev, embed_dim, 1)
        self.embed_dim = embed_dim
        dpr = [r.item() for r in torch.linspace(0, drop_path_rate, depth)]
        self.blocks = nn.Sequential(*[
            ViTBlock(embed_dim, num_heads, mlp_ratio, drop_path=dpr[i], init_values=init_values, act_layer=act_layer)
            for i in range(depth)])
        self.norm = nn.LayerNorm(embed_dim)
        self.global_pool = global_pool
        self.head = nn.Linear(embed_dim, num_classes) if num_classes > 0 else nn.Identity()

    def forward(self, x):
        x = self.proj(self.stem(x))
        B, C, H, W = x.shape
        x = x.flatten(2).transpose(1, 2)
        x = x + sincos_2d_pos_embed(H, W, self.embed_dim, device=x.device, dtype=x.dtype)
        x = self.norm(self.blocks(x))
        x = x.mean(1) if self.global_pool == "avg" else x[:, 0]
        return self.head(x)


class ResizableViT(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: specialized
    """A ViT that runs at other resolutions than it was trained at by resampling its position embedding."""

    def __init__(self, img_size=32, patch_size=8, in_chans=3, embed_dim=32, depth=1, num_heads=2, num_classes=10,
                 class_token=True, pos_interp="bicubic"):
        super().__init__()
        self.grid_size = (img_size // patch_size, img_size // patch_size)
        self.num_patches = self.grid_size[0] * self.grid_size[1]
        self.num_prefix_tokens = 1 if class_token else 0
        self.pos_interp = pos_interp
        self.patch_embed = nn.Conv2d(in_chans, embed_dim, patch_size, patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim)) if class_token else None
        self.pos_embed = nn.Parameter(torch.randn(1, self.num_patches + self.num_prefix_tokens, embed_dim) * .02)
        self.blocks = nn.Sequential(*[ViTBlock(embed_dim, num_heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=1e-6)
        self.head = nn.Linear(embed_dim, num_classes)

    def interpolate_pos_embed(self, h, w):
        prefix = self.pos_embed[:, :self.num_prefix_tokens]
        pos = self.pos_embed[:, self.num_prefix_tokens:]
        gs = int(math.sqrt(pos.shape[1]))  # expect: FX106 "int"
        pos = pos.reshape(1, gs, gs, -1).permute(0, 3, 1, 2)
        pos = F.interpolate(pos, size=(h, w), mode=self.pos_interp, align_corners=False)
        pos = pos.permute(0, 2, 3, 1).flatten(1, 2)
        return torch.cat([prefix, pos], dim=1)

    def forward(self, x):
        x = self.patch_embed(x)
        B, C, h, w = x.shape
        x = x.flatten(2).transpose(1, 2)
        if h * w != self.num_patches:  # expect: FX101 "h * w"  # expect[export dynamic=x:2,3]: EX301 "h * w"
            pos_embed = self.interpolate_pos_embed(h, w)
        else:
            pos_embed = self.pos_embed
        if self.cls_token is not None:
            x = torch.cat([self.cls_token.expand(B, -1, -1), x], dim=1)
        x = self.norm(self.blocks(x + pos_embed))
        return self.head(x[:, 0])


# ----------------------------------------------------------------------------------------------------
# window attention


class WindowAttention(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:1]: specialized
    """Swin window attention with a relative position bias table indexed by a buffer."""

    def __init__(self, dim=32, window_size=4, num_heads=2, qkv_bias=True, attn_drop=0.0, proj_drop=0.0):
        super().__init__()
        self.window_size = (window_size, window_size) if type(window_size) is int else tuple(window_size)
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        wh, ww = self.window_size
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * wh - 1) * (2 * ww - 1), num_heads))
        coords = torch.stack(torch.meshgrid(torch.arange(wh), torch.arange(ww), indexing="ij")).flatten(1)
        rel = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0).contiguous()
        rel[:, :, 0] += wh - 1
        rel[:, :, 1] += ww - 1
        rel[:, :, 0] *= 2 * ww - 1
        self.register_buffer("relative_position_index", rel.sum(-1), persistent=False)
        nn.init.trunc_normal_(self.relative_position_bias_table, std=.02)
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def _rel_pos_bias(self):
        n = self.window_size[0] * self.window_size[1]
        bias = self.relative_position_bias_table[self.relative_position_index.view(-1)].view(n, n, -1)
        return bias.permute(2, 0, 1).contiguous().unsqueeze(0)

    def forward(self, x, mask: Optional[torch.Tensor] = None):
        B_, N, C = x.shape
        q, k, v = self.qkv(x).reshape(B_, N, 3, self.num_heads, -1).permute(2, 0, 3, 1, 4).unbind(0)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        attn = attn + self._rel_pos_bias()  # expect[export dynamic=x:1]: EX301 "attn"
        if mask is not None:  # expect: FX201 "mask"
            num_win = mask.shape[0]
            attn = attn.view(-1, num_win, self.num_heads, N, N) + mask.unsqueeze(1).unsqueeze(0)
            attn = attn.view(-1, self.num_heads, N, N)
        attn = self.attn_drop(attn.softmax(dim=-1))
        x = (attn @ v).transpose(1, 2).reshape(B_, N, -1)
        return self.proj_drop(self.proj(x))


def window_partition(x, window_size: int):
    B, H, W, C = x.shape
    x = x.view(B, H // window_size, window_size, W // window_size, window_size, C)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(-1, window_size * window_size, C)


def window_reverse(windows, window_size: int, H: int, W: int):
    C = windows.shape[-1]
    x = windows.view(-1, H // window_size, W // window_size, window_size, window_size, C)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(-1, H, W, C)


class WindowBlock(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    """Hybrid block on NCHW maps: depthwise conv, then attention inside non-overlapping windows."""

    def __init__(self, dim=32, window=4, num_heads=2, mlp_ratio=2.0, drop_path=0.0, act_layer="gelu"):
        super().__init__()
        self.window = window
        self.conv = ConvNormAct(dim, dim, 3, groups=dim, norm_layer="bn", act_layer=act_layer)
        self.norm1 = nn.LayerNorm(dim)
        self.attn = WindowAttention(dim, window, num_heads)
        self.drop_path = DropPath(drop_path) if drop_path else nn.Identity()
        self.norm2 = nn.LayerNorm(dim)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), get_act_layer(act_layer)(), nn.Linear(hidden, dim))

    def forward(self, x):
        x = x + self.conv(x)
        B, C, H, W = x.shape
        assert H % self.window == 0 and W % self.window == 0, f"{H}x{W} not divisible by window {self.window}"  # expect: FX101 "H % self.window"
        windows = window_partition(x.permute(0, 2, 3, 1), self.window)
        windows = windows + self.drop_path(self.attn(self.norm1(windows)))
        windows = windows + self.drop_path(self.mlp(self.norm2(windows)))
        return window_reverse(windows, self.window, H, W).permute(0, 3, 1, 2)


class PaddedWindowBlock(WindowBlock):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: specialized
    """Pads the map up to a window multiple instead of asserting (the Swin way)."""

    def forward(self, x):
        x = x + self.conv(x)
        B, C, H, W = x.shape
        x = x.permute(0, 2, 3, 1)
        pad_h = (self.window - H % self.window) % self.window
        pad_w = (self.window - W % self.window) % self.window
        if pad_h > 0 or pad_w > 0:  # expect: FX101 "pad_h"  # expect[export dynamic=x:2,3]: EX301 "pad_h"
            x = F.pad(x, (0, 0, 0, pad_w, 0, pad_h))
        windows = window_partition(x, self.window)
        windows = windows + self.drop_path(self.attn(self.norm1(windows)))
        windows = windows + self.drop_path(self.mlp(self.norm2(windows)))
        x = window_reverse(windows, self.window, H + pad_h, W + pad_w)[:, :H, :W, :]
        return x.permute(0, 3, 1, 2).contiguous()


# ----------------------------------------------------------------------------------------------------
# ViT-to-detector glue


class SimpleFeaturePyramid(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:1]: specialized
    """ViTDet-style neck: the last ViT map (tokens, class token first) to four scales."""

    def __init__(self, embed_dim=32, out_channels=16, scale_factors=(4.0, 2.0, 1.0, 0.5), num_prefix_tokens=1,
                 norm="gn", patch_stride=16):
        super().__init__()
        self.num_prefix_tokens = num_prefix_tokens
        dim = embed_dim
        stages = []
        for scale in scale_factors:
            out_dim = dim
            if scale == 4.0:
                layers = [nn.ConvTranspose2d(dim, dim // 2, 2, 2), create_norm(norm, dim // 2), nn.GELU(),
                          nn.ConvTranspose2d(dim // 2, dim // 4, 2, 2)]
                out_dim = dim // 4
            elif scale == 2.0:
                layers = [nn.ConvTranspose2d(dim, dim // 2, 2, 2)]
                out_dim = dim // 2
            elif scale == 1.0:
                layers = []
            elif scale == 0.5:
                layers = [nn.MaxPool2d(kernel_size=2, stride=2)]
            else:
                raise NotImplementedError(f"scale_factor={scale} is not supported yet.")
            layers += [ConvNormAct(out_dim, out_channels, 1, norm_layer=norm, act_layer=None),
                       ConvNormAct(out_channels, out_channels, 3, norm_layer=norm, act_layer=None)]
            stages.append(nn.Sequential(*layers))
        self.stages = nn.ModuleList(stages)
        self._out_names = [f"p{int(math.log2(patch_stride / s))}" for s in scale_factors]

    def forward(self, x):
        x = x[:, self.num_prefix_tokens:]
        B, N, C = x.shape
        h = w = int(math.sqrt(N))  # expect: FX106 "int"  # expect[export dynamic=x:1]: EX301 "int"
        x = x.transpose(1, 2).reshape(B, C, h, w)
        return OrderedDict((name, stage(x)) for name, stage in zip(self._out_names, self.stages))


class PositionEmbeddingSine(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,2,3]: exportable
    """DETR's sine embedding of a padding mask; an all-valid mask is made when none is given."""

    def __init__(self, num_pos_feats=16, temperature=10000, normalize=True, scale=None):
        super().__init__()
        if scale is not None and normalize is False:
            raise ValueError("normalize should be True if scale is passed")
        self.num_pos_feats = num_pos_feats
        self.temperature = temperature
        self.normalize = normalize
        self.scale = 2 * math.pi if scale is None else scale

    def forward(self, x, mask: Optional[torch.Tensor] = None):
        if mask is None:  # expect: FX201 "mask"
            mask = torch.zeros(x.shape[0], x.shape[2], x.shape[3], dtype=torch.bool, device=x.device)  # expect[inputs=x]: FX108 "torch.zeros"
        not_mask = ~mask
        y_embed = not_mask.cumsum(1, dtype=torch.float32)
        x_embed = not_mask.cumsum(2, dtype=torch.float32)
        if self.normalize:
            eps = 1e-6
            y_embed = y_embed / (y_embed[:, -1:, :] + eps) * self.scale
            x_embed = x_embed / (x_embed[:, :, -1:] + eps) * self.scale
        dim_t = torch.arange(self.num_pos_feats, dtype=torch.float32, device=x.device)
        dim_t = self.temperature ** (2 * (dim_t // 2) / self.num_pos_feats)
        pos_x = x_embed[:, :, :, None] / dim_t
        pos_y = y_embed[:, :, :, None] / dim_t
        pos_x = torch.stack((pos_x[:, :, :, 0::2].sin(), pos_x[:, :, :, 1::2].cos()), dim=4).flatten(3)
        pos_y = torch.stack((pos_y[:, :, :, 0::2].sin(), pos_y[:, :, :, 1::2].cos()), dim=4).flatten(3)
        return torch.cat((pos_y, pos_x), dim=3).permute(0, 3, 1, 2)


def fxlint_examples():
    pyramid = (torch.randn(2, 8, 32, 32), torch.randn(2, 16, 16, 16), torch.randn(2, 32, 8, 8))
    pyramid_alt = (torch.randn(2, 8, 24, 40), torch.randn(2, 16, 12, 20), torch.randn(2, 32, 6, 10))
    fused = tuple(torch.randn(2, 16, s, s) for s in (32, 16, 8))
    fused_dilated = tuple(torch.randn(2, 16, h, w) for h, w in ((24, 40), (12, 20), (12, 20)))
    tokens = torch.randn(2, 17, 32)
    return {
        "ConvNormAct": {"make": ConvNormAct, "inputs": (torch.randn(2, 8, 16, 16),),
                        "alt_inputs": (torch.randn(2, 8, 12, 20),)},
        "NormedConv2d": {"make": lambda: NormedConv2d(norm=nn.GroupNorm(8, 16), activation=nn.ReLU()),
                         "inputs": (torch.randn(2, 8, 16, 16),), "alt_inputs": (torch.randn(3, 8, 16, 16),)},
        "FPN": {"make": FPN, "inputs": (dict(zip(("res3", "res4", "res5"), pyramid)),)},
        "PAFPN": {"make": pafpn_gn, "inputs": pyramid, "alt_inputs": pyramid_alt},
        "BiFPNLayer": {"make": BiFPNLayer, "inputs": fused, "alt_inputs": fused_dilated},
        "DropPath": {"make": DropPath, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 17, 32),)},
        "ViTBlock": {"make": ViTBlock, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 9, 32),)},
        "HybridViT": {"make": HybridViT, "inputs": (torch.randn(2, 3, 32, 32),),
                      "alt_inputs": (torch.randn(2, 3, 24, 40),)},
        "ResizableViT": {"make": ResizableViT, "inputs": (torch.randn(2, 3, 48, 48),),
                         "alt_inputs": (torch.randn(2, 3, 32, 32),)},
        "WindowAttention": {"make": WindowAttention, "inputs": (torch.randn(2, 16, 32),),
                            "alt_inputs": (torch.randn(3, 16, 32),)},
        "WindowBlock": {"make": WindowBlock, "inputs": (torch.randn(2, 32, 16, 16),),
                        "alt_inputs": (torch.randn(2, 32, 24, 20),)},
        "PaddedWindowBlock": {"make": PaddedWindowBlock, "inputs": (torch.randn(2, 32, 14, 14),),
                              "alt_inputs": (torch.randn(2, 32, 16, 16),)},
        "SimpleFeaturePyramid": {"make": SimpleFeaturePyramid, "inputs": (torch.randn(2, 65, 32),),
                                 "alt_inputs": (torch.randn(2, 37, 32),)},
        "PositionEmbeddingSine": {"make": PositionEmbeddingSine, "inputs": (torch.randn(2, 8, 12, 16),),
                                  "alt_inputs": (torch.randn(3, 8, 10, 14),)},
    }
