#!/usr/bin/env python3
"""Sweeps fxlint over every .py file of installed Python trees: crashes, hangs, time and memory.

Runs `fxlint check --format json` and `fxlint verdicts --format json` on batches of files (consecutive
in path order, so the files of one package share the parsing of their imports), in parallel, and
reports files, MB, seconds, crashes (a signal, an exit status other than 0 or 1, output that is not
fxlint's JSON document), hangs (a batch over its CPU limit, or a single file over --file-seconds of
CPU), peak RSS and the slowest files. A failing batch is bisected down to the file that fails; slow
batches are split to time their files alone. Exits 1 on any crash or hang, 2 on a usage error.

Times that decide a hang are CPU seconds (RLIMIT_CPU kills a batch over its limit), so that a loaded
machine, such as CI running tests in parallel, reports the same hangs as an idle one.

  scripts/sweep.py              the venv's torch, torchvision, transformers and numpy, and /usr/lib/python3*
  scripts/sweep.py --quick      the CI subset (docs/robustness.md says which files and why)
  scripts/sweep.py TREE...      the given trees
"""
import argparse
import glob
import hashlib
import json
import math
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMANDS = ("check", "verdicts")
# The key of each command's JSON document that shows it is the document fxlint means to print.
DOCUMENT_KEY = {"check": "diagnostics", "verdicts": "classes"}
FULL_PACKAGES = ("torch", "torchvision", "transformers", "numpy")
QUICK_PACKAGES = ("torch", "torchvision", "transformers")
# A process blocked without using CPU is killed after this many times its CPU limit (plus a minute).
WALL_FACTOR = 4


@dataclass
class Run:
    command: str
    files: list
    wall: float = 0.0
    cpu: float = 0.0
    rss_kb: int = 0
    problem: str = ""  # empty when the run was healthy
    hang: bool = False  # the problem is a time limit
    findings: int = 0  # diagnostics (check) or classes (verdicts) in the output


def venv_site_packages():
    """site-packages of the venv scripts/setup.sh --python creates (keyed like it by requirements.txt)."""
    venv = os.environ.get("FXLINT_VENV")
    if not venv:
        with open(os.path.join(ROOT, "requirements.txt"), "rb") as f:
            key = hashlib.sha256(f.read()).hexdigest()[:12]
        venv = os.path.join(os.path.expanduser("~/.cache/fxlint"), "venv-" + key)
    found = sorted(glob.glob(os.path.join(venv, "lib", "python3*", "site-packages")))
    if not found:
        sys.exit(f"sweep: no site-packages under {venv}: run scripts/setup.sh --python or set FXLINT_VENV")
    return found[0]


def default_trees(quick):
    site = venv_site_packages()
    trees = [os.path.join(site, p) for p in (QUICK_PACKAGES if quick else FULL_PACKAGES)]
    if not quick:
        trees += sorted(glob.glob("/usr/lib/python3*/"))
    return trees


def python_files(tree):
    """Every readable regular .py file below `tree`, sorted; symlinked directories are not entered."""
    found = []
    for directory, subdirs, names in os.walk(tree):
        subdirs.sort()
        for name in names:
            path = os.path.join(directory, name)
            if name.endswith(".py") and os.path.isfile(path) and os.access(path, os.R_OK):
                found.append(path)
    return sorted(found)


def quick_subset(files, modulus):
    """Every file outside transformers/models, and within it the model directories whose name hashes to
    0 mod `modulus`: the same subset on every run and machine, and a model's files stay together."""
    kept = []
    for path in files:
        parts = path.split(os.sep)
        if "transformers" in parts:
            i = parts.index("transformers")
            if parts[i + 1 : i + 2] == ["models"] and len(parts) > i + 3:
                digest = hashlib.sha256(parts[i + 2].encode()).digest()
                if int.from_bytes(digest[:4], "big") % modulus:
                    continue
        kept.append(path)
    return kept


class Runner:
    """Starts fxlint processes under a CPU limit and measures them with wait4 (wall, CPU, peak RSS)."""

    def __init__(self, fxlint, scratch):
        self.fxlint = fxlint
        self.scratch = scratch
        self.lock = threading.Lock()
        self.started = 0
        self.live = set()  # pids not reaped yet, killed if the sweep itself is interrupted
        self.stopped = False

    def execute(self, command, files, cpu_limit):
        run = Run(command, list(files))
        with self.lock:
            self.started += 1
            serial = self.started
        out = os.path.join(self.scratch, f"{serial}.out")
        err = os.path.join(self.scratch, f"{serial}.err")
        writes = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, out, writes, 0o600),
            (os.POSIX_SPAWN_OPEN, 2, err, writes, 0o600),
        ]
        argv = [self.fxlint, command, "--format", "json", *files]
        start = time.monotonic()
        with self.lock:
            if self.stopped:
                run.problem = "not run: the sweep was interrupted"
                return run
            # Its own process group, so that a run killed for its wall time goes with anything it started.
            pid = os.posix_spawn(self.fxlint, argv, os.environ, file_actions=actions, setpgroup=0)
            self.live.add(pid)
        seconds = math.ceil(cpu_limit)
        resource.prlimit(pid, resource.RLIMIT_CPU, (seconds, seconds + 1))
        # SIGXCPU dumps core by default: no multi-GB core files in the working directory.
        resource.prlimit(pid, resource.RLIMIT_CORE, (0, 0))
        wall_limit = WALL_FACTOR * cpu_limit + 60
        # Polled rather than waited for with a timer: the child is only reaped here, after any kill,
        # so its pid cannot have been reused by the time it is killed.
        delay = 0.001
        while True:
            reaped, status, usage = os.wait4(pid, os.WNOHANG)
            if reaped:
                break
            if time.monotonic() - start > wall_limit:
                os.killpg(pid, signal.SIGKILL)
                reaped, status, usage = os.wait4(pid, 0)
                run.hang = True
                run.problem = f"blocked: over {wall_limit:g} s of wall time"
                break
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        with self.lock:
            self.live.discard(pid)
        run.wall = time.monotonic() - start
        run.cpu = usage.ru_utime + usage.ru_stime
        run.rss_kb = usage.ru_maxrss
        if not run.hang:
            self.judge(run, status, out, err, cpu_limit)
        os.unlink(out)
        os.unlink(err)
        return run

    def stop(self):
        """Kills the running processes and starts no more."""
        with self.lock:
            self.stopped = True
            for pid in self.live:
                os.killpg(pid, signal.SIGKILL)

    @staticmethod
    def judge(run, status, out, err, cpu_limit):
        """Sets run.problem to what is wrong with a finished run (or leaves it empty)."""
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            # RLIMIT_CPU sends SIGXCPU at the limit and SIGKILL a second later; nothing else sends
            # SIGXCPU, and a SIGKILL short of the limit came from elsewhere (the OOM killer).
            if number == signal.SIGXCPU or (number == signal.SIGKILL and run.cpu >= math.ceil(cpu_limit)):
                run.hang = True
                run.problem = f"over the {math.ceil(cpu_limit)} s CPU limit"
            else:
                run.problem = f"killed by signal {number} ({signal.Signals(number).name})"
            return
        code = os.WEXITSTATUS(status)
        if code not in (0, 1):
            with open(err, errors="replace") as f:
                run.problem = f"exit status {code}: {f.readline().strip()}"
            return
        try:
            with open(out, "rb") as f:
                document = json.load(f)
        except (ValueError, UnicodeDecodeError) as e:
            run.problem = f"output is not JSON ({e})"
            return
        listed = document.get(DOCUMENT_KEY[run.command]) if isinstance(document, dict) else None
        if not isinstance(listed, list):
            run.problem = f"JSON output without a `{DOCUMENT_KEY[run.command]}` list"
            return
        run.findings = len(listed)


class Sweep:
    def __init__(self, runner, args):
        self.runner = runner
        self.args = args
        self.pool = ThreadPoolExecutor(args.jobs)
        self.runs = []  # every process started, for CPU time and peak RSS
        self.failures = []  # the smallest failing runs
        self.singles = []  # runs of one file alone, from splitting slow batches
        self.unsplit = []  # runs over --file-seconds left unsplit when --profile-runs was spent
        self.profile_runs = 0
        self.wall = 0.0  # of the sweep proper, before bisection and profiling

    def run_many(self, jobs):
        """Runs (command, files) jobs in parallel; results in the jobs' order."""
        runs = list(self.pool.map(lambda job: self.runner.execute(*job, self.cpu_limit(job[1])), jobs))
        self.runs.extend(runs)
        return runs

    def cpu_limit(self, files):
        return min(self.args.batch_seconds, self.args.file_seconds * len(files))

    @staticmethod
    def halves(run):
        mid = len(run.files) // 2
        return [(run.command, run.files[:mid]), (run.command, run.files[mid:])]

    def isolate(self, run):
        """The smallest failing runs inside a failing run: halves are rerun until single files, or until
        neither half fails alone (files that only fail together are reported together)."""
        if len(run.files) == 1:
            return [run]
        failing = [half for half in self.run_many(self.halves(run)) if half.problem]
        if not failing:
            return [run]
        return [smallest for half in failing for smallest in self.isolate(half)]

    def profile(self, runs):
        """Splits slow runs in halves, following the slower half down to a single file: its time alone
        names the slowest files, and one over --file-seconds is a hang. A faster half still over the
        limit is split in turn. A run's CPU time bounds that of each of its files alone (they parse
        the same imports, and more), so a half under the limit clears all its files. Slowest runs
        first, as many at once as keep the jobs busy; a split starts only while --profile-runs has
        room for it, and then goes down to its file."""
        queue = sorted((r for r in runs if len(r.files) > 1), key=lambda r: -r.cpu)
        frontier = []
        while queue or frontier:
            room = self.args.profile_runs - self.profile_runs
            while queue and len(frontier) < max(1, self.args.jobs // 2) and 2 * (len(frontier) + 1) <= room:
                frontier.append(queue.pop(0))
            if not frontier:
                break
            halves = self.run_many([job for run in frontier for job in self.halves(run)])
            self.profile_runs += len(halves)
            frontier = []
            for pair in zip(halves[0::2], halves[1::2]):
                slower = max(pair, key=lambda h: h.cpu)
                for half in pair:
                    if half.problem and not half.hang:
                        self.failures += self.isolate(half)
                    elif len(half.files) == 1:
                        self.singles.append(half)
                    elif half is slower:
                        frontier.append(half)
                    elif half.cpu > self.args.file_seconds:
                        queue.append(half)
            queue.sort(key=lambda r: -r.cpu)
        self.unsplit = [r for r in queue if r.cpu > self.args.file_seconds]

    def sweep(self, batches):
        start = time.monotonic()
        first = self.run_many([(command, batch) for batch in batches for command in COMMANDS])
        self.wall = time.monotonic() - start
        for run in first:
            if run.problem:
                self.failures += self.isolate(run)
        healthy = sorted((r for r in first if not r.problem), key=lambda r: -r.cpu)
        chosen = [r for r in healthy if r.cpu > self.args.file_seconds]
        chosen += [r for r in healthy[: self.args.slowest] if r not in chosen]
        self.profile(chosen)
        return first


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="*", help="directories (or files) to sweep")
    parser.add_argument("--fxlint", default=os.path.join(ROOT, "build", "cli", "fxlint"))
    parser.add_argument("--quick", action="store_true", help="the CI subset of torch, torchvision, transformers")
    parser.add_argument("--quick-modulus", type=int, default=8,
                        help="--quick keeps 1 in N transformers model directories (default 8)")
    parser.add_argument("--batch-files", type=int, default=100, help="files per fxlint process (default 100)")
    parser.add_argument("--batch-seconds", type=float, default=120, help="CPU limit of one process (default 120)")
    parser.add_argument("--file-seconds", type=float, default=5,
                        help="a single file over this many CPU seconds is a hang (default 5)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--slowest", type=int, default=10, help="how many slowest batches to split, files to name")
    parser.add_argument("--profile-runs", type=int,
                        help="at most this many extra processes to split slow batches (default 300; --quick: 20)")
    args = parser.parse_args()
    if args.profile_runs is None:
        args.profile_runs = 20 if args.quick else 300
    if not os.access(args.fxlint, os.X_OK):
        parser.error(f"{args.fxlint} is not an executable: build first or pass --fxlint")

    trees = args.trees or default_trees(args.quick)
    files, batches = [], []
    for tree in trees:
        found = python_files(tree) if os.path.isdir(tree) else [tree]
        if args.quick:
            found = quick_subset(found, args.quick_modulus)
        files += found
        batches += [found[i : i + args.batch_files] for i in range(0, len(found), args.batch_files)]
    if not files:
        parser.error("no .py files found")
    megabytes = sum(os.path.getsize(f) for f in files) / 1e6

    # The children run in process groups of their own, out of reach of the terminal's Ctrl-C: an
    # interrupted sweep (SIGINT, or SIGTERM from CTest's timeout) kills them itself.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("sweep: terminated"))
    with tempfile.TemporaryDirectory(prefix="fxlint-sweep-") as scratch:
        runner = Runner(os.path.abspath(args.fxlint), scratch)
        sweep = Sweep(runner, args)
        try:
            first = sweep.sweep(batches)
            largest = max(files, key=os.path.getsize)
            largest_run = sweep.run_many([("verdicts", [largest])])[0]
        finally:
            runner.stop()

    crashes = [r for r in sweep.failures if not r.hang]
    singles = sorted(sweep.singles, key=lambda r: -r.cpu)
    hangs = [r for r in sweep.failures if r.hang] + [r for r in singles if r.cpu > args.file_seconds]
    peak = max(sweep.runs, key=lambda r: r.rss_kb)
    first_cpu = sum(r.cpu for r in first)
    by_command = {c: sum(r.findings for r in first if r.command == c) for c in COMMANDS}

    print(f"trees: {' '.join(trees)}")
    print(f"sweep: {len(batches)} batches of up to {args.batch_files} files x 2 commands, {args.jobs} jobs, "
          f"{sweep.wall:.0f} s wall, {first_cpu:.0f} s CPU; {len(sweep.runs)} processes in all with "
          f"bisection and profiling ({sum(r.cpu for r in sweep.runs):.0f} s CPU)")
    print(f"output: {by_command['check']} diagnostics, {by_command['verdicts']} classes and builders with a verdict")
    print(f"peak RSS {peak.rss_kb / 1024:.0f} MB: {peak.command} on {len(peak.files)} files from {peak.files[0]}")
    print(f"largest file {largest} ({os.path.getsize(largest) / 1e6:.1f} MB) alone: verdicts "
          f"{largest_run.cpu:.2f} s CPU, {largest_run.rss_kb / 1024:.0f} MB RSS {largest_run.problem}")
    if singles:
        print("slowest files alone (CPU seconds, peak RSS, command):")
        for r in singles[: args.slowest]:
            print(f"  {r.cpu:7.2f} s {r.rss_kb / 1024:6.0f} MB  {r.command:8}  {r.files[0]}")
    for r in crashes:
        print(f"CRASH {r.command}: {r.problem}\n  {' '.join(r.files)}")
    for r in hangs:
        print(f"HANG {r.command}: {r.problem or f'{r.cpu:.1f} s CPU alone'}: {' '.join(r.files)}")
    if sweep.unsplit:
        print(f"{len(sweep.unsplit)} runs over {args.file_seconds:g} s CPU left unsplit (--profile-runs spent), e.g.:")
        for r in sweep.unsplit[:5]:
            print(f"  {r.cpu:5.1f} s  {r.command:8}  {len(r.files)} files from {r.files[0]}")
    print(f"fxlint sweep: {len(files)} files, {megabytes:.0f} MB, check + verdicts in {sweep.wall:.0f} s "
          f"({first_cpu:.0f} s CPU, {args.jobs} jobs), {len(crashes)} crashes, {len(hangs)} hangs, "
          f"peak RSS {peak.rss_kb / 1024:.0f} MB")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
