"""The Python half of `fxlint export`, run inside fxlint's embedded interpreter, or from the wheel by
fxlint/export_worker.py in the installation's own Python (docs/exporter.md).

fxlint's C++ side decides the capture strategy from its analysis and drives one `Session` through load,
capture, ONNX conversion, checking and validation; the ONNX tagging and the output files are C++'s.
Requests and answers cross the boundary as JSON strings; ONNX models as bytes.

Every capture yields a torch.fx graph whose nodes carry `nn_module_stack` (the scope the op ran in); torch's
ONNX exporter turns that into each node's `pkg.torch.onnx.name_scopes`, which `node_scopes` reads back.
"""

import collections
import contextlib
import functools
import importlib
import importlib.util
import inspect
import io
import json
import linecache
import logging
import os
import sys
import traceback
import warnings

import torch
import torch.fx
import torch.fx.traceback as fx_traceback
import torch.utils._pytree as pytree

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16, "float64": torch.float64,
          "int64": torch.int64, "int32": torch.int32, "bool": torch.bool}


@contextlib.contextmanager
def _quiet():
    """torch's exporters log warnings and dump graphs on failures; fxlint reports the outcome itself."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        logging.disable(logging.ERROR)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


class UserCodeError(Exception):
    """The user's file failed to import or its model failed to build: the traceback is the message."""


def _module_name_for(path):
    """The importable name of `path` and the directory to put on sys.path: files inside packages (a chain
    of directories with __init__.py) are imported as package members so their relative imports work."""
    path = os.path.abspath(path)
    directory, stem = os.path.split(path)
    parts = [os.path.splitext(stem)[0]]
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    return ".".join(parts), directory


def _user_traceback(error):
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def _resolve(dotted, module):
    """`pkg.mod.Name` imported, or a bare `Name` looked up in the user's module."""
    if "." not in dotted:
        return getattr(module, dotted)
    owner, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(owner), name)


def build_value(value, module):
    """--init-args values: a JSON object with a "$class" key builds that class from the other keys
    (recursively), e.g. {"$class": "transformers.ResNetConfig", "num_channels": 3}; lists and other
    objects are built element-wise; scalars are taken as they are."""
    if isinstance(value, dict):
        built = {k: build_value(v, module) for k, v in value.items() if k != "$class"}
        return _resolve(value["$class"], module)(**built) if "$class" in value else built
    if isinstance(value, list):
        return [build_value(v, module) for v in value]
    return value


def _class_name(module):
    cls = type(module)
    return f"{cls.__module__}.{cls.__qualname__}"


def _flat_tensors(output):
    return [t for t in pytree.tree_leaves(output) if isinstance(t, torch.Tensor)]


class Session:
    """One export: the user's model, its example inputs, and what each phase produced."""

    def __init__(self, request_json):
        request = json.loads(request_json)
        self.file = os.path.abspath(request["file"])
        self.target = request["target"]
        self.specs = request["inputs"]      # [{name, shape, dtype, low, high}]
        self.dynamic = {}
        self.opset = request.get("opset")
        self.seed = request.get("seed", 0)
        self.optimize = request.get("optimize", True)
        self.guards = []
        self.exported = None
        try:
            name, directory = _module_name_for(self.file)
            if directory not in sys.path:
                sys.path.insert(0, directory)
            self.user_module = importlib.import_module(name)
            factory = getattr(self.user_module, self.target)
            kwargs = build_value(request.get("init_args") or {}, self.user_module)
            self.model = factory(**kwargs)
        except Exception as error:  # the user's own code: report its traceback as it is
            raise UserCodeError(_user_traceback(error)) from None
        if not isinstance(self.model, torch.nn.Module):
            raise UserCodeError(f"{self.target}(...) returned {type(self.model).__name__}, not an nn.Module\n")
        self.model.eval()
        self.signature = inspect.signature(self.model.forward)
        unknown = [s["name"] for s in self.specs if s["name"] not in self.signature.parameters]
        if unknown:
            raise UserCodeError(f"{_class_name(self.model)}.forward has no parameter {', '.join(unknown)}; "
                                f"its parameters: {', '.join(self.signature.parameters)}\n")
        self.example = self._make_inputs(self.specs, self.seed)
        self.alternate = None

    def set_dynamic(self, dynamic_json):
        """The dims exported dynamic ([{input, dims}], decided by fxlint's analysis), and the second
        validation input that differs on each of them."""
        self.dynamic = {d["input"]: d["dims"] for d in json.loads(dynamic_json)}
        self.alternate = self._make_inputs(self._alternate_specs(), self.seed + 1) if self.dynamic else None

    # --- inputs -------------------------------------------------------------------------------------
    def _make_inputs(self, specs, seed):
        generator = torch.Generator().manual_seed(seed)
        inputs = {}
        for spec in specs:
            dtype = DTYPES[spec.get("dtype", "float32")]
            shape = spec["shape"]
            low, high = spec.get("low"), spec.get("high")
            if dtype.is_floating_point:
                value = torch.randn(shape, generator=generator).to(dtype)
                if low is not None and high is not None:
                    value = torch.rand(shape, generator=generator).to(dtype) * (high - low) + low
            elif dtype == torch.bool:
                value = torch.rand(shape, generator=generator) > 0.5
            else:
                value = torch.randint(int(low or 0), int(high if high is not None else 100), shape,
                                      generator=generator, dtype=dtype)
            inputs[spec["name"]] = value
        return inputs

    def _alternate_specs(self):
        """Other sizes on every dynamic axis: +1 on a batch-like axis of 1 or 2, else half as much again."""
        specs = []
        for spec in self.specs:
            shape = list(spec["shape"])
            for dim in self.dynamic.get(spec["name"], []):
                shape[dim] = shape[dim] + max(1, shape[dim] // 2)
            specs.append(dict(spec, shape=shape))
        return specs

    def _concrete_args(self):
        """Forward parameters that are not inputs, at their defaults (they must have one)."""
        concrete = {}
        for name, parameter in self.signature.parameters.items():
            if name in self.example or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.default is inspect.Parameter.empty:
                raise UserCodeError(f"forward parameter `{name}` has no default and is not an --input\n")
            concrete[name] = parameter.default
        return concrete

    def _dynamic_shapes(self, names):
        """Dim.AUTO lets torch.export infer each dim's range (ResNets need H, W above some minimum);
        _check_dynamic then refuses a program in which a requested dim came out static."""
        dim = torch.export.Dim.AUTO
        return {name: {d: dim for d in self.dynamic.get(name, [])} or None for name in names}

    def _check_dynamic(self, program):
        by_name = {node.name: node for node in program.graph.nodes if node.op == "placeholder"}
        for spec in program.graph_signature.input_specs:
            name = getattr(spec.arg, "name", None)
            user = spec.target if spec.target else name
            node = by_name.get(name)
            for dim in self.dynamic.get(user, []) if node is not None else []:
                if not isinstance(node.meta["val"].shape[dim], torch.SymInt):
                    raise ValueError(f"torch.export specialized {user} dim {dim} to "
                                     f"{node.meta['val'].shape[dim]}: it cannot be exported dynamic"
                                     + (" (torch.export specializes example sizes 0 and 1: use 2 or more)"
                                        if node.meta["val"].shape[dim] in (0, 1) else ""))
        return program

    # --- captures -----------------------------------------------------------------------------------
    def capture(self, strategy):
        """Runs one capture; answers JSON {ok, error}. The result is kept for to_onnx()."""
        self.exported, self.guards = None, []
        try:
            with _quiet():
                self.exported = self._check_dynamic(getattr(self, "_capture_" + strategy)())
            return json.dumps({"ok": True})
        except Exception as error:
            return json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}".strip()[:4000],
                               "line": self._user_line(error)})

    def _user_line(self, error):
        """The deepest frame of the traceback inside the user's file: where the capture gave up."""
        line = None
        for frame in traceback.extract_tb(error.__traceback__):
            if os.path.abspath(frame.filename) == self.file:
                line = frame.lineno
        return line

    def _capture_fx(self):
        # symbolic_trace's tracer records each node's module stack (`nn_module_stack`) as it enters
        # call_module; torch.export of the GraphModule keeps that metadata on the nodes it derives.
        traced = torch.fx.symbolic_trace(self.model, concrete_args=self._concrete_args())
        return torch.export.export(traced, (), kwargs=dict(self.example),
                                   dynamic_shapes=self._dynamic_shapes(self.example))

    def _capture_export(self):
        kwargs = dict(self.example)
        return torch.export.export(self.model, (), kwargs=kwargs, dynamic_shapes=self._dynamic_shapes(kwargs))

    def _capture_htp(self):
        """A real-tensor trace (make_fx) with module pre/post hooks keeping the active module stack: each
        recorded op gets the innermost module active when it ran. Python decisions on tensor values are
        evaluated on the example input and recorded as guards."""
        from torch.fx.experimental.proxy_tensor import make_fx
        names = list(self.example)
        concrete = self._concrete_args()
        stack, handles = [], []

        def publish():
            if stack:
                fx_traceback.current_meta["nn_module_stack"] = collections.OrderedDict((p, (p, c)) for p, c in stack)
            else:
                fx_traceback.current_meta.pop("nn_module_stack", None)

        def enter(module, args, path):
            stack.append((path, _class_name(module)))
            publish()

        def leave(module, args, output):
            stack.pop()
            publish()

        for path, module in self.model.named_modules():
            if path:
                handles.append(module.register_forward_pre_hook(functools.partial(enter, path=path)))
                handles.append(module.register_forward_hook(leave, always_call=True))

        def run(*flat):
            with _DecisionRecorder(self.file, self.guards):
                return tuple(_flat_tensors(self.model(**dict(zip(names, flat)), **concrete)))

        try:
            with fx_traceback.preserve_node_meta():
                graph = make_fx(run, tracing_mode="real")(*[self.example[n] for n in names])
        finally:
            for handle in handles:
                handle.remove()
        placeholders = [node for node in graph.graph.nodes if node.op == "placeholder"]
        for node, name in zip(placeholders, names):
            node.name = node.target = name
        graph.recompile()
        shapes = tuple(self._dynamic_shapes(names)[n] for n in names)
        return torch.export.export(graph, tuple(self.example[n] for n in names), dynamic_shapes=shapes)

    # --- ONNX ----------------------------------------------------------------------------------------
    def to_onnx(self):
        """The captured program as ONNX bytes, by torch's (torch.export-based) exporter."""
        with _quiet():
            program = torch.onnx.export(self.exported, dynamo=True, opset_version=self.opset,
                                        optimize=self.optimize, verbose=False)
        return program.model_proto.SerializeToString()

    def describe(self, onnx_bytes):
        """What C++ needs to tag the model: each node's innermost scope (from the exporter's
        `pkg.torch.onnx.name_scopes`, whose last entry names the op itself), the model's modules with
        their classes, the guards, and the opset."""
        import onnx
        model = onnx.load_from_string(onnx_bytes)
        nodes = []
        for node in model.graph.node:
            meta = {p.key: p.value for p in node.metadata_props}
            scopes = meta.get("pkg.torch.onnx.name_scopes")
            entry = {"name": node.name, "op": node.op_type}
            if scopes is not None:
                entry["scope"] = _parse_scopes(scopes)
            nodes.append(entry)
        modules = {path: _class_name(module) for path, module in self.model.named_modules()}
        opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
        return json.dumps({"nodes": nodes, "modules": modules, "guards": self.guards, "opset": opset})

    def check(self, onnx_bytes):
        """The venv's ONNX checker (full: with strict shape inference). Empty when fine, else why not."""
        import onnx
        try:
            model = onnx.load_from_string(onnx_bytes)
            onnx.checker.check_model(model, full_check=True)
            onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
            return ""
        except Exception as error:
            return f"{type(error).__name__}: {error}"

    def same_structure(self, untagged, tagged):
        """Empty when the tagged model has the same nodes (name, op, inputs, outputs) as the untagged."""
        import onnx
        def structure(data):
            graph = onnx.load_from_string(data).graph
            return [(n.name, n.domain, n.op_type, list(n.input), list(n.output)) for n in graph.node]
        before, after = structure(untagged), structure(tagged)
        if before == after:
            return ""
        return f"the tagged model's nodes differ from the untagged export ({len(after)} vs {len(before)} nodes)"

    def validate(self, onnx_bytes):
        """Max |ONNX Runtime - eager| over all outputs, on the example input and, with dynamic axes, on
        the alternate one. JSON [{label, shapes, max_abs_error | error}]."""
        import onnxruntime
        onnxruntime.set_default_logger_severity(4)  # failures are reported below, with the input they failed on
        session = onnxruntime.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
        names = [i.name for i in session.get_inputs()]
        results = []
        cases = [("example", self.example)] + ([("other sizes", self.alternate)] if self.alternate else [])
        for label, inputs in cases:
            shapes = {n: list(t.shape) for n, t in inputs.items()}
            try:
                with torch.no_grad():
                    expected = _flat_tensors(self.model(**inputs, **self._concrete_args()))
                feed = {n: inputs[n].numpy() for n in names}
                actual = session.run(None, feed)
                if len(actual) != len(expected):
                    raise ValueError(f"{len(actual)} ONNX outputs for {len(expected)} eager tensors")
                error = 0.0
                for got, want in zip(actual, expected):
                    got = torch.from_numpy(got)
                    if tuple(got.shape) != tuple(want.shape):
                        raise ValueError(f"output shape {list(got.shape)} where eager gives {list(want.shape)}")
                    if got.numel():
                        error = max(error, (got.double() - want.double()).abs().max().item())
                results.append({"label": label, "shapes": shapes, "max_abs_error": error})
            except Exception as failure:
                results.append({"label": label, "shapes": shapes, "error": f"{type(failure).__name__}: {failure}"})
        return json.dumps(results)

    def plain_export_seconds(self):
        """Benchmark peer: plain torch.onnx.export of the same model, on the same inputs, in this process."""
        import time
        start = time.perf_counter()
        kwargs = dict(self.example)
        with _quiet():
            torch.onnx.export(self.model, (), kwargs=kwargs, dynamo=True, opset_version=self.opset,
                              dynamic_shapes=self._dynamic_shapes(kwargs), verbose=False)
        return time.perf_counter() - start


def _parse_scopes(text):
    """`"['', 'resnet', 'resnet.embedder', 'max_pool2d']"` -> the innermost module path ("" = root)."""
    import ast
    scopes = ast.literal_eval(text)
    return scopes[-2] if len(scopes) >= 2 else ""


class _DecisionRecorder(torch.overrides.TorchFunctionMode):
    """During the real-tensor trace: a Python decision on a tensor's value (bool(), .item(), int(), ...)
    is computed on the real example value outside the trace and recorded as a guard at its user line."""

    DECISIONS = {torch.Tensor.__bool__, torch.Tensor.item, torch.Tensor.__int__, torch.Tensor.__float__,
                 torch.Tensor.__index__, torch.Tensor.tolist}

    def __init__(self, file, guards):
        super().__init__()
        self.file, self.guards = file, guards

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func not in self.DECISIONS:
            return func(*args, **kwargs)
        from torch.fx.experimental.proxy_tensor import disable_proxy_modes_tracing
        with disable_proxy_modes_tracing():
            value = func(*args, **kwargs)
        frames = [f for f in traceback.extract_stack() if os.path.abspath(f.filename) == self.file]
        if frames:
            line = frames[-1].lineno
            guard = {"file": self.file, "line": line, "source": linecache.getline(self.file, line).strip(),
                     "value": repr(value) if not isinstance(value, list) or len(value) < 8 else "[...]"}
            if guard not in self.guards:
                self.guards.append(guard)
        return value
