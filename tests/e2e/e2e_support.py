"""Shared pieces of the end-to-end tests: running the fxlint binary, a temporary directory per test,
model sources, and the command line every test script takes (`SCRIPT FXLINT [ARG...]`).
"""
import os
import subprocess
import sys
import tempfile
import unittest

FXLINT = None
ARGS = []  # the script's arguments after the fxlint binary

GOOD = """import torch.nn as nn

class Good(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return self.fc(x)
"""

BAD = """import torch.nn as nn

class Bad(nn.Module):
    def forward(self, x):
        if x.shape[1] != 3:
            raise ValueError("channels")
        return x
"""


def run(*args, cwd=None, env=None):
    return subprocess.run([FXLINT, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, content, mode="w"):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as f:
            f.write(content)
        return path

    def check(self, *args, status=None):
        """fxlint in the test's directory; asserts the exit status when given."""
        result = run(*args, cwd=self.dir)
        if status is not None:
            self.assertEqual(result.returncode, status, result.stdout + result.stderr)
        return result


def main():
    global FXLINT, ARGS
    FXLINT, ARGS = os.path.abspath(sys.argv[1]), sys.argv[2:]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
