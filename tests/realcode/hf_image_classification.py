#!/usr/bin/env python3
# Real-code agreement on HuggingFace: for every `*ForImageClassification` class of the installed transformers'
# models/, compares fxlint's static verdict with what real torch.fx.symbolic_trace does to the model built
# from its default config, vanilla and with only pixel_values traced, and prints the agreement, the
# first-failing-line agreement and every disagreement grouped by cause, most frequent first (a to-do list).
"""fxlint vs real torch.fx on the installed transformers' image classification models.

  hf_image_classification.py --fxlint BINARY [--report PATH] [--jobs N] [--limit N] [--timeout SECONDS]

Classes are found by reading models/*/modeling_*.py for `class XxxForImageClassification(`; each one is
imported, built and traced in its own forked process (at most --jobs at a time), so a slow import, a hang or
a crash costs one row. A model is `cls(cls.config_class())` with random weights and no hub access, left as
constructed (training mode: fxlint cannot know the mode and reports the first failure on any path).
One change to the default configs: every `num_hidden_layers` above LAYER_LIMIT, in the config and its
sub-configs, is lowered to LAYER_LIMIT (printed per model); widths are unchanged. Measured with transformers
5.24: every real outcome and failing line is the same with the default layer counts, but the run takes
126 s instead of 44 s and ShieldGemma2's default Gemma-3 model alone needs 13 GB and 65 s to build.

Two trace configurations, as fxlint names them:
  vanilla               symbolic_trace(model): every forward parameter is a Proxy.
  inputs=pixel_values   symbolic_trace(model, concrete_args={every other parameter with a default: the
                        default}), HuggingFace's convention. `**kwargs` has no default, so FX still makes it
                        a Proxy, as fxlint does with --inputs.
The real failing line is the deepest traceback frame inside the installed transformers package.
fxlint runs once per configuration on the model directories of the compared classes, with
`--root <site-packages>` so imports reaching outside them (utils/, other models, torch) resolve. The whole
models/ directory (560 models) was 20x slower when measured: 160 s per configuration against 8 s.

Skipped, with the reason: classes that are not nn.Modules (AutoModelForImageClassification), whose forward
takes no pixel_values (ImageGPT), or that cannot be built offline (a missing optional package: timm, natten).
Exits 1 when fxlint crashed, hung or printed no JSON, or when a --require-* threshold is missed in either
configuration (first line: of the classes both fail on); without those options it only reports.
"""
import argparse
import ast
import collections
import glob
import importlib.util
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torchvision_agreement as shared  # noqa: E402 - the sibling harness, found through the path above

# Never reach the hub: configs are built locally and weights are random.
os.environ["HF_HUB_OFFLINE"] = "1"

TRACED_INPUT = "pixel_values"
# Trace configuration name -> fxlint's --inputs value (None: vanilla). Names are fxlint's own.
CONFIGURATIONS = {"vanilla": None, "inputs=pixel_values": TRACED_INPUT}
LAYER_LIMIT = 2
CLASS_RE = re.compile(r"^class (\w+ForImageClassification)\(", re.MULTILINE)
# FX002's message: "`call text` passes a traced value to `callee`, which fxlint cannot see; ...".
UNRESOLVED_RE = re.compile(r"^`(.*?)` passes a traced value to `([^`]*)`, which fxlint cannot see", re.DOTALL)


def transformers_dir():
    """The installed package directory, found without importing transformers."""
    return os.path.realpath(os.path.dirname(importlib.util.find_spec("transformers").origin))


def discover(package_dir):
    """Every `class XxxForImageClassification(` of models/*/modeling_*.py, in path order."""
    found = []
    for path in sorted(glob.glob(os.path.join(package_dir, "models", "*", "modeling_*.py"))):
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        for match in CLASS_RE.finditer(source):
            directory = os.path.basename(os.path.dirname(path))
            found.append({"class": match.group(1), "file": path, "line": source.count("\n", 0, match.start()) + 1,
                          "module": f"transformers.models.{directory}.{os.path.basename(path)[:-3]}"})
    return found


# --- real torch.fx ------------------------------------------------------------------------------------

def prepare_torch():
    """Imports what every model shares once in this process, so that every forked child starts warm."""
    import logging
    import warnings

    import torch
    import torch.fx  # noqa: F401 - imported here so that the children inherit it
    import transformers.modeling_utils  # noqa: F401 - the PreTrainedModel machinery every model imports

    # Parallel jobs share the machine's cores; one intra-op thread each avoids oversubscription.
    torch.set_num_threads(1)
    logging.getLogger("torch.fx._symbolic_trace").setLevel(logging.ERROR)
    transformers.logging.set_verbosity_error()
    # Deprecation and config warnings of dozens of models: noise in the table.
    warnings.simplefilter("ignore")


def shrink(config, changes, prefix=""):
    """Lowers num_hidden_layers to LAYER_LIMIT in config and its sub-configs; records each change."""
    from transformers import PreTrainedConfig

    layers = getattr(config, "num_hidden_layers", None)
    if isinstance(layers, int) and layers > LAYER_LIMIT:
        config.num_hidden_layers = LAYER_LIMIT
        changes.append(f"{prefix}num_hidden_layers {layers} -> {LAYER_LIMIT}")
    for name, value in vars(config).items():
        if isinstance(value, PreTrainedConfig):
            shrink(value, changes, f"{prefix}{name}.")


def real_failure(error, package_dir):
    """Where a real failure points: `failure` is the deepest traceback frame inside transformers (the line
    fxlint must name); `raised_in` is the deepest frame of all (inside torch.fx when transformers' code is
    not on the stack at all, as when FX cannot even set up the call of a decorated forward)."""
    import traceback

    frames = [{"file": os.path.realpath(frame.filename), "line": frame.lineno, "function": frame.name}
              for frame in traceback.extract_tb(error.__traceback__)]
    inside = [frame for frame in frames if frame["file"].startswith(package_dir + os.sep)]
    return {"failure": inside[-1] if inside else None, "raised_in": frames[-1] if frames else None}


def trace_outcome(model, concrete_args, package_dir):
    """What real symbolic_trace does to the model: traces, or fails with the exception and where."""
    import torch.fx

    started = time.perf_counter()
    try:
        torch.fx.symbolic_trace(model, concrete_args=concrete_args)
        outcome = {"outcome": "traces"}
    except Exception as error:  # noqa: BLE001 - every exception out of symbolic_trace is a real failure
        text = str(error).strip()
        outcome = {"outcome": "fails", "exception": type(error).__name__,
                   "message": text.splitlines()[0][:shared.MESSAGE_LIMIT] if text else "",
                   **real_failure(error, package_dir)}
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def one_line(error):
    """`Type: message` on one line: transformers' missing-package errors span several."""
    return f"{type(error).__name__}: {' '.join(str(error).split())}"[:shared.MESSAGE_LIMIT]


def build_and_trace(candidate, package_dir):
    """Builds one model and traces it in both configurations; returns its row. Runs in a forked child."""
    import importlib
    import inspect

    import torch

    row = dict(candidate)
    started = time.perf_counter()
    try:
        cls = getattr(importlib.import_module(candidate["module"]), candidate["class"])
    except Exception as error:  # noqa: BLE001 - an import failure (missing optional package) is a skip reason
        row["skipped"] = f"cannot import: {one_line(error)}"
        return row
    if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
        row["skipped"] = f"not an nn.Module (bases: {', '.join(base.__name__ for base in cls.__mro__[1:3])})"
        return row
    parameters = inspect.signature(cls.forward).parameters
    if TRACED_INPUT not in parameters:
        row["skipped"] = f"forward takes no {TRACED_INPUT}"
        return row
    try:
        config = cls.config_class()
        row["config_class"] = type(config).__name__
        row["config_changes"] = []
        shrink(config, row["config_changes"])
        model = cls(config)
    except Exception as error:  # noqa: BLE001 - any failure to build is a skip reason, not a verdict
        row["skipped"] = f"cannot build offline: {one_line(error)}"
        return row
    row["build_seconds"] = round(time.perf_counter() - started, 2)
    concrete = {name: parameter.default for name, parameter in parameters.items()
                if name not in ("self", TRACED_INPUT) and parameter.default is not inspect.Parameter.empty}
    row["concrete_args"] = sorted(concrete)
    row["real"] = {"vanilla": trace_outcome(model, None, package_dir),
                   "inputs=pixel_values": trace_outcome(model, concrete, package_dir)}
    return row


def send_row(candidate, package_dir, sender):
    """The forked child's whole life: one row, sent back to the parent."""
    try:
        row = build_and_trace(candidate, package_dir)
    except Exception as error:  # noqa: BLE001 - a harness bug must cost one row, not the run
        row = dict(candidate, skipped=f"harness error: {one_line(error)}")
    sender.send(row)


def run_real(candidates, package_dir, jobs, timeout):
    """Rows of every candidate, each imported, built and traced in its own forked process (at most `jobs`
    at a time) that sends its row back through a pipe, so a crash or a hang costs one row. Forking after
    prepare_torch saves the torch and transformers import in every child."""
    context = multiprocessing.get_context("fork")
    rows, pending, running = [None] * len(candidates), collections.deque(enumerate(candidates)), {}
    while pending or running:
        while pending and len(running) < jobs:
            index, candidate = pending.popleft()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=send_row, args=(candidate, package_dir, sender), daemon=True)
            process.start()
            # Only the child holds the sending end now: its death makes the receiver readable (EOF).
            sender.close()
            running[receiver] = (index, process, time.perf_counter())
        for receiver in multiprocessing.connection.wait(list(running), timeout=0.5):
            index, process, started = running.pop(receiver)
            try:
                row = dict(receiver.recv(), wall_seconds=round(time.perf_counter() - started, 2))
            except EOFError:
                row = None
            process.join()
            receiver.close()
            rows[index] = row or dict(candidates[index],
                                      skipped=f"worker died (exit code {process.exitcode}) before reporting")
        for receiver, (index, process, started) in list(running.items()):
            if time.perf_counter() - started > timeout:
                process.kill()
                process.join()
                receiver.close()
                del running[receiver]
                rows[index] = dict(candidates[index], skipped=f"import+build+trace exceeded {timeout}s")
    return rows


# --- fxlint -------------------------------------------------------------------------------------------

def run_fxlint(binary, site_packages, paths, inputs, timeout):
    """One fxlint run. Returns (document or None, problem text or None, seconds)."""
    command = [binary, "verdicts", "--format", "json"] + (["--inputs", inputs] if inputs else []) + \
        ["--root", site_packages, *paths]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"fxlint did not finish within {timeout}s (hang?)", timeout
    seconds = round(time.perf_counter() - started, 2)
    if done.returncode < 0:
        return None, f"fxlint killed by signal {-done.returncode}; stderr: {done.stderr.strip()[-500:]}", seconds
    try:
        return json.loads(done.stdout), None, seconds
    except json.JSONDecodeError:
        return None, f"fxlint exited {done.returncode} without JSON; stderr: {done.stderr.strip()[-500:]}", seconds


# --- causes -------------------------------------------------------------------------------------------

def template(message):
    """A message with its code fragments and numbers blanked, so that one cause groups across models."""
    return re.sub(r"\d+", "N", re.sub(r"`[^`]*`", "`…`", message.splitlines()[0] if message else ""))


def where(spot, package_dir):
    """`file:line`, relative to transformers inside it and to site-packages outside (torch/, regex/)."""
    if spot is None:
        return "?"
    path = os.path.realpath(spot["file"])
    base = package_dir if path.startswith(package_dir + os.sep) else os.path.dirname(package_dir)
    return f"{os.path.relpath(path, base)}:{spot['line']}"


def real_where(real, package_dir):
    """`file:line` of a real failure: in transformers when its code is on the stack, else where it raised."""
    return where(real.get("failure") or real.get("raised_in"), package_dir)


def chain_text(chain):
    """A site's call chain, its middle elided when long."""
    shown = chain if len(chain) <= 5 else [*chain[:2], "…", *chain[-2:]]
    return " -> ".join(shown)


def real_cause(real, model_dir, package_dir):
    """The real side of a cause. A failure in shared code (a decorator's wrapper in utils/, torch.fx itself)
    is one cause for every model that reaches it, so it is named by place; one in the model's own code by
    its exception."""
    frame = real.get("failure") or real.get("raised_in")
    if frame and not frame["file"].startswith(model_dir + os.sep):
        return f"real {real['exception']} at {real_where(real, package_dir)} (`{frame['function']}`)"
    return f"real {real['exception']} in the model's own code: {template(real['message'])}"


def assigned_values(class_node, attribute):
    """Every value assigned to `self.attribute` in the class's methods, in source order."""
    values = []
    for node in ast.walk(class_node):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
        if any(isinstance(target, ast.Attribute) and target.attr == attribute and isinstance(target.value, ast.Name)
               and target.value.id == "self" for target in targets):
            values.append(node.value)
    return sorted(values, key=lambda value: (value.lineno, value.col_offset))


def unresolved_cause(site, indexes):
    """The cause of an FX002 site: what the unseen callee is, read from the source with ast. A submodule
    call (`self.act(x)`) is explained by how the class builds it (`ACT2FN[...]`), not by its name; of
    several assignments (`= ACT2FN[...]` in one branch, `= None` in another) the one that builds a module."""
    match = UNRESOLVED_RE.match(site["message"])
    if not match:
        return f"FX002 {template(site['message'])}"
    call_text, callee = match.groups()
    attribute = re.match(r"self\.(\w+)\(", call_text)
    if not attribute:
        root = callee.split(".")[0]
        if "." in callee and root not in ("self", "transformers"):
            return f"FX002 call into another library: `{root}`"
        return f"FX002 call of a value fxlint cannot resolve: `{callee}`"
    path = os.path.realpath(site["file"])
    if path not in indexes:
        indexes[path] = shared.SourceIndex(path)
    class_node = indexes[path].class_at(site["line"])
    values = assigned_values(class_node, attribute.group(1)) if class_node else []
    value = next((value for value in values if isinstance(value, (ast.Subscript, ast.Call))),
                 values[0] if values else None)
    if value is None:
        return "FX002 submodule assigned outside its class"
    if isinstance(value, ast.Subscript):
        return f"FX002 submodule looked up in `{shared.dotted(value.value) or ast.unparse(value.value)}[...]`"
    if isinstance(value, ast.Call):
        return f"FX002 submodule built by `{shared.dotted(value.func) or ast.unparse(value.func)}(...)`"
    return f"FX002 submodule assigned `{ast.unparse(value)[:60]}`"


def judge(real, entry, model_dir, package_dir, indexes):
    """{agree, line_match, cause, reason, where} of one class in one configuration. cause is None when the
    two agree on the verdict and, where both fail, on the first failing line; reason is fxlint's own
    (its first failure's message, or its first reason for `unknown`) followed by what real FX did."""
    side, failure = shared.fxlint_side(entry)
    real_fails = real["outcome"] == "fails"
    result = {"agree": side in ("traces", "fails") and (side == "fails") == real_fails, "line_match": None,
              "cause": None, "reason": "", "where": ""}
    if real_fails and side == "fails":
        spot = real.get("failure")
        result["line_match"] = bool(spot and (spot["file"], spot["line"]) == (failure["file"], failure["line"]))
    real_text = f"real {real['exception']} at {real_where(real, package_dir)}: {real['message']}" \
        if real_fails else "real traces"
    if side == "missing":
        result.update(cause="class missing from fxlint output", reason=real_text)
    elif side == "unknown":
        site = next((site for site in entry.get("sites", []) if site.get("code") in shared.ANALYSIS_LIMIT_CODES),
                    None)
        if site is None:
            reason = (entry.get("unknown_reasons") or ["no reason given"])[0]
            result.update(cause=f"fxlint unknown: {template(reason)}", reason=f"{reason} ({real_text})")
        else:
            cause = unresolved_cause(site, indexes) if site["code"] == "FX002" else \
                f"{site['code']} {template(site['message'])}"
            chain = site.get("chain") or []
            # A chain that does not start at a forward is fxlint running module-level code (a decorator).
            if chain and not chain[0].endswith(".forward"):
                cause += f" (reached through `{chain[0]}`)"
            result.update(cause=f"fxlint unknown: {cause}",
                          reason=f"{site['message']} via {chain_text(chain)} ({real_text})",
                          where=where(site, package_dir))
    elif side == "fails" and not real_fails:
        result.update(cause=f"fxlint fails, real traces: {failure['code']} {template(failure['message'])}",
                      reason=failure["message"], where=where(failure, package_dir))
    elif side == "traces" and real_fails:
        result.update(cause=f"fxlint {entry['verdict']}, {real_cause(real, model_dir, package_dir)}",
                      reason=f"fxlint {entry['verdict']} with {len(entry.get('sites', []))} sites; {real_text}",
                      where=real_where(real, package_dir))
    elif result["line_match"] is False:
        result.update(cause=f"both fail, other first line: fxlint {failure['code']} {template(failure['message'])}"
                            f"; {real_cause(real, model_dir, package_dir)}",
                      reason=f"{failure['code']} {failure['message']} "
                             f"({'certain' if failure.get('certain') else 'uncertain'} path; {real_text})",
                      where=where(failure, package_dir))
    return result


def compare(rows, documents, package_dir):
    """Adds, per configuration, fxlint's verdict and the judgement to each compared row."""
    indexes = {}
    for name, document in documents.items():
        classes = {}
        for entry in document.get("classes", []):
            classes.setdefault((os.path.realpath(entry["file"]), entry["name"]), entry)
        for row in rows:
            if "skipped" in row:
                continue
            entry = classes.get((os.path.realpath(row["file"]), row["class"]))
            row.setdefault("fxlint", {})[name] = {"verdict": entry["verdict"] if entry else "missing",
                                                  "failure": shared.fxlint_side(entry)[1],
                                                  "unknown_reasons": entry.get("unknown_reasons", []) if entry else []}
            row.setdefault("judged", {})[name] = judge(row["real"][name], entry, os.path.dirname(row["file"]),
                                                       package_dir, indexes)


def summarize(rows, name):
    compared = [row for row in rows if "skipped" not in row]
    judged = [row["judged"][name] for row in compared]
    real_fails = sum(row["real"][name]["outcome"] == "fails" for row in compared)
    both_fail = [result for result in judged if result["line_match"] is not None]
    same_line = sum(result["line_match"] for result in both_fail)
    agree = sum(result["agree"] for result in judged)
    groups = collections.defaultdict(list)
    for row, result in zip(compared, judged, strict=True):
        if result["cause"]:
            groups[result["cause"]].append({"class": row["class"], "where": result["where"],
                                            "reason": result["reason"]})
    return {
        "compared": len(compared),
        "real_traces": len(compared) - real_fails,
        "real_fails": real_fails,
        "agree": agree,
        "agreement_percent": shared.percent(agree, len(compared)),
        "both_fail": len(both_fail),
        "first_line_match": same_line,
        "first_line_match_percent": shared.percent(same_line, len(both_fail)),
        "unknown": sum(row["fxlint"][name]["verdict"] == "unknown" for row in compared),
        "fxlint_verdicts": dict(collections.Counter(row["fxlint"][name]["verdict"] for row in compared)),
        # Most frequent cause first; within a cause, by class name.
        "causes": [{"cause": cause, "count": len(members), "classes": sorted(members, key=lambda m: m["class"])}
                   for cause, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))],
    }


# --- output -------------------------------------------------------------------------------------------

def print_table(rows, package_dir):
    def real_text(real):
        return real["outcome"] + (f" {real_where(real, package_dir)}" if real["outcome"] == "fails" else "")

    def fxlint_text(fxlint):
        return fxlint["verdict"] + (f" {where(fxlint['failure'], package_dir)}"
                                    if fxlint["verdict"] == "fails" else "")

    def match_text(result):
        return ("yes" if result["agree"] else "no") + \
            ("" if result["line_match"] is None else "+line" if result["line_match"] else "-line")

    header = ["class"]
    for name in CONFIGURATIONS:
        header += [f"real {name}", f"fxlint {name}", "match"]
    table = [header]
    for row in rows:
        if "skipped" in row:
            continue
        line = [row["class"]]
        for name in CONFIGURATIONS:
            line += [real_text(row["real"][name]), fxlint_text(row["fxlint"][name]), match_text(row["judged"][name])]
        table.append(line)
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    print("match: yes/no = agreement on fails vs traces (unknown is no); +line/-line = same/other first failing line")


def print_summary(name, summary):
    print(f"[{name}] real torch.fx: {summary['real_traces']} trace, {summary['real_fails']} fail; fxlint "
          f"{summary['fxlint_verdicts']}; agreement {summary['agree']}/{summary['compared']} = "
          f"{summary['agreement_percent']}%; first failing line equal where both fail {summary['first_line_match']}/"
          f"{summary['both_fail']} = {summary['first_line_match_percent']}%; unknown {summary['unknown']}")


def print_causes(name, summary):
    print(f"\nto do [{name}]: every disagreement and first-line mismatch, grouped by cause, most frequent first")
    for group in summary["causes"]:
        print(f"  {group['count']:3d}  {group['cause']}")
        for member in group["classes"]:
            print(f"         {member['class']}" + (f" at {member['where']}" if member["where"] else "")
                  + f": {' '.join(member['reason'].split())[:shared.MESSAGE_LIMIT]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    parser.add_argument("--report", help="write the JSON report here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="models traced in parallel")
    parser.add_argument("--limit", type=int, help="only the first N classes (in path order), for quick runs")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per model (import + build + traces)")
    parser.add_argument("--fxlint-timeout", type=int, default=600, help="seconds per fxlint run")
    shared.add_goal_options(parser)
    args = parser.parse_args()

    package_dir = transformers_dir()
    site_packages = os.path.dirname(package_dir)
    candidates = discover(package_dir)[:args.limit]
    started = time.perf_counter()
    prepare_torch()
    rows = run_real(candidates, package_dir, max(1, args.jobs), args.timeout)
    real_seconds = round(time.perf_counter() - started, 1)
    compared = [row for row in rows if "skipped" not in row]
    if not compared:
        for row in rows:
            print(f"skipped {row['class']}: {row['skipped']}")
        print("no class could be built and traced: nothing to run fxlint on")
        return 0
    directories = sorted({os.path.dirname(row["file"]) for row in compared})

    documents, fxlint_seconds = {}, {}
    for name, inputs in CONFIGURATIONS.items():
        document, problem, fxlint_seconds[name] = run_fxlint(args.fxlint, site_packages, directories, inputs,
                                                             args.fxlint_timeout)
        print(f"fxlint verdicts [{name}] on {len(directories)} model directories: {fxlint_seconds[name]}s"
              + (f" -- {problem}" if problem else ""))
        if document is None:
            print("no fxlint verdicts to compare with: the comparison cannot be made")
            return 1
        documents[name] = document
    compare(rows, documents, package_dir)

    print_table(rows, package_dir)
    print()
    skipped = [row for row in rows if "skipped" in row]
    for row in skipped:
        print(f"skipped {row['class']} ({shared.relative(row['file'], package_dir)}): {row['skipped']}")
    for row in compared:
        if row["config_changes"]:
            print(f"config of {row['class']}: {row['config_class']}() with {', '.join(row['config_changes'])}")
    summaries = {name: summarize(rows, name) for name in CONFIGURATIONS}
    print(f"classes: {len(rows)} ({len(compared)} compared, {len(skipped)} skipped); unknown counts as a disagreement")
    for name, summary in summaries.items():
        print_summary(name, summary)
    print(f"time: real import+build+trace {real_seconds}s with {args.jobs} jobs; fxlint "
          + ", ".join(f"{name} {seconds}s" for name, seconds in fxlint_seconds.items()))
    for name, summary in summaries.items():
        print_causes(name, summary)

    if args.report:
        report = {"transformers_dir": package_dir, "fxlint": os.path.abspath(args.fxlint),
                  "configurations": {name: document.get("configuration") for name, document in documents.items()},
                  "fxlint_seconds": fxlint_seconds, "real_seconds": real_seconds, "summary": summaries,
                  "fxlint_errors": {name: document.get("errors", []) for name, document in documents.items()},
                  "file_problems": {name: document.get("file_problems", []) for name, document in documents.items()},
                  "rows": rows}
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
            handle.write("\n")
        print(f"\nreport: {args.report}")
    missed = [shared.goals_missed(args, name, summary, "first_line_match_percent") for name, summary in summaries.items()]
    return 1 if any(missed) else 0


if __name__ == "__main__":
    sys.exit(main())
