# Diffusion-model building blocks written the way current UNet and DiT code is written for torch 2.x: a
# sinusoidal timestep embedding followed by an MLP, a class-label table with a "null" class for
# classifier-free guidance, a ResNet block conditioned on the time embedding (added, or split into
# scale and shift), attention that falls back to self-attention without `encoder_hidden_states`, a
# spatial transformer, down/upsamplers (the upsampler takes an explicit `output_size` for odd inputs),
# down/up blocks in `nn.ModuleList`s whose skips are popped from a list and zipped with the resnets, a
# UNet built from a dataclass config that accepts Python or tensor timesteps, and a DiT (adaLN-Zero
# blocks, patchify/unpatchify) with a classifier-free-guidance wrapper. Tiny sizes: 8-16 channels,
# 8x8 latents, 32-dim embeddings.
import math
from dataclasses import dataclass
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class TinyUNetConfig:
    in_channels: int = 4
    out_channels: int = 4
    block_out_channels: Tuple[int, ...] = (8, 16)
    layers_per_block: int = 1
    cross_attention_dim: int = 16
    attention_head_dim: int = 8
    norm_num_groups: int = 4
    time_freq_dim: int = 16
    time_embed_dim: int = 32
    resnet_time_scale_shift: str = "scale_shift"
    num_class_embeds: Optional[int] = None


def timestep_sinusoids(timesteps, dim, max_period=10000.0, shift=1.0, cos_first=True):
    # Frequencies spaced geometrically from 1 down to 1/max_period; one angle per (timestep, frequency).
    half = dim // 2
    exponent = -math.log(max_period) * torch.arange(half, device=timesteps.device, dtype=torch.float32)
    freqs = torch.exp(exponent / (half - shift))
    angles = timesteps[:, None].float() * freqs[None, :]
    parts = [torch.cos(angles), torch.sin(angles)] if cos_first else [torch.sin(angles), torch.cos(angles)]
    emb = torch.cat(parts, dim=-1)
    if dim % 2:
        emb = F.pad(emb, (0, 1))
    return emb


def modulate(x, shift, scale):
    # adaLN: per-sample scale and shift broadcast over the token axis.
    return x * (1 + scale[:, None]) + shift[:, None]


class TimestepEmbedding(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=timesteps:0]: exportable
    def __init__(self, freq_dim=16, embed_dim=32, cos_first=True):
        super().__init__()
        self.freq_dim = freq_dim
        self.cos_first = cos_first
        self.linear_1 = nn.Linear(freq_dim, embed_dim)
        self.act = nn.SiLU()
        self.linear_2 = nn.Linear(embed_dim, embed_dim)

    def forward(self, timesteps):
        t_freq = timestep_sinusoids(timesteps, self.freq_dim, cos_first=self.cos_first)
        t_freq = t_freq.to(self.linear_1.weight.dtype)
        return self.linear_2(self.act(self.linear_1(t_freq)))


class LabelEmbedder(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=labels]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=labels:0]: exportable
    # Class labels with one extra "null" row, used for the unconditional half of classifier-free guidance.
    def __init__(self, num_classes=10, hidden_size=32, dropout_prob=0.1):
        super().__init__()
        self.num_classes = num_classes
        self.dropout_prob = dropout_prob
        self.embedding_table = nn.Embedding(num_classes + int(dropout_prob > 0), hidden_size)

    def forward(self, labels, drop_mask=None):
        if self.training and self.dropout_prob > 0:
            drop_mask = torch.rand(labels.shape[0], device=labels.device) < self.dropout_prob
        if drop_mask is not None:  # expect: FX201 "drop_mask"
            labels = torch.where(drop_mask, torch.full_like(labels, self.num_classes), labels)
        return self.embedding_table(labels)


class ResnetBlock(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=input_tensor]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=input_tensor:0]: exportable  # expect-verdict[export inputs=input_tensor,temb dynamic=input_tensor:0]: specialized
    def __init__(self, in_channels=8, out_channels=None, temb_channels=32, groups=4, dropout=0.0,
                 time_embedding_norm="default", output_scale_factor=1.0):
        super().__init__()
        out_channels = in_channels if out_channels is None else out_channels
        self.time_embedding_norm = time_embedding_norm
        self.output_scale_factor = output_scale_factor
        self.norm1 = nn.GroupNorm(groups, in_channels, eps=1e-6)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        if temb_channels is not None:
            proj_dim = 2 * out_channels if time_embedding_norm == "scale_shift" else out_channels
            self.time_emb_proj = nn.Linear(temb_channels, proj_dim)
        else:
            self.time_emb_proj = None
        self.norm2 = nn.GroupNorm(groups, out_channels, eps=1e-6)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.conv_shortcut = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else None

    def forward(self, input_tensor, temb=None):
        hidden_states = self.conv1(F.silu(self.norm1(input_tensor)))
        if temb is not None:  # expect: FX201 "temb"
            temb = self.time_emb_proj(F.silu(temb))[:, :, None, None]
            if self.time_embedding_norm == "scale_shift":
                scale, shift = temb.chunk(2, dim=1)
                hidden_states = self.norm2(hidden_states) * (1 + scale) + shift
            else:
                hidden_states = self.norm2(hidden_states + temb)
        else:
            hidden_states = self.norm2(hidden_states)
        hidden_states = self.conv2(self.dropout(F.silu(hidden_states)))
        if self.conv_shortcut is not None:
            input_tensor = self.conv_shortcut(input_tensor)
        return (input_tensor + hidden_states) / self.output_scale_factor


class CrossAttention(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=hidden_states]: traceable  # expect-verdict[inputs=encoder_hidden_states,hidden_states]: specialized  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0,1]: exportable  # expect-verdict[export inputs=encoder_hidden_states,hidden_states dynamic=hidden_states:1]: exportable  # expect-verdict[export inputs=encoder_hidden_states,hidden_states dynamic=hidden_states:0,1]: specialized
    def __init__(self, query_dim=16, cross_attention_dim=None, heads=2, dim_head=8, dropout=0.0, out_bias=True):
        super().__init__()
        inner_dim = heads * dim_head
        self.is_cross_attention = cross_attention_dim is not None
        cross_attention_dim = query_dim if cross_attention_dim is None else cross_attention_dim
        self.heads = heads
        self.to_q = nn.Linear(query_dim, inner_dim, bias=False)
        self.to_k = nn.Linear(cross_attention_dim, inner_dim, bias=False)
        self.to_v = nn.Linear(cross_attention_dim, inner_dim, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(inner_dim, query_dim, bias=out_bias), nn.Dropout(dropout)])

    def forward(self, hidden_states, encoder_hidden_states=None, attention_mask=None):
        batch_size, _, _ = hidden_states.shape
        if encoder_hidden_states is None:  # expect: FX201 "encoder_hidden_states"  # expect[inputs=encoder_hidden_states,hidden_states]: FX201 "encoder_hidden_states"
            encoder_hidden_states = hidden_states
        query = self.to_q(hidden_states)
        key = self.to_k(encoder_hidden_states)
        value = self.to_v(encoder_hidden_states)
        head_dim = query.shape[-1] // self.heads
        query = query.view(batch_size, -1, self.heads, head_dim).transpose(1, 2)
        key = key.view(batch_size, -1, self.heads, head_dim).transpose(1, 2)
        value = value.view(batch_size, -1, self.heads, head_dim).transpose(1, 2)
        if attention_mask is not None:  # expect: FX201 "attention_mask"
            # A (batch, key_len) keep-mask becomes an additive bias over heads and queries.
            attention_mask = (1.0 - attention_mask[:, None, None, :].to(query.dtype)) * -10000.0
        hidden_states = F.scaled_dot_product_attention(query, key, value, attn_mask=attention_mask)
        hidden_states = hidden_states.transpose(1, 2).reshape(batch_size, -1, self.heads * head_dim)
        hidden_states = self.to_out[0](hidden_states)
        return self.to_out[1](hidden_states)


class SpatialTransformer(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=hidden_states]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0,2,3]: exportable
    def __init__(self, channels=16, heads=2, cross_attention_dim=16, groups=4, ff_mult=2):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = nn.Linear(channels, channels)
        self.norm1 = nn.LayerNorm(channels)
        self.attn1 = CrossAttention(channels, None, heads, channels // heads)
        self.norm2 = nn.LayerNorm(channels)
        self.attn2 = CrossAttention(channels, cross_attention_dim, heads, channels // heads)
        self.norm3 = nn.LayerNorm(channels)
        self.ff_proj = nn.Linear(channels, 2 * ff_mult * channels)
        self.ff_out = nn.Linear(ff_mult * channels, channels)
        self.proj_out = nn.Linear(channels, channels)

    def forward(self, hidden_states, encoder_hidden_states=None):
        batch, channels, height, width = hidden_states.shape
        residual = hidden_states
        h = self.norm(hidden_states)
        h = h.permute(0, 2, 3, 1).reshape(batch, height * width, channels)
        h = self.proj_in(h)
        h = self.attn1(self.norm1(h)) + h
        h = self.attn2(self.norm2(h), encoder_hidden_states=encoder_hidden_states) + h
        ff_in, gate = self.ff_proj(self.norm3(h)).chunk(2, dim=-1)
        h = self.ff_out(ff_in * F.gelu(gate)) + h
        h = self.proj_out(h)
        h = h.reshape(batch, height, width, channels).permute(0, 3, 1, 2).contiguous()
        return h + residual


class Downsample(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0,2,3]: exportable
    def __init__(self, channels=8, use_conv=True, out_channels=None, padding=1):
        super().__init__()
        self.channels = channels
        self.out_channels = out_channels or channels
        self.use_conv = use_conv
        self.padding = padding
        if use_conv:
            self.op = nn.Conv2d(channels, self.out_channels, 3, stride=2, padding=padding)
        else:
            assert self.channels == self.out_channels
            self.op = nn.AvgPool2d(kernel_size=2, stride=2)

    def forward(self, hidden_states):
        assert hidden_states.shape[1] == self.channels  # expect: FX101 "hidden_states.shape[1]"
        if self.use_conv and self.padding == 0:
            hidden_states = F.pad(hidden_states, (0, 1, 0, 1), mode="constant", value=0)
        return self.op(hidden_states)


class Upsample(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=hidden_states]: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0]: specialized  # expect-verdict[export dynamic=hidden_states:2,3]: exportable
    def __init__(self, channels=16, use_conv=True, out_channels=None):
        super().__init__()
        self.channels = channels
        self.use_conv = use_conv
        self.conv = nn.Conv2d(channels, out_channels or channels, 3, padding=1) if use_conv else None

    def forward(self, hidden_states, output_size=None):
        dtype = hidden_states.dtype
        # Nearest upsampling has no bfloat16 kernel on some backends: upsample in float32.
        if dtype == torch.bfloat16:  # expect: FX103 "dtype"  # expect[inputs=hidden_states]: FX103 "dtype"
            hidden_states = hidden_states.to(torch.float32)
        # Large batches: make the input contiguous first (the interpolate kernel is faster on it).
        if hidden_states.shape[0] >= 64:  # expect: FX101 "hidden_states.shape[0]"  # expect[inputs=hidden_states]: FX101 "hidden_states.shape[0]"  # expect[export dynamic=hidden_states:0]: EX301 "hidden_states.shape[0]"  # expect[export dynamic=sample:0]: EX301 "hidden_states.shape[0]"
            hidden_states = hidden_states.contiguous()
        if output_size is None:  # expect: FX201 "output_size"
            hidden_states = F.interpolate(hidden_states, scale_factor=2.0, mode="nearest")
        else:
            hidden_states = F.interpolate(hidden_states, size=output_size, mode="nearest")
        if dtype == torch.bfloat16:  # expect: FX103 "dtype"  # expect[inputs=hidden_states]: FX103 "dtype"
            hidden_states = hidden_states.to(dtype)
        if self.use_conv:
            hidden_states = self.conv(hidden_states)
        return hidden_states


class DownBlock(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0]: exportable
    def __init__(self, in_channels=8, out_channels=16, temb_channels=32, num_layers=1, cross_attention_dim=16,
                 attention_head_dim=8, add_downsample=True, groups=4, time_scale_shift="default"):
        super().__init__()
        self.resnets = nn.ModuleList([
            ResnetBlock(in_channels if i == 0 else out_channels, out_channels, temb_channels, groups,
                        time_embedding_norm=time_scale_shift)
            for i in range(num_layers)])
        if cross_attention_dim is not None:
            heads = out_channels // attention_head_dim
            self.attentions = nn.ModuleList([
                SpatialTransformer(out_channels, heads, cross_attention_dim, groups) for _ in range(num_layers)])
        else:
            self.attentions = None
        self.downsamplers = nn.ModuleList([Downsample(out_channels)]) if add_downsample else None

    def forward(self, hidden_states, temb=None, encoder_hidden_states=None):
        output_states = ()
        for i, resnet in enumerate(self.resnets):
            hidden_states = resnet(hidden_states, temb)
            if self.attentions is not None:
                hidden_states = self.attentions[i](hidden_states, encoder_hidden_states=encoder_hidden_states)
            output_states = output_states + (hidden_states,)
        if self.downsamplers is not None:
            for downsampler in self.downsamplers:
                hidden_states = downsampler(hidden_states)
            output_states = output_states + (hidden_states,)
        return hidden_states, output_states


class UpBlock(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:2,3]: specialized
    def __init__(self, in_channels=8, prev_output_channel=16, out_channels=16, temb_channels=32, num_layers=2,
                 add_upsample=True, groups=4, time_scale_shift="default"):
        super().__init__()
        resnets = []
        for i in range(num_layers):
            # The last resnet takes the skip of the block below's input, the others this block's outputs.
            skip_channels = in_channels if i == num_layers - 1 else out_channels
            resnet_in = prev_output_channel if i == 0 else out_channels
            resnets.append(ResnetBlock(resnet_in + skip_channels, out_channels, temb_channels, groups,
                                       time_embedding_norm=time_scale_shift))
        self.resnets = nn.ModuleList(resnets)
        self.upsamplers = nn.ModuleList([Upsample(out_channels)]) if add_upsample else None

    def forward(self, hidden_states, res_hidden_states: List[torch.Tensor], temb=None, upsample_size=None):
        for resnet, skip in zip(self.resnets, res_hidden_states):  # expect: FX105 "res_hidden_states"
            if hidden_states.shape[-2:] != skip.shape[-2:]:  # expect: FX101 "hidden_states.shape[-2:]"  # expect[export dynamic=hidden_states:2,3]: EX301 "hidden_states.shape[-2:]"  # expect[export inputs=class_labels,encoder_hidden_states,sample,timestep dynamic=sample:2,3]: EX301 "hidden_states.shape[-2:]"
                hidden_states = F.interpolate(hidden_states, size=skip.shape[-2:], mode="nearest")
            hidden_states = torch.cat([hidden_states, skip], dim=1)
            hidden_states = resnet(hidden_states, temb)
        if self.upsamplers is not None:
            for upsampler in self.upsamplers:
                hidden_states = upsampler(hidden_states, upsample_size)
        return hidden_states


class TinyUNet(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=sample:0]: specialized  # expect-verdict[export inputs=encoder_hidden_states,sample,timestep]: exportable
    def __init__(self, config: Optional[TinyUNetConfig] = None):
        super().__init__()
        config = config or TinyUNetConfig()
        self.config = config
        channels = config.block_out_channels
        temb = config.time_embed_dim
        groups = config.norm_num_groups
        self.upsample_factor = 2 ** (len(channels) - 1)
        self.conv_in = nn.Conv2d(config.in_channels, channels[0], 3, padding=1)
        self.time_embedding = TimestepEmbedding(config.time_freq_dim, temb)
        if config.num_class_embeds is not None:
            self.class_embedding = nn.Embedding(config.num_class_embeds, temb)
        else:
            self.class_embedding = None

        self.down_blocks = nn.ModuleList()
        output_channel = channels[0]
        for i, ch in enumerate(channels):
            input_channel, output_channel = output_channel, ch
            is_final = i == len(channels) - 1
            self.down_blocks.append(DownBlock(
                input_channel, output_channel, temb, config.layers_per_block,
                cross_attention_dim=config.cross_attention_dim if i > 0 else None,
                attention_head_dim=config.attention_head_dim, add_downsample=not is_final, groups=groups,
                time_scale_shift=config.resnet_time_scale_shift))
        self.mid_block = ResnetBlock(channels[-1], channels[-1], temb, groups,
                                     time_embedding_norm=config.resnet_time_scale_shift)

        self.up_blocks = nn.ModuleList()
        reversed_channels = list(reversed(channels))
        output_channel = reversed_channels[0]
        for i, ch in enumerate(reversed_channels):
            prev_output_channel, output_channel = output_channel, ch
            input_channel = reversed_channels[min(i + 1, len(channels) - 1)]
            is_final = i == len(channels) - 1
            self.up_blocks.append(UpBlock(
                input_channel, prev_output_channel, output_channel, temb, config.layers_per_block + 1,
                add_upsample=not is_final, groups=groups, time_scale_shift=config.resnet_time_scale_shift))
        self.norm_out = nn.GroupNorm(groups, channels[0], eps=1e-6)
        self.conv_out = nn.Conv2d(channels[0], config.out_channels, 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states=None, class_labels=None):
        # Python numbers, 0-d and 1-d tensors are all accepted as timesteps.
        timesteps = timestep
        if not torch.is_tensor(timesteps):  # expect: FX202 "torch.is_tensor"
            timesteps = torch.tensor([timesteps], dtype=torch.long, device=sample.device)
        elif len(timesteps.shape) == 0:
            timesteps = timesteps[None].to(sample.device)
        timesteps = timesteps.expand(sample.shape[0])
        emb = self.time_embedding(timesteps)
        if self.class_embedding is not None:
            if class_labels is None:  # expect: FX201 "class_labels"
                raise ValueError("class_labels must be given to a class-conditional UNet")  # expect[export]: FX111  # expect[export dynamic=sample:0]: FX111  # expect[export inputs=encoder_hidden_states,sample,timestep]: FX111
            emb = emb + self.class_embedding(class_labels).to(emb.dtype)

        # The upsamplers double the size: an input size that is not a multiple of the overall factor needs
        # the skips' sizes forwarded to them.
        forward_upsample_size = any(s % self.upsample_factor != 0 for s in sample.shape[-2:])  # expect: FX105 "sample.shape[-2:]"; FX101 "sample.shape[-2:]"  # expect[export inputs=class_labels,encoder_hidden_states,sample,timestep dynamic=sample:2,3]: EX301 "sample.shape[-2:]"

        h = self.conv_in(sample)
        skips = [h]
        for block in self.down_blocks:
            h, res = block(h, emb, encoder_hidden_states)
            skips.extend(res)
        h = self.mid_block(h, emb)
        for i, block in enumerate(self.up_blocks):
            is_final = i == len(self.up_blocks) - 1
            res = [skips.pop() for _ in block.resnets]
            upsample_size = skips[-1].shape[2:] if forward_upsample_size and not is_final else None
            h = block(h, res, emb, upsample_size)
        return self.conv_out(F.silu(self.norm_out(h)))


class ClassConditionedUNet(TinyUNet):  # expect-verdict: fails  # expect-verdict[export]: fails  # expect-verdict[export dynamic=sample:0]: fails  # expect-verdict[export inputs=encoder_hidden_states,sample,timestep]: fails  # expect-verdict[export inputs=class_labels,encoder_hidden_states,sample,timestep]: exportable  # expect-verdict[export inputs=class_labels,encoder_hidden_states,sample,timestep dynamic=sample:2,3]: specialized
    def __init__(self):
        super().__init__(TinyUNetConfig(num_class_embeds=10, resnet_time_scale_shift="default"))


class DiTBlock(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized  # expect-verdict[export dynamic=x:0,1 c:0]: exportable
    # adaLN-Zero: the conditioning vector gives a shift, a scale and a gate for each of the two branches.
    def __init__(self, hidden_size=32, num_heads=2, mlp_ratio=2.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(hidden_size, elementwise_affine=False, eps=1e-6)
        self.attn = CrossAttention(hidden_size, heads=num_heads, dim_head=hidden_size // num_heads)
        self.norm2 = nn.LayerNorm(hidden_size, elementwise_affine=False, eps=1e-6)
        mlp_hidden = int(hidden_size * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(hidden_size, mlp_hidden), nn.GELU(approximate="tanh"),
                                 nn.Linear(mlp_hidden, hidden_size))
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden_size, 6 * hidden_size))

    def forward(self, x, c):
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = self.adaLN_modulation(c).chunk(6, dim=1)
        x = x + gate_msa.unsqueeze(1) * self.attn(modulate(self.norm1(x), shift_msa, scale_msa))
        x = x + gate_mlp.unsqueeze(1) * self.mlp(modulate(self.norm2(x), shift_mlp, scale_mlp))
        return x


def grid_sincos_pos_embed(embed_dim, grid_size):
    # Fixed 2-D positions: half of the channels encode the row, half the column.
    coords = torch.arange(grid_size, dtype=torch.float32)
    rows, cols = torch.meshgrid(coords, coords, indexing="ij")
    quarter = embed_dim // 4
    omega = 1.0 / 10000 ** (torch.arange(quarter, dtype=torch.float32) / quarter)
    parts = []
    for pos in (rows.reshape(-1), cols.reshape(-1)):
        angles = pos[:, None] * omega[None, :]
        parts += [torch.sin(angles), torch.cos(angles)]
    return torch.cat(parts, dim=1)[None]


class TinyDiT(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0 t:0 y:0]: exportable
    def __init__(self, input_size=8, patch_size=2, in_channels=4, hidden_size=32, depth=2, num_heads=2,
                 mlp_ratio=2.0, num_classes=10, class_dropout_prob=0.1, learn_sigma=True):
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = in_channels * 2 if learn_sigma else in_channels
        self.patch_size = patch_size
        self.num_classes = num_classes
        self.x_embedder = nn.Conv2d(in_channels, hidden_size, patch_size, stride=patch_size)
        self.register_buffer("pos_embed", grid_sincos_pos_embed(hidden_size, input_size // patch_size),
                             persistent=False)
        self.t_embedder = TimestepEmbedding(hidden_size, hidden_size, cos_first=True)
        self.y_embedder = LabelEmbedder(num_classes, hidden_size, class_dropout_prob)
        self.blocks = nn.ModuleList([DiTBlock(hidden_size, num_heads, mlp_ratio) for _ in range(depth)])
        self.final_norm = nn.LayerNorm(hidden_size, elementwise_affine=False, eps=1e-6)
        self.final_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden_size, 2 * hidden_size))
        self.final_linear = nn.Linear(hidden_size, patch_size * patch_size * self.out_channels)

    def unpatchify(self, x):
        # (N, T, p*p*C) tokens back to (N, C, H, W) images; the token grid is square.
        c, p = self.out_channels, self.patch_size
        h = w = int(x.shape[1] ** 0.5)  # expect: FX106 "x.shape[1]"  # expect[inputs=t,x,y]: FX106 "x.shape[1]"
        x = x.reshape(x.shape[0], h, w, p, p, c)
        x = torch.einsum("nhwpqc->nchpwq", x)
        return x.reshape(x.shape[0], c, h * p, w * p)

    def forward(self, x, t, y):
        x = self.x_embedder(x).flatten(2).transpose(1, 2) + self.pos_embed
        c = self.t_embedder(t) + self.y_embedder(y)
        for block in self.blocks:
            x = block(x, c)
        shift, scale = self.final_modulation(c).chunk(2, dim=1)
        x = self.final_linear(modulate(self.final_norm(x), shift, scale))
        return self.unpatchify(x)


class GuidedDiT(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=t,x,y]: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0 t:0 y:0]: exportable
    # Classifier-free guidance in one call: the batch is run conditionally and with the null label.
    def __init__(self):
        super().__init__()
        self.model = TinyDiT()

    def forward(self, x, t, y, guidance_scale: float = 4.0):
        if guidance_scale <= 1.0:  # expect: FX102 "guidance_scale"
            return self.model(x, t, y)
        null_labels = torch.full_like(y, self.model.num_classes)
        out = self.model(torch.cat([x] * 2), torch.cat([t] * 2), torch.cat([y, null_labels]))
        eps, rest = out[:, :self.model.in_channels], out[:, self.model.in_channels:]
        cond_eps, uncond_eps = eps.chunk(2, dim=0)
        guided = uncond_eps + guidance_scale * (cond_eps - uncond_eps)
        return torch.cat([guided, rest.chunk(2, dim=0)[0]], dim=1)


def fxlint_examples():
    torch.manual_seed(0)
    latents = torch.randn(2, 4, 8, 8)
    timesteps = torch.tensor([10, 500])
    context = torch.randn(2, 5, 16)
    labels = torch.tensor([3, 7])
    temb = torch.randn(2, 32)
    tokens = torch.randn(2, 16, 16)
    h16 = torch.randn(2, 16, 4, 4)
    return {
        "TimestepEmbedding": {"make": TimestepEmbedding, "inputs": (timesteps,),
                              "alt_inputs": (torch.tensor([1, 2, 999]),)},
        "LabelEmbedder": {"make": LabelEmbedder, "inputs": (labels,),
                          "alt_inputs": (torch.tensor([1, 2, 3]), torch.tensor([True, False, True]))},
        "ResnetBlock": {"make": ResnetBlock, "inputs": (torch.randn(2, 8, 8, 8), temb),
                        "alt_inputs": (torch.randn(3, 8, 8, 8), None)},
        "CrossAttention": {"make": CrossAttention, "inputs": (tokens, context), "alt_inputs": (torch.randn(2, 16, 16), None)},
        "SpatialTransformer": {"make": SpatialTransformer, "inputs": (h16, context),
                               "alt_inputs": (torch.randn(3, 16, 2, 6), None)},
        "Downsample": {"make": Downsample, "inputs": (torch.randn(2, 8, 8, 8),),
                       "alt_inputs": (torch.randn(3, 8, 6, 10),)},
        "Upsample": {"make": Upsample, "inputs": (h16,), "alt_inputs": (torch.randn(64, 16, 4, 4),)},
        "DownBlock": {"make": DownBlock, "inputs": (torch.randn(2, 8, 8, 8), temb, context),
                      "alt_inputs": (torch.randn(3, 8, 8, 8), None, None)},
        "UpBlock": {"make": UpBlock, "inputs": (h16, [torch.randn(2, 16, 4, 4), torch.randn(2, 8, 4, 4)], temb),
                    "alt_inputs": (torch.randn(2, 16, 2, 2), [torch.randn(2, 16, 4, 4), torch.randn(2, 8, 4, 4)], temb)},
        "TinyUNet": {"make": TinyUNet, "inputs": (latents, torch.tensor(10), context),
                     "alt_inputs": (torch.randn(64, 4, 8, 8), torch.tensor(10), context)},
        "ClassConditionedUNet": {"make": ClassConditionedUNet, "inputs": (latents, timesteps, context, labels),
                                 "alt_inputs": (torch.randn(2, 4, 9, 7), timesteps, context, labels)},
        "DiTBlock": {"make": DiTBlock, "inputs": (torch.randn(2, 16, 32), temb),
                     "alt_inputs": (torch.randn(3, 16, 32), torch.randn(3, 32))},
        "TinyDiT": {"make": TinyDiT, "inputs": (latents, timesteps, labels),
                    "alt_inputs": (torch.randn(3, 4, 8, 8), torch.tensor([1, 2, 3]), torch.tensor([0, 1, 2]))},
        "GuidedDiT": {"make": GuidedDiT, "inputs": (latents, timesteps, labels),
                      "alt_inputs": (torch.randn(3, 4, 8, 8), torch.tensor([1, 2, 3]), torch.tensor([0, 1, 2]))},
    }
