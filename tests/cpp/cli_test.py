#!/usr/bin/env python3
"""`fxlint check` on C++ files: a missing header or a bad -p is one FX001 at file:line, and the run goes
on with the other files (here a Python one). usage: cli_test.py FXLINT"""
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

FXLINT = sys.argv.pop(1)


def fxlint(*args):
    return subprocess.run([FXLINT, *args], capture_output=True, text=True, timeout=120)


class CppCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.model = self.dir / "model.cpp"
        self.model.write_text("// a LibTorch model\n#include <no/such/header.h>\n")
        self.python = self.dir / "model.py"
        self.python.write_text("import torch.nn as nn\n\nclass M(nn.Module):\n"
                               "    def forward(self, x):\n        if x.shape[0] > 1:\n            return x\n        return x\n")

    def tearDown(self):
        self.tmp.cleanup()

    def test_missing_header_is_a_diagnostic_at_the_include_and_the_run_goes_on(self):
        run = fxlint("check", "--isolated", str(self.model), str(self.python))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn(f"{self.model}:2:10: FX001", run.stdout)
        self.assertIn("file not found", run.stdout)
        self.assertIn(f"{self.python}:5:12: FX101", run.stdout)

    def test_unreadable_compile_commands_is_a_diagnostic(self):
        run = fxlint("check", "--isolated", "-p", str(self.dir / "nonexistent"), str(self.model))
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("FX001", run.stdout)
        self.assertIn("compile_commands.json", run.stdout)

    def test_p_needs_a_directory(self):
        run = fxlint("check", str(self.model), "-p")
        self.assertEqual(run.returncode, 2)


if __name__ == "__main__":
    unittest.main()
