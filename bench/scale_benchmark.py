#!/usr/bin/env python3
"""Times `fxlint check` on the venv's torch + torchvision trees: --jobs 1 vs --jobs 2 without the cache,
and a cold run (empty cache) vs a re-run of the unchanged trees with it. Wall-clock seconds, best of
--repeat runs, with the CPU seconds (user + system) of that run and the load average, since on a shared
machine the wall-clock ratio of --jobs 2 to --jobs 1 depends on what else runs. The JSON reports of
every run must be byte-identical, or the script fails.

usage: bench/scale_benchmark.py [--fxlint BUILD/cli/fxlint] [--site SITE_PACKAGES] [--repeat N]
The defaults are build/cli/fxlint and the site-packages of the Python running the script (run it with
the venv's python: scripts/setup.sh --python prints the venv).
"""
import argparse
import json
import os
import resource
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
        """(wall seconds, CPU seconds, files) of one run."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run([args.fxlint, "check", "--format", "json", *options, *trees],
                                capture_output=True, env=env)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode not in (0, 1):
            sys.exit("fxlint failed: " + result.stderr.decode())
        reports.add(result.stdout)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return seconds, cpu, json.loads(result.stdout)["files"]

    load_before = os.getloadavg()[0]
    try:
        jobs1 = min(timed("--no-cache", "--jobs", "1") for _ in range(args.repeat))
        jobs2 = min(timed("--no-cache", "--jobs", "2") for _ in range(args.repeat))
        cold, warm = [], []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(timed("--jobs", "2"))
            warm.append(timed("--jobs", "2"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cold, warm, files = min(cold), min(warm), jobs1[2]
    if len(reports) != 1:
        sys.exit("the reports differ between runs")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    print("machine: %d cores, load average %.1f before and %.1f after; fxlint %s; torch + torchvision: %d files;"
          " best of %d" % (os.cpu_count(), load_before, os.getloadavg()[0], commit.stdout.strip() or "?", files,
                           args.repeat))
    print("no cache: --jobs 1 %.2fs (CPU %.2fs), --jobs 2 %.2fs (CPU %.2fs): %.2fx"
          % (jobs1[0], jobs1[1], jobs2[0], jobs2[1], jobs1[0] / jobs2[0]))
    print("cache (--jobs 2): cold %.2fs (CPU %.2fs), unchanged re-run %.2fs (CPU %.2fs): %.1fx"
          % (cold[0], cold[1], warm[0], warm[1], cold[0] / warm[0]))
    print("reports identical across all %d runs" % (4 * args.repeat))


if __name__ == "__main__":
    main()
