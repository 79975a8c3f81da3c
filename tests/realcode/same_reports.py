#!/usr/bin/env python3
# A report must not depend on how fxlint got to it: fxlint reuses the trace of a module call made before
# with the same module state and arguments (a base model walked once for all its heads), and spreads files
# over threads whose interpreters each bind modules in their own order. Neither may change an answer.
"""Reports are the same with and without module-call reuse, and with one thread or several.

  same_reports.py --fxlint BINARY

Runs `fxlint verdicts --format json --no-cache` three times per corpus: as users run it (reuse on, one
thread per core), with FXLINT_NO_CALL_REUSE=1, and with --jobs 1. Corpora: the installed torchvision (with
--submodules), and the model directories of the installed transformers that define a
*ForImageClassification class (with --inputs pixel_values and --root <site-packages>). Exit 1 when any
document differs from the first; prints the times.
"""
import argparse
import difflib
import glob
import json
import os
import subprocess
import sys
import time

import torchvision
import transformers


def run(binary, arguments, reuse=True, jobs=None):
    environment = dict(os.environ)
    environment.pop("FXLINT_NO_CALL_REUSE", None)
    if not reuse:
        environment["FXLINT_NO_CALL_REUSE"] = "1"
    threads = ["--jobs", str(jobs)] if jobs else []
    started = time.perf_counter()
    done = subprocess.run([binary, "verdicts", "--format", "json", "--no-cache", *threads, *arguments],
                          capture_output=True, text=True, env=environment, timeout=1200)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"fxlint exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout), seconds


def show_difference(label, expected, got):
    left = json.dumps(expected, indent=1, sort_keys=True).splitlines()
    right = json.dumps(got, indent=1, sort_keys=True).splitlines()
    print(f"  DIFFERENT documents ({label}):")
    for line in list(difflib.unified_diff(left, right, lineterm="", n=2))[:80]:
        print("  " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True)
    args = parser.parse_args()

    site_packages = os.path.dirname(os.path.dirname(torchvision.__file__))
    models = os.path.join(os.path.dirname(transformers.__file__), "models")
    vision_dirs = sorted({os.path.dirname(path) for path in glob.glob(os.path.join(models, "*", "modeling_*.py"))
                          if "ForImageClassification(" in open(path, encoding="utf-8").read()})
    corpora = {
        "torchvision --submodules": ["--submodules", os.path.dirname(torchvision.__file__)],
        f"transformers ({len(vision_dirs)} vision model directories) --inputs pixel_values":
            ["--inputs", "pixel_values", "--root", site_packages, *vision_dirs],
    }
    differences = 0
    for name, arguments in corpora.items():
        reference, reference_seconds = run(args.fxlint, arguments)
        plain, plain_seconds = run(args.fxlint, arguments, reuse=False)
        single, single_seconds = run(args.fxlint, arguments, jobs=1)
        verdicts = len(reference.get("classes", [])) + len(reference.get("factories", []))
        print(f"{name}: {verdicts} verdicts; {reference_seconds:.2f}s as run by default, "
              f"{plain_seconds:.2f}s without call reuse, {single_seconds:.2f}s with --jobs 1")
        for label, document in (("without call reuse", plain), ("--jobs 1", single)):
            if document != reference:
                differences += 1
                show_difference(f"default -> {label}", reference, document)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
