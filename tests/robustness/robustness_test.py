"""fxlint on hostile input: never a crash, never a hang, always one JSON document.

Run by CTest as `python3 robustness_test.py FXLINT INPUTS_DIR CPU_SECONDS`. Every case runs `fxlint
check --format json` and `fxlint verdicts --format json` under a CPU limit and requires: no signal,
exit status 0 or 1, one JSON document on stdout, and where the input is bad or over a limit, the
diagnostic that says so. INPUTS_DIR holds the small committed cases (minimized reproducers of bugs
found by the sweep and the fuzzers, recursion and import cycles); the big and byte-level ones are
generated here into a temporary directory, so that no multi-MB or binary file lives in git.
docs/robustness.md lists the limits.
"""
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import unittest

FXLINT = None
INPUTS = None
CPU_LIMIT = None  # CPU seconds per fxlint run (argument 3); the slowest case takes 1.5 s here
WALL_LIMIT = 300  # for a run blocked without using CPU

MODULE_HEADER = "import torch.nn as nn\n\n\nclass M(nn.Module):\n    def forward(self, x):\n"


def nested_parens(depth):
    return MODULE_HEADER + "        return " + "(" * depth + "x" + ")" * depth + "\n"


def elif_chain(length):
    # An if/elif chain is flat in the source but nests in the tree (each elif is the previous else);
    # the branch taken is the last, so the trace must go through the whole chain.
    lines = [MODULE_HEADER + f"        n = {length - 1}\n        if n == 0:\n            x = x + 0\n"]
    lines += [f"        elif n == {i}:\n            x = x + {i}\n" for i in range(1, length)]
    return "".join(lines) + "        return x\n"


def nested_ifs(depth):
    lines = [MODULE_HEADER]
    for level in range(depth):
        lines.append(" " * (8 + level) + f"if x.dim() > {level}:\n")
    lines.append(" " * (8 + depth) + "x = x + 1\n")
    return "".join(lines) + "        return x\n"


def long_line_sum(megabytes):
    # One 5 MB line that is also one left-leaning expression tree a million operators deep.
    terms = megabytes * 1_000_000 // 4
    return MODULE_HEADER + "        return x" + " + x" * terms + "\n"


def long_line_list(megabytes):
    return "DATA = [" + "0, " * (megabytes * 1_000_000 // 3) + "]\n"


def many_lines(lines):
    # Small module classes, five lines each, every one traced.
    block = "class M{0}(nn.Module):\n    def forward(self, x):\n        return x + {0}\n\n\n"
    return "import torch.nn as nn\n\n\n" + "".join(block.format(i) for i in range(lines // 5))


def lazy_package(root, modules):
    """A package shaped like transformers: its __init__ star-imports every model only under
    `if TYPE_CHECKING:` (at run time a lazy module stands in), and a small model uses the package.
    Returns the small model's path."""
    files = {
        "pkg/__init__.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from .models import *\n",
        "pkg/utils.py": "def helper(x):\n    return x\n",
        "pkg/models/__init__.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        + "".join(f"    from .m{i} import *\n" for i in range(modules)),
        "pkg/models/model.py": "import torch.nn as nn\n\nfrom .. import utils\n\n\n"
        "class Model(nn.Module):\n    def forward(self, x):\n        return utils.helper(x)\n",
    }
    block = "class Block{0}_{1}(nn.Module):\n    def forward(self, x):\n        return x * {1}\n\n\n"
    for i in range(modules):
        files[f"pkg/models/m{i}.py"] = "import torch.nn as nn\n\n\n" + "".join(block.format(i, j) for j in range(300))
    for name, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
        with open(os.path.join(root, name), "w") as f:
            f.write(text)
    return os.path.join(root, "pkg/models/model.py")


def limit_cpu():
    # CPU time, not wall time: CTest runs tests in parallel, and a loaded machine must not fail this
    # test. RLIMIT_CPU kills a spinning fxlint with SIGXCPU; no core file is written.
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(command, *paths):
    # --no-cache: the limits are on analyzing, which a cached entry would skip.
    return subprocess.run([FXLINT, command, "--format", "json", "--no-cache", *paths], capture_output=True,
                          preexec_fn=limit_cpu, timeout=WALL_LIMIT)


def cpu_seconds(command, *paths):
    """CPU time of one fxlint run (children are waited for one at a time here)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run(command, *paths)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


class RobustnessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="fxlint-robustness-")
        cls.dir = cls.tmp.name

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write(self, name, content):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content.encode() if isinstance(content, str) else content)
        return path

    def survive(self, *paths, exits=(0, 1)):
        """Runs both commands on `paths` and returns check's diagnostic codes and verdicts' classes."""
        documents = {}
        for command in ("check", "verdicts"):
            with self.subTest(command=command):
                try:
                    result = run(command, *paths)
                except subprocess.TimeoutExpired:
                    self.fail(f"fxlint {command} {' '.join(paths)}: blocked for {WALL_LIMIT} s")
                detail = f"fxlint {command}: status {result.returncode}: {result.stderr.decode(errors='replace')[-2000:]}"
                if result.returncode == -signal.SIGXCPU:
                    self.fail(f"fxlint {command} {' '.join(paths)}: over {CPU_LIMIT} s of CPU")
                self.assertGreaterEqual(result.returncode, 0, "killed by a signal: " + detail)
                self.assertIn(result.returncode, exits, detail)
                try:
                    documents[command] = json.loads(result.stdout)
                except ValueError as e:
                    self.fail(f"fxlint {command}: output is not JSON ({e}): {result.stdout[:200]!r}")
        codes = sorted({d["code"] for d in documents["check"]["diagnostics"]})
        return codes, documents["verdicts"]["classes"]

    # ---- limits: bounded work and a diagnostic --------------------------------------------------

    def test_1000_nested_parens(self):
        self.survive(self.write("parens.py", nested_parens(1000)))

    def test_5000_long_elif_chain(self):
        codes, classes = self.survive(self.write("elif_chain.py", elif_chain(5000)))
        self.assertIn("FX001", codes)
        self.assertEqual([c["verdict"] for c in classes], ["unknown"], "what is cut off is not traceable")

    def test_1000_deep_nested_ifs(self):
        codes, _ = self.survive(self.write("nested_ifs.py", nested_ifs(1000)))
        self.assertTrue(codes, "a nesting this deep is over a limit and must be reported")

    def test_5mb_single_line_expression(self):
        codes, _ = self.survive(self.write("long_sum.py", long_line_sum(5)))
        self.assertTrue(codes, "a million-deep expression is over a limit and must be reported")

    def test_5mb_single_line_list(self):
        self.survive(self.write("long_list.py", long_line_list(5)))

    def test_100k_lines(self):
        _, classes = self.survive(self.write("many_lines.py", many_lines(100_000)))
        self.assertEqual(len(classes), 20_000)

    def test_classes_whose_forwards_call_each_other(self):
        codes, classes = self.survive(os.path.join(INPUTS, "mutual_forward.py"))
        self.assertIn("FX004", codes)
        self.assertEqual({c["verdict"] for c in classes}, {"unknown"})

    def test_default_value_that_calls_its_own_function(self):
        # Found by fuzz_file (a stack overflow): defaults are evaluated per call, so they must meet the
        # depth and recursion limits like a body does.
        codes, classes = self.survive(os.path.join(INPUTS, "default_calls_itself.py"))
        self.assertIn("FX004", codes)
        self.assertEqual({c["verdict"] for c in classes}, {"unknown"})

    def test_class_bodies_that_build_or_read_themselves(self):
        # Found by fuzz_file (a stack overflow): a dataclass default constructing its own class.
        _, classes = self.survive(os.path.join(INPUTS, "self_building_defaults.py"))
        self.assertEqual([c["verdict"] for c in classes], ["traceable"])

    def test_list_rebuilt_from_its_own_slices(self):
        _, classes = self.survive(os.path.join(INPUTS, "growing_slices.py"))
        self.assertEqual([c["verdict"] for c in classes], ["traceable"])

    def test_constructors_that_build_each_other(self):
        # Python raises RecursionError before tracing starts; fxlint stops on its depth budget.
        codes, classes = self.survive(os.path.join(INPUTS, "mutual_init.py"))
        self.assertIn("FX004", codes)
        self.assertEqual({c["verdict"] for c in classes}, {"unknown"})

    def test_self_referential_init(self):
        self.survive(os.path.join(INPUTS, "self_referential_init.py"))

    def test_cyclic_imports(self):
        _, classes = self.survive(os.path.join(INPUTS, "cyclic_imports"))
        self.assertEqual(sorted(c["name"] for c in classes), ["Decoder", "Encoder"])

    # Found by scripts/sweep.py: binding a package's __init__ expanded its star imports under
    # `if TYPE_CHECKING:`, which never run: transformers/__init__ reached all 2,238 model files, and one
    # model file alone took about 5 s and 430 MB. Such bodies now lower to nothing.
    def test_star_imports_under_type_checking_cost_nothing(self):
        model = lazy_package(os.path.join(self.dir, "lazy"), 200)
        self.survive(model)
        self.assertLess(cpu_seconds("check", model), 0.5)

    # ---- bad input: one clear diagnostic, and the run goes on ------------------------------------

    def bad_file(self, name, content):
        path = self.write(name, content)
        good = self.write("good_" + name, MODULE_HEADER + "        return x\n")
        codes, classes = self.survive(path, good)
        self.assertEqual(codes, ["FX001"])
        self.assertEqual([c["name"] for c in classes], ["M"], "the good file is still analyzed")

    def test_non_utf8(self):
        self.bad_file("latin1.py", "# caf\xe9\nx = '\xe9'\n".encode("latin-1"))

    def test_nul_bytes(self):
        self.bad_file("nul.py", b"import torch\x00\x00\nx = 1\n")

    def test_empty_file(self):
        self.survive(self.write("empty.py", b""))

    def test_directory_named_like_a_file(self):
        os.makedirs(os.path.join(self.dir, "x.py"), exist_ok=True)
        self.survive(os.path.join(self.dir, "x.py"))

    def test_symlink_loops(self):
        loop = os.path.join(self.dir, "loop")
        os.makedirs(loop, exist_ok=True)
        self.write("loop/model.py", MODULE_HEADER + "        return x\n")
        os.symlink(loop, os.path.join(loop, "again"))          # a directory containing itself
        os.symlink("self.py", os.path.join(loop, "self.py"))   # a file link to itself (ELOOP)
        os.symlink("missing.py", os.path.join(loop, "gone.py"))  # a dangling link
        _, classes = self.survive(loop)
        self.assertEqual([c["name"] for c in classes], ["M"])
        self.survive(os.path.join(loop, "self.py"), exits=(1, 2))

    def wrong_type_config(self):
        self.write("config/pyproject.toml", '[tool.fxlint]\nselect = "FX1"\nparam-shapes-constant = "yes"\n')
        return self.write("config/model.py", MODULE_HEADER + "        return x\n")

    def test_config_with_wrong_types_is_a_usage_error_citing_file_and_line(self):
        model = self.wrong_type_config()
        for command in ("check", "verdicts"):
            result = run(command, model)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(b"pyproject.toml:2: [tool.fxlint] `select` must be a list of strings", result.stderr)
            self.assertIn(b"pyproject.toml:3:", result.stderr)

    # A configuration error with --format json or sarif still prints the document, its `errors` (JSON)
    # or tool execution notifications (SARIF) saying what is wrong, like a missing path does.
    def test_config_with_wrong_types_still_prints_the_json_document(self):
        self.survive(self.wrong_type_config(), exits=(2,))
        for command in ("check", "verdicts"):
            document = json.loads(run(command, self.wrong_type_config()).stdout)
            self.assertTrue(any("must be a list of strings" in error for error in document["errors"]), document)
        sarif = json.loads(subprocess.run([FXLINT, "check", "--format", "sarif", "--no-cache", self.wrong_type_config()],
                                          capture_output=True, timeout=WALL_LIMIT).stdout)
        notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        self.assertTrue(any("must be a list of strings" in n["message"]["text"] for n in notes), notes)

    @unittest.skipIf(os.geteuid() == 0, "root reads every file")
    def test_unreadable_file(self):
        path = self.write("secret.py", "x = 1\n")
        os.chmod(path, 0)
        codes, _ = self.survive(path)
        self.assertEqual(codes, ["FX001"])


if __name__ == "__main__":
    FXLINT, INPUTS, CPU_LIMIT = sys.argv[1], sys.argv[2], int(sys.argv[3])
    unittest.main(argv=sys.argv[:1], verbosity=2)
