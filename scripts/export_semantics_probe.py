#!/usr/bin/env python3
"""Measures what non-strict torch.export does with Python constructs (the source of docs/export_semantics.md).

  export_semantics_probe.py            run every case, print one row per (case, variant)
  export_semantics_probe.py a b3 ...   only the cases whose id starts with one of the arguments

Run it with the project venv (torch 2.14.1, CPU, no network). Each case is one tiny nn.Module whose
construct line carries the marker comment `# <<`. For each variant the probe:

1. runs the module eagerly on the example inputs (the construct must be valid Python there);
2. runs `torch.export.export(model, args, dynamic_shapes=..., strict=False)`; `static` means
   `dynamic_shapes=None`, `x:0` means dim 0 of input x is `torch.export.Dim.AUTO`;
3. classifies:
     raises <Class>: <first line>   export raised (the line check compares the deepest traceback frame
                                    inside this file's model code with the `# <<` line);
     specialized                    a dim declared dynamic is a plain int in the input placeholder's
                                    fake tensor;
     range-refined [lo, hi]         it stayed a SymInt but range_constraints is narrower than the range
                                    an unconstrained Dim.AUTO dim gets (measured on an identity module);
     ok                             anything else;
   and appends `+N asserts` when the graph holds runtime assertion nodes (aten._assert_scalar & co);
4. re-runs the ExportedProgram (`ep.module()`) and eager on other inputs: the dynamic dim resized (by
   repeating rows, so values keep their distribution) and any case-specific alternative inputs, and
   reports `agree`, `ep raises <Class>` (eager accepts), `DISAGREE`, or `both raise`.

Values that forward records in OBS (tracing predicates) are printed for eager and for export.
Takes about 20-40 s on 2 CPU cores.
"""
import contextlib
import copy
import inspect
import io
import logging
import os
import sys
import time
import traceback
import warnings

import numpy as np
import torch
import torch.nn as nn
from torch.export import Dim

THIS_FILE = os.path.abspath(__file__)
AUTO = Dim.AUTO
CASES = []
OBS = {}  # values recorded by forwards, keyed by name


def case(cid, what, inputs, variants=("static",), alt_sizes=(3, 6), alt_inputs=None, marker_in=None,
         make=None, note=""):
    """Registers a module class as probe case `cid`. variants: "static" or "name:d[,d]" (Dim.AUTO)."""
    def register(cls):
        CASES.append(dict(cid=cid, what=what, cls=cls, inputs=inputs, variants=variants,
                          alt_sizes=alt_sizes, alt_inputs=alt_inputs, marker_in=marker_in,
                          make=make or cls, note=note))
        return cls
    return register


def r(*shape):
    return torch.randn(*shape)


def pos(*shape):
    return torch.rand(*shape) + 0.5


def ints(*shape):
    return torch.randint(1, 6, shape)


# ---------------------------------------------------------------------------------------------------
# Model code. Everything below down to "Harness" is "inside the model file" for the line check.
# Default example batch (dim 0) is 4 unless a case says otherwise.
# ---------------------------------------------------------------------------------------------------

# ---- baseline: what range an unconstrained Dim.AUTO dim gets ---------------------------------------
@case("base", "identity (x * 2)", lambda: (r(4, 3),), ("static", "x:0", "x:1"))
class Identity(nn.Module):
    def forward(self, x):
        return x * 2  # <<


# ---- a. shape validation ---------------------------------------------------------------------------
@case("a1", "if x.shape[1] != 3: raise ValueError", lambda: (r(4, 3),), ("static", "x:1"))
class ChannelCheck(nn.Module):
    def forward(self, x):
        if x.shape[1] != 3:  # <<
            raise ValueError("expected 3 channels")
        return x * 2


@case("a2", "if x.shape[1] != 3: raise ValueError, example 4x4 (the raise is reached)", lambda: (r(4, 4),),
      ("static",))
class ChannelCheckReached(nn.Module):
    def forward(self, x):
        if x.shape[1] != 3:
            raise ValueError("expected 3 channels")  # <<
        return x * 2


# ---- b. decisions on a (dynamic) dim ---------------------------------------------------------------
@case("b1", "if x.shape[0] == 4 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"))
class EqFour(nn.Module):
    def forward(self, x):
        if x.shape[0] == 4:  # <<
            return x + 1
        return x - 1


@case("b1'", "if x.shape[0] == 4 (batch 2)", lambda: (r(2, 3),), ("x:0",), alt_sizes=(3, 4))
class EqFourB2(EqFour):
    pass


@case("b2", "if x.shape[0] != 4 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"))
class NeFour(nn.Module):
    def forward(self, x):
        if x.shape[0] != 4:  # <<
            return x + 1
        return x - 1


@case("b2'", "if x.shape[0] != 4 (batch 2)", lambda: (r(2, 3),), ("x:0",), alt_sizes=(3, 4))
class NeFourB2(NeFour):
    pass


@case("b3", "if x.shape[0] > 1 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(2, 6))
class GtOne(nn.Module):
    def forward(self, x):
        if x.shape[0] > 1:  # <<
            return x + 1
        return x - 1


@case("b4", "if x.shape[0] > 2 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(2, 3, 6))
class GtTwo(nn.Module):
    def forward(self, x):
        if x.shape[0] > 2:  # <<
            return x + 1
        return x - 1


@case("b4'", "if x.shape[0] > 2 (batch 2)", lambda: (r(2, 3),), ("x:0",), alt_sizes=(3, 6))
class GtTwoB2(GtTwo):
    pass


@case("b5", "if x.shape[0] >= 1 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(2, 6))
class GeOne(nn.Module):
    def forward(self, x):
        if x.shape[0] >= 1:  # <<
            return x + 1
        return x - 1


@case("b6", "if x.shape[0] == 1 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(2, 6))
class EqOne(nn.Module):
    def forward(self, x):
        if x.shape[0] == 1:  # <<
            return x + 1
        return x - 1


@case("b7", "if x.shape[0] % 2 == 0 (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(3, 6))
class EvenBatch(nn.Module):
    def forward(self, x):
        if x.shape[0] % 2 == 0:  # <<
            return x + 1
        return x - 1


@case("b8", "if x.shape[0] > x.shape[1] (4x3, dim 0 dynamic)", lambda: (r(4, 3),), ("static", "x:0"),
      alt_sizes=(2, 3, 6))
class TallerThanWide(nn.Module):
    def forward(self, x):
        if x.shape[0] > x.shape[1]:  # <<
            return x + 1
        return x - 1


@case("b9", "h, w = x.shape[2:]; if h * w > 0 (1x2x5x6)", lambda: (r(1, 2, 5, 6),), ("static", "x:2,3"))
class PositiveArea(nn.Module):
    def forward(self, x):
        h, w = x.shape[2:]
        if h * w > 0:  # <<
            return x + 1
        return x - 1


# ---- c. decisions on tensor values -----------------------------------------------------------------
@case("c1", "if x.sum() > 0", lambda: (pos(4, 3),), ("static",), alt_inputs=lambda: [(-pos(4, 3),)])
class PositiveGate(nn.Module):
    def forward(self, x):
        if x.sum() > 0:  # <<
            return x + 1
        return x - 1


@case("c2", "if x.any()", lambda: (pos(4, 3),), ("static",))
class AnyGate(nn.Module):
    def forward(self, x):
        if x.any():  # <<
            return x + 1
        return x - 1


@case("c3", "if (x > 0).all()", lambda: (pos(4, 3),), ("static",))
class AllGate(nn.Module):
    def forward(self, x):
        if (x > 0).all():  # <<
            return x + 1
        return x - 1


@case("c4", "t = x.max(); if t.item() > 3", lambda: (pos(4, 3),), ("static",))
class ItemThreshold(nn.Module):
    def forward(self, x):
        t = x.max()
        if t.item() > 3:  # <<
            return x + 1
        return x - 1


@case("c5", "v = x.max().item(); torch.zeros(int(v)) (int64 x)", lambda: (ints(4, 3),), ("static",),
      alt_inputs=lambda: [(ints(4, 3) + 3,)])
class DataDependentSize(nn.Module):
    def forward(self, x):
        v = x.max().item()
        y = torch.zeros(int(v))  # <<
        return y.sum() + x


@case("c5'", "v = x.max().item(); torch.zeros(int(v)) (float x)", lambda: (pos(4, 3) * 4,), ("static",))
class DataDependentSizeFloat(nn.Module):
    def forward(self, x):
        v = x.max().item()
        y = torch.zeros(int(v))  # <<
        return y.sum() + x


@case("c5\"", "v = x.max().item(); torch.zeros(v) (int64 x, no int())", lambda: (ints(4, 3),), ("static",),
      alt_inputs=lambda: [(ints(4, 3) + 3,)])
class DataDependentSizeNoInt(nn.Module):
    def forward(self, x):
        v = x.max().item()
        y = torch.zeros(v)  # <<
        return y.sum() + x


@case("c6", "vals = x.tolist(); if vals[0][0] > 0", lambda: (pos(4, 3),), ("static",))
class ListElementGate(nn.Module):
    def forward(self, x):
        vals = x.tolist()
        if vals[0][0] > 0:  # <<
            return x + 1
        return x - 1


@case("c7", "v = x.max().item(); torch._check(v > 0); if v > 0 (int64 x)", lambda: (ints(4, 3),), ("static",))
class CheckedItem(nn.Module):
    def forward(self, x):
        v = x.max().item()
        torch._check(v > 0)
        if v > 0:  # <<
            return x + 1
        return x - 1


@case("c7'", "v = x.max().item(); torch._check(v > 0); if v > 0 (float x)", lambda: (pos(4, 3),), ("static",))
class CheckedItemFloat(CheckedItem):
    pass


@case("c8", "try: bool(x.sum()) except Exception: fallback", lambda: (pos(4, 3),), ("static",),
      alt_inputs=lambda: [(-pos(4, 3),)])
class TolerantGate(nn.Module):
    def forward(self, x):
        try:
            if bool(x.sum()):  # <<
                return x + 1
        except Exception as e:  # noqa: BLE001 - the point of the probe
            OBS["c8 caught"] = type(e).__name__
        return x - 1


@case("c8'", "try: bool(x.sum()) except RuntimeError: fallback", lambda: (pos(4, 3),), ("static",))
class TolerantGateRuntime(nn.Module):
    def forward(self, x):
        try:
            if bool(x.sum()):  # <<
                return x + 1
        except RuntimeError as e:
            OBS["c8' caught"] = type(e).__name__
        return x - 1


@case("c8\"", "try: bool(x.sum()) except (TypeError, ValueError): fallback", lambda: (pos(4, 3),), ("static",))
class TolerantGateWrongClause(nn.Module):
    def forward(self, x):
        try:
            if bool(x.sum()):  # <<
                return x + 1
        except (TypeError, ValueError):
            pass
        return x - 1


# ---- d. identity and tracing predicates ------------------------------------------------------------
@case("d1", "if x is None (x given)", lambda: (r(4, 3),), ("static",))
class GivenIsNone(nn.Module):
    def forward(self, x):
        if x is None:  # <<
            return torch.zeros(1)
        return x * 2


@case("d2", "if mask is None (mask=None default, not passed)", lambda: (r(4, 3),), ("static", "x:0"))
class DefaultMask(nn.Module):
    def forward(self, x, mask=None):
        if mask is None:  # <<
            return x * 2
        return x * mask


@case("d3", "isinstance(x, torch.Tensor) + tracing predicates (see OBS)", lambda: (r(4, 3),), ("static",))
class Predicates(nn.Module):
    def forward(self, x):
        OBS["isinstance(x, torch.Tensor)"] = isinstance(x, torch.Tensor)  # <<
        OBS["type(x).__name__"] = type(x).__name__
        OBS["torch.jit.is_tracing()"] = torch.jit.is_tracing()
        OBS["torch.jit.is_scripting()"] = torch.jit.is_scripting()
        OBS["torch.compiler.is_compiling()"] = torch.compiler.is_compiling()
        OBS["torch.compiler.is_exporting()"] = torch.compiler.is_exporting()
        OBS["torch.compiler.is_dynamo_compiling()"] = torch.compiler.is_dynamo_compiling()
        OBS["torch.fx._symbolic_trace.is_fx_tracing()"] = torch.fx._symbolic_trace.is_fx_tracing()
        OBS["torch.fx._symbolic_trace.is_fx_symbolic_tracing()"] = \
            torch.fx._symbolic_trace.is_fx_symbolic_tracing()
        OBS["torch.onnx.is_in_onnx_export()"] = torch.onnx.is_in_onnx_export()
        OBS["isinstance(x.shape[0], int)"] = isinstance(x.shape[0], int)
        return x * 2


@case("d4", "isinstance(x.shape[0], int) with dim 0 dynamic (see OBS)", lambda: (r(4, 3),), ("x:0",))
class DimIsInt(nn.Module):
    def forward(self, x):
        OBS["dyn: isinstance(x.shape[0], int)"] = isinstance(x.shape[0], int)  # <<
        OBS["dyn: type(x.shape[0]).__name__"] = type(x.shape[0]).__name__
        OBS["dyn: str(x.shape[0])"] = str(x.shape[0])
        return x * 2


@case("d5", "if torch.compiler.is_exporting(): ... else ...", lambda: (r(4, 3),), ("static",))
class ExportAware(nn.Module):
    def forward(self, x):
        if torch.compiler.is_exporting():  # <<
            return x + 1
        return x - 1


# ---- e. len and iteration --------------------------------------------------------------------------
@case("e1", "x / len(x)", lambda: (r(4, 3),), ("static", "x:0"))
class RowCountNormalize(nn.Module):
    def forward(self, x):
        return x / len(x)  # <<


@case("e2", "for row in x: acc = acc + row", lambda: (r(4, 3),), ("static", "x:0"))
class RowLoop(nn.Module):
    def forward(self, x):
        acc = torch.zeros(x.shape[1])
        for row in x:  # <<
            acc = acc + row
        return acc


@case("e3", "for i in range(x.shape[0]): acc = acc + x[i]", lambda: (r(4, 3),), ("static", "x:0"))
class RangeLoop(nn.Module):
    def forward(self, x):
        acc = torch.zeros(x.shape[1])
        for i in range(x.shape[0]):  # <<
            acc = acc + x[i]
        return acc


@case("e4", "torch.stack(list(x))", lambda: (r(4, 3),), ("static", "x:0"))
class ListOfRows(nn.Module):
    def forward(self, x):
        return torch.stack(list(x))  # <<


@case("e5", "[a * b for a, b in zip(x, y)]", lambda: (r(4, 3), r(4, 3)), ("static", "x:0"))
class PairwiseZip(nn.Module):
    def forward(self, x, y):
        return torch.stack([a * b for a, b in zip(x, y)])  # <<


@case("e6", "first, *rest = x", lambda: (r(4, 3),), ("static", "x:0"))
class StarUnpack(nn.Module):
    def forward(self, x):
        first, *rest = x  # <<
        return first + len(rest)


@case("e7", "vals = x.tolist(); x + len(vals)", lambda: (r(4, 3),), ("static", "x:0"))
class ToListLength(nn.Module):
    def forward(self, x):
        vals = x.tolist()  # <<
        return x + len(vals)


@case("e8", "torch.tensor(x.tolist()) (int64 x)", lambda: (ints(4, 3),), ("static",))
class ToListRoundTrip(nn.Module):
    def forward(self, x):
        return torch.tensor(x.tolist()) + x  # <<


# ---- f. Python numbers from sizes ------------------------------------------------------------------
@case("f1", "Python list self.gains[x.shape[0] - 1]", lambda: (r(4, 3),), ("static", "x:0"))
class GainTable(nn.Module):
    def __init__(self):
        super().__init__()
        self.gains = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]

    def forward(self, x):
        return x * self.gains[x.shape[0] - 1]  # <<


@case("f2", "Python list self.gains[i], i a 0-d int64 tensor (x.argmax())", lambda: (r(4, 3),), ("static",))
class GainByTensor(nn.Module):
    def __init__(self):
        super().__init__()
        self.gains = [float(k) for k in range(12)]

    def forward(self, x):
        i = x.argmax()
        return x * self.gains[i]  # <<


@case("f3", "min(x.shape[0], 4) (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(2, 3, 6))
class MinBatch(nn.Module):
    def forward(self, x):
        n = min(x.shape[0], 4)  # <<
        return x[:n] * 2


@case("f3'", "min(x.shape[0], 4) (batch 2)", lambda: (r(2, 3),), ("x:0",), alt_sizes=(3, 4, 6))
class MinBatchB2(MinBatch):
    pass


@case("f4", "max(x.shape[0], 4) (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(2, 3, 6))
class MaxBatch(nn.Module):
    def forward(self, x):
        n = max(x.shape[0], 4)  # <<
        return x * n


@case("f5", "builtin max(t1, t2) on tensors (0-d)", lambda: (r(4, 3), r(4, 3)), ("static",),
      alt_inputs=lambda: [(r(4, 3) + 5, r(4, 3)), (r(4, 3), r(4, 3) + 5)])
class MaxOfTensors(nn.Module):
    def forward(self, x, y):
        return max(x.sum(), y.sum())  # <<


@case("f6", "x.reshape(int(x.shape[0]), -1)", lambda: (r(4, 3),), ("static", "x:0"))
class IntReshape(nn.Module):
    def forward(self, x):
        return x.reshape(int(x.shape[0]), -1)  # <<


@case("f7", "x / float(x.shape[0])", lambda: (r(4, 3),), ("static", "x:0"))
class FloatScaled(nn.Module):
    def forward(self, x):
        return x / float(x.shape[0])  # <<


@case("f8", "x[:round(x.shape[0] / 4)] (batch 4)", lambda: (r(4, 3),), ("static", "x:0"), alt_sizes=(6, 9))
class RoundedSlice(nn.Module):
    def forward(self, x):
        return x[:round(x.shape[0] / 4)] * 2  # <<


@case("f9", "x * (x.shape[0] // 2) (SymInt arithmetic, no decision)", lambda: (r(4, 3),), ("x:0",))
class SizeArithmetic(nn.Module):
    def forward(self, x):
        return x * (x.shape[0] // 2)  # <<


# ---- g. numpy and strings --------------------------------------------------------------------------
@case("g1", "x.numpy()", lambda: (r(4, 3),), ("static",))
class NumpyView(nn.Module):
    def forward(self, x):
        a = x.numpy()  # <<
        return x * float(a.mean())


@case("g2", "np.asarray(x)", lambda: (r(4, 3),), ("static",))
class NumpyAsarray(nn.Module):
    def forward(self, x):
        a = np.asarray(x)  # <<
        return x * float(a.mean())


@case("g3", "x.cpu().numpy()", lambda: (r(4, 3),), ("static",))
class NumpyCpu(nn.Module):
    def forward(self, x):
        a = x.detach().cpu().numpy()  # <<
        return x * float(a.mean())


@case("g4", "np.sqrt(x.shape[-1]) (numpy on a size)", lambda: (r(4, 3),), ("static", "x:1"))
class NumpySqrtScale(nn.Module):
    def forward(self, x):
        return x / np.sqrt(x.shape[-1])  # <<


@case("g5", "tag = f\"{x}\" (f-string of a tensor)", lambda: (r(4, 3),), ("static",))
class TensorFString(nn.Module):
    def forward(self, x):
        tag = f"{x}"  # <<
        OBS["g5 tag"] = tag[:40].replace("\n", " ")
        return x * 2


@case("g6", "self.gain[f\"{x.shape}\"] (dict keyed by f-string of the shape)", lambda: (r(4, 3),),
      ("static", "x:0"))
class ShapeKeyed(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = {"torch.Size([4, 3])": 2.0}

    def forward(self, x):
        key = f"{x.shape}"  # <<
        OBS["g6 key"] = key
        return x * self.gain.get(key, -1.0)


@case("g7", "self.gain[\"%d\" % x.shape[0]]", lambda: (r(4, 3),), ("static", "x:0"))
class PercentKeyed(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = {"4": 2.0}

    def forward(self, x):
        return x * self.gain["%d" % x.shape[0]]  # <<


@case("g8", "self.gain[str(x.shape[0])] / f\"{x.shape[0]}\"", lambda: (r(4, 3),), ("static", "x:0"))
class StrKeyed(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = {"4": 2.0}

    def forward(self, x):
        OBS["g8 f-string"] = f"{x.shape[0]}"
        return x * self.gain[str(x.shape[0])]  # <<


# ---- h. in-place writes and factories --------------------------------------------------------------
@case("h1", "y = x.clone(); y[:, 0] = 0", lambda: (r(4, 3),), ("static", "x:0"))
class FirstColumnZeroed(nn.Module):
    def forward(self, x):
        y = x.clone()
        y[:, 0] = 0  # <<
        return y


@case("h2", "x[:, 0] = 0 on the input itself", lambda: (r(4, 3),), ("static", "x:0"))
class InputMutated(nn.Module):
    def forward(self, x):
        x[:, 0] = 0  # <<
        return x * 2


@case("h3", "torch.tensor(x.shape[0])", lambda: (r(4, 3),), ("static", "x:0"))
class ScalarTensorOfSize(nn.Module):
    def forward(self, x):
        return x * torch.tensor(x.shape[0])  # <<


@case("h4", "torch.arange(x.shape[0])", lambda: (r(4, 3),), ("static", "x:0"))
class PositionsArange(nn.Module):
    def forward(self, x):
        return x + torch.arange(x.shape[0]).unsqueeze(1)  # <<


@case("h5", "torch.zeros(x.shape)", lambda: (r(4, 3),), ("static", "x:0"))
class ZerosOfShape(nn.Module):
    def forward(self, x):
        return x + torch.zeros(x.shape)  # <<


@case("h6", "torch.full((x.size(0),), 1.0)", lambda: (r(4, 3),), ("static", "x:0"))
class FullOfBatch(nn.Module):
    def forward(self, x):
        return x + torch.full((x.size(0),), 1.0).unsqueeze(1)  # <<


@case("h7", "torch.zeros(x.size(0), 3) / torch.randn(x.size(0), x.size(1)).zero_()", lambda: (r(4, 3),),
      ("static", "x:0"))
class LeadingSize(nn.Module):
    def forward(self, x):
        return x + torch.zeros(x.size(0), 3) + torch.randn(x.size(0), x.size(1)).zero_()  # <<


# ---- i. assertions ---------------------------------------------------------------------------------
@case("i1", "assert x.shape[1] == 3", lambda: (r(4, 3),), ("static", "x:1"))
class ChannelAssert(nn.Module):
    def forward(self, x):
        assert x.shape[1] == 3  # <<
        return x * 2


@case("i2", "assert x.shape[0] == 4", lambda: (r(4, 3),), ("static", "x:0"))
class BatchAssert(nn.Module):
    def forward(self, x):
        assert x.shape[0] == 4  # <<
        return x * 2


@case("i3", "torch._assert(x.shape[0] == 4, msg)", lambda: (r(4, 3),), ("static", "x:0"))
class BatchTorchAssert(nn.Module):
    def forward(self, x):
        torch._assert(x.shape[0] == 4, "batch must be 4")  # <<
        return x * 2


@case("i4", "torch._assert(x.shape[0] > 1, msg)", lambda: (r(4, 3),), ("x:0",), alt_sizes=(2, 6))
class BatchTorchAssertGt(nn.Module):
    def forward(self, x):
        torch._assert(x.shape[0] > 1, "need a batch")  # <<
        return x * 2


@case("i5", "torch._check(x.shape[0] > 2)", lambda: (r(4, 3),), ("x:0",), alt_sizes=(2, 6))
class BatchCheckGt(nn.Module):
    def forward(self, x):
        torch._check(x.shape[0] > 2)  # <<
        return x * 2


# ---- j. non-tensor forward inputs ------------------------------------------------------------------
@case("j1", "forward(x, n): x * n (n=3 int)", lambda: (r(4, 3), 3), ("static", "n:*"),
      alt_inputs=lambda: [(r(4, 3), 5)])
class IntScale(nn.Module):
    def forward(self, x, n):
        return x * n  # <<


@case("j2", "forward(x, n): if n > 2 (n=3 int)", lambda: (r(4, 3), 3), ("static", "n:*"),
      alt_inputs=lambda: [(r(4, 3), 1), (r(4, 3), 5)])
class IntBranch(nn.Module):
    def forward(self, x, n):
        if n > 2:  # <<
            return x + 1
        return x - 1


@case("j3", "forward(x, flag): if flag (flag=True bool)", lambda: (r(4, 3), True), ("static",),
      alt_inputs=lambda: [(r(4, 3), False)])
class BoolBranch(nn.Module):
    def forward(self, x, flag):
        if flag:  # <<
            return x + 1
        return x - 1


@case("j4", "forward(x, s): s a float 0.5", lambda: (r(4, 3), 0.5), ("static",),
      alt_inputs=lambda: [(r(4, 3), 2.0)])
class FloatScale(nn.Module):
    def forward(self, x, s):
        return x * s  # <<


# ---- k. torch.fx.wrap ------------------------------------------------------------------------------
def _fx_leaf_helper(x):
    return x * 2


def wrapped_value_check(x):
    if x.sum() > 0:  # <<
        return x + 1
    return x - 1


torch.fx.wrap("wrapped_value_check")


@case("k1", "torch.fx.wrap(\"f\") called inside forward", lambda: (r(4, 3),), ("static",))
class LateWrap(nn.Module):
    def forward(self, x):
        torch.fx.wrap("_fx_leaf_helper")  # <<
        return _fx_leaf_helper(x)


@case("k2", "if is_fx_tracing(): torch.fx.wrap(\"f\") inside forward", lambda: (r(4, 3),), ("static",))
class GuardedLateWrap(nn.Module):
    def forward(self, x):
        if torch.fx._symbolic_trace.is_fx_tracing():
            torch.fx.wrap("_fx_leaf_helper")  # <<
        return _fx_leaf_helper(x)


@case("k3", "call to a top-level torch.fx.wrap'ed function holding `if x.sum() > 0`", lambda: (pos(4, 3),),
      ("static",), marker_in=wrapped_value_check)
class CallsWrappedHazard(nn.Module):
    def forward(self, x):
        return wrapped_value_check(x)


# ---- l. containers, torch.nn modules, training flag ------------------------------------------------
@case("l1", "nn.ModuleDict indexed by a str attribute", lambda: (r(4, 3),), ("static", "x:0"))
class HeadByName(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = nn.ModuleDict({"cls": nn.Linear(3, 2), "reg": nn.Linear(3, 1)})
        self.task = "cls"

    def forward(self, x):
        return self.heads[self.task](x)  # <<


@case("l2", "for layer in nn.ModuleList", lambda: (r(4, 3),), ("static", "x:0"))
class LayerLoop(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(3)])

    def forward(self, x):
        for layer in self.layers:  # <<
            x = torch.relu(layer(x))
        return x


@case("l3", "nn.Conv2d + nn.BatchNorm2d (train mode)", lambda: (r(4, 3, 8, 8),), ("static", "x:0", "x:2,3"))
class ConvBn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)

    def forward(self, x):
        return self.bn(self.conv(x))  # <<


@case("l3'", "nn.Conv2d + nn.BatchNorm2d (eval mode)", lambda: (r(4, 3, 8, 8),), ("static", "x:0", "x:2,3"),
      make=lambda: ConvBn().eval())
class ConvBnEval(ConvBn):
    pass


@case("l4", "nn.LSTM(batch_first) ; out, (h, c) = self.lstm(x)", lambda: (r(4, 5, 3),), ("static", "x:0", "x:1"))
class LstmHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 6, batch_first=True)

    def forward(self, x):
        out, (h, c) = self.lstm(x)  # <<
        return out.sum(1) + h[-1]


@case("l5", "if self.training: (train mode)", lambda: (r(4, 3),), ("static",))
class TrainingBranch(nn.Module):
    def forward(self, x):
        if self.training:  # <<
            return x + 1
        return x - 1


@case("l6", "nn.MultiheadAttention(batch_first)", lambda: (r(4, 5, 8),), ("static", "x:0", "x:1"),
      make=lambda: MhaBlock().eval())
class MhaBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x):
        return self.attn(x, x, x, need_weights=False)[0]  # <<


# ---- m. where a failure inside nested code is reported ----------------------------------------------
class ValueGatedBlock(nn.Module):
    def forward(self, x):
        return self.gate(x) * 2

    def gate(self, x):
        if x.mean() > 0:  # <<
            return x
        return -x


@case("m1", "`if x.mean() > 0` in a helper method of a child module", lambda: (pos(4, 3),), ("static",),
      marker_in=ValueGatedBlock)
class OuterWithChild(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = nn.Sequential(nn.Linear(3, 3), ValueGatedBlock())

    def forward(self, x):
        return self.block(x) + 1


# ---- n. Dim.AUTO on an example size of 0 or 1 ------------------------------------------------------
@case("n1", "identity, batch 1, dim 0 Dim.AUTO", lambda: (r(1, 3),), ("x:0",), alt_sizes=(2, 5))
class IdentityB1(Identity):
    pass


@case("n2", "x.view(x.shape[0], -1), batch 1, dim 0 Dim.AUTO", lambda: (r(1, 3, 2),), ("x:0",), alt_sizes=(2, 5))
class FlattenB1(nn.Module):
    def forward(self, x):
        return x.view(x.shape[0], -1)  # <<


@case("n3", "identity, batch 0, dim 0 Dim.AUTO", lambda: (r(0, 3),), ("x:0",), alt_sizes=(2, 5))
class IdentityB0(Identity):
    pass


# ---------------------------------------------------------------------------------------------------
# Harness (frames in functions named _h* are not model code)
# ---------------------------------------------------------------------------------------------------
ASSERT_TARGETS = ("_assert_scalar", "sym_constrain_range", "_assert_async", "sym_constrain_range_for_size")


def _h_marker_line(c):
    src, start = inspect.getsourcelines(c["marker_in"] or c["cls"])
    for i, line in enumerate(src):
        if "# <<" in line:
            return start + i
    base = c["cls"].__mro__[1]  # subclasses reuse the parent's forward
    src, start = inspect.getsourcelines(base)
    for i, line in enumerate(src):
        if "# <<" in line:
            return start + i
    return None


def _h_dynamic_shapes(c, args, variant):
    if variant == "static":
        return None, {}
    names = list(inspect.signature(c["cls"].forward).parameters)[1:1 + len(args)]
    name, dims = variant.split(":")
    spec, dyn = {}, {}
    for n, a in zip(names, args):
        if n == name and dims == "*":
            spec[n] = AUTO
        elif n == name:
            d = {int(k): AUTO for k in dims.split(",")}
            spec[n] = d
            dyn[names.index(n)] = sorted(d)
        else:
            spec[n] = {} if isinstance(a, torch.Tensor) else None
    return spec, dyn


def _h_first_line(e):
    for line in str(e).splitlines():
        if line.strip():
            return line.strip()[:150]
    return ""


def _h_model_frame(e):
    """Deepest frame of the exception chain inside this file's model code: (lineno, function)."""
    best, seen = None, set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        for fr in traceback.extract_tb(e.__traceback__):
            if os.path.abspath(fr.filename) == THIS_FILE and not fr.name.startswith("_h") \
                    and fr.name not in ("<module>", "<lambda>", "register"):
                best = (fr.lineno, fr.name)
        if best:
            return best
        e = e.__cause__ or e.__context__
    return best


def _h_clone(args):
    return tuple(a.clone() if isinstance(a, torch.Tensor) else a for a in args)


def _h_resize(args, dyn, size):
    out = list(args)
    for i, dims in dyn.items():
        t = out[i]
        for d in dims:
            idx = torch.arange(size) % max(t.shape[d], 1)
            t = t.index_select(d, idx) if t.shape[d] else torch.randn(*[size if k == d else s
                                                                         for k, s in enumerate(t.shape)])
        out[i] = t
    return tuple(out)


def _h_compare(model, ep_mod, args):
    try:
        want = model(*_h_clone(args))
    except Exception as e:  # noqa: BLE001
        want = e
    try:
        got = ep_mod(*_h_clone(args))
    except Exception as e:  # noqa: BLE001
        got = e
    if isinstance(want, Exception) and isinstance(got, Exception):
        return "both raise"
    if isinstance(got, Exception):
        return "ep raises " + type(got).__name__
    if isinstance(want, Exception):
        return "eager raises " + type(want).__name__ + ", ep returns"
    wl, _ = torch.utils._pytree.tree_flatten(want)
    gl, _ = torch.utils._pytree.tree_flatten(got)
    same = len(wl) == len(gl) and all(
        (torch.allclose(a, b, atol=1e-5) if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)
         and a.shape == b.shape else a == b) for a, b in zip(wl, gl))
    return "agree" if same else "DISAGREE"


BASE_RANGE = {}


def _h_run(c, variant):
    torch.manual_seed(0)
    model = c["make"]()
    pristine = copy.deepcopy(model)
    args = c["inputs"]()
    spec, dyn = _h_dynamic_shapes(c, args, variant)
    OBS.clear()
    try:
        model(*_h_clone(args))
        eager = "eager ok"
    except Exception as e:  # noqa: BLE001
        eager = f"eager raises {type(e).__name__}"
    eager_obs = dict(OBS)
    OBS.clear()
    row = dict(cid=c["cid"], what=c["what"], variant=variant, eager=eager, detail="", line="", alt="",
               exc=None)
    mline = _h_marker_line(c)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            ep = torch.export.export(model, _h_clone(args), dynamic_shapes=spec, strict=False)
    except Exception as e:  # noqa: BLE001
        row["outcome"] = f"raises {type(e).__name__}: {_h_first_line(e)}"
        row["exc"] = type(e)
        fr = _h_model_frame(e)
        if fr is None:
            row["line"] = "no model frame"
        elif fr[0] == mline:
            row["line"] = f"at construct (L{mline})"
        else:
            row["line"] = f"at L{fr[0]} in {fr[1]} (construct L{mline})"
        row["obs"] = (eager_obs, dict(OBS))
        return row
    export_obs = dict(OBS)
    # classify the dynamic dims
    placeholders = {n.name: n for n in ep.graph.nodes if n.op == "placeholder"}
    user = ep.graph_signature.user_inputs
    outcome, details = "ok", []
    if variant.endswith(":*"):
        name = variant.split(":")[0]
        idx = list(inspect.signature(c["cls"].forward).parameters)[1:].index(name)
        spec_in = ep.graph_signature.input_specs
        kinds = [f"{s.arg.__class__.__name__}" for s in spec_in if s.kind.name == "USER_INPUT"]
        details.append(f"{name} input spec: {kinds[idx] if idx < len(kinds) else '?'}")
        ph = placeholders.get(user[idx]) if idx < len(user) else None
        val = ph.meta.get("val") if ph is not None else None
        if isinstance(val, torch.SymInt) and val.node.expr in ep.range_constraints:
            vr = ep.range_constraints[val.node.expr]
            details.append(f"{name} = {val.node.expr} in [{vr.lower}, {vr.upper}]")
            BASE_RANGE.setdefault("int", (vr.lower, vr.upper))  # j1 (x * n) is the first int case
            if (vr.lower, vr.upper) != BASE_RANGE["int"]:
                outcome = "range-refined"
    for i, dims in dyn.items():
        ph = placeholders.get(user[i]) if i < len(user) else None
        val = ph.meta.get("val") if ph is not None else None
        for d in dims:
            s = val.shape[d]
            if isinstance(s, int) or not s.node.expr.free_symbols:
                outcome = "specialized"
                details.append(f"dim {d} = {s} ({type(s).__name__})")
            else:
                expr = s.node.expr
                rng = None
                for sym, vr in ep.range_constraints.items():
                    if sym == expr or (hasattr(expr, "free_symbols") and sym in expr.free_symbols):
                        rng = vr
                key = "range"
                if c["cid"] == "base" and key not in BASE_RANGE:
                    BASE_RANGE[key] = (rng.lower, rng.upper)
                base = BASE_RANGE.get(key)
                rtxt = f"[{rng.lower}, {rng.upper}]" if rng is not None else "?"
                if rng is not None and base is not None and (rng.lower, rng.upper) != base:
                    if outcome == "ok":
                        outcome = "range-refined"
                details.append(f"dim {d} = {expr} in {rtxt}")
    guards = [g for g in getattr(ep, "_guards_code", []) if "size()" in g or "L['" in g]
    if guards:
        if outcome == "ok" and dyn:
            outcome = "guarded"
        details.append("guards: " + " and ".join(f"`{g}`" for g in guards))
    asserts = [n for n in ep.graph.nodes if n.op == "call_function" and
               any(t in str(n.target) for t in ASSERT_TARGETS)]
    if asserts:
        details.append(f"+{len(asserts)} runtime asserts")
    ops = {getattr(getattr(n.target, "_schema", None), "name", "").split("::")[-1]
           for n in ep.graph.nodes if n.op == "call_function"}
    inplace = sorted(o for o in ops if o.endswith("_") and not o.startswith("_"))
    if inplace:
        details.append("in-place ops kept: " + ", ".join(inplace))
    row["outcome"] = outcome
    row["detail"] = "; ".join(details)
    # agreement on other inputs
    ep_mod = ep.module()
    checks = []
    alts = [("ex", args)]
    if dyn:
        alts += [(f"dim={s}", _h_resize(args, dyn, s)) for s in c["alt_sizes"]]
    if c["alt_inputs"]:
        alts += [(f"alt{k}", a) for k, a in enumerate(c["alt_inputs"]())]
    for label, a in alts:
        checks.append(f"{label}: {_h_compare(copy.deepcopy(pristine), ep_mod, a)}")
    row["alt"] = ", ".join(checks)
    if any("DISAGREE" in k for k in checks):
        row["outcome"] += ", DISAGREES with eager"
    row["obs"] = (eager_obs, export_obs)
    return row


def main(argv):
    logging.getLogger("torch").setLevel(logging.ERROR)
    wanted = argv[1:]
    t0 = time.time()
    print(f"# torch {torch.__version__}, python {sys.version.split()[0]}, numpy {np.__version__}; "
          f"torch.export.export(..., strict=False); dynamic dims are Dim.AUTO")
    print("| id | construct | variant | outcome | detail | failing line | other inputs (ep vs eager) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    excs, obs_rows = {}, []
    for c in CASES:
        if wanted and c["cid"] != "base" and not any(c["cid"].startswith(w) for w in wanted):
            continue
        for v in c["variants"]:
            row = _h_run(c, v)
            if row["exc"] is not None:
                excs[row["exc"]] = row["exc"]
            eager = "" if row["eager"] == "eager ok" else f" ({row['eager']})"
            print(f"| {row['cid']} | `{row['what']}` | {v} | {row['outcome']}{eager} | {row['detail']} | "
                  f"{row['line']} | {row['alt']} |", flush=True)
            eo, xo = row.get("obs", ({}, {}))
            for k in sorted(set(eo) | set(xo)):
                obs_rows.append((row["cid"], v, k, eo.get(k, "-"), xo.get(k, "-")))
    if obs_rows:
        print("\n# values recorded in forward: case | variant | expression | eager | under export")
        for cid, v, k, a, b in obs_rows:
            print(f"| {cid} | {v} | `{k}` | {a!r} | {b!r} |")
    if excs:
        print("\n# exception classes raised by export, with their MRO")
        for cls in excs:
            print(f"- {cls.__module__}.{cls.__qualname__}: "
                  + " -> ".join(k.__qualname__ for k in cls.__mro__[1:]))
    print(f"\n# {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main(sys.argv)
