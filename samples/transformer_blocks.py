# Vision-transformer building blocks written the way current model libraries write them: a patch
# embedding with size checks behind an `_assert` helper and optional dynamic padding, attention whose
# fused/manual path is chosen at construction from an environment variable, qk-norm through
# `norm_layer or nn.Identity`, LayerScale and DropPath modules, an Mlp whose activation is a name looked
# up in a table, a Block, a latent attention pool, and a VisionTransformer with class/register tokens,
# a pos-embed resampled from the input's shape, gradient checkpointing and several global pools, plus
# the builder functions model zoos register. Tiny sizes: every model traces in milliseconds.
import collections.abc
import os
from functools import partial
from itertools import repeat
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint


def _assert(condition, message):
    # A traced condition becomes a graph node (torch._assert dispatches on Proxies): FX keeps the check.
    torch._assert(condition, message)  # expect[export dynamic=x:2,3]: EX301 "condition"


def _check_size(condition, message):
    # The older spelling: a Python assert, i.e. bool() of the condition.
    assert condition, message  # expect: FX101 "condition"  # expect[export dynamic=x:2,3]: EX301 "condition"


def _pair(value):
    if isinstance(value, collections.abc.Iterable) and not isinstance(value, str):
        return tuple(value)
    return tuple(repeat(value, 2))


def use_fused_attn():
    # Read once per module, when the model is built.
    flag = os.environ.get("X_FUSED_ATTN", "1")
    if not hasattr(F, "scaled_dot_product_attention"):
        return False
    return flag.strip().lower() not in ("0", "false", "off")


class QuickGELU(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


_ACT = dict(
    gelu=nn.GELU,
    gelu_tanh=partial(nn.GELU, approximate="tanh"),
    silu=nn.SiLU,
    swish=nn.SiLU,
    quick_gelu=QuickGELU,
)

_NORM = dict(
    layernorm=nn.LayerNorm,
    layernorm_eps6=partial(nn.LayerNorm, eps=1e-6),
    rmsnorm=nn.RMSNorm,
)


def get_act_layer(name):
    if name is None or not isinstance(name, str):
        return name
    return _ACT[name.replace("-", "_").lower()]


def get_norm_layer(name):
    if name is None or not isinstance(name, str):
        return name
    return _NORM[name.replace("-", "_").lower()]


def maybe_add_mask(scores, attn_mask=None):
    return scores if attn_mask is None else scores + attn_mask  # expect: FX201 "attn_mask"


def resample_pos_embed(posemb, new_size, old_size, num_prefix_tokens=1, interpolation="bicubic"):
    num_pos_tokens = posemb.shape[1]
    num_new_tokens = new_size[0] * new_size[1] + num_prefix_tokens
    if num_new_tokens == num_pos_tokens and new_size[0] == new_size[1]:  # expect: FX101 "num_new_tokens"
        return posemb
    if num_prefix_tokens:
        prefix, posemb = posemb[:, :num_prefix_tokens], posemb[:, num_prefix_tokens:]
    else:
        prefix = None
    embed_dim = posemb.shape[-1]
    orig_dtype = posemb.dtype
    grid = posemb.float().reshape(1, old_size[0], old_size[1], -1).permute(0, 3, 1, 2)
    grid = F.interpolate(grid, size=new_size, mode=interpolation, align_corners=False, antialias=True)
    posemb = grid.permute(0, 2, 3, 1).reshape(1, -1, embed_dim).to(orig_dtype)
    if prefix is not None:
        posemb = torch.cat([prefix, posemb], dim=1)
    return posemb


class PatchEmbed(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: specialized
    def __init__(self, img_size=32, patch_size=8, in_chans=3, embed_dim=32, norm_layer=None, flatten=True,
                 output_fmt="NCHW", bias=True, strict_img_size=True, dynamic_img_pad=False):
        super().__init__()
        self.patch_size = _pair(patch_size)
        if img_size is not None:
            self.img_size = _pair(img_size)
            self.grid_size = tuple(s // p for s, p in zip(self.img_size, self.patch_size))
            self.num_patches = self.grid_size[0] * self.grid_size[1]
        else:
            self.img_size = self.grid_size = self.num_patches = None
        self.flatten = flatten and output_fmt == "NCHW"
        self.output_fmt = output_fmt
        self.strict_img_size = strict_img_size
        self.dynamic_img_pad = dynamic_img_pad
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size, bias=bias)
        self.norm = norm_layer(embed_dim) if norm_layer else nn.Identity()

    def forward(self, x):
        B, C, H, W = x.shape
        if self.img_size is not None:
            if self.strict_img_size:
                _assert(H == self.img_size[0], f"Input height ({H}) doesn't match model ({self.img_size[0]}).")
                _assert(W == self.img_size[1], f"Input width ({W}) doesn't match model ({self.img_size[1]}).")
            elif not self.dynamic_img_pad:
                _assert(H % self.patch_size[0] == 0, f"Input height ({H}) not divisible by {self.patch_size[0]}.")
                _assert(W % self.patch_size[1] == 0, f"Input width ({W}) not divisible by {self.patch_size[1]}.")
        if self.dynamic_img_pad:
            pad_h = (self.patch_size[0] - H % self.patch_size[0]) % self.patch_size[0]
            pad_w = (self.patch_size[1] - W % self.patch_size[1]) % self.patch_size[1]
            x = F.pad(x, (0, pad_w, 0, pad_h))
        x = self.proj(x)
        if self.flatten:
            x = x.flatten(2).transpose(1, 2)
        elif self.output_fmt == "NHWC":
            x = x.permute(0, 2, 3, 1)
        return self.norm(x)


class FlexPatchEmbed(PatchEmbed):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    # Any multiple of the patch size: `H % 8 == 0` on a dynamic H is a divisibility guard, not a constant.
    def __init__(self, **kwargs):
        super().__init__(strict_img_size=False, **kwargs)


class StrictPatchEmbed(PatchEmbed):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: specialized
    def forward(self, x):
        B, C, H, W = x.shape
        _check_size(H == self.img_size[0] and W == self.img_size[1], f"Input size ({H}x{W}) doesn't match model.")  # expect: FX101 "H == self.img_size[0]"  # expect[export dynamic=x:2,3]: EX301 "H == self.img_size[0]"
        x = self.proj(x).flatten(2).transpose(1, 2)
        return self.norm(x)


class Attention(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, dim=32, num_heads=2, qkv_bias=False, qk_norm=False, attn_drop=0.0, proj_drop=0.0,
                 norm_layer=None, fused_attn=None):
        super().__init__()
        assert dim % num_heads == 0, "dim should be divisible by num_heads"
        norm_layer = norm_layer or nn.LayerNorm
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = self.head_dim ** -0.5
        self.fused_attn = use_fused_attn() if fused_attn is None else fused_attn
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.q_norm = norm_layer(self.head_dim) if qk_norm else nn.Identity()
        self.k_norm = norm_layer(self.head_dim) if qk_norm else nn.Identity()
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x, attn_mask: Optional[torch.Tensor] = None):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        q, k = self.q_norm(q), self.k_norm(k)
        if self.fused_attn:
            x = F.scaled_dot_product_attention(
                q, k, v, attn_mask=attn_mask, dropout_p=self.attn_drop.p if self.training else 0.0)
        else:
            q = q * self.scale
            attn = q @ k.transpose(-2, -1)
            attn = maybe_add_mask(attn, attn_mask)
            attn = attn.softmax(dim=-1)
            attn = self.attn_drop(attn)
            x = attn @ v
        x = x.transpose(1, 2).reshape(B, N, C)
        x = self.proj(x)
        return self.proj_drop(x)


class ManualAttention(Attention):  # expect-verdict: specialized  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, dim=32, num_heads=2):
        super().__init__(dim, num_heads, qk_norm=True, norm_layer=get_norm_layer("RMSNorm"), fused_attn=False)


class LayerScale(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, dim=32, init_values=1e-5, inplace=False):
        super().__init__()
        self.inplace = inplace
        self.gamma = nn.Parameter(init_values * torch.ones(dim))

    def forward(self, x):
        return x.mul_(self.gamma) if self.inplace else x * self.gamma


class DropPath(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, drop_prob=0.1, scale_by_keep=True):
        super().__init__()
        self.drop_prob = drop_prob
        self.scale_by_keep = scale_by_keep

    def forward(self, x):
        if self.drop_prob == 0. or not self.training:
            return x
        keep_prob = 1 - self.drop_prob
        shape = (x.shape[0],) + (1,) * (x.ndim - 1)
        random_tensor = x.new_empty(shape).bernoulli_(keep_prob)
        if keep_prob > 0.0 and self.scale_by_keep:
            random_tensor.div_(keep_prob)
        return x * random_tensor


class Mlp(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_features=32, hidden_features=None, out_features=None, act_layer="gelu_tanh",
                 norm_layer=None, bias=True, drop=0.0, use_conv=False):
        super().__init__()
        out_features = out_features or in_features
        hidden_features = hidden_features or in_features
        bias = _pair(bias)
        drop_probs = _pair(drop)
        linear_layer = partial(nn.Conv2d, kernel_size=1) if use_conv else nn.Linear
        act_layer = get_act_layer(act_layer) or nn.GELU
        self.fc1 = linear_layer(in_features, hidden_features, bias=bias[0])
        self.act = act_layer()
        self.drop1 = nn.Dropout(drop_probs[0])
        self.norm = norm_layer(hidden_features) if norm_layer is not None else nn.Identity()
        self.fc2 = linear_layer(hidden_features, out_features, bias=bias[1])
        self.drop2 = nn.Dropout(drop_probs[1])

    def forward(self, x):
        x = self.drop1(self.act(self.fc1(x)))
        x = self.norm(x)
        return self.drop2(self.fc2(x))


class Block(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, dim=32, num_heads=2, mlp_ratio=4.0, qkv_bias=False, qk_norm=False, proj_drop=0.0,
                 attn_drop=0.0, init_values=1e-5, drop_path=0.1, act_layer="quick_gelu", norm_layer=nn.LayerNorm,
                 mlp_layer=Mlp):
        super().__init__()
        self.norm1 = norm_layer(dim)
        self.attn = Attention(dim, num_heads=num_heads, qkv_bias=qkv_bias, qk_norm=qk_norm, attn_drop=attn_drop,
                              proj_drop=proj_drop, norm_layer=norm_layer)
        self.ls1 = LayerScale(dim, init_values=init_values) if init_values else nn.Identity()
        self.drop_path1 = DropPath(drop_path) if drop_path > 0.0 else nn.Identity()
        self.norm2 = norm_layer(dim)
        self.mlp = mlp_layer(in_features=dim, hidden_features=int(dim * mlp_ratio), act_layer=act_layer,
                             drop=proj_drop)
        self.ls2 = LayerScale(dim, init_values=init_values) if init_values else nn.Identity()
        self.drop_path2 = DropPath(drop_path) if drop_path > 0.0 else nn.Identity()

    def forward(self, x, attn_mask: Optional[torch.Tensor] = None):
        x = x + self.drop_path1(self.ls1(self.attn(self.norm1(x), attn_mask=attn_mask)))
        x = x + self.drop_path2(self.ls2(self.mlp(self.norm2(x))))
        return x


class AttentionPoolLatent(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, in_features=32, out_features=None, embed_dim=None, num_heads=2, mlp_ratio=4.0,
                 qkv_bias=True, qk_norm=False, latent_len=1, pool_type="token", norm_layer=None, act_layer="gelu"):
        super().__init__()
        embed_dim = embed_dim or in_features
        out_features = out_features or in_features
        assert embed_dim % num_heads == 0
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.scale = self.head_dim ** -0.5
        self.pool = pool_type
        self.fused_attn = use_fused_attn()
        self.latent_len = latent_len
        self.latent = nn.Parameter(torch.zeros(1, latent_len, embed_dim))
        self.q = nn.Linear(embed_dim, embed_dim, bias=qkv_bias)
        self.kv = nn.Linear(embed_dim, embed_dim * 2, bias=qkv_bias)
        qk_norm_layer = get_norm_layer(norm_layer) or nn.LayerNorm
        self.q_norm = qk_norm_layer(self.head_dim) if qk_norm else nn.Identity()
        self.k_norm = qk_norm_layer(self.head_dim) if qk_norm else nn.Identity()
        self.proj = nn.Linear(embed_dim, embed_dim)
        self.norm = get_norm_layer(norm_layer)(out_features) if norm_layer is not None else nn.Identity()
        self.mlp = Mlp(embed_dim, int(embed_dim * mlp_ratio), act_layer=act_layer)

    def forward(self, x):
        B, N, C = x.shape
        q_latent = self.latent.expand(B, -1, -1)
        q = self.q(q_latent).reshape(B, self.latent_len, self.num_heads, self.head_dim).transpose(1, 2)
        kv = self.kv(x).reshape(B, N, 2, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        k, v = kv.unbind(0)
        q, k = self.q_norm(q), self.k_norm(k)
        if self.fused_attn:
            x = F.scaled_dot_product_attention(q, k, v)
        else:
            attn = (q * self.scale) @ k.transpose(-2, -1)
            x = attn.softmax(dim=-1) @ v
        x = x.transpose(1, 2).reshape(B, self.latent_len, C)
        x = self.proj(x)
        x = x + self.mlp(self.norm(x))
        if self.pool == "token":
            x = x[:, 0]
        elif self.pool == "avg":
            x = x.mean(1)
        return x


class VisionTransformer(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, img_size=32, patch_size=8, in_chans=3, num_classes=10, global_pool="token", embed_dim=32,
                 depth=2, num_heads=2, mlp_ratio=4.0, qkv_bias=True, qk_norm=False, init_values=None,
                 class_token=True, reg_tokens=0, no_embed_class=False, pre_norm=False, final_norm=True,
                 fc_norm=None, dynamic_img_size=False, dynamic_img_pad=False, drop_rate=0.0, pos_drop_rate=0.0,
                 drop_path_rate=0.0, embed_layer=PatchEmbed, norm_layer=None, act_layer=None, block_fn=Block,
                 mlp_layer=Mlp):
        super().__init__()
        assert global_pool in ("", "avg", "token", "map")
        assert class_token or global_pool != "token"
        use_fc_norm = global_pool == "avg" if fc_norm is None else fc_norm
        norm_layer = get_norm_layer(norm_layer) or partial(nn.LayerNorm, eps=1e-6)
        act_layer = get_act_layer(act_layer) or nn.GELU

        self.num_classes = num_classes
        self.global_pool = global_pool
        self.num_features = self.embed_dim = embed_dim
        self.num_prefix_tokens = 1 if class_token else 0
        self.num_prefix_tokens += reg_tokens
        self.num_reg_tokens = reg_tokens
        self.has_class_token = class_token
        self.no_embed_class = no_embed_class
        self.dynamic_img_size = dynamic_img_size
        self.grad_checkpointing = False

        embed_args = {}
        if dynamic_img_size:
            embed_args.update(dict(strict_img_size=False, output_fmt="NHWC"))
        self.patch_embed = embed_layer(img_size=img_size, patch_size=patch_size, in_chans=in_chans,
                                       embed_dim=embed_dim, bias=not pre_norm, dynamic_img_pad=dynamic_img_pad,
                                       **embed_args)
        num_patches = self.patch_embed.num_patches

        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim)) if class_token else None
        self.reg_token = nn.Parameter(torch.zeros(1, reg_tokens, embed_dim)) if reg_tokens else None
        embed_len = num_patches if no_embed_class else num_patches + self.num_prefix_tokens
        self.pos_embed = nn.Parameter(torch.randn(1, embed_len, embed_dim) * 0.02)
        self.pos_drop = nn.Dropout(p=pos_drop_rate)
        self.norm_pre = norm_layer(embed_dim) if pre_norm else nn.Identity()

        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, depth)]
        self.blocks = nn.Sequential(*[
            block_fn(dim=embed_dim, num_heads=num_heads, mlp_ratio=mlp_ratio, qkv_bias=qkv_bias, qk_norm=qk_norm,
                     init_values=init_values, drop_path=dpr[i], norm_layer=norm_layer, act_layer=act_layer,
                     mlp_layer=mlp_layer)
            for i in range(depth)])
        self.norm = norm_layer(embed_dim) if final_norm and not use_fc_norm else nn.Identity()
        if global_pool == "map":
            self.attn_pool = AttentionPoolLatent(embed_dim, num_heads=num_heads, mlp_ratio=mlp_ratio,
                                                 norm_layer=norm_layer, act_layer=act_layer)
        else:
            self.attn_pool = None
        self.fc_norm = norm_layer(embed_dim) if final_norm and use_fc_norm else nn.Identity()
        self.head_drop = nn.Dropout(drop_rate)
        self.head = nn.Linear(self.embed_dim, num_classes) if num_classes > 0 else nn.Identity()

    def set_grad_checkpointing(self, enable=True):
        self.grad_checkpointing = enable

    def _pos_embed(self, x):
        if self.dynamic_img_size:
            B, H, W, C = x.shape
            pos_embed = resample_pos_embed(self.pos_embed, (H, W), self.patch_embed.grid_size,
                                           num_prefix_tokens=0 if self.no_embed_class else self.num_prefix_tokens)
            x = x.view(B, -1, C)
        else:
            pos_embed = self.pos_embed

        to_cat = []
        if self.cls_token is not None:
            to_cat.append(self.cls_token.expand(x.shape[0], -1, -1))
        if self.reg_token is not None:
            to_cat.append(self.reg_token.expand(x.shape[0], -1, -1))

        if self.no_embed_class:
            x = x + pos_embed
            if to_cat:
                x = torch.cat(to_cat + [x], dim=1)
        else:
            if to_cat:
                x = torch.cat(to_cat + [x], dim=1)
            x = x + pos_embed
        return self.pos_drop(x)

    def forward_features(self, x):
        x = self.patch_embed(x)
        x = self._pos_embed(x)
        x = self.norm_pre(x)
        if self.grad_checkpointing and not torch.jit.is_scripting():
            for blk in self.blocks:
                x = torch.utils.checkpoint.checkpoint(blk, x, use_reentrant=False)
        else:
            x = self.blocks(x)
        return self.norm(x)

    def pool(self, x, pool_type=None):
        if self.attn_pool is not None:
            return self.attn_pool(x)
        pool_type = self.global_pool if pool_type is None else pool_type
        if pool_type == "avg":
            x = x[:, self.num_prefix_tokens:].mean(dim=1)
        elif pool_type:
            x = x[:, 0]
        return x

    def forward_head(self, x, pre_logits: bool = False):
        x = self.pool(x)
        x = self.fc_norm(x)
        x = self.head_drop(x)
        return x if pre_logits else self.head(x)

    def forward(self, x):
        x = self.forward_features(x)
        x = self.forward_head(x)
        return x


class DynamicSizeViT(VisionTransformer):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    def __init__(self, **kwargs):
        super().__init__(dynamic_img_size=True, dynamic_img_pad=True, **kwargs)


class RegisterMapViT(VisionTransformer):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, **kwargs):
        super().__init__(class_token=False, reg_tokens=4, global_pool="map", act_layer="GELU_tanh",
                         norm_layer="layernorm_eps6", **kwargs)


class AvgPoolViT(VisionTransformer):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, **kwargs):
        super().__init__(global_pool="avg", no_embed_class=True, qk_norm=True, init_values=1e-5,
                         drop_path_rate=0.1, act_layer="silu", **kwargs)


def _create_vit(cfg, **kwargs):
    model_args = dict(cfg, **kwargs)
    checkpointing = model_args.pop("grad_checkpointing", False)
    model = VisionTransformer(**model_args)
    if checkpointing:
        model.set_grad_checkpointing()
    return model


def vit_tiny_patch8(**kwargs):
    return _create_vit(dict(patch_size=8, embed_dim=32, depth=2, num_heads=2), **kwargs)


def vit_tiny_patch8_dynamic(**kwargs):
    return _create_vit(dict(patch_size=8, embed_dim=32, depth=2, num_heads=2, dynamic_img_size=True), **kwargs)


def vit_small_patch16_reg4_map(**kwargs):
    cfg = dict(patch_size=16, embed_dim=64, depth=2, num_heads=4, class_token=False, reg_tokens=4,
               global_pool="map", act_layer="quick_gelu")
    return _create_vit(cfg, **kwargs)


def fxlint_examples():
    image = torch.randn(2, 3, 32, 32)
    tokens = torch.randn(2, 17, 32)
    vits = ("VisionTransformer", "RegisterMapViT", "AvgPoolViT")
    examples = {
        "QuickGELU": {"make": QuickGELU, "inputs": (tokens,)},
        "PatchEmbed": {"make": PatchEmbed, "inputs": (image,), "alt_inputs": (torch.randn(3, 3, 32, 32),)},
        "FlexPatchEmbed": {"make": FlexPatchEmbed, "inputs": (image,), "alt_inputs": (torch.randn(2, 3, 40, 56),)},
        "StrictPatchEmbed": {"make": StrictPatchEmbed, "inputs": (image,), "alt_inputs": (torch.randn(3, 3, 32, 32),)},
        "Attention": {"make": Attention, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 5, 32),)},
        "ManualAttention": {"make": ManualAttention, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 5, 32),)},
        "LayerScale": {"make": LayerScale, "inputs": (tokens,)},
        "DropPath": {"make": DropPath, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 17, 32),)},
        "Mlp": {"make": Mlp, "inputs": (tokens,)},
        "Block": {"make": Block, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 17, 32),)},
        "AttentionPoolLatent": {"make": AttentionPoolLatent, "inputs": (tokens,), "alt_inputs": (torch.randn(3, 9, 32),)},
        "DynamicSizeViT": {"make": DynamicSizeViT, "inputs": (torch.randn(2, 3, 36, 36),),
                           "alt_inputs": (torch.randn(2, 3, 44, 52),)},
    }
    for name in vits:
        examples[name] = {"make": globals()[name], "inputs": (image,), "alt_inputs": (torch.randn(3, 3, 32, 32),)}
    return examples
