#!/usr/bin/env python3
# fxlint reuses the trace of a module call it has made before with the same module state and arguments
# (a base model walked once for all its heads, identical blocks of a stack once). Reuse must never change
# an answer: this runs fxlint with and without it on real code and requires identical JSON documents.
"""Module-call reuse changes nothing, and what it saves.

  call_reuse.py --fxlint BINARY

Runs `fxlint verdicts --format json` twice per corpus, with reuse (the default) and with
FXLINT_NO_CALL_REUSE=1, each with --no-cache: the installed torchvision (with --submodules), and the
model directories of the installed transformers that define a *ForImageClassification class (with --inputs
pixel_values and --root <site-packages>). Exit 1 when any pair of documents differs; prints the times.
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


def run(binary, arguments, reuse):
    environment = dict(os.environ)
    environment.pop("FXLINT_NO_CALL_REUSE", None)
    if not reuse:
        environment["FXLINT_NO_CALL_REUSE"] = "1"
    started = time.perf_counter()
    done = subprocess.run([binary, "verdicts", "--format", "json", "--no-cache", *arguments], capture_output=True,
                          text=True, env=environment, timeout=1200)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"fxlint exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout), seconds


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
        reused, reused_seconds = run(args.fxlint, arguments, reuse=True)
        plain, plain_seconds = run(args.fxlint, arguments, reuse=False)
        verdicts = len(reused.get("classes", [])) + len(reused.get("factories", []))
        print(f"{name}: {verdicts} verdicts; with reuse {reused_seconds:.2f}s, without {plain_seconds:.2f}s "
              f"(ratio {plain_seconds / reused_seconds:.2f})")
        if reused != plain:
            differences += 1
            left = json.dumps(plain, indent=1, sort_keys=True).splitlines()
            right = json.dumps(reused, indent=1, sort_keys=True).splitlines()
            print("  DIFFERENT documents (without reuse -> with reuse):")
            for line in list(difflib.unified_diff(left, right, lineterm="", n=2))[:80]:
                print("  " + line)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
