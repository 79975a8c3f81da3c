#!/usr/bin/env python3
"""Times `fxlint check` on the venv's torch + torchvision trees: --jobs 1 vs --jobs 2 without the cache,
and a cold run (empty cache) vs a re-run of the unchanged trees with it. Wall-clock seconds, best of
--repeat runs; the JSON reports of every run must be byte-identical, or the script fails.

usage: bench/scale_benchmark.py [--fxlint BUILD/cli/fxlint] [--site SITE_PACKAGES] [--repeat N]
The defaults are build/cli/fxlint and the site-packages of the Python running the script (run it with
the venv's python: scripts/setup.sh --python prints the venv).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fxlint", default=os.path.join(ROOT, "build", "cli", "fxlint"))
    parser.add_argument("--site", default=sysconfig.get_paths()["purelib"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trees = [os.path.join(args.site, "torch"), os.path.join(args.site, "torchvision")]
    work = tempfile.mkdtemp()
    cache = os.path.join(work, "cache")
    env = dict(os.environ, FXLINT_CACHE_DIR=cache)
    reports = set()

    def timed(*options):
        start = time.perf_counter()
        result = subprocess.run([args.fxlint, "check", "--format", "json", *options, *trees],
                                capture_output=True, env=env)
        seconds = time.perf_counter() - start
        if result.returncode not in (0, 1):
            sys.exit("fxlint failed: " + result.stderr.decode())
        reports.add(result.stdout)
        return seconds, json.loads(result.stdout)["files"]

    try:
        jobs1 = min(timed("--no-cache", "--jobs", "1")[0] for _ in range(args.repeat))
        jobs2 = min(timed("--no-cache", "--jobs", "2")[0] for _ in range(args.repeat))
        cold, warm = [], []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            seconds, files = timed("--jobs", "2")
            cold.append(seconds)
            warm.append(timed("--jobs", "2")[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if len(reports) != 1:
        sys.exit("the reports differ between runs")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    print("machine: %d cores; fxlint %s; torch + torchvision: %d files; best of %d"
          % (os.cpu_count(), commit.stdout.strip() or "?", files, args.repeat))
    print("no cache: --jobs 1 %.2fs, --jobs 2 %.2fs: %.2fx" % (jobs1, jobs2, jobs1 / jobs2))
    print("cache (--jobs 2): cold %.2fs, unchanged re-run %.2fs: %.1fx" % (min(cold), min(warm), min(cold) / min(warm)))
    print("reports identical across all %d runs" % (4 * args.repeat))


if __name__ == "__main__":
    main()
