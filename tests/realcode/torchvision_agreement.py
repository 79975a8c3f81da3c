#!/usr/bin/env python3
# Real-code agreement: for every public torchvision model builder, compares fxlint's static verdict for the
# builder's top-level class with what real torch.fx.symbolic_trace does to the built model, and prints the
# agreement, the first-failing-line agreement and every disagreement classified by cause (a to-do list).
"""fxlint vs real torch.fx on the installed torchvision's models.

  torchvision_agreement.py --fxlint BINARY [--report PATH] [--jobs N] [--timeout SECONDS] [--builders A,B]

Each builder is built with weights=None (and weights_backbone=None where the builder takes it) and traced
vanilla in its own forked process, so a hang or a crash costs one row, not the run. The model is traced as
the builder returns it (training mode: a vanilla `symbolic_trace(builder())`) and again after .eval(),
since `if self.training:` blocks decide where some models fail; the figures are given for both modes.
fxlint predicts eval mode (models are traced and exported for inference): the thresholds apply to it.
fxlint is run once on the installed torchvision package directory.

Exits 1 when a --require-* threshold is missed (after .eval()), or when the comparison itself could not be made
(fxlint crashed, hung or printed no JSON; no builder could be built).
"""
import argparse
import ast
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Exception messages are kept short in the table and report: the line is what matters.
MESSAGE_LIMIT = 300
# "train": as the builder returns it; "eval": after model.eval(). The first is the headline figure.
MODES = ("train", "eval")
# Codes of the sites that make a verdict `unknown` (unresolved call, unsupported construct, budget).
ANALYSIS_LIMIT_CODES = ("FX002", "FX003", "FX004")


def torchvision_dir():
    """The installed package directory, found without importing torchvision yet."""
    import importlib.util

    spec = importlib.util.find_spec("torchvision")
    return os.path.realpath(os.path.dirname(spec.origin))


def relative(path, package_dir):
    return os.path.relpath(path, package_dir)


# --- real torch.fx ------------------------------------------------------------------------------------

def deepest_frame_inside(traceback_object, package_dir):
    """(file, line) of the deepest frame whose file lies in package_dir: where real FX points in its code."""
    import traceback

    found = None
    for frame in traceback.extract_tb(traceback_object):
        path = os.path.realpath(frame.filename)
        if path.startswith(package_dir + os.sep):
            found = {"file": path, "line": frame.lineno}
    return found


def trace_outcome(model, package_dir):
    import torch.fx

    started = time.perf_counter()
    try:
        torch.fx.symbolic_trace(model)
        outcome = {"outcome": "traces"}
    except Exception as error:  # noqa: BLE001 - every exception out of symbolic_trace is a real failure
        text = str(error).strip()
        outcome = {"outcome": "fails", "exception": type(error).__name__,
                   "message": text.splitlines()[0][:MESSAGE_LIMIT] if text else "",
                   "failure": deepest_frame_inside(error.__traceback__, package_dir)}
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def build_model(builder):
    """(row naming the builder, its class and source, the model or None when it cannot be built offline)."""
    import inspect

    import torchvision.models

    row = {"builder": builder}
    function = torchvision.models.get_model_builder(builder)
    row["module"] = function.__module__
    kwargs = {"weights": None}
    if "weights_backbone" in inspect.signature(function).parameters:
        kwargs["weights_backbone"] = None
    row["kwargs"] = kwargs
    started = time.perf_counter()
    try:
        model = function(**kwargs)
    except Exception as error:  # noqa: BLE001 - any failure to build is a skip reason, not a verdict
        row["skipped"] = f"cannot build offline: {type(error).__name__}: {error}"[:MESSAGE_LIMIT]
        return row, None
    row["build_seconds"] = round(time.perf_counter() - started, 2)
    cls = type(model)
    row["class"] = cls.__name__
    row["class_file"] = os.path.realpath(inspect.getsourcefile(cls))
    row["class_line"] = inspect.getsourcelines(cls)[1]
    # fxlint also traces builder functions (`resnet18()`) with the arguments they pass to the class.
    unwrapped = inspect.unwrap(function)
    row["builder_file"] = os.path.realpath(inspect.getsourcefile(unwrapped))
    row["builder_function"] = unwrapped.__name__
    return row, model


def build_and_trace(builder, package_dir):
    """Builds one model and traces it in both modes; returns its row. Runs in a forked child."""
    row, model = build_model(builder)
    if model is None:
        return row
    row["real"] = {"train": trace_outcome(model, package_dir)}
    model.eval()
    row["real"]["eval"] = trace_outcome(model, package_dir)
    return row


def prepare_torch():
    """Imports torch and torchvision once in this process, so that every forked child starts warm.
    Returns every public builder name."""
    import logging
    import warnings

    import torch
    import torch.hub
    import torchvision.models

    # Parallel jobs share the machine's cores; one intra-op thread each avoids oversubscription.
    torch.set_num_threads(1)
    logging.getLogger("torch.fx._symbolic_trace").setLevel(logging.ERROR)
    # Builders warn about future default changes (googlenet, inception): noise in the table.
    warnings.simplefilter("ignore")

    # Builders that take weights_backbone default it to ImageNet weights: a download. Any download that
    # still slips through must fail loudly instead of fetching weights.
    def refuse_download(url, *args, **kwargs):
        raise RuntimeError(f"refused download of {url}: the real-code comparison runs offline")

    torch.hub.load_state_dict_from_url = refuse_download
    return sorted(torchvision.models.list_models())


def run_real(builders, package_dir, jobs, timeout, row_function=None):
    """Rows of every builder, each built and traced in a forked child (at most `jobs` at a time), so a
    crash or a hang costs one row. Forking after the imports saves seconds of torch import per builder.
    `row_function(builder, package_dir)` makes a row (default: build_and_trace)."""
    rows, running, pending = {}, {}, list(builders)
    scratch = tempfile.mkdtemp(prefix="fxlint_realcode_")
    while pending or running:
        while pending and len(running) < jobs:
            builder = pending.pop(0)
            path = os.path.join(scratch, builder + ".json")
            pid = os.fork()
            if pid == 0:
                # The child must never return into this loop, whatever happens.
                code = 1
                try:
                    write_row(builder, package_dir, path, row_function or build_and_trace)
                    code = 0
                finally:
                    os._exit(code)
            running[pid] = (builder, path, time.perf_counter())
        time.sleep(0.05)
        for pid, (builder, path, started) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            seconds = round(time.perf_counter() - started, 2)
            if done == 0 and seconds <= timeout:
                continue
            if done == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                rows[builder] = {"builder": builder, "skipped": f"build+trace exceeded {timeout}s"}
            elif os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    rows[builder] = dict(json.load(handle), wall_seconds=seconds)
            else:
                rows[builder] = {"builder": builder,
                                 "skipped": f"worker died ({describe_status(status)}) before reporting"}
            del running[pid]
    shutil.rmtree(scratch, ignore_errors=True)
    return [rows[builder] for builder in builders]


def write_row(builder, package_dir, path, row_function):
    try:
        row = row_function(builder, package_dir)
    except Exception as error:  # noqa: BLE001 - a harness bug must cost one row, not the run
        row = {"builder": builder, "skipped": f"harness error: {type(error).__name__}: {error}"[:MESSAGE_LIMIT]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(row, handle)


def describe_status(status):
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit {os.WEXITSTATUS(status)}"


# --- fxlint -------------------------------------------------------------------------------------------

def run_fxlint(binary, package_dir, timeout, options=()):
    """One fxlint run over the whole package. Returns (document or None, problem text or None, seconds)."""
    started = time.perf_counter()
    try:
        done = subprocess.run([binary, "verdicts", "--format", "json", *options, package_dir],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"fxlint did not finish within {timeout}s (hang?)", timeout
    seconds = round(time.perf_counter() - started, 2)
    if done.returncode < 0:
        return None, f"fxlint killed by signal {-done.returncode}; stderr: {done.stderr.strip()[-500:]}", seconds
    try:
        return json.loads(done.stdout), None, seconds
    except json.JSONDecodeError:
        return None, f"fxlint exited {done.returncode} without JSON; stderr: {done.stderr.strip()[-500:]}", seconds


# --- why fxlint said `unknown` ------------------------------------------------------------------------

class SourceIndex:
    """What one file says about a name: its imports, its module-level definitions, and for each class the
    `self.attr = value` assignments of its methods. Read with Python's ast (the harness may import; fxlint
    may not)."""

    def __init__(self, path):
        self.imports, self.definitions, self.classes = {}, set(), []
        try:
            with open(path, encoding="utf-8") as handle:
                tree = ast.parse(handle.read())
        except (OSError, SyntaxError, UnicodeDecodeError):
            return
        for node in tree.body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.imports[alias.asname or alias.name.split(".")[0]] = alias.name
            elif isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = module
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                self.definitions.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                self.definitions.update(target.id for target in targets if isinstance(target, ast.Name))
            if isinstance(node, ast.ClassDef):
                self.classes.append(node)

    def class_at(self, line):
        for node in self.classes:
            if node.lineno <= line <= node.end_lineno:
                return node
        return None

    @staticmethod
    def attribute_assignment(class_node, attribute):
        """(value node, enclosing function) of the first `self.attribute = value` in the class."""
        for function in class_node.body:
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                targets = node.targets if isinstance(node, ast.Assign) else \
                    [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
                for target in targets:
                    if (isinstance(target, ast.Attribute) and target.attr == attribute
                            and isinstance(target.value, ast.Name) and target.value.id == "self"):
                        return node.value, function
        return None, None


# FX002's message names the callee: "... to `callee`, which fxlint cannot see ...".
_CALLEE_RE = re.compile(r"to `([^`]*)`, which fxlint cannot see")
_CONTAINERS = {"Sequential", "ModuleList", "ModuleDict"}


def is_cross_file(module):
    """Imported from this package (relative or torchvision.*): code cross-file analysis should reach."""
    return module.startswith(".") or module == "torchvision" or module.startswith("torchvision.")


def origin_category(module, what):
    """Category of `what` ("callee", "submodule class") that comes from `module`."""
    if is_cross_file(module):
        return f"unknown: {what} from another torchvision file"
    if module == "torch" or module.startswith("torch."):
        return f"unknown: torch {what} fxlint does not model"
    return f"unknown: {what} from another library"


def dotted(node):
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def submodule_cause(index, class_node, attribute):
    """(category, subject) for `self.attribute(...)` whose module fxlint could not resolve: how the class
    builds it says what fxlint is missing."""
    if class_node is None:
        return "unknown: submodule fxlint cannot resolve", f"`self.{attribute}`"
    value, function = SourceIndex.attribute_assignment(class_node, attribute)
    if value is None:
        return ("unknown: submodule assigned outside its class (base class in another file?)",
                f"`{class_node.name}.{attribute}`")
    text = ast.unparse(value)
    subject = f"`self.{attribute} = {text if len(text) <= 70 else text[:67] + '...'}`"
    parameters = {arg.arg for arg in function.args.args + function.args.kwonlyargs}
    if isinstance(value, ast.Name) and value.id in parameters:
        return "unknown: submodule passed in as a constructor argument", subject
    if not isinstance(value, ast.Call):
        return "unknown: submodule built by an expression fxlint cannot follow", subject
    callee = dotted(value.func) or ""
    root, last = callee.split(".")[0], callee.split(".")[-1]
    if root == "self":
        return "unknown: submodule built by a helper method", subject
    if last in _CONTAINERS:
        built_at_run_time = any(isinstance(arg, (ast.Starred, ast.Name)) or
                                (isinstance(arg, ast.Call) and (dotted(arg.func) or "").endswith("OrderedDict"))
                                for arg in value.args)
        if built_at_run_time:
            return f"unknown: nn.{last} filled from a collection built at run time", subject
        return f"unknown: nn.{last} of listed modules fxlint cannot resolve", subject
    if root in parameters:
        return "unknown: submodule built from a class passed as an argument", subject
    if root in index.imports:
        return origin_category(index.imports[root], "submodule class"), subject
    return "unknown: submodule fxlint cannot resolve", subject


# The site's own call text opens FX002's message: "`self.features(x)` passes ...".
_CALL_TEXT_RE = re.compile(r"^`(self\.\w+)\(")


def classify_unknown(entry, indexes, package_dir):
    """{category, subject, where} for an `unknown` verdict, from its first analysis-limit site."""
    sites = [site for site in entry.get("sites", []) if site.get("code") in ANALYSIS_LIMIT_CODES]
    if not sites:
        reasons = entry.get("unknown_reasons") or ["no reason given"]
        return {"category": "unknown: other", "subject": reasons[0], "where": ""}
    site = sites[0]
    where = f"{relative(site['file'], package_dir)}:{site['line']}"
    if site["code"] != "FX002":
        category = "unknown: unsupported construct" if site["code"] == "FX003" else "unknown: analysis budget"
        return {"category": category, "subject": site["message"], "where": where}
    match = _CALLEE_RE.search(site["message"])
    callee = match.group(1) if match else site["message"]
    path = os.path.realpath(site["file"])
    if path not in indexes:
        indexes[path] = SourceIndex(path)
    index = indexes[path]
    # A call of a submodule is explained by how the class builds it, even when fxlint names what it
    # resolved the submodule to (`self.layers(x)` passes ... to `collections.OrderedDict`).
    call = _CALL_TEXT_RE.match(site["message"])
    root = callee.split(".")[0]
    if call or (root == "self" and "." in callee):
        attribute = (call.group(1) if call else callee).split(".")[1]
        category, subject = submodule_cause(index, index.class_at(site["line"]), attribute)
    elif root in index.imports:
        category, subject = origin_category(index.imports[root], "callee"), f"`{callee}`"
    elif root in index.definitions:
        category, subject = "unknown: same-file callee fxlint cannot model", f"`{callee}`"
    elif "." in callee:
        # fxlint names an imported callee by its full dotted name (`collections.OrderedDict`).
        category, subject = origin_category(callee.rsplit(".", 1)[0], "callee"), f"`{callee}`"
    else:
        category, subject = "unknown: call of a local value", f"`{callee}`"
    return {"category": category, "subject": subject, "where": where}


# --- comparison ---------------------------------------------------------------------------------------

def fxlint_side(entry):
    """('traces' | 'fails' | 'unknown' | 'missing', failure dict or None)."""
    if entry is None:
        return "missing", None
    first = entry.get("first_failure")
    failure = {"file": os.path.realpath(first["file"]), "line": first["line"], "code": first["code"],
               "message": first["message"], "certain": first.get("certain")} if first else None
    return {"traceable": "traces", "specialized": "traces"}.get(entry["verdict"], entry["verdict"]), failure


def where(failure, package_dir):
    return f"{relative(failure['file'], package_dir)}:{failure['line']}" if failure else "?"


def judge(real, side, failure, unknown_cause, package_dir):
    """{agree, line_match, cause} of one builder in one mode."""
    real_fails = real["outcome"] == "fails"
    result = {"agree": side in ("traces", "fails") and (side == "fails") == real_fails, "line_match": None,
              "cause": None}
    spot = real.get("failure")
    # A failure raised inside torch with no frame in the package (nn.Module's missing forward) has no
    # line to compare: both fail, and that is the whole judgement.
    if real_fails and side == "fails" and spot:
        result["line_match"] = bool(failure and (spot["file"], spot["line"]) == (failure["file"], failure["line"]))
    fx_site = f"{failure['code']} {failure['message']}" if failure else ""
    if side == "missing":
        result["cause"] = {"category": "class missing from fxlint output", "subject": "", "where": ""}
    elif side == "unknown":
        result["cause"] = unknown_cause
    elif side == "fails" and not real_fails:
        result["cause"] = {"category": "fxlint fails but real traces", "subject": fx_site,
                           "where": where(failure, package_dir)}
    elif side == "traces" and real_fails:
        result["cause"] = {"category": "fxlint traces but real fails",
                           "subject": f"real {real['exception']}: {real['message']}",
                           "where": where(real.get("failure"), package_dir)}
    elif result["line_match"] is False:
        path_kind = "certain" if failure and failure.get("certain") else "uncertain"
        result["cause"] = {"category": "both fail, first line differs",
                           "subject": f"fxlint {where(failure, package_dir)} ({path_kind} path): {fx_site}",
                           "where": f"real {where(real.get('failure'), package_dir)}"}
    return result


def compare(rows, document, package_dir):
    """Adds fxlint's verdict and, per mode, the judgement to each built row."""
    classes, factories = {}, {}
    for entry in document.get("classes", []):
        classes.setdefault((os.path.realpath(entry["file"]), entry["name"]), entry)
    for entry in document.get("factories", []):
        factories.setdefault((os.path.realpath(entry["file"]), entry["name"]), entry)
    indexes = {}
    for row in rows:
        if "skipped" in row:
            continue
        # The builder's own verdict when fxlint traced it (constructor arguments known), else the class's.
        entry = factories.get((row["builder_file"], row["builder_function"]))
        row["fxlint_entry"] = "builder" if entry else "class"
        if entry is None:
            entry = classes.get((row["class_file"], row["class"]))
        side, failure = fxlint_side(entry)
        row["fxlint"] = {"verdict": entry["verdict"] if entry else "missing", "failure": failure}
        unknown_cause = classify_unknown(entry, indexes, package_dir) if side == "unknown" else None
        row["judged"] = {mode: judge(row["real"][mode], side, failure, unknown_cause, package_dir)
                         for mode in MODES}


def add_goal_options(parser):
    parser.add_argument("--require-agreement", type=float, metavar="PERCENT",
                        help="exit 1 when the agreement is below PERCENT (default: report only)")
    parser.add_argument("--require-first-line", type=float, metavar="PERCENT",
                        help="exit 1 when the first failing line matches for fewer than PERCENT of the classes "
                             "real torch.fx fails on (default: report only)")


def goals_missed(args, label, summary, first_line_key="first_line_match_of_real_fails_percent"):
    """The issue's thresholds this summary misses, as printable lines."""
    missed = []
    if args.require_agreement is not None and (summary["agreement_percent"] or 0) < args.require_agreement:
        missed.append(f"[{label}] agreement {summary['agreement_percent']}% < {args.require_agreement}%")
    line = summary.get(first_line_key)
    if args.require_first_line is not None and line is not None and line < args.require_first_line:
        missed.append(f"[{label}] first failing line {line}% < {args.require_first_line}%")
    for message in missed:
        print("GOAL MISSED " + message)
    return missed


def summarize(rows, mode):
    compared = [row for row in rows if "skipped" not in row]
    judged = [row["judged"][mode] for row in compared]
    real_fails = sum(row["real"][mode]["outcome"] == "fails" for row in compared)
    both_fail = [result for result in judged if result["line_match"] is not None]
    same_line = sum(bool(result["line_match"]) for result in both_fail)
    agree = sum(result["agree"] for result in judged)
    causes = [result["cause"] for result in judged if result["cause"]]
    return {
        "compared": len(compared),
        "real_traces": len(compared) - real_fails,
        "real_fails": real_fails,
        "agree": agree,
        "agreement_percent": percent(agree, len(compared)),
        "both_fail": len(both_fail),
        "first_line_match": same_line,
        "first_line_match_percent": percent(same_line, len(both_fail)),
        "first_line_match_of_real_fails_percent": percent(same_line, real_fails),
        "causes": dict(collections.Counter(cause["category"] for cause in causes).most_common()),
        "top_causes": [{"category": category, "subject": subject, "builders": count} for (category, subject), count
                       in collections.Counter((c["category"], c["subject"]) for c in causes).most_common(15)],
    }


def percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


# --- output -------------------------------------------------------------------------------------------

def print_table(rows, package_dir):
    def real_text(real):
        return real["outcome"] + (f" {where(real.get('failure'), package_dir)}" if real["outcome"] == "fails" else "")

    header = ("builder", "class", "real (as built)", "real (eval)", "fxlint", "match (as built / eval)")
    table = [header]
    for row in rows:
        if "skipped" in row:
            continue
        fxlint = row["fxlint"]
        fx_text = fxlint["verdict"] + (f" {where(fxlint['failure'], package_dir)}"
                                       if fxlint["verdict"] == "fails" else "")
        eval_text = real_text(row["real"]["eval"])
        matches = []
        for mode in MODES:
            result = row["judged"][mode]
            match = "yes" if result["agree"] else "no"
            if result["line_match"] is not None:
                match += "+line" if result["line_match"] else "-line"
            matches.append(match)
        table.append((row["builder"], row["class"], real_text(row["real"]["train"]),
                      "same" if eval_text == real_text(row["real"]["train"]) else eval_text, fx_text,
                      " / ".join(matches)))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    print("match: yes/no = agreement on fails vs not; +line/-line = same/other first failing line")


def print_summary(name, summary):
    print(f"[{name}] real torch.fx: {summary['real_traces']} trace, {summary['real_fails']} fail; "
          f"agreement {summary['agree']}/{summary['compared']} = {summary['agreement_percent']}%; "
          f"first failing line equal where both fail {summary['first_line_match']}/{summary['both_fail']} = "
          f"{summary['first_line_match_percent']}% (of all real failures: "
          f"{summary['first_line_match_of_real_fails_percent']}%)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    parser.add_argument("--report", help="write the JSON report here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="builders traced in parallel")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per builder (build + traces)")
    parser.add_argument("--fxlint-timeout", type=int, default=600, help="seconds for the one fxlint run")
    parser.add_argument("--builders", help="comma-separated subset of builders (default: all)")
    add_goal_options(parser)
    args = parser.parse_args()

    package_dir = torchvision_dir()
    document, fxlint_problem, fxlint_seconds = run_fxlint(args.fxlint, package_dir, args.fxlint_timeout)
    print(f"fxlint verdicts on {package_dir}: {fxlint_seconds}s" + (f" -- {fxlint_problem}" if fxlint_problem else ""))
    if document is None:
        print("no fxlint verdicts to compare with: the comparison cannot be made")
        return 1
    started = time.perf_counter()
    builders = prepare_torch()
    if args.builders:
        builders = args.builders.split(",")
    rows = run_real(builders, package_dir, max(1, args.jobs), args.timeout)
    real_seconds = round(time.perf_counter() - started, 1)
    compare(rows, document, package_dir)

    print_table(rows, package_dir)
    print()
    skipped = [row for row in rows if "skipped" in row]
    for row in skipped:
        print(f"skipped {row['builder']}: {row['skipped']}")
    summaries = {mode: summarize(rows, mode) for mode in MODES}
    verdicts = collections.Counter(row["fxlint"]["verdict"] for row in rows if "skipped" not in row)
    print(f"builders: {len(rows)} ({len(rows) - len(skipped)} compared, {len(skipped)} skipped); "
          f"fxlint verdicts: {dict(verdicts.most_common())}; unknown counts as a disagreement")
    print_summary("as built (training mode)", summaries["train"])
    print_summary("after .eval()", summaries["eval"])
    print(f"unknown verdicts: {verdicts.get('unknown', 0)}")
    print(f"time: fxlint {fxlint_seconds}s; real build+trace {real_seconds}s with {args.jobs} jobs")

    primary = summaries["eval"]
    print("\ncauses after .eval() (disagreements, plus first-line mismatches):")
    for category, count in primary["causes"].items():
        print(f"  {count:4d}  {category}")
    print("\ntop causes after .eval():")
    for cause in primary["top_causes"]:
        print(f"  {cause['builders']:4d}  {cause['category']}: {cause['subject']}")
    print("\nto do, after .eval() (every disagreement and first-line mismatch):")
    listed = sorted((row for row in rows if "skipped" not in row and row["judged"]["eval"]["cause"]),
                    key=lambda row: (row["judged"]["eval"]["cause"]["category"], row["builder"]))
    for row in listed:
        cause = row["judged"]["eval"]["cause"]
        print(f"  {row['builder']} ({row['class']}): {cause['category']}: {cause['subject']}"
              + (f" at {cause['where']}" if cause["where"] else ""))
    differing = [row for row in rows if "skipped" not in row
                 and row["judged"]["train"] != row["judged"]["eval"]]
    if differing:
        print("\njudged differently as built (training mode):")
        for row in differing:
            result = row["judged"]["train"]
            cause = result["cause"]
            print(f"  {row['builder']}: " + ("agrees" if result["agree"] else "disagrees")
                  + (f"; {cause['category']}: {cause['subject']} at {cause['where']}" if cause else
                     ", same first line" if result["line_match"] else ""))

    if args.report:
        report = {"torchvision_dir": package_dir, "fxlint": os.path.abspath(args.fxlint),
                  "configuration": document.get("configuration"), "fxlint_seconds": fxlint_seconds,
                  "real_seconds": real_seconds, "fxlint_verdicts": dict(verdicts),
                  "summary": summaries, "fxlint_errors": document.get("errors", []),
                  "file_problems": document.get("file_problems", []), "rows": rows}
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
            handle.write("\n")
        print(f"\nreport: {args.report}")
    if goals_missed(args, "after .eval()", summaries["eval"]):
        return 1
    return 0 if len(skipped) < len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
