# Python control flow decided by tensor contents (FX102: sums, any(), .item(), a flag passed as a forward
# parameter) and by tensor metadata (FX103: dtype, device, is_cuda, requires_grad). All raise TraceError.
import torch
import torch.nn as nn


class PositiveGate(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        if x.sum() > 0:  # expect: FX102 "x.sum()"  # expect[export]: EX302
            return x
        return -x


class NegativeRepair(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        if (x < 0).any():  # expect: FX102 "any()"  # expect[export]: EX302
            x = x.abs()
        return x.sqrt()


class ItemThreshold(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        peak = x.max().item()
        if peak > 1.0:  # expect: FX102 "peak"  # expect[export]: EX302
            x = x / peak
        return x


class NanRejector(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        if torch.isnan(x).any():  # expect: FX102 "torch.isnan(x)"  # expect[export]: EX302
            raise ValueError("NaN in input")
        return x * 2


class CacheFlag(nn.Module):  # expect-verdict: fails  # expect-verdict[inputs=x]: traceable  # expect-verdict[export]: exportable  # expect-verdict[export inputs=x]: exportable
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(8, 8)

    def forward(self, x, use_cache=False):
        # Under vanilla tracing the flag is a Proxy like every parameter; bool() of it raises.
        if use_cache:  # expect: FX102 "use_cache"
            return self.proj(x), x
        return self.proj(x)


class HalfPrecisionUpcast(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.dtype == torch.float16:  # expect: FX103 "x.dtype"
            x = x.float()
        return x.softmax(-1)


class DeviceTypeBranch(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.device.type == "cuda":  # expect: FX103 "x.device"
            return x.half()
        return x


class CudaOnlyPath(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.is_cuda:  # expect: FX103 "x.is_cuda"
            return x.contiguous()
        return x + 0


class GradientAwareScale(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if x.requires_grad:  # expect: FX103 "x.requires_grad"
            x = x * 0.5
        return x


def fxlint_examples():
    vectors = (torch.randn(2, 8),)
    return {
        "PositiveGate": {"make": PositiveGate, "inputs": vectors},
        "NegativeRepair": {"make": NegativeRepair, "inputs": vectors},
        "ItemThreshold": {"make": ItemThreshold, "inputs": vectors},
        "NanRejector": {"make": NanRejector, "inputs": vectors},
        "CacheFlag": {"make": CacheFlag, "inputs": vectors},
        "HalfPrecisionUpcast": {"make": HalfPrecisionUpcast, "inputs": vectors},
        "DeviceTypeBranch": {"make": DeviceTypeBranch, "inputs": vectors},
        "CudaOnlyPath": {"make": CudaOnlyPath, "inputs": vectors},
        "GradientAwareScale": {"make": GradientAwareScale, "inputs": vectors},
    }
