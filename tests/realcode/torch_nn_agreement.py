#!/usr/bin/env python3
# The torch.nn corpus: every public torch.nn module class that builds with no arguments, traced as the
# root of plain torch.fx.symbolic_trace (its own forward runs, with torch's own checks), against fxlint's
# verdict of the same class read from torch/nn/modules/ of the installed torch.
"""fxlint vs real torch.fx on torch.nn's own module classes.

  torch_nn_agreement.py --fxlint BINARY [--report PATH] [--require-agreement PCT] [--require-first-line PCT]
                        [--max-unknown PCT]

Truth: `symbolic_trace(cls())` raises (fails, with the deepest frame inside torch/nn/modules/ as the line)
or not (traces: traceable or specialized count alike, as no input is run). fxlint: `fxlint verdicts` on
torch/nn/modules/. Reported: rows, agreement, unknown, wrong "traceable" (fxlint says it traces, real FX
raises: always a failure of this test), first-failing-line exactness over the real failures both report.
"""
import argparse
import inspect
import json
import os
import subprocess
import sys
import traceback
import warnings

import torch
import torch.fx
import torch.nn as nn

CONTAINERS = (nn.Module, nn.Sequential, nn.ModuleList, nn.ModuleDict, nn.ParameterList, nn.ParameterDict)


def real_outcomes(modules_dir):
    """{qualified class name: (verdict, file, line)} for every class buildable with no arguments."""
    rows = {}
    for name in sorted(dir(nn)):
        cls = getattr(nn, name)
        if not inspect.isclass(cls) or not issubclass(cls, nn.Module) or name.startswith("_") or cls in CONTAINERS:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = cls()
        except Exception:
            continue  # needs arguments: not in this corpus
        qualified = f"{cls.__module__}.{cls.__qualname__}"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.fx.symbolic_trace(module)
            rows[qualified] = ("traces", None, None)
        except Exception as error:
            # torch.nn.Module's own file is the base every model shares, not this corpus's code: a frame
            # there (no forward defined) counts as no frame, as it would for any other library.
            frames = [f for f in traceback.extract_tb(error.__traceback__)
                      if os.path.realpath(f.filename).startswith(modules_dir)
                      and os.path.basename(f.filename) != "module.py"]
            where = frames[-1] if frames else None
            rows[qualified] = ("fails", os.path.relpath(where.filename, os.path.dirname(os.path.dirname(os.path.dirname(modules_dir))))
                               if where else None, where.lineno if where else None)
    return rows


def fxlint_verdicts(binary, site_packages):
    done = subprocess.run([binary, "verdicts", "--format", "json", "--no-cache", "torch/nn/modules"],
                          cwd=site_packages, capture_output=True, text=True, timeout=600)
    if done.returncode < 0 or not done.stdout.strip():
        sys.exit(f"fxlint crashed or printed nothing (exit {done.returncode}): {done.stderr[-500:]}")
    document = json.loads(done.stdout)
    verdicts = {}
    for entry in document["classes"]:
        module = entry["file"][:-3].replace("/", ".")
        failure = entry.get("first_failure") or {}
        verdicts[f"{module}.{entry['name']}"] = (entry["verdict"], failure.get("file"), failure.get("line"))
    return verdicts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fxlint", required=True)
    parser.add_argument("--report")
    parser.add_argument("--require-agreement", type=float, default=0)
    parser.add_argument("--require-first-line", type=float, default=0)
    parser.add_argument("--max-unknown", type=float, default=100)
    args = parser.parse_args()

    modules_dir = os.path.dirname(os.path.realpath(nn.modules.__file__))
    site_packages = os.path.dirname(os.path.dirname(os.path.dirname(modules_dir)))
    real = real_outcomes(modules_dir)
    ours = fxlint_verdicts(os.path.abspath(args.fxlint), site_packages)

    agree = unknown = wrong_ok = failures_both = first_line_exact = 0
    lines = []
    for name, (truth, file, line) in sorted(real.items()):
        verdict, our_file, our_line = ours.get(name, ("missing", None, None))
        if verdict == "unknown":
            unknown += 1
        said_traces = verdict in ("traceable", "specialized")
        ok = (truth == "traces" and said_traces) or (truth == "fails" and verdict == "fails")
        agree += ok
        if truth == "fails" and said_traces:
            wrong_ok += 1
        exact = None
        if truth == "fails" and verdict == "fails" and line is not None:
            failures_both += 1
            exact = (our_file, our_line) == (file, line)
            first_line_exact += exact
        if not ok or exact is False:
            lines.append(f"  {name}: real {truth} {file or ''}:{line or ''}, fxlint {verdict} {our_file or ''}:{our_line or ''}")
    total = len(real)
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    print(f"torch.nn classes built with no arguments: {total}; real torch.fx: "
          f"{sum(r[0] == 'traces' for r in real.values())} trace, {sum(r[0] == 'fails' for r in real.values())} fail")
    print(f"agreement {agree}/{total} = {pct(agree, total):.1f}%; unknown {unknown} ({pct(unknown, total):.1f}%); "
          f"wrong traceable {wrong_ok}; first failing line exact {first_line_exact}/{failures_both} = "
          f"{pct(first_line_exact, failures_both):.1f}%")
    if lines:
        print("disagreements and first-line mismatches:\n" + "\n".join(lines))
    if args.report:
        with open(args.report, "w") as f:
            json.dump({"real": real, "fxlint": ours}, f, indent=1, sort_keys=True)
    problems = []
    if wrong_ok:
        problems.append(f"{wrong_ok} wrong traceable")
    if pct(agree, total) < args.require_agreement:
        problems.append(f"agreement {pct(agree, total):.1f}% < {args.require_agreement}%")
    if pct(first_line_exact, failures_both) < args.require_first_line:
        problems.append(f"first line {pct(first_line_exact, failures_both):.1f}% < {args.require_first_line}%")
    if pct(unknown, total) > args.max_unknown:
        problems.append(f"unknown {pct(unknown, total):.1f}% > {args.max_unknown}%")
    if problems:
        print("GOAL MISSED: " + "; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
