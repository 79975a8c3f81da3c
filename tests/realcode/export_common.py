#!/usr/bin/env python3
# Shared by the torch.export real-code checks (export_torchvision_agreement.py,
# export_hf_image_classification.py): real non-strict torch.export as the truth, fxlint's
# `captures.export` verdict (notes/export_contract.md) as the prediction, and the comparison of the two.
"""Helpers of the torch.export agreement checks; not a test on its own.

Truth of one configuration (static, or some dims of the inputs declared torch.export.Dim.AUTO):
  fails        torch.export.export(model, args, kwargs, dynamic_shapes=..., strict=False) raises; the
               failing line is the deepest traceback frame inside the analysed package.
  specialized  export succeeds but a dim declared dynamic is a plain int in the program's placeholder.
  exportable   export succeeds and every declared dim stays symbolic.
fxlint's verdicts (exportable, specialized, fails, unknown) are compared one to one: `unknown` (and an
entry missing from fxlint's output) is a disagreement; a wrong `exportable` is fxlint saying exportable
where real export fails or specializes.
"""
import collections
import json
import os
import subprocess
import time
import traceback

MESSAGE_LIMIT = 300
VERDICTS = ("exportable", "specialized", "fails")
UNSUPPORTED = "fxlint does not support --capture export"
# Raised by export's symbolic tracing only, never by eager: no eager re-run needed to trust the input
# (a detection model's eager run costs 20-50 s on one core).
EXPORT_ONLY_ERRORS = ("GuardOnDataDependentSymNode", "PendingUnbackedSymbolNotFound", "UserError", "Unsupported")


# --- real torch.export --------------------------------------------------------------------------------

def silence_child():
    """In a forked worker: its stdout and stderr go to /dev/null. A failing export logs the whole graph
    it made (megabytes for a detection model); the row carries what the table needs."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def frames_of(error, package_dir):
    """(deepest frame inside package_dir or None, deepest frame of all or None) of an exception."""
    frames = [{"file": os.path.realpath(frame.filename), "line": frame.lineno, "function": frame.name}
              for frame in traceback.extract_tb(error.__traceback__)]
    inside = [frame for frame in frames if frame["file"].startswith(package_dir + os.sep)]
    return (inside[-1] if inside else None), (frames[-1] if frames else None)


def first_line(error):
    text = " ".join(str(error).split())
    return text[:MESSAGE_LIMIT]


def placeholder_dims(program):
    """{user input placeholder name: shape as ints and symbol names} of an ExportedProgram, in input order."""
    from torch.export.graph_signature import InputKind

    nodes = {node.name: node for node in program.graph.nodes if node.op == "placeholder"}
    shapes = {}
    for spec in program.graph_signature.input_specs:
        if spec.kind != InputKind.USER_INPUT or not hasattr(spec.arg, "name"):
            continue
        value = nodes[spec.arg.name].meta.get("val")
        if hasattr(value, "shape"):
            shapes[spec.arg.name] = [dim if isinstance(dim, int) else str(dim) for dim in value.shape]
    return shapes


def export_outcome(model, args, kwargs, dynamic_shapes, declared, package_dir, eager_check=None):
    """What real non-strict torch.export does with these inputs.

    `declared`: [(user input index in flattened input order, dim)] of the dims declared dynamic; each
    must stay symbolic for `exportable`. `eager_check()`, when given, runs the model eagerly on the same
    inputs after a failed export: an input that eager rejects too is the harness's fault, reported as
    `input_rejected` (the row is skipped), not as a `fails`."""
    import torch

    started = time.perf_counter()
    try:
        program = torch.export.export(model, tuple(args), kwargs=kwargs or None, dynamic_shapes=dynamic_shapes,
                                      strict=False)
    except Exception as error:  # noqa: BLE001 - every exception out of export is a real failure
        inside, raised_in = frames_of(error, package_dir)
        outcome = {"outcome": "fails", "exception": type(error).__name__, "message": first_line(error),
                   "failure": inside, "raised_in": raised_in}
        outcome["seconds"] = round(time.perf_counter() - started, 2)
        if eager_check is not None and type(error).__name__ not in EXPORT_ONLY_ERRORS:
            try:
                with torch.no_grad():
                    eager_check()
            except Exception as eager_error:  # noqa: BLE001 - the harness's input is wrong for this model
                outcome["input_rejected"] = f"{type(eager_error).__name__}: {first_line(eager_error)}"
        return outcome
    seconds = round(time.perf_counter() - started, 2)
    shapes = list(placeholder_dims(program).values())
    specialized = []
    for index, dim in declared:
        shape = shapes[index] if index < len(shapes) else None
        if shape is None or isinstance(shape[dim], int):
            specialized.append({"input": index, "dim": dim, "value": shape[dim] if shape else None})
    outcome = {"outcome": "specialized" if specialized else "exportable", "seconds": seconds,
               "input_shapes": shapes}
    if specialized:
        outcome["specialized_dims"] = specialized
    return outcome


# --- fxlint -------------------------------------------------------------------------------------------

def run_fxlint(binary, options, paths, timeout):
    """`fxlint verdicts --capture export --format json OPTIONS PATHS`. Returns (document or None, problem or
    None, seconds). The problem is UNSUPPORTED when the binary does not know --capture export (an older
    binary) or prints no `captures.export` in any entry."""
    command = [binary, "verdicts", "--capture", "export", "--format", "json", *options, *paths]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"fxlint did not finish within {timeout}s (hang?)", timeout
    seconds = round(time.perf_counter() - started, 2)
    if done.returncode < 0:
        return None, f"fxlint killed by signal {-done.returncode}; stderr: {done.stderr.strip()[-500:]}", seconds
    try:
        document = json.loads(done.stdout)
    except json.JSONDecodeError:
        if "--capture" in done.stderr or "capture" in done.stderr.lower():
            return None, f"{UNSUPPORTED} (it said: {done.stderr.strip().splitlines()[0][:200]})", seconds
        return None, f"fxlint exited {done.returncode} without JSON; stderr: {done.stderr.strip()[-500:]}", seconds
    entries = document.get("classes", []) + document.get("factories", [])
    if entries and not any("export" in (entry.get("captures") or {}) for entry in entries):
        return None, f"{UNSUPPORTED} (its JSON has no captures.export)", seconds
    return document, None, seconds


def entry_index(document):
    """({(file, name): class entry}, {(file, name): factory entry}) of a verdicts document."""
    classes, factories = {}, {}
    for entry in document.get("classes", []):
        classes.setdefault((os.path.realpath(entry["file"]), entry["name"]), entry)
    for entry in document.get("factories", []):
        factories.setdefault((os.path.realpath(entry["file"]), entry["name"]), entry)
    return classes, factories


def export_side(entry):
    """{verdict, failure} of an entry's captures.export ('missing' when there is no entry)."""
    if entry is None:
        return {"verdict": "missing", "failure": None}
    capture = (entry.get("captures") or {}).get("export") or {}
    first = capture.get("first_failure")
    failure = {"file": os.path.realpath(first["file"]), "line": first.get("line"), "code": first.get("code"),
               "message": first.get("message", "")} if first else None
    return {"verdict": capture.get("verdict", "missing"), "failure": failure}


# --- comparison ---------------------------------------------------------------------------------------

def where(spot, base):
    if not spot:
        return "?"
    path = os.path.realpath(spot["file"])
    return f"{os.path.relpath(path, base) if path.startswith(base + os.sep) else path}:{spot['line']}"


def judge(real, fxlint, base):
    """{agree, wrong_exportable, line_match, cause} of one model in one configuration."""
    truth, said = real["outcome"], fxlint["verdict"]
    result = {"agree": said == truth, "wrong_exportable": said == "exportable" and truth != "exportable",
              "line_match": None, "cause": None}
    spot, failure = real.get("failure"), fxlint["failure"]
    if truth == "fails" and said == "fails" and spot:
        result["line_match"] = bool(failure and (spot["file"], spot["line"]) == (failure["file"], failure["line"]))
    real_text = (f"real {real['exception']} at {where(spot or real.get('raised_in'), base)}: {real['message']}"
                 if truth == "fails" else f"real {truth}")
    fx_text = (f"{failure['code']} at {where(failure, base)}: {failure['message']}" if failure else "")
    if not result["agree"]:
        result["cause"] = f"fxlint {said}, real {truth}: " + "; ".join(t for t in (fx_text, real_text) if t)
    elif result["line_match"] is False:
        result["cause"] = f"both fail, other first line: fxlint {fx_text}; {real_text}"
    return result


def summarize(rows, name):
    """Figures of one configuration over the rows that have a judgement for it."""
    judged = [row for row in rows if name in row.get("judged", {})]
    results = [row["judged"][name] for row in judged]
    both_fail = [result for result in results if result["line_match"] is not None]
    same_line = sum(bool(result["line_match"]) for result in both_fail)
    agree = sum(result["agree"] for result in results)
    return {
        "compared": len(judged),
        "real": dict(collections.Counter(row["real"][name]["outcome"] for row in judged)),
        "fxlint": dict(collections.Counter(row["fxlint"][name]["verdict"] for row in judged)),
        "agree": agree,
        "agreement": round(agree / len(judged), 4) if judged else None,
        "wrong_exportable": [row["key"] for row, result in zip(judged, results) if result["wrong_exportable"]],
        "both_fail": len(both_fail),
        "first_line_match": same_line,
        "first_line_share": round(same_line / len(both_fail), 4) if both_fail else None,
    }


def truth_counts(rows, configurations):
    """{configuration: {exportable: n, specialized: n, fails: n, skipped: n}} of the real side alone."""
    counts = {}
    for name in configurations:
        counter = collections.Counter({verdict: 0 for verdict in VERDICTS})
        for row in rows:
            real = row.get("real", {}).get(name)
            counter[real["outcome"] if real and "input_rejected" not in real else "skipped"] += 1
        counts[name] = dict(counter)
    return counts


def print_truth(label, counts, seconds):
    for name, counter in counts.items():
        print(f"[{label}] truth {name}: " + ", ".join(f"{verdict} {counter.get(verdict, 0)}"
                                                      for verdict in (*VERDICTS, "skipped"))
              + f" (real export {seconds}s)")


def print_summary(label, summary):
    share = summary["first_line_share"]
    print(f"[{label}] real {summary['real']}; fxlint {summary['fxlint']}; agreement {summary['agree']}/"
          f"{summary['compared']} = {summary['agreement']}; wrong exportable {len(summary['wrong_exportable'])}"
          + (f" ({', '.join(summary['wrong_exportable'])})" if summary["wrong_exportable"] else "")
          + f"; first failing line equal where both fail {summary['first_line_match']}/{summary['both_fail']}"
          f" = {share}")


def print_disagreements(label, rows, name):
    """Wrong `exportable`s first (the verdict that must never be wrong), then every other disagreement and
    first-line mismatch."""
    judged = [row for row in rows if name in row.get("judged", {}) and row["judged"][name]["cause"]]
    wrong = [row for row in judged if row["judged"][name]["wrong_exportable"]]
    if wrong:
        print(f"\nWRONG exportable [{label}] (fxlint says exportable, real export does not):")
        for row in wrong:
            print(f"  {row['key']}: {row['judged'][name]['cause']}")
    others = [row for row in judged if not row["judged"][name]["wrong_exportable"]]
    if others:
        print(f"\nto do [{label}]: other disagreements and first-line mismatches:")
        for row in sorted(others, key=lambda row: (row["judged"][name]["cause"].split(":")[0], row["key"])):
            print(f"  {row['key']}: {row['judged'][name]['cause']}")


def add_goal_options(parser):
    parser.add_argument("--min-agreement", type=float, metavar="FRACTION",
                        help="exit 1 when a configuration's agreement is below FRACTION (e.g. 0.97)")
    parser.add_argument("--max-wrong-exportable", type=int, metavar="N",
                        help="exit 1 when a configuration has more than N wrong `exportable` verdicts")
    parser.add_argument("--min-first-line", type=float, metavar="FRACTION",
                        help="exit 1 when, where both fail, the first failing line matches for less than FRACTION")
    parser.add_argument("--truth-only", action="store_true",
                        help="only run real torch.export and print the truth table (no fxlint, exit 0)")


def goals_missed(args, label, summary):
    missed = []
    if args.min_agreement is not None and (summary["agreement"] or 0) < args.min_agreement:
        missed.append(f"[{label}] agreement {summary['agreement']} < {args.min_agreement}")
    if args.max_wrong_exportable is not None and len(summary["wrong_exportable"]) > args.max_wrong_exportable:
        missed.append(f"[{label}] wrong exportable {len(summary['wrong_exportable'])} > {args.max_wrong_exportable}")
    share = summary["first_line_share"]
    if args.min_first_line is not None and share is not None and share < args.min_first_line:
        missed.append(f"[{label}] first failing line {share} < {args.min_first_line}")
    for message in missed:
        print("GOAL MISSED " + message)
    return missed


def no_comparison(problem, report, report_path):
    """Says why fxlint's verdicts could not be compared, records it in the report; exit status 1."""
    print(f"\n{problem}: no comparison made" if problem.startswith(UNSUPPORTED) else
          "\nno fxlint verdicts to compare with: the comparison cannot be made")
    report["problem"] = problem
    if report_path:
        write_report(report_path, report)
    return 1


def write_report(path, report):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
        handle.write("\n")
    print(f"\nreport: {path}")
