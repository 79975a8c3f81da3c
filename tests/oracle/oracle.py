#!/usr/bin/env python3
# The oracle: runs real torch.fx.symbolic_trace over the annotated sample classes and checks that the
# annotations (`# expect-verdict`, `# expect`) tell the truth (`truth`), or that fxlint's verdicts agree
# with real torch.fx (`compare`). It never judges fxlint's diagnostics one by one: the golden test does.
"""Real torch.fx as the judge of samples/ and of fxlint.

  oracle.py truth SAMPLES...                     annotations vs real torch.fx
  oracle.py compare --fxlint BINARY SAMPLES...   fxlint's verdicts vs real torch.fx

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
import torch.fx

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


def config_key(text):
    """`x,mask` -> ("mask", "x"); None (no [inputs=...]) -> VANILLA."""
    return tuple(sorted(text.split(","))) if text else VANILLA


def config_name(key):
    return "vanilla" if key == VANILLA else "inputs=" + ",".join(key)


@dataclasses.dataclass
class Expectation:
    code: str
    fragment: str | None


@dataclasses.dataclass
class FileAnnotations:
    path: str
    verdicts: dict  # class line -> {config key: verdict}
    expects: dict  # line -> {config key: [Expectation]}
    class_lines: dict  # class name -> line of its `class` statement


def parse_annotations(path):
    with open(path, "rb") as handle:
        tokens = list(tokenize.tokenize(handle.readline))
    verdicts, expects = {}, {}
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        line = token.start[0]
        for match in _VERDICT_RE.finditer(token.string):
            verdicts.setdefault(line, {})[config_key(match.group(1))] = match.group(2)
        for match in _EXPECT_RE.finditer(token.string):
            expects.setdefault(line, {}).setdefault(config_key(match.group(1)), []).extend(
                Expectation(code, fragment or None) for code, fragment in _CODE_RE.findall(match.group(2)))
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    class_lines = {node.name: node.lineno for node in tree.body if isinstance(node, ast.ClassDef)}
    return FileAnnotations(path, verdicts, expects, class_lines)


@dataclasses.dataclass
class Case:
    """One sample class in one trace configuration."""
    file: str  # real path
    name: str
    config: tuple
    expected: str
    example: dict
    module: object


@dataclasses.dataclass
class Outcome:
    status: str  # fails | specialized | traceable | error (the sample itself is broken)
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


def load_cases(paths, problems):
    """Imports every sample file, pairs its fxlint_examples() with its annotations."""
    cases, annotations = [], {}
    for path in sample_files(paths):
        real = os.path.realpath(path)
        annotations[real] = notes = parse_annotations(path)
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
        for cls_name, example in examples.items():
            line = notes.class_lines.get(cls_name)
            configs = notes.verdicts.get(line, {})
            if VANILLA not in configs:
                problems.append(f"{relative(real)}:{line}: class {cls_name} has no `# expect-verdict:` "
                                "on its class line")
                continue
            for key, verdict in configs.items():
                cases.append(Case(real, cls_name, key, verdict, example, module))
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


def within(path, roots):
    real = os.path.realpath(path)
    return any(real == root or real.startswith(root + os.sep) for root in roots)


def failing_frame(error, roots):
    """The deepest traceback frame inside the samples: the line FX reports."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if within(f.filename, roots)]
    return (os.path.realpath(frames[-1].filename), frames[-1].lineno) if frames else (None, None)


def same(a, b):
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)) or (a.shape, a.dtype) != (b.shape, b.dtype):
            return False
        return torch.allclose(a, b, equal_nan=True) if a.is_floating_point() else torch.equal(a, b)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return same(dataclasses.asdict(a), dataclasses.asdict(b))
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


def truth_mismatch(case, outcome, annotations):
    """Why the annotations disagree with real torch.fx, or None."""
    if outcome.status == "error":
        return outcome.detail
    if case.expected == "unknown":
        return None  # fxlint abstains by design: whatever FX does is fine
    if outcome.status != case.expected:
        why = f" at {location(outcome)} ({outcome.exception}: {outcome.detail})" if outcome.status == "fails" else ""
        return f"annotated {case.expected}, real torch.fx: {outcome.status}{why}"
    if outcome.status != "fails":
        return None
    if outcome.file is None:
        # Building the GraphModule runs no model code (FX116: the root passed to a leaf): the verdict
        # is all there is to compare.
        return None if outcome.after_tracing else "the failure is raised outside the samples: no line to annotate"
    if outcome.file not in annotations:
        annotations[outcome.file] = parse_annotations(outcome.file)
    expects = annotations[outcome.file].expects.get(outcome.line, {}).get(case.config, [])
    if not any(e.code.startswith("FX1") for e in expects):
        return f"line {outcome.line} (where FX raises) has no FX1xx `# expect` for {config_name(case.config)}"
    return None


def print_table(rows, headers):
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    for row in [headers] + rows:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


def check_scoped_expectations(annotations, cases, problems):
    """An `# expect[inputs=...]` no class declares would never be checked by anyone."""
    declared = {case.config for case in cases}
    for notes in annotations.values():
        for line, by_config in notes.expects.items():
            for key in by_config:
                if key not in declared:
                    problems.append(f"{relative(notes.path)}:{line}: `# expect[{config_name(key)}]` but no class "
                                    f"declares `# expect-verdict[{config_name(key)}]`")


def gather(paths):
    problems = []
    # A single file given on the command line may fail inside a sibling sample it imports.
    roots = [os.path.realpath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths]
    cases, annotations = load_cases(paths, problems)
    check_scoped_expectations(annotations, cases, problems)
    return cases, annotations, [(case, real_outcome(case, roots)) for case in cases], problems


def truth(paths):
    cases, annotations, results, problems = gather(paths)
    rows, mismatches = [], 0
    for case, outcome in results:
        why = truth_mismatch(case, outcome, annotations)
        mismatches += why is not None
        rows.append([f"{relative(case.file)}:{case.name}", config_name(case.config), case.expected, outcome.status,
                     outcome.exception or "", location(outcome) if outcome.status == "fails" else outcome.detail,
                     "ok" if why is None else "MISMATCH: " + why])
    print_table(rows, ["class", "config", "annotated", "real", "exception", "line / evidence", "check"])
    for problem in problems:
        print("PROBLEM:", problem)
    classes = len({(c.file, c.name) for c in cases})
    print(f"\n{classes} classes, {len(cases)} configurations, {len({c.file for c in cases})} files: "
          f"{len(cases) - mismatches} agree with real torch.fx {torch.__version__}, {mismatches} mismatches, "
          f"{len(problems)} problems")
    return 0 if mismatches == 0 and not problems and cases else 1


def run_fxlint(binary, paths, key):
    command = [binary, "verdicts", "--format", "json"] + (["--inputs", ",".join(key)] if key else []) + list(paths)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1 means findings, like `check`
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[:500]}")
    report = json.loads(done.stdout)
    if report.get("schema_version") != 1:
        raise RuntimeError(f"unexpected schema_version {report.get('schema_version')!r}")
    return {(os.path.realpath(c["file"]), c["name"]): c for c in report["classes"]}


def disagreement(case, outcome, verdict):
    """Why fxlint's verdict disagrees with real torch.fx, or None."""
    if verdict is None:
        return "missing from fxlint's output"
    if verdict["verdict"] != outcome.status:
        return f"fxlint says {verdict['verdict']}, real torch.fx: {outcome.status}"
    if outcome.status != "fails":
        return None
    first = verdict.get("first_failure") or {}
    file, line = first.get("file"), first.get("line")
    if outcome.after_tracing:  # FX raised building the GraphModule: no line of model code to compare
        return None if first.get("code") == "FX116" else f"fxlint's first failure is {first.get('code')}, real torch.fx fails building the GraphModule"
    if file is None or os.path.realpath(file) != outcome.file or line != outcome.line:
        where = f"{relative(os.path.realpath(file))}:{line}" if file else "nowhere"
        return f"fxlint's first failure is at {where}, real torch.fx raises at {location(outcome)}"
    return None


def compare(binary, paths):
    cases, _, results, problems = gather(paths)
    by_config = {}
    try:
        for key in sorted({case.config for case in cases}):
            by_config[key] = run_fxlint(binary, paths, key)
    except (RuntimeError, ValueError, KeyError, OSError) as error:
        print("fxlint could not be run:", error)
        return 1
    agreed, counted, abstained, failures = 0, 0, 0, []
    for case, outcome in results:
        if outcome.status == "error":
            continue  # a broken sample: `truth` reports it
        verdict = by_config[case.config].get((case.file, case.name))
        if verdict and verdict["verdict"] == "unknown" and case.expected == "unknown":
            abstained += 1  # fxlint cannot see the code by design: not a vote either way
            continue
        counted += 1
        why = disagreement(case, outcome, verdict)
        if why is None:
            agreed += 1
        else:
            failures.append(f"{relative(case.file)}:{case.name} [{config_name(case.config)}]: {why}")
    for failure in failures:
        print("DISAGREE:", failure)
    for problem in problems:
        print("PROBLEM:", problem)
    share = 100.0 * agreed / counted if counted else 0.0
    print(f"\nagreement with real torch.fx {torch.__version__}: {agreed}/{counted} ({share:.1f}%); "
          f"{abstained} expected abstentions (unknown) not counted")
    return 0 if counted and agreed == counted else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("truth", help="check the annotations against real torch.fx").add_argument("paths", nargs="+")
    agreement = commands.add_parser("compare", help="check fxlint's verdicts against real torch.fx")
    agreement.add_argument("--fxlint", required=True, help="the fxlint binary")
    agreement.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if args.command == "truth":
        return truth(args.paths)
    return compare(args.fxlint, args.paths)


if __name__ == "__main__":
    sys.exit(main())
