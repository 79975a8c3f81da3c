# Token mixers of current sequence models, written the way state-space, recurrent and long-convolution
# code is written for torch 2.x: a dataclass config with derived sizes, a depthwise causal conv1d padded
# by `kernel - 1` and sliced back to `[..., :seq_len]`, a Mamba-style selective scan in a Python loop, a
# Mamba2-style chunked scan (`unflatten` into chunks, `cumsum`, a segment-sum mask, einsum), chunked local
# attention padding the sequence to a multiple of the chunk, linear attention and retention with
# `cumsum`/decay masks, a minGRU parallel scan in log space, an S4D kernel convolved through the FFT,
# optional `mask` / `cache` / `prev_hidden` inputs decided with `is None`, `.item()` / `.tolist()` on
# lengths, and `torch._check` to tell export what a size is. Tiny sizes: d_model 16, sequences of 8.
import functools
import math
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class SeqConfig:
    d_model: int = 16
    d_state: int = 4
    d_conv: int = 4
    expand: int = 2
    n_heads: int = 4
    chunk_size: int = 4
    max_len: int = 8
    norm: str = "rms"
    token_shift: bool = True
    conv_bias: bool = True
    dt_min: float = 1e-3
    dt_max: float = 1e-1

    @property
    def d_inner(self) -> int:
        return self.expand * self.d_model

    @property
    def head_dim(self) -> int:
        return self.d_inner // self.n_heads

    @property
    def dt_rank(self) -> int:
        return math.ceil(self.d_model / 16)


def segment_sum(x):
    # segment_sum(x)[..., i, j] = x[..., j+1] + ... + x[..., i] for j <= i, -inf above the diagonal:
    # exp() of it is the decay from step j to step i.
    steps = x.size(-1)
    x_cumsum = torch.cumsum(x, dim=-1)
    segsum = x_cumsum[..., :, None] - x_cumsum[..., None, :]
    keep = torch.tril(torch.ones(steps, steps, dtype=torch.bool, device=x.device))  # expect: FX108 "torch.ones"
    return segsum.masked_fill(~keep, -math.inf)


def log_g(x):
    # log of minGRU's g(x) = x + 0.5 for x >= 0, sigmoid(x) below.
    return torch.where(x >= 0, (F.relu(x) + 0.5).log(), -F.softplus(-x))


def heinsen_scan(log_coeffs, log_values):
    # h_t = a_t * h_{t-1} + b_t for all t at once, in log space.
    a_star = log_coeffs.cumsum(dim=1)
    log_h0_plus_b_star = (log_values - a_star).logcumsumexp(dim=1)
    return (a_star + log_h0_plus_b_star).exp()


class GatedRMSNorm(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    def __init__(self, hidden_size: int = 32, eps: float = 1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.eps = eps

    def forward(self, x, gate=None):
        dtype = x.dtype
        x = x.float()
        if gate is not None:  # expect: FX201 "gate"
            x = x * F.silu(gate.float())
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


class CausalDepthwiseConv(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    def __init__(self, channels: int = 16, kernel_size: int = 4):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel_size, groups=channels, padding=kernel_size - 1)

    def forward(self, x):
        # (batch, seq_len, channels) -> conv over time -> drop the right padding.
        seq_len = x.shape[1]
        y = self.conv(x.transpose(1, 2))[..., :seq_len]
        return F.silu(y).transpose(1, 2)


class MambaMixer(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0,1]: specialized
    def __init__(self, config: Optional[SeqConfig] = None):
        super().__init__()
        config = config or SeqConfig()
        self.d_inner = config.d_inner
        self.d_state = config.d_state
        self.dt_rank = config.dt_rank
        self.in_proj = nn.Linear(config.d_model, 2 * self.d_inner, bias=False)
        self.conv1d = nn.Conv1d(self.d_inner, self.d_inner, config.d_conv, groups=self.d_inner,
                                padding=config.d_conv - 1, bias=config.conv_bias)
        self.x_proj = nn.Linear(self.d_inner, self.dt_rank + 2 * self.d_state, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, self.d_inner)
        A = torch.arange(1, self.d_state + 1, dtype=torch.float32).repeat(self.d_inner, 1)
        self.A_log = nn.Parameter(torch.log(A))
        self.D = nn.Parameter(torch.ones(self.d_inner))
        self.out_proj = nn.Linear(self.d_inner, config.d_model, bias=False)

    def selective_scan(self, u, delta, A, B, C):
        batch, seq_len, _ = u.shape
        deltaA = torch.exp(torch.einsum("bld,dn->bldn", delta, A))
        deltaB_u = torch.einsum("bld,bln,bld->bldn", delta, B, u)
        state = u.new_zeros(batch, self.d_inner, self.d_state)
        ys = []
        for t in range(seq_len):  # expect: FX106 "seq_len"  # expect[export dynamic=hidden_states:0,1]: EX301 "seq_len"
            state = deltaA[:, t] * state + deltaB_u[:, t]
            ys.append(torch.einsum("bdn,bn->bd", state, C[:, t]))
        return torch.stack(ys, dim=1) + u * self.D

    def forward(self, hidden_states):
        seq_len = hidden_states.shape[1]
        x, z = self.in_proj(hidden_states).chunk(2, dim=-1)
        x = F.silu(self.conv1d(x.transpose(1, 2))[..., :seq_len].transpose(1, 2))
        dt, B, C = torch.split(self.x_proj(x), [self.dt_rank, self.d_state, self.d_state], dim=-1)
        delta = F.softplus(self.dt_proj(dt))
        A = -torch.exp(self.A_log.float())
        y = self.selective_scan(x, delta, A, B, C)
        return self.out_proj(y * F.silu(z))


class ChunkedLocalAttention(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: specialized
    def __init__(self, config: Optional[SeqConfig] = None):
        super().__init__()
        config = config or SeqConfig()
        self.chunk = config.chunk_size
        self.n_heads = config.n_heads
        self.head_dim = config.d_model // config.n_heads
        self.qkv = nn.Linear(config.d_model, 3 * config.d_model, bias=False)
        self.out = nn.Linear(config.d_model, config.d_model, bias=False)

    def forward(self, x):
        seq_len = x.shape[1]
        if seq_len % self.chunk != 0:  # expect: FX101 "seq_len"  # expect[export dynamic=x:0,1]: EX301 "seq_len"
            x = F.pad(x, (0, 0, 0, self.chunk - seq_len % self.chunk))
        q, k, v = self.qkv(x).unflatten(-1, (3, self.n_heads, self.head_dim)).permute(2, 0, 3, 1, 4)
        outputs = []
        for start in range(0, x.shape[1], self.chunk):  # expect: FX106 "x.shape[1]"  # expect[export dynamic=x:0,1]: EX301 "x.shape[1]"
            window = slice(start, start + self.chunk)
            outputs.append(F.scaled_dot_product_attention(q[:, :, window], k[:, :, window], v[:, :, window],
                                                          is_causal=True))
        out = torch.cat(outputs, dim=2).transpose(1, 2).flatten(2)
        return self.out(out[:, :seq_len])


class CausalLinearAttention(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    def __init__(self, d_model: int = 16, n_heads: int = 4):
        super().__init__()
        self.n_heads = n_heads
        self.qkv = nn.Linear(d_model, 3 * d_model, bias=False)
        self.out = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x, mask=None):
        q, k, v = self.qkv(x).unflatten(-1, (3, self.n_heads, -1)).unbind(2)
        q, k = F.elu(q) + 1, F.elu(k) + 1
        if mask is not None:  # expect: FX201 "mask"
            k = k * mask[:, :, None, None].to(k.dtype)
        kv = torch.einsum("blhd,blhe->blhde", k, v).cumsum(dim=1)
        num = torch.einsum("blhd,blhde->blhe", q, kv)
        den = torch.einsum("blhd,blhd->blh", q, k.cumsum(dim=1)).unsqueeze(-1)
        return self.out((num / (den + 1e-6)).flatten(2))


class MinGRU(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    def __init__(self, dim: int = 16, expansion: float = 1.5):
        super().__init__()
        inner = int(dim * expansion)
        self.to_hidden_and_gate = nn.Linear(dim, 2 * inner, bias=False)
        self.to_out = nn.Linear(inner, dim, bias=False)

    def forward(self, x, prev_hidden=None):
        hidden, gate = self.to_hidden_and_gate(x).chunk(2, dim=-1)
        log_coeffs = -F.softplus(gate)
        log_values = -F.softplus(-gate) + log_g(hidden)
        if prev_hidden is not None:  # expect: FX201 "prev_hidden"
            log_values = torch.cat((log_g(prev_hidden), log_values), dim=1)
            log_coeffs = F.pad(log_coeffs, (0, 0, 1, 0))
        out = heinsen_scan(log_coeffs, log_values)
        out = out[:, -x.shape[1]:]
        return self.to_out(out), out[:, -1:]


class SegmentMeanPool(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    # Packed segments: `lengths` gives how many steps of the sequence each segment takes.
    def __init__(self, dim: int = 16):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, lengths):
        segments = torch.split(self.proj(x), lengths.tolist(), dim=1)
        return torch.stack([segment.mean(dim=1) for segment in segments], dim=1)  # expect: FX105 "segments"


class PaddedSequencePool(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def __init__(self, dim: int = 16):
        super().__init__()
        self.norm = nn.LayerNorm(dim)

    def forward(self, x, lengths):
        x = self.norm(x)
        # Fast path: no sequence in the batch is padded.
        if lengths.min().item() == x.shape[1]:  # expect: FX102 "lengths.min().item()"  # expect[export]: EX302
            return x.mean(dim=1)
        steps = torch.arange(x.shape[1], device=x.device)
        valid = (steps[None, :] < lengths[:, None]).to(x.dtype)
        return (x * valid[..., None]).sum(dim=1) / lengths[:, None].to(x.dtype)


class SSDChunkScan(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=hidden_states:0,1]: specialized
    # Mamba2's state-space dual, chunked: quadratic attention-like form inside a chunk, a linear
    # recurrence over the chunk states between chunks.
    def __init__(self, config: Optional[SeqConfig] = None):
        super().__init__()
        config = config or SeqConfig()
        self.chunk = config.chunk_size
        self.n_heads = config.n_heads
        self.head_dim = config.head_dim
        self.d_state = config.d_state
        self.d_inner = config.d_inner
        self.sizes = [self.d_inner, self.d_state, self.d_state, self.n_heads]
        self.in_proj = nn.Linear(config.d_model, sum(self.sizes), bias=False)
        dt = torch.exp(torch.linspace(math.log(config.dt_min), math.log(config.dt_max), self.n_heads))
        self.dt_bias = nn.Parameter(dt + torch.log(-torch.expm1(-dt)))
        self.A_log = nn.Parameter(torch.log(torch.arange(1, self.n_heads + 1, dtype=torch.float32)))
        self.norm = GatedRMSNorm(self.d_inner)
        self.out_proj = nn.Linear(self.d_inner, config.d_model, bias=False)

    def forward(self, hidden_states):
        seq_len = hidden_states.shape[1]
        pad = (-seq_len) % self.chunk
        x, B, C, dt = torch.split(self.in_proj(hidden_states), self.sizes, dim=-1)
        dt = F.softplus(dt + self.dt_bias)
        A = -torch.exp(self.A_log) * dt
        x = x.unflatten(-1, (self.n_heads, self.head_dim)) * dt[..., None]
        x, A, B, C = [F.pad(t, (0, 0) * (t.dim() - 2) + (0, pad)) for t in (x, A, B, C)]
        x, A, B, C = [t.unflatten(1, (-1, self.chunk)) for t in (x, A, B, C)]
        A = A.permute(0, 3, 1, 2)
        A_cumsum = torch.cumsum(A, dim=-1)
        L = torch.exp(segment_sum(A))
        y_diag = torch.einsum("bcln,bcsn,bhcls,bcshp->bclhp", C, B, L, x)
        decay_states = torch.exp(A_cumsum[..., -1:] - A_cumsum)
        states = torch.einsum("bcln,bhcl,bclhp->bchpn", B, decay_states, x)
        states = torch.cat([torch.zeros_like(states[:, :1]), states], dim=1)
        decay_chunk = torch.exp(segment_sum(F.pad(A_cumsum[..., -1], (1, 0))))
        states = torch.einsum("bhzc,bchpn->bzhpn", decay_chunk, states)[:, :-1]
        y_off = torch.einsum("bcln,bchpn,bhcl->bclhp", C, states, torch.exp(A_cumsum))
        # Under a dynamic length the view after the slice asks whether `padded == seq_len` (true for the
        # example of 8): the program then rejects lengths that are not a multiple of the chunk.
        y = (y_diag + y_off).flatten(1, 2)[:, :seq_len].flatten(2)  # expect[export dynamic=hidden_states:0,1]: EX301
        return self.out_proj(self.norm(y))


class TimeShiftMixer(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    # RWKV-style: every step mixes in the previous step; config-driven norm and shift.
    def __init__(self, config: Optional[SeqConfig] = None):
        super().__init__()
        config = config or SeqConfig()
        self.token_shift = config.token_shift
        norm_layer = GatedRMSNorm if config.norm == "rms" else functools.partial(nn.LayerNorm, eps=1e-5)
        self.norm = norm_layer(config.d_model)
        self.mu = nn.Parameter(torch.full((config.d_model,), 0.5))
        self.key = nn.Linear(config.d_model, config.d_inner, bias=False)
        self.value = nn.Linear(config.d_inner, config.d_model, bias=False)

    def forward(self, x):
        x = self.norm(x)
        if self.token_shift:
            shifted = F.pad(x, (0, 0, 1, -1))
            x = x * self.mu + shifted * (1 - self.mu)
        return self.value(torch.relu(self.key(x)) ** 2)


class ConvStepCache(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    # Incremental decoding: with a cache and one new token, roll the conv state instead of convolving.
    def __init__(self, channels: int = 16, kernel_size: int = 4):
        super().__init__()
        self.kernel_size = kernel_size
        self.conv = nn.Conv1d(channels, channels, kernel_size, groups=channels, padding=kernel_size - 1)

    def forward(self, x, cache: Optional[dict] = None):
        if cache is not None and x.shape[1] == 1:  # expect: FX201 "cache"; FX101 "x.shape[1]"
            conv_state = torch.cat([cache["conv"][:, :, 1:], x.transpose(1, 2)], dim=-1)
            cache["conv"] = conv_state  # expect: FX117 "cache"
            y = (conv_state * self.conv.weight.squeeze(1)).sum(-1) + self.conv.bias
            return y.unsqueeze(1)
        y = self.conv(x.transpose(1, 2))[..., :x.shape[1]]
        if cache is not None:  # expect: FX201 "cache"
            cache["conv"] = F.pad(x.transpose(1, 2), (self.kernel_size - x.shape[1], 0))  # expect: FX117 "cache"
        return y.transpose(1, 2)


class RetentionMixer(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    # Multi-scale retention, parallel form: a per-head decay gamma ** (i - j) below the diagonal.
    def __init__(self, d_model: int = 16, n_heads: int = 4):
        super().__init__()
        self.n_heads = n_heads
        self.sizes = (d_model, d_model, d_model, d_model)
        self.proj = nn.Linear(d_model, 4 * d_model, bias=False)
        gammas = 1 - torch.exp2(-5 - torch.arange(n_heads, dtype=torch.float32))
        self.register_buffer("log_gammas", torch.log(gammas), persistent=False)
        self.out = nn.Linear(d_model, d_model, bias=False)

    def forward(self, x):
        q, k, v, g = torch.split(self.proj(x), self.sizes, dim=-1)
        q, k, v = (t.unflatten(-1, (self.n_heads, -1)).transpose(1, 2) for t in (q, k, v))
        positions = torch.arange(x.shape[1], device=x.device)
        distance = positions[:, None] - positions[None, :]
        decay = torch.exp(self.log_gammas[:, None, None] * distance.clamp(min=0))
        decay = decay.masked_fill(distance < 0, 0.0)
        scores = torch.einsum("bhid,bhjd->bhij", q, k) * q.shape[-1] ** -0.5
        out = torch.einsum("bhij,bhjd->bhid", scores * decay, v).transpose(1, 2).flatten(2)
        return self.out(out * F.silu(g))


class FixedLengthScan(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: specialized
    # A gated recurrence unrolled over the configured length (models exported at one fixed length).
    def __init__(self, config: Optional[SeqConfig] = None):
        super().__init__()
        config = config or SeqConfig()
        self.max_len = config.max_len
        self.gate = nn.Linear(config.d_model, config.d_model)
        self.cand = nn.Linear(config.d_model, config.d_model)

    def forward(self, x):
        torch._check(x.shape[1] == self.max_len, lambda: f"expected {self.max_len} steps")  # expect: FX101 "x.shape[1]"  # expect[export dynamic=x:0,1]: EX301 "x.shape[1]"
        gates, cands = torch.sigmoid(self.gate(x)), torch.tanh(self.cand(x))
        h = torch.zeros_like(x[:, 0])
        outputs = []
        for t in range(self.max_len):
            h = gates[:, t] * h + (1 - gates[:, t]) * cands[:, t]
            outputs.append(h)
        return torch.stack(outputs, dim=1)


class S4DConv(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0,1]: exportable
    # Diagonal state-space kernel, materialised for the input's length and applied by FFT convolution.
    def __init__(self, d_model: int = 16, d_state: int = 4):
        super().__init__()
        self.log_dt = nn.Parameter(torch.linspace(math.log(1e-3), math.log(1e-1), d_model))
        self.log_A_real = nn.Parameter(torch.log(0.5 * torch.ones(d_model, d_state)))
        self.A_imag = nn.Parameter(math.pi * torch.arange(d_state, dtype=torch.float32).repeat(d_model, 1))
        self.C = nn.Parameter(torch.randn(d_model, d_state, dtype=torch.cfloat) * 0.5 ** 0.5)
        self.D = nn.Parameter(torch.randn(d_model))

    def kernel(self, seq_len):
        dt = torch.exp(self.log_dt)
        A = -torch.exp(self.log_A_real) + 1j * self.A_imag
        dtA = A * dt[:, None]
        C = self.C * (torch.exp(dtA) - 1.0) / A
        vandermonde = torch.exp(dtA[..., None] * torch.arange(seq_len, device=A.device))
        return 2 * torch.einsum("dn,dnl->dl", C, vandermonde).real

    def forward(self, x):
        u = x.transpose(1, 2)
        seq_len = u.shape[-1]
        k = self.kernel(seq_len)
        k_f = torch.fft.rfft(k, n=2 * seq_len)
        u_f = torch.fft.rfft(u, n=2 * seq_len)
        y = torch.fft.irfft(u_f * k_f, n=2 * seq_len)[..., :seq_len]
        return (y + u * self.D[:, None]).transpose(1, 2)


def fxlint_examples():
    torch.manual_seed(0)
    x = torch.randn(2, 8, 16)
    other_x = torch.randn(3, 6, 16)
    lengths = torch.tensor([8, 5])
    return {
        "GatedRMSNorm": {"make": lambda: GatedRMSNorm(16), "inputs": (x, torch.randn(2, 8, 16)), "alt_inputs": (x,)},
        "CausalDepthwiseConv": {"make": CausalDepthwiseConv, "inputs": (x,), "alt_inputs": (other_x,)},
        "MambaMixer": {"make": MambaMixer, "inputs": (x,), "alt_inputs": (other_x,)},
        "ChunkedLocalAttention": {"make": ChunkedLocalAttention, "inputs": (x,), "alt_inputs": (other_x,)},
        "CausalLinearAttention": {"make": CausalLinearAttention, "inputs": (x, torch.ones(2, 8)),
                                  "alt_inputs": (x,)},
        "MinGRU": {"make": MinGRU, "inputs": (x, torch.rand(2, 1, 24)), "alt_inputs": (x,)},
        "SegmentMeanPool": {"make": SegmentMeanPool, "inputs": (x, torch.tensor([3, 5])),
                            "alt_inputs": (other_x, torch.tensor([2, 4]))},
        "PaddedSequencePool": {"make": PaddedSequencePool, "inputs": (x, lengths),
                               "alt_inputs": (x, torch.tensor([8, 8]))},
        "SSDChunkScan": {"make": SSDChunkScan, "inputs": (x,), "alt_inputs": (other_x,)},
        "TimeShiftMixer": {"make": TimeShiftMixer, "inputs": (x,), "alt_inputs": (other_x,)},
        "ConvStepCache": {"make": ConvStepCache, "inputs": (x,), "alt_inputs": (other_x,)},
        "RetentionMixer": {"make": RetentionMixer, "inputs": (x,), "alt_inputs": (other_x,)},
        "FixedLengthScan": {"make": FixedLengthScan, "inputs": (x,)},
        "S4DConv": {"make": S4DConv, "inputs": (x,), "alt_inputs": (other_x,)},
    }
