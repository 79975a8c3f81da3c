#!/usr/bin/env python3
"""Golden fix test: for every samples/fixes/NAME.py, on a copy,
  `fxlint check --diff --unsafe-fixes NAME.py` prints NAME.py.diff and changes nothing;
  `fxlint fix --unsafe-fixes NAME.py` turns it into NAME.py.fixed; a second run changes nothing;
  `fxlint check --fix NAME.py` applies only the safe fixes the JSON report offers.

  fix_golden_test.py FXLINT SAMPLES_FIXES_DIR
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

FXLINT = SAMPLES = None


def fxlint(*args, cwd):
    return subprocess.run([FXLINT, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


class FixGolden(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        # The whole directory: samples may import each other.
        for path in glob.glob(os.path.join(SAMPLES, "*.py")):
            shutil.copy(path, self.tmp.name)

    def samples(self):
        names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(SAMPLES, "*.py")))
        self.assertTrue(names, "no samples in " + SAMPLES)
        return names

    def test_diff_prints_the_expected_diff_and_changes_nothing(self):
        for name in self.samples():
            with self.subTest(name):
                before = read(os.path.join(self.tmp.name, name))
                done = fxlint("check", "--diff", "--unsafe-fixes", name, cwd=self.tmp.name)
                expected = read(os.path.join(SAMPLES, name + ".diff"))
                self.assertEqual(done.returncode, 1 if expected else 0, done.stderr)
                self.assertEqual(done.stdout, expected)
                self.assertEqual(read(os.path.join(self.tmp.name, name)), before)

    def test_fix_gives_the_fixed_source_and_is_idempotent(self):
        for name in self.samples():
            with self.subTest(name):
                path = os.path.join(self.tmp.name, name)
                done = fxlint("fix", "--unsafe-fixes", name, cwd=self.tmp.name)
                self.assertIn(done.returncode, (0, 1), done.stderr)
                self.assertEqual(done.stderr, "")
                self.assertEqual(read(path), read(os.path.join(SAMPLES, name + ".fixed")))
                again = fxlint("fix", "--unsafe-fixes", name, cwd=self.tmp.name)
                self.assertIn("Applied 0 fixes to 0 files", again.stdout)
                self.assertEqual(read(path), read(os.path.join(SAMPLES, name + ".fixed")))

    def test_check_fix_applies_only_safe_fixes(self):
        for name in self.samples():
            with self.subTest(name):
                path = os.path.join(self.tmp.name, name)
                report = json.loads(fxlint("check", "--format", "json", name, cwd=self.tmp.name).stdout)
                safe_lines, unsafe = set(), 0
                for d in report["diagnostics"]:
                    fix = d["fix"]
                    if fix and fix["applicability"] == "safe":
                        safe_lines.update(e["start"]["line"] for e in fix["edits"])
                    unsafe += bool(fix and fix["applicability"] == "unsafe")
                before = read(path).splitlines()
                fxlint("check", "--fix", name, cwd=self.tmp.name)
                after = read(path).splitlines()
                self.assertEqual(len(before), len(after))  # safe fixes here are single-line
                changed = {i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b}
                self.assertEqual(changed, safe_lines)
                # What is left is offered with --unsafe-fixes, not silently dropped.
                left = json.loads(fxlint("check", "--format", "json", name, cwd=self.tmp.name).stdout)
                self.assertEqual(sum(bool(d["fix"] and d["fix"]["applicability"] == "unsafe")
                                     for d in left["diagnostics"]), unsafe)

    def test_json_fix_objects_name_their_edits(self):
        report = json.loads(fxlint("check", "--format", "json", "sizes.py", cwd=self.tmp.name).stdout)
        fixes = [d["fix"] for d in report["diagnostics"] if d["fix"]]
        self.assertTrue(fixes)
        text = read(os.path.join(self.tmp.name, "sizes.py"))
        for fix in fixes:
            self.assertIn(fix["applicability"], ("safe", "unsafe", "advice"))
            for edit in fix["edits"]:
                line_start = text.rfind("\n", 0, edit["start"]["offset"]) + 1
                self.assertEqual(edit["start"]["offset"] - line_start + 1, edit["start"]["column"])
                self.assertEqual(text[:edit["start"]["offset"]].count("\n") + 1, edit["start"]["line"])

    def test_text_output_hints_fixes(self):
        done = fxlint("check", "sizes.py", cwd=self.tmp.name)
        self.assertIn(" = fix [*]: ", done.stdout)
        self.assertIn("[*] 3 fixable with `--fix`; 4 more with `--unsafe-fixes`", done.stdout)

    def test_only_named_files_are_rewritten(self):
        with tempfile.TemporaryDirectory() as tmp:
            helper = "import torch\n\n\ndef rows(x):\n    return len(x.shape)\n"
            model = ("import torch\nimport torch.nn as nn\nfrom helper import rows\n\n\n"
                     "class M(nn.Module):\n    def forward(self, x):\n        return x * rows(x)\n")
            for name, text in (("helper.py", helper), ("model.py", model)):
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as handle:
                    handle.write(text)
            fxlint("fix", "model.py", cwd=tmp)
            self.assertEqual(read(os.path.join(tmp, "helper.py")), helper)  # reached through an import only
            fxlint("fix", ".", cwd=tmp)
            self.assertIn("x.dim()", read(os.path.join(tmp, "helper.py")))

    def test_verdicts_rejects_fix_options(self):
        done = fxlint("verdicts", "--fix", "sizes.py", cwd=self.tmp.name)
        self.assertEqual(done.returncode, 2)


if __name__ == "__main__":
    FXLINT, SAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1])
