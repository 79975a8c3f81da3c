"""Parallel runs and the analysis cache: --jobs N gives the same reports as --jobs 1; the cache gives
the same reports as no cache, is invalidated by any change to the file, to a file it imports, to the
analysis settings, survives corrupt entries, an unusable directory and concurrent runs.

usage: scale_test.py FXLINT SAMPLES_DIR
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import unittest

import e2e_support
from e2e_support import TempDirTest, run

HELPER_PLAIN = "def check(x):\n    return x\n"
HELPER_BRANCHES = "def check(x):\n    if x.shape[0] > 1:\n        return x\n    return x\n"
MODEL = ("import torch.nn as nn\nfrom .helpers import check\n\nclass M(nn.Module):\n"
         "    def forward(self, x, mask=None):\n        return check(mask)\n")


class ScaleTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.cache = os.path.join(self.dir, "cache")
        self.env = dict(os.environ, FXLINT_CACHE_DIR=self.cache)

    def fxlint(self, *args):
        result = run(*args, cwd=self.dir, env=self.env)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return result.stdout

    def entries(self):
        return sorted(glob.glob(os.path.join(self.cache, "*.json")))

    def copy_samples(self):
        samples = os.path.join(self.dir, "samples")
        shutil.copytree(e2e_support.ARGS[0], samples)
        return samples

    def test_jobs_give_the_same_reports(self):
        samples = self.copy_samples()
        for command, formats in (("check", ("json", "text", "sarif", "github")), ("verdicts", ("json", "text"))):
            for fmt in formats:
                one = self.fxlint(command, "--no-cache", "--jobs", "1", "--format", fmt, samples)
                for jobs in ("2", "3", "16"):
                    self.assertEqual(self.fxlint(command, "--no-cache", "--jobs", jobs, "--format", fmt, samples), one,
                                     (command, fmt, jobs))
        self.assertEqual(self.entries(), [])  # --no-cache writes nothing

    def test_bad_jobs_values_are_usage_errors(self):
        for value in ("0", "-1", "x", "", "2000"):
            self.assertEqual(run("check", "--jobs", value, ".", cwd=self.dir).returncode, 2, value)

    def test_cached_reports_equal_fresh_ones(self):
        samples = self.copy_samples()
        for command in ("check", "verdicts"):
            fresh = self.fxlint(command, "--no-cache", "--format", "json", samples)
            self.assertEqual(self.fxlint(command, "--format", "json", samples), fresh)  # fills the cache
            self.assertEqual(len(self.entries()), len(glob.glob(os.path.join(samples, "**", "*.py"), recursive=True)))
            self.assertEqual(self.fxlint(command, "--format", "json", samples), fresh)  # from the cache
        # Text shows code frames from the cached file's text.
        self.assertEqual(self.fxlint("check", samples), self.fxlint("check", "--no-cache", samples))

    def test_changes_invalidate(self):
        self.write("pkg/__init__.py", "")
        helpers = self.write("pkg/helpers.py", HELPER_PLAIN)
        model = self.write("pkg/model.py", MODEL)
        self.assertEqual(json.loads(self.fxlint("check", "--format", "json", "pkg"))["diagnostics"], [])
        # Only the imported file changes: the model's verdict must follow it.
        self.write("pkg/helpers.py", HELPER_BRANCHES)
        codes = [(os.path.basename(d["file"]), d["code"])
                 for d in json.loads(self.fxlint("check", "--format", "json", "pkg/model.py"))["diagnostics"]]
        self.assertIn(("helpers.py", "FX101"), codes)
        # The settings that change an analysis are in the key: with `mask` concrete (None), the helper's
        # branch is decided in Python.
        only_x = self.fxlint("check", "--format", "json", "--inputs", "x", "pkg/model.py")
        self.assertEqual(only_x, self.fxlint("check", "--no-cache", "--format", "json", "--inputs", "x", "pkg/model.py"))
        self.assertNotIn('"FX101"', only_x)
        # The file itself changes.
        with open(model, "a") as f:
            f.write("\nclass N(nn.Module):\n    def forward(self, x):\n        return len(x)\n")
        verdicts = json.loads(self.fxlint("verdicts", "--format", "json", "pkg/model.py"))
        self.assertEqual(sorted(c["name"] for c in verdicts["classes"]), ["M", "N"])
        os.remove(helpers)
        self.assertEqual(self.fxlint("check", "--format", "json", "pkg/model.py"),
                         self.fxlint("check", "--no-cache", "--format", "json", "pkg/model.py"))

    def test_corrupt_entries_and_unusable_directories(self):
        samples = self.copy_samples()
        fresh = self.fxlint("check", "--no-cache", "--format", "json", samples)
        self.fxlint("check", "--format", "json", samples)
        for i, entry in enumerate(self.entries()):
            with open(entry, "wb") as f:
                f.write([b"", b"{", b"\xff\xfe garbage", b'{"format": 1}', b"[]"][i % 5])
        self.assertEqual(self.fxlint("check", "--format", "json", samples), fresh)
        self.assertEqual(self.fxlint("check", "--format", "json", samples), fresh)  # rewritten entries
        # A cache "directory" that is a file: the run works without a cache.
        blocker = self.write("not_a_directory", "x")
        self.env["FXLINT_CACHE_DIR"] = blocker
        self.assertEqual(self.fxlint("check", "--format", "json", samples), fresh)

    def test_concurrent_runs_share_the_cache(self):
        samples = self.copy_samples()
        fresh = self.fxlint("check", "--no-cache", "--format", "json", samples)
        procs = [subprocess.Popen([e2e_support.FXLINT, "check", "--format", "json", "--jobs", "2", samples],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.dir, env=self.env)
                 for _ in range(4)]
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            self.assertEqual(out.decode(), fresh, err.decode())
        leftovers = [n for n in os.listdir(self.cache) if not n.endswith(".json") and n != ".gitignore"]
        self.assertEqual(leftovers, [])  # no temporary files left behind
        self.assertEqual(self.fxlint("check", "--format", "json", samples), fresh)

    def test_no_progress_when_stderr_is_not_a_terminal(self):
        samples = self.copy_samples()
        result = run("check", "--no-cache", samples, cwd=self.dir, env=self.env)
        self.assertNotIn("analyzed", result.stderr)


if __name__ == "__main__":
    e2e_support.FXLINT = sys.argv[1]
    e2e_support.ARGS = sys.argv[2:]
    unittest.main(argv=sys.argv[:1])
