"""Golden snapshots of every output format over tests/output/inputs/.

Run by CTest as `python3 output_test.py FXLINT`, from tests/output so paths in the output are stable.
FXLINT_UPDATE=1 rewrites the snapshots in snapshots/ instead of comparing against them.
"""
import difflib
import os
import subprocess
import sys
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPSHOTS = os.path.join(HERE, "snapshots")
FXLINT = None

# Snapshot file, arguments, exit status. --isolated: no configuration file above the checkout leaks in.
CASES = [
    ("check.txt", ["check", "--color", "never"], 1),
    ("check_color.txt", ["check", "--color", "always"], 1),
    ("check.json", ["check", "--format", "json"], 1),
    ("check.sarif", ["check", "--format", "sarif"], 1),
    ("check.github", ["check", "--format", "github"], 1),
    ("verdicts.txt", ["verdicts"], 1),
    ("verdicts.json", ["verdicts", "--format", "json"], 1),
]


def normalize(text):
    # SARIF names the directory it ran in (%SRCROOT%); the checkout's location is not part of the output.
    return text.replace("file://" + urllib.parse.quote(os.path.realpath(HERE)) + "/", "file:///SRCROOT/")


def render(args):
    done = subprocess.run([FXLINT, *args, "--isolated", "inputs"], cwd=HERE, capture_output=True, text=True,
                          timeout=120)
    return done.returncode, normalize(done.stdout), done.stderr


class OutputSnapshots(unittest.TestCase):
    def check_case(self, name, args, status):
        code, output, errors = render(args)
        self.assertEqual(code, status, errors)
        path = os.path.join(SNAPSHOTS, name)
        if os.environ.get("FXLINT_UPDATE") == "1":
            os.makedirs(SNAPSHOTS, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(output)
            return
        with open(path, encoding="utf-8") as f:
            expected = f.read()
        if output != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), output.splitlines(True),
                                                f"snapshots/{name}", "fxlint output"))
            self.fail(f"output differs from snapshots/{name} (FXLINT_UPDATE=1 rewrites it):\n{diff}")


def add_cases():
    for name, args, status in CASES:
        method = f"test_{name.replace('.', '_')}"
        setattr(OutputSnapshots, method, lambda self, n=name, a=args, s=status: self.check_case(n, a, s))


add_cases()

if __name__ == "__main__":
    FXLINT = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0]], verbosity=2)
