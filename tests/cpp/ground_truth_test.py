#!/usr/bin/env python3
"""The C++ ground truth: fxlint's verdict on every module of samples/cpp agrees with LibTorch's tracer.

usage: ground_truth_test.py FXLINT TRACE_SAMPLES SAMPLES_CPP_DIR

trace_samples (samples/cpp/trace_samples.cpp) traces each sample module at one input size and replays
the graph at a second size, printing per module the dims that differed and whether tracing raised or
the graph stayed valid. fxlint is told the same dims (`--dynamic input:dims`) and must say:
raised -> fails, valid -> traceable, otherwise specialized. Every module class fxlint finds in
samples/cpp must be traced, and every traced one found: a sample cannot slip out of the comparison.
"""
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path


def tracer_truth(trace_samples):
    run = subprocess.run([trace_samples], capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        sys.exit(f"trace_samples failed ({run.returncode}):\n{run.stderr}")
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def expected_verdict(entry):
    if entry["raised"]:
        return "fails"
    return "traceable" if entry["valid"] else "specialized"


def fxlint_verdicts(fxlint, path, dynamic):
    args = [fxlint, "verdicts", "--format", "json", "--isolated"]
    for name, dims in sorted(dynamic.items()):
        args += ["--dynamic", f"{name}:{','.join(str(d) for d in dims)}"]
    run = subprocess.run(args + [str(path)], capture_output=True, text=True, timeout=600)
    if run.returncode not in (0, 1):
        sys.exit(f"fxlint failed on {path} ({run.returncode}):\n{run.stderr}")
    doc = json.loads(run.stdout)
    if doc["file_problems"]:
        sys.exit(f"fxlint could not analyze {path}: {doc['file_problems']}")
    return {entry["name"]: entry["verdict"] for entry in doc["classes"]}


def main():
    fxlint, trace_samples, samples = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    truth = tracer_truth(trace_samples)
    by_file = defaultdict(list)
    for entry in truth:
        by_file[entry["file"]].append(entry)
    analyzed = {path.name for path in samples.glob("*.h")}
    problems = [f"{name}: not traced by trace_samples" for name in sorted(analyzed - set(by_file))]
    agree = total = 0
    for name, entries in sorted(by_file.items()):
        dynamic = {}
        for entry in entries:
            if dynamic.setdefault(entry["input"], entry["dynamic"]) != entry["dynamic"]:
                problems.append(f"{name}: input {entry['input']} varied differently across modules")
        found = fxlint_verdicts(fxlint, samples / name, dynamic)
        traced = {entry["class"] for entry in entries}
        problems += [f"{name}: {cls} found by fxlint but not traced" for cls in sorted(set(found) - traced)]
        for entry in entries:
            want = expected_verdict(entry)
            got = found.get(entry["class"], "missing")
            total += 1
            agree += got == want
            note = f" ({entry['error']})" if entry["error"] else ""
            print(f"{name}  {entry['class']}  dims {entry['dynamic']}  tracer: {want}{note}  fxlint: {got}"
                  + ("" if got == want else "  DISAGREE"))
            if got != want:
                problems.append(f"{name}: {entry['class']} tracer says {want}, fxlint {got}")
    print(f"agreement: {agree}/{total}")
    if problems or total == 0:
        print("\n".join(problems) or "no modules traced", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
