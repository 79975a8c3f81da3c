# Decisions FX takes silently (the trace succeeds, the graph is wrong for some inputs): `is None` on a
# Proxy parameter (FX201), type checks on a Proxy (FX202), tracing-state checks (FX203), a failure
# swallowed by the model's own try/except (FX204), and a Proxy formatted into a string (FX205).
import torch
import torch.nn as nn
import torch.nn.functional as F


class OptionalMask(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: traceable  # expect-verdict[inputs=x,mask]: specialized  # expect-verdict[export]: exportable  # expect-verdict[export inputs=mask,x]: exportable  # expect-verdict[export inputs=x]: exportable
    def forward(self, x, mask=None):
        # A Proxy is never None: vanilla tracing keeps only the masked branch.
        if mask is None:  # expect: FX201 "mask"  # expect[inputs=x,mask]: FX201 "mask"
            return x.softmax(-1)
        return (x + mask).softmax(-1)


class TensorOrNumberBias(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x, bias):
        if isinstance(bias, torch.Tensor):  # expect: FX202 "isinstance"
            return x + bias.mean()
        return x + bias


class ClampedScale(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x, scale):
        if torch.is_tensor(scale):  # expect: FX202 "torch.is_tensor"
            scale = scale.clamp(min=0.0)
        return x * scale


class PlainTensorOnly(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: specialized
    def forward(self, x):
        # Tensor subclasses pass through untouched; a Proxy is not a Tensor, so the graph drops the relu.
        if type(x) is torch.Tensor:  # expect: FX202 "type(x)"  # expect[export]: FX202 "type(x)"
            return x.relu()
        return x


class AttachedPaddingMask(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        # Proxy.__getattr__ answers every name, so hasattr() is True while tracing.
        if hasattr(x, "padding_mask"):  # expect: FX202 "hasattr"
            x = x * x.padding_mask
        return x.sum(-1)


class TracingAwareGelu(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        # Meant for torch.jit.trace/ONNX export; False under FX, so the FX graph keeps the eager path.
        return F.gelu(x, approximate="tanh") if torch.jit.is_tracing() else F.gelu(x)  # expect: FX203 "torch.jit.is_tracing()"


class ScriptingAwareGelu(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        if torch.jit.is_scripting():  # expect: FX203 "torch.jit.is_scripting()"
            return F.gelu(x, approximate="tanh")
        return F.gelu(x)


class OnnxExportAwareGelu(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def forward(self, x):
        if torch.onnx.is_in_onnx_export():  # expect: FX203 "torch.onnx.is_in_onnx_export()"
            return F.gelu(x, approximate="tanh")
        return F.gelu(x)


class TolerantReshape(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        try:
            batch = int(x.size(0))  # expect: FX204 "int(x.size(0))"  # expect[export dynamic=x:0]: EX301 "int(x.size(0))"
        except TypeError:
            batch = 1
        return x.reshape(batch, -1)


class SafeNormalize(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: specialized
    def forward(self, x):
        try:
            if x.abs().max() > 1:  # expect: FX204 "x.abs().max()"  # expect[export]: FX204 "x.abs().max()"
                x = x / x.abs().max()
        except Exception:
            # The trace lands here (TraceError is an Exception): the graph never normalizes.
            pass
        return x


class WidthKeyedScale(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.scales = {"4": 1.0, "8": 0.5}

    def forward(self, x):
        return x * self.scales.get(str(x.size(-1)), 1.0)  # expect: FX205 "str(x.size(-1))"


class ShapeTaggedScale(nn.Module):  # expect-verdict: specialized  # expect-verdict[export]: exportable
    def __init__(self):
        super().__init__()
        self.scales = {"w4": 1.0, "w8": 0.5}

    def forward(self, x):
        key = f"w{x.size(-1)}"  # expect: FX205 "x.size(-1)"
        return x * self.scales.get(key, 1.0)


def fxlint_examples():
    x = torch.randn(2, 8)
    return {
        "OptionalMask": {"make": OptionalMask, "inputs": (x, torch.randn(2, 8)), "alt_inputs": (x, None)},
        "TensorOrNumberBias": {"make": TensorOrNumberBias, "inputs": (x, torch.randn(8))},
        "ClampedScale": {"make": ClampedScale, "inputs": (x, torch.tensor(-0.5))},
        "PlainTensorOnly": {"make": PlainTensorOnly, "inputs": (x,)},
        "AttachedPaddingMask": {"make": AttachedPaddingMask, "inputs": (x,)},
        "TracingAwareGelu": {"make": TracingAwareGelu, "inputs": (x,), "witness": "jit_trace"},
        "ScriptingAwareGelu": {"make": ScriptingAwareGelu, "inputs": (x,), "witness": "jit_script"},
        "OnnxExportAwareGelu": {"make": OnnxExportAwareGelu, "inputs": (x,), "witness": "onnx"},
        "TolerantReshape": {"make": TolerantReshape, "inputs": (x,), "alt_inputs": (torch.randn(3, 4),)},
        "SafeNormalize": {"make": SafeNormalize, "inputs": (x * 4,)},
        "WidthKeyedScale": {"make": WidthKeyedScale, "inputs": (x,)},
        "ShapeTaggedScale": {"make": ShapeTaggedScale, "inputs": (x,)},
    }
