#!/usr/bin/env python3
# The oracle: runs real torch.fx.symbolic_trace and real torch.export.export (non-strict) over the annotated
# sample classes and checks that the annotations (`# expect-verdict`, `# expect`, and their `[export ...]`
# forms) tell the truth (`truth`), or that fxlint's verdicts agree with real torch (`compare`). It never
# judges fxlint's diagnostics one by one: the golden test does.
"""Real torch.fx and torch.export as the judges of samples/ and of fxlint.

  oracle.py truth [--capture fx|export|all] SAMPLES...                     annotations vs real torch
  oracle.py compare [--capture fx|export|all] --fxlint BINARY SAMPLES...   fxlint's verdicts vs real torch

The sample convention (annotations, fxlint_examples()) is described in samples/README.md.
"""
import argparse
import ast
import contextlib
import dataclasses
import importlib
import inspect
import io
import json
import logging
import os
import re
import subprocess
import sys
import tokenize
import traceback
import warnings

import torch
import torch.export
import torch.fx
import torch.utils._pytree as pytree

# Sample directories must stay free of __pycache__ (the analyzer reads them as a project).
sys.dont_write_bytecode = True
# is_fx_tracing() logs a deprecation warning on first use: noise in the table.
logging.getLogger("torch.fx._symbolic_trace").setLevel(logging.ERROR)

VERDICTS = ("traceable", "specialized", "fails", "unknown")
VANILLA = ()  # the configuration key of plain symbolic_trace: no parameter is concrete

_INPUTS = r"(?:\[inputs=([A-Za-z_][\w,]*)\])?"
_VERDICT_RE = re.compile(r"expect-verdict" + _INPUTS + r":\s*(" + "|".join(VERDICTS) + r")\b")
# The code list stops at the first thing that is neither a code nor a quoted fragment, so a fragment
# may contain '#' or ';' and a later `# expect[...]` on the same line starts its own match.
_EXPECT_RE = re.compile(r"expect" + _INPUTS + r":((?:\s*;?\s*FX\d{3}(?:\s+\"[^\"]*\")?)+)")
_CODE_RE = re.compile(r"(FX\d{3})(?:\s+\"([^\"]*)\")?")

# torch.export configurations: `[export]`, `[export inputs=a,b dynamic=a:0,2 mask:1]` (contract:
# docs in samples/README.md). Codes are EX3xx, or the FX codes of plain Python errors (FX111, FX113, FX114, FX115).
EXPORT_VERDICTS = ("exportable", "specialized", "fails", "unknown")
EXPORT_FAILURE_CODES = ("EX3", "FX111", "FX113", "FX114", "FX115")
_EXPORT_SCOPE = r"\[export((?:\s+[^\]\s]+)*)\s*\]"
_EXPORT_VERDICT_RE = re.compile(r"expect-verdict" + _EXPORT_SCOPE + r":\s*(" + "|".join(EXPORT_VERDICTS) + r")\b")
_EXPORT_EXPECT_RE = re.compile(r"expect" + _EXPORT_SCOPE + r":((?:\s*;?\s*(?:EX|FX)\d{3}(?:\s+\"[^\"]*\")?)+)")
_EXPORT_CODE_RE = re.compile(r"((?:EX|FX)\d{3})(?:\s+\"([^\"]*)\")?")
_DYNAMIC_RE = re.compile(r"([A-Za-z_]\w*):(\d+(?:,\d+)*)$")


@dataclasses.dataclass(frozen=True, order=True)
class ExportConfig:
    """One torch.export configuration: `inputs` () means the forward parameters without a default;
    `dynamic` is ((name, (dim, ...)), ...), sorted: those dims are `Dim.AUTO`, every other one static."""
    inputs: tuple = ()
    dynamic: tuple = ()


def export_key(options):
    """` inputs=a,b dynamic=a:0,2 mask:1` -> ExportConfig; ValueError on anything else."""
    inputs, dynamic, in_dynamic = (), {}, False
    for option in options.split():
        if option.startswith("inputs=") and not inputs and not dynamic:
            inputs = tuple(sorted(option[len("inputs="):].split(",")))
            continue
        if option.startswith("dynamic="):
            option, in_dynamic = option[len("dynamic="):], True
        match = _DYNAMIC_RE.match(option) if in_dynamic else None
        if not match or match.group(1) in dynamic:
            raise ValueError(f"bad export option {option!r}")
        dynamic[match.group(1)] = tuple(sorted({int(d) for d in match.group(2).split(",")}))
    return ExportConfig(inputs, tuple(sorted(dynamic.items())))


def config_key(text):
    """`x,mask` -> ("mask", "x"); None (no [inputs=...]) -> VANILLA."""
    return tuple(sorted(text.split(","))) if text else VANILLA


def config_name(key):
    if isinstance(key, ExportConfig):
        name = "export"
        if key.inputs:
            name += " inputs=" + ",".join(key.inputs)
        if key.dynamic:
            name += " dynamic=" + " ".join(f"{n}:{','.join(map(str, dims))}" for n, dims in key.dynamic)
        return name
    return "vanilla" if key == VANILLA else "inputs=" + ",".join(key)


def capture_of(key):
    return "export" if isinstance(key, ExportConfig) else "fx"


@dataclasses.dataclass
class Expectation:
    code: str
    fragment: str | None


@dataclasses.dataclass
class FileAnnotations:
    path: str
    verdicts: dict  # class line -> {config key: verdict}  (FX keys are tuples, export keys ExportConfig)
    expects: dict  # line -> {config key: [Expectation]}
    class_lines: dict  # class name -> line of its `class` statement
    errors: list = dataclasses.field(default_factory=list)  # malformed export annotations


def parse_annotations(path):
    with open(path, "rb") as handle:
        tokens = list(tokenize.tokenize(handle.readline))
    verdicts, expects, errors = {}, {}, []
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        line = token.start[0]
        for match in _VERDICT_RE.finditer(token.string):
            verdicts.setdefault(line, {})[config_key(match.group(1))] = match.group(2)
        for match in _EXPECT_RE.finditer(token.string):
            expects.setdefault(line, {}).setdefault(config_key(match.group(1)), []).extend(
                Expectation(code, fragment or None) for code, fragment in _CODE_RE.findall(match.group(2)))
        try:
            for match in _EXPORT_VERDICT_RE.finditer(token.string):
                verdicts.setdefault(line, {})[export_key(match.group(1))] = match.group(2)
            for match in _EXPORT_EXPECT_RE.finditer(token.string):
                expects.setdefault(line, {}).setdefault(export_key(match.group(1)), []).extend(
                    Expectation(code, fragment or None) for code, fragment in _EXPORT_CODE_RE.findall(match.group(2)))
        except ValueError as error:
            errors.append(f"{relative(path)}:{line}: {error}")
        if "[export" in token.string and token.string.count("[export") != (
                len(_EXPORT_VERDICT_RE.findall(token.string)) + len(_EXPORT_EXPECT_RE.findall(token.string))):
            errors.append(f"{relative(path)}:{line}: malformed `[export ...]` annotation: {token.string}")
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    class_lines = {node.name: node.lineno for node in tree.body if isinstance(node, ast.ClassDef)}
    return FileAnnotations(path, verdicts, expects, class_lines, errors)


@dataclasses.dataclass
class Case:
    """One sample class in one capture configuration (FX: a tuple key; torch.export: an ExportConfig)."""
    file: str  # real path
    name: str
    config: object
    expected: str
    example: dict
    module: object
    class_line: int  # where a failure raised inside torch before any sample line runs is annotated


@dataclasses.dataclass
class Outcome:
    status: str  # fails | specialized | traceable / exportable | error (the sample itself is broken)
    detail: str = ""
    exception: str | None = None
    file: str | None = None
    line: int | None = None
    after_tracing: bool = False  # raised while building the GraphModule, when no model code runs


def relative(path):
    return os.path.relpath(path) if path else "-"


def location(outcome):
    return f"{relative(outcome.file)}:{outcome.line}" if outcome.file else "-"


def sample_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".py")]
        else:
            files.append(path)
    return files


def import_location(path):
    """(directory for sys.path, module name) of a sample: a plain module is imported by its file name, a
    module inside a package (directories with __init__.py) by its dotted name from the outermost one."""
    directory = os.path.dirname(path)
    base = os.path.splitext(os.path.basename(path))[0]
    parts = [] if base == "__init__" else [base]
    while os.path.exists(os.path.join(directory, "__init__.py")):
        parts.insert(0, os.path.basename(directory))
        directory = os.path.dirname(directory)
    return directory, ".".join(parts)


def load_cases(paths, problems, captures=("fx",)):
    """Imports every sample file, pairs its fxlint_examples() with its annotations: one case per class and
    configuration of the requested captures ("fx", "export")."""
    cases, annotations = [], {}
    for path in sample_files(paths):
        real = os.path.realpath(path)
        annotations[real] = notes = parse_annotations(path)
        if "export" in captures:
            problems += notes.errors
        directory, name = import_location(real)
        if directory not in sys.path:
            sys.path.insert(0, directory)  # samples import each other by plain module name
        try:
            with quiet():
                module = importlib.import_module(name)
        except Exception as error:  # a broken sample is reported, the others still run
            problems.append(f"{relative(real)}: import failed: {type(error).__name__}: {error}")
            continue
        if os.path.realpath(module.__file__) != real:
            problems.append(f"{relative(real)}: module name {name!r} resolves to {module.__file__}: rename the sample")
            continue
        examples = module.fxlint_examples() if hasattr(module, "fxlint_examples") else {}
        defined = {cls_name for cls_name, value in vars(module).items()
                   if isinstance(value, type) and issubclass(value, torch.nn.Module)
                   and value.__module__ == module.__name__}
        for cls_name in sorted(defined - set(examples)):
            problems.append(f"{relative(real)}: class {cls_name} has no entry in fxlint_examples()")
        # A file that annotates torch.export at all annotates every class for static export.
        exported = any(isinstance(key, ExportConfig) for configs in notes.verdicts.values() for key in configs)
        for cls_name, example in examples.items():
            line = notes.class_lines.get(cls_name)
            configs = notes.verdicts.get(line, {})
            if VANILLA not in configs:
                problems.append(f"{relative(real)}:{line}: class {cls_name} has no `# expect-verdict:` "
                                "on its class line")
                continue
            if "export" in captures and exported and ExportConfig() not in configs:
                problems.append(f"{relative(real)}:{line}: class {cls_name} has no `# expect-verdict[export]:` "
                                "on its class line (the file annotates torch.export)")
            for key, verdict in configs.items():
                if capture_of(key) in captures:
                    cases.append(Case(real, cls_name, key, verdict, example, module, line))
    return cases, annotations


def forward_args(case):
    """The positional arguments for eager and graph: the example inputs for vanilla; for [inputs=...],
    the named inputs taken from the example and every other parameter at its default."""
    def arg_sets():
        yield "example", case.example["inputs"]
        if "alt_inputs" in case.example:
            yield "alt", case.example["alt_inputs"]

    if case.config == VANILLA:
        return list(arg_sets()), None
    params = list(inspect.signature(getattr(case.module, case.name).forward).parameters.values())[1:]
    missing = [n for n in case.config if n not in {p.name for p in params}]
    if missing:
        raise ValueError(f"[inputs=...] names {missing} that forward() does not have")
    concrete = {}
    for p in params:
        if p.name not in case.config:
            if p.default is inspect.Parameter.empty:
                raise ValueError(f"parameter {p.name} is concrete in {config_name(case.config)} but has no default")
            concrete[p.name] = p.default
    last = max(i for i, p in enumerate(params) if p.name in case.config)
    sets = []
    for label, values in arg_sets():
        if len(values) <= last:
            raise ValueError(f"{label} inputs do not reach parameter {params[last].name}")
        sets.append((label, tuple(values[i] if p.name in case.config else p.default
                                  for i, p in enumerate(params[:last + 1]))))
    return sets, concrete


def export_args(case, values):
    """(positional arguments, dynamic_shapes) for torch.export: the configuration's inputs (the forward
    parameters without a default, or the `inputs=` ones) from `values` by position, every other parameter
    at its default; declared dims `Dim.AUTO`, None elsewhere. *args/**kwargs receive nothing."""
    params = [p for p in list(inspect.signature(getattr(case.module, case.name).forward).parameters.values())[1:]
              if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)]
    names = {p.name for p in params}
    inputs = set(case.config.inputs) if case.config.inputs else {p.name for p in params if p.default is inspect.Parameter.empty}
    declared = dict(case.config.dynamic)
    missing = sorted((inputs | set(declared)) - names)
    if missing:
        raise ValueError(f"[{config_name(case.config)}] names {missing} that forward() does not have")
    if set(declared) - inputs:
        raise ValueError(f"[{config_name(case.config)}] declares dims of {sorted(set(declared) - inputs)}, not inputs")
    for p in params:
        if p.name not in inputs and p.default is inspect.Parameter.empty:
            raise ValueError(f"parameter {p.name} is not an input of [{config_name(case.config)}] but has no default")
    if not inputs:
        return (), None
    last = max(i for i, p in enumerate(params) if p.name in inputs)
    if len(values) <= last:
        raise ValueError(f"the example inputs do not reach parameter {params[last].name}")
    args = tuple(values[i] if p.name in inputs else p.default for i, p in enumerate(params[:last + 1]))
    shapes = {}
    for p, value in zip(params, args):
        if p.name in declared:
            if not isinstance(value, torch.Tensor) or max(declared[p.name]) >= value.dim():
                raise ValueError(f"dynamic dims {declared[p.name]} of {p.name}: not dims of its example input")
            shapes[p.name] = {d: torch.export.Dim.AUTO for d in declared[p.name]}
        else:  # None for every leaf: export wants the input's structure (a dict, a list of tensors)
            shapes[p.name] = pytree.tree_map(lambda _: None, value)
    return args, shapes


def within(path, roots):
    real = os.path.realpath(path)
    return any(real == root or real.startswith(root + os.sep) for root in roots)


def failing_frame(error, roots):
    """The deepest traceback frame inside the samples: the line FX reports. An exception re-raised by
    torch (export wraps some) is followed to the one it was raised from."""
    chain = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    for link in reversed(chain):
        frames = [f for f in traceback.extract_tb(link.__traceback__) if within(f.filename, roots)]
        if frames:
            return os.path.realpath(frames[-1].filename), frames[-1].lineno
    return None, None


def same(a, b):
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)) or (a.shape, a.dtype) != (b.shape, b.dtype):
            return False
        return torch.allclose(a, b, equal_nan=True) if a.is_floating_point() else torch.equal(a, b)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    # Field by field: dataclasses.asdict deep-copies, which tensors computed in forward refuse.
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        fields = [f.name for f in dataclasses.fields(a)]
        return type(a) is type(b) and all(same(getattr(a, name), getattr(b, name)) for name in fields)
    # A plain object rebuilt from its pytree registration: equal when its attributes are.
    if type(a) is type(b) and type(a).__eq__ is object.__eq__ and hasattr(a, "__dict__"):
        return same(vars(a), vars(b))
    return type(a) is type(b) and a == b


def run_onnx(module, args):
    import onnxruntime  # only the samples that need the ONNX witness pay for it

    buffer = io.BytesIO()
    torch.onnx.export(module, args, buffer, dynamo=False)
    session = onnxruntime.InferenceSession(buffer.getvalue())
    names = [i.name for i in session.get_inputs()]
    return [torch.from_numpy(o) for o in session.run(None, {n: a.numpy() for n, a in zip(names, args)})]


# How a branch on the tracing state shows: eager and the FX graph agree when simply called, but not when
# both go through the capture the branch was written for.
WITNESSES = {
    "eager": lambda module, args: module(*args),
    "jit_trace": lambda module, args: torch.jit.trace(module, args)(*args),
    "jit_script": lambda module, args: torch.jit.script(module)(*args),
    "onnx": run_onnx,
}


@contextlib.contextmanager
def quiet():
    # A failing GraphModule prints its generated code to stderr before raising.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def build(case):
    torch.manual_seed(0)  # eager and traced instances get the same weights
    return case.example["make"]().eval()


def real_outcome(case, roots):
    try:
        arg_sets, concrete = forward_args(case)
        witness = WITNESSES[case.example.get("witness", "eager")]
        traced = build(case)
    except Exception as error:
        return Outcome("error", f"bad example: {type(error).__name__}: {error}")
    try:
        with quiet():
            graph = torch.fx.symbolic_trace(traced, concrete_args=concrete)
    except Exception as error:
        file, line = failing_frame(error, roots)
        message = str(error).splitlines()[0][:100] if str(error) else ""
        building = any(f.filename.endswith(os.path.join("fx", "graph_module.py")) for f in traceback.extract_tb(error.__traceback__))
        if file is None and not building:
            file, line = case.file, case.class_line  # no sample line ran (no forward): the class is the site
        return Outcome("fails", message, type(error).__name__, file, line, after_tracing=building and file is None)
    for label, args in arg_sets:
        try:
            with quiet():
                want = witness(build(case), args)
        except Exception:
            continue  # eager rejects this input: it shows nothing about the graph
        try:
            with quiet():
                got = witness(graph, args)
        except Exception as error:
            return Outcome("specialized", f"graph raises {type(error).__name__} on the {label} inputs eager accepts")
        if not same(want, got):
            return Outcome("specialized", f"graph and eager differ on the {label} inputs")
    return Outcome("traceable")


def export_compatible(example_args, args, declared):
    """Whether `args` lie in the input space of the program exported from `example_args`: the same
    structure and constants, tensors of the same dtype and rank whose sizes differ only in declared dims.
    Other alternatives are not inputs the exported program claims to accept."""
    leaves, spec = pytree.tree_flatten(args)
    example_leaves, example_spec = pytree.tree_flatten(example_args)
    if spec != example_spec:
        return False
    dims_of_leaves = []
    for value, dims in zip(example_args, declared):
        dims_of_leaves += [set(dims)] * len(pytree.tree_leaves(value))
    for a, b, dims in zip(leaves, example_leaves, dims_of_leaves):
        if isinstance(a, torch.Tensor) != isinstance(b, torch.Tensor):
            return False
        if not isinstance(a, torch.Tensor):
            if type(a) is not type(b) or a != b:
                return False
        elif a.dtype != b.dtype or a.dim() != b.dim() or \
                any(x != y for d, (x, y) in enumerate(zip(a.shape, b.shape)) if d not in dims):
            return False
    return True


def export_specialized_dims(program, args, shapes, declared):
    """The declared dynamic dims that are plain ints in the ExportedProgram's placeholders."""
    from torch.export.graph_signature import InputKind, TensorArgument
    from torch.fx.experimental.symbolic_shapes import is_concrete_int

    placeholders = {n.name: n for n in program.graph.nodes if n.op == "placeholder"}
    tensor_inputs = [s.arg.name for s in program.graph_signature.input_specs
                     if s.kind == InputKind.USER_INPUT and isinstance(s.arg, TensorArgument)]
    found, index = [], 0
    declared = dict(declared)
    for name, value in zip(shapes or {}, args):
        tensors = [leaf for leaf in pytree.tree_leaves(value) if isinstance(leaf, torch.Tensor)]
        for dim in declared.get(name, ()):
            shape = placeholders[tensor_inputs[index]].meta["val"].shape
            # A specialized dim is an int, or a SymInt whose expression has been simplified to a number.
            if is_concrete_int(shape[dim]):
                found.append(f"{name}:{dim}={int(shape[dim])}")
        index += len(tensors)
    return found


def real_export_outcome(case, roots):
    try:
        args, shapes = export_args(case, case.example["inputs"])
        arg_sets = [("example", args)]
        if "alt_inputs" in case.example:
            alt, _ = export_args(case, case.example["alt_inputs"])
            dynamic = dict(case.config.dynamic)
            if export_compatible(args, alt, [dynamic.get(name, ()) for name in shapes or {}]):
                arg_sets.append(("alt", alt))
        exported = build(case)
    except Exception as error:
        return Outcome("error", f"bad example: {type(error).__name__}: {error}")
    try:
        with quiet():
            program = torch.export.export(exported, args, dynamic_shapes=shapes, strict=False)
    except Exception as error:
        file, line = failing_frame(error, roots)
        if file is None:
            file, line = case.file, case.class_line  # no sample line ran (no forward): the class is the site
        message = str(error).strip().splitlines()[0][:100] if str(error).strip() else ""
        return Outcome("fails", message, type(error).__name__, file, line)
    specialized = export_specialized_dims(program, args, shapes, case.config.dynamic)
    if specialized:
        return Outcome("specialized", "dynamic dims became constants: " + " ".join(specialized))
    graph = program.module()
    for label, values in arg_sets:
        try:
            with quiet():
                want = build(case)(*values)
        except Exception:
            continue  # eager rejects this input: it shows nothing about the program
        try:
            with quiet():
                got = graph(*values)
        except Exception as error:
            return Outcome("specialized", f"program raises {type(error).__name__} on the {label} inputs eager accepts")
        if not same(want, got):
            return Outcome("specialized", f"program and eager differ on the {label} inputs")
    return Outcome("exportable")


def truth_mismatch(case, outcome, annotations):
    """Why the annotations disagree with real torch.fx / torch.export, or None."""
    capture = "torch.export" if capture_of(case.config) == "export" else "torch.fx"
    if outcome.status == "error":
        return outcome.detail
    if case.expected == "unknown":
        return None  # fxlint abstains by design: whatever the capture does is fine
    if outcome.status != case.expected:
        why = f" at {location(outcome)} ({outcome.exception}: {outcome.detail})" if outcome.status == "fails" else ""
        return f"annotated {case.expected}, real {capture}: {outcome.status}{why}"
    if outcome.status != "fails":
        return None
    if outcome.file is None:
        # Building the GraphModule runs no model code (FX116: the root passed to a leaf): the verdict
        # is all there is to compare.
        return None if outcome.after_tracing else "the failure is raised outside the samples: no line to annotate"
    if outcome.file not in annotations:
        annotations[outcome.file] = parse_annotations(outcome.file)
    expects = annotations[outcome.file].expects.get(outcome.line, {}).get(case.config, [])
    if capture_of(case.config) == "export":
        if not any(e.code.startswith(EXPORT_FAILURE_CODES) for e in expects):
            return (f"line {outcome.line} (where torch.export raises) has no EX3xx/FX111/FX113/FX114/FX115 "
                    f"`# expect[{config_name(case.config)}]`")
        return None
    if not any(e.code.startswith("FX1") for e in expects):
        return f"line {outcome.line} (where FX raises) has no FX1xx `# expect` for {config_name(case.config)}"
    return None


def print_table(rows, headers):
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    for row in [headers] + rows:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


def check_scoped_expectations(annotations, cases, problems, captures):
    """An `# expect[inputs=...]` or `# expect[export ...]` no class declares would never be checked."""
    declared = {case.config for case in cases}
    for notes in annotations.values():
        for line, by_config in notes.expects.items():
            for key in by_config:
                if capture_of(key) in captures and key not in declared:
                    problems.append(f"{relative(notes.path)}:{line}: `# expect[{config_name(key)}]` but no class "
                                    f"declares `# expect-verdict[{config_name(key)}]`")
                if isinstance(key, ExportConfig) and "export" in captures:
                    for e in by_config[key]:
                        if not e.code.startswith(EXPORT_FAILURE_CODES + ("FX0", "FX202", "FX204")):
                            problems.append(f"{relative(notes.path)}:{line}: {e.code} in `# expect[{config_name(key)}]`:"
                                            " export annotations take EX3xx, FX0xx, FX111, FX113, FX114, FX115,"
                                            " FX202 (`type(x)` of a fake tensor), FX204")


def gather(paths, captures=("fx", "export")):
    problems = []
    # A single file given on the command line may fail inside a sibling sample it imports.
    roots = [os.path.realpath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths]
    cases, annotations = load_cases(paths, problems, captures)
    check_scoped_expectations(annotations, cases, problems, captures)
    results = [(case, real_export_outcome(case, roots) if capture_of(case.config) == "export" else real_outcome(case, roots))
               for case in cases]
    return cases, annotations, results, problems


CAPTURE_NAMES = {"fx": "torch.fx", "export": "torch.export"}


def truth(paths, captures=("fx", "export")):
    cases, annotations, results, problems = gather(paths, captures)
    rows, mismatches = [], {capture: 0 for capture in captures}
    for case, outcome in results:
        why = truth_mismatch(case, outcome, annotations)
        mismatches[capture_of(case.config)] += why is not None
        rows.append([f"{relative(case.file)}:{case.name}", config_name(case.config), case.expected, outcome.status,
                     outcome.exception or "", location(outcome) if outcome.status == "fails" else outcome.detail,
                     "ok" if why is None else "MISMATCH: " + why])
    print_table(rows, ["class", "config", "annotated", "real", "exception", "line / evidence", "check"])
    for problem in problems:
        print("PROBLEM:", problem)
    print()
    for capture in captures:
        mine = [c for c in cases if capture_of(c.config) == capture]
        verdicts = {v: sum(c.expected == v for c in mine) for v in dict.fromkeys(c.expected for c in mine)}
        print(f"{CAPTURE_NAMES[capture]}: {len({(c.file, c.name) for c in mine})} classes, {len(mine)} configurations, "
              f"{len({c.file for c in mine})} files: {len(mine) - mismatches[capture]} agree with real "
              f"{CAPTURE_NAMES[capture]} {torch.__version__}, {mismatches[capture]} mismatches"
              + (f" (annotated: {', '.join(f'{n} {v}' for v, n in verdicts.items())})" if capture == "export" else ""))
    print(f"{len(problems)} problems")
    return 0 if not any(mismatches.values()) and not problems and cases else 1


def run_fxlint(binary, paths, key):
    if isinstance(key, ExportConfig):
        command = [binary, "verdicts", "--capture", "export"] + (["--inputs", ",".join(key.inputs)] if key.inputs else [])
        for name, dims in key.dynamic:
            command += ["--dynamic", f"{name}:{','.join(map(str, dims))}"]
        command += ["--format", "json"] + list(paths)
    else:
        command = [binary, "verdicts", "--format", "json"] + (["--inputs", ",".join(key)] if key else []) + list(paths)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1 means findings, like `check`
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[:500]}")
    report = json.loads(done.stdout)
    if report.get("schema_version") != 1:
        raise RuntimeError(f"unexpected schema_version {report.get('schema_version')!r}")
    classes = {(os.path.realpath(c["file"]), c["name"]): c for c in report["classes"]}
    if isinstance(key, ExportConfig):  # the export capture's verdict, in the entry's shape
        for name, entry in classes.items():
            if "export" not in entry.get("captures", {}):
                raise RuntimeError(f"{' '.join(command)}: no captures.export for {entry['name']}")
            classes[name] = entry["captures"]["export"]
    return classes


def disagreement(case, outcome, verdict):
    """Why fxlint's verdict disagrees with real torch.fx / torch.export, or None."""
    capture = CAPTURE_NAMES[capture_of(case.config)]
    if verdict is None:
        return "missing from fxlint's output"
    if verdict["verdict"] != outcome.status:
        return f"fxlint says {verdict['verdict']}, real {capture}: {outcome.status}"
    if outcome.status != "fails":
        return None
    first = verdict.get("first_failure") or {}
    file, line = first.get("file"), first.get("line")
    if outcome.after_tracing:  # FX raised building the GraphModule: no line of model code to compare
        return None if first.get("code") == "FX116" else f"fxlint's first failure is {first.get('code')}, real torch.fx fails building the GraphModule"
    if file is None or os.path.realpath(file) != outcome.file or line != outcome.line:
        where = f"{relative(os.path.realpath(file))}:{line}" if file else "nowhere"
        return f"fxlint's first failure is at {where}, real {capture} raises at {location(outcome)}"
    return None


def compare(binary, paths, captures=("fx", "export"), min_agreement=1.0):
    cases, _, results, problems = gather(paths, captures)
    by_config = {}
    try:
        for key in sorted({case.config for case in cases}, key=lambda k: (capture_of(k), config_name(k))):
            by_config[key] = run_fxlint(binary, paths, key)
    except (RuntimeError, ValueError, KeyError, OSError) as error:
        print("fxlint could not be run:", error)
        return 1
    agreed, counted, abstained = ({capture: 0 for capture in captures} for _ in range(3))
    failures = []
    for case, outcome in results:
        if outcome.status == "error":
            continue  # a broken sample: `truth` reports it
        capture = capture_of(case.config)
        verdict = by_config[case.config].get((case.file, case.name))
        if verdict and verdict["verdict"] == "unknown" and case.expected == "unknown":
            abstained[capture] += 1  # fxlint cannot see the code by design: not a vote either way
            continue
        counted[capture] += 1
        why = disagreement(case, outcome, verdict)
        if why is None:
            agreed[capture] += 1
        else:
            failures.append(f"{relative(case.file)}:{case.name} [{config_name(case.config)}]: {why}")
    for failure in failures:
        print("DISAGREE:", failure)
    for problem in problems:
        print("PROBLEM:", problem)
    print()
    for capture in captures:
        share = 100.0 * agreed[capture] / counted[capture] if counted[capture] else 0.0
        print(f"agreement with real {CAPTURE_NAMES[capture]} {torch.__version__}: {agreed[capture]}/{counted[capture]} "
              f"({share:.1f}%); {abstained[capture]} expected abstentions (unknown) not counted")
    return 0 if all(counted[c] and agreed[c] >= min_agreement * counted[c] for c in captures) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("truth", help="check the annotations against real torch.fx and torch.export")
    agreement = commands.add_parser("compare", help="check fxlint's verdicts against real torch.fx and torch.export")
    agreement.add_argument("--fxlint", required=True, help="the fxlint binary")
    agreement.add_argument("--min-agreement", type=float, default=1.0,
                           help="the share of configurations that must agree (default 1.0: all)")
    for command in (check, agreement):
        command.add_argument("--capture", choices=("fx", "export", "all"), default="all",
                             help="which capture's annotations and verdicts to judge (default: all)")
        command.add_argument("paths", nargs="+")
    args = parser.parse_args()
    captures = ("fx", "export") if args.capture == "all" else (args.capture,)
    if args.command == "truth":
        return truth(args.paths, captures)
    return compare(args.fxlint, args.paths, captures, args.min_agreement)


if __name__ == "__main__":
    sys.exit(main())
