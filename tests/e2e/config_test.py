"""End-to-end tests of configuration files: `[tool.fxlint]` in pyproject.toml and fxlint.toml, found
by walking up from each file (nearest wins), every key, the command line overriding them, files
under different configurations in one run, and clear errors for bad files.

Run by CTest as `python3 config_test.py FXLINT`; needs no torch.
"""
import json

import e2e_support
from e2e_support import BAD, TempDirTest

MODEL = """import torch.nn as nn
from helpers import count


class Sub(nn.Module):
    def forward(self, x):
        if x.shape[0] > 1:
            return x
        return -x


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.sub = Sub()

    def forward(self, x, mask=None):
        if mask is not None:
            x = x * mask
        return self.sub(x) * count(x)
"""


class ConfigTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.write("src/helpers/__init__.py", "def count(x):\n    return len(x)\n")
        self.write("app/model.py", MODEL)

    def codes(self, *args, path="app"):
        result = self.check("check", "--format", "json", *args, path)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        return sorted({d["code"] for d in json.loads(result.stdout)["diagnostics"]})

    def verdicts(self, *args, path="app"):
        return json.loads(self.check("verdicts", "--format", "json", *args, path).stdout)

    def test_no_configuration(self):
        self.assertEqual(self.codes(), ["FX002", "FX101", "FX201"])

    def test_pyproject_tool_fxlint(self):
        self.write("pyproject.toml", '[project]\nname = "demo"\n\n[tool.fxlint]\nignore = ["FX2"]\n')
        self.assertEqual(self.codes(), ["FX002", "FX101"])
        self.assertEqual(self.verdicts()["configuration"]["source"], "pyproject.toml")

    def test_every_trace_key(self):
        self.write("fxlint.toml", 'inputs = ["x"]\nleaf = ["Sub"]\nroot = ["src"]\nparam-shapes-constant = true\n'
                   'dynamic = { x = [0] }\n')
        # mask is concrete (no FX201), helpers is found under src/ (no FX002), and x's dim 0 is dynamic
        # (EX301 where Sub, traced as a class of its own, decides on it).
        self.assertEqual(self.codes(), ["EX301", "FX101", "FX104"])
        doc = self.verdicts()
        configuration = doc["configuration"]
        self.assertEqual(configuration["inputs"], ["x"])
        self.assertEqual(configuration["leaf_classes"], ["Sub"])
        self.assertTrue(configuration["param_shapes_constant"])
        # Sub is a leaf inside M: M fails at len() in the helper, not at Sub's branch.
        (m,) = [c for c in doc["classes"] if c["name"] == "M"]
        self.assertEqual(m["first_failure"]["code"], "FX104")

    def test_dynamic_key(self):
        self.write("fxlint.toml", 'dynamic = { x = [0, 2] }\nselect = ["EX"]\n')
        self.assertEqual(self.codes(), ["EX301"])

    def test_root_is_relative_to_the_configuration_file(self):
        self.write("fxlint.toml", 'root = ["src"]\n')
        self.assertNotIn("FX002", self.codes())
        self.assertNotIn("FX002", self.codes(path=f"{self.dir}/app"))

    def test_command_line_overrides_the_file(self):
        self.write("fxlint.toml", 'select = ["FX2"]\nextend-select = ["FX002"]\n')
        self.assertEqual(self.codes(), ["FX002", "FX201"])
        self.assertEqual(self.codes("--select", "FX1"), ["FX002", "FX101"])
        self.assertEqual(self.codes("--extend-select", "FX101"), ["FX002", "FX101", "FX201"])
        self.assertEqual(self.codes("--ignore", "FX002"), ["FX201"])
        # The longest pattern decides: extend-select FX002 is more specific than --ignore FX0.
        self.assertEqual(self.codes("--ignore", "FX0"), ["FX002", "FX201"])
        self.write("fxlint.toml", 'inputs = ["x"]\n')
        self.assertEqual(self.verdicts("--inputs", "x,mask")["configuration"]["inputs"], ["x", "mask"])

    def test_nearest_file_wins_and_fxlint_toml_before_pyproject(self):
        self.write("pyproject.toml", '[tool.fxlint]\nselect = ["FX1"]\n')
        self.assertEqual(self.codes(), ["FX101"])
        self.write("app/pyproject.toml", '[tool.fxlint]\nselect = ["FX2"]\n')
        self.assertEqual(self.codes(), ["FX201"])
        self.write("app/fxlint.toml", 'select = ["FX0"]\n')
        self.assertEqual(self.codes(), ["FX002"])

    def test_pyproject_without_tool_fxlint_is_passed_over(self):
        self.write("pyproject.toml", '[tool.fxlint]\nselect = ["FX1"]\n')
        self.write("app/pyproject.toml", '[tool.black]\nline-length = 100\n')
        self.assertEqual(self.codes(), ["FX101"])

    def test_files_under_different_configurations(self):
        self.write("other/model.py", BAD)
        self.write("other/fxlint.toml", 'inputs = ["x"]\n')
        doc = self.verdicts(path=".")
        sources = [(c["source"], c["files"]) for c in doc["configurations"]]
        self.assertEqual(sources, [(None, ["./app/model.py", "./src/helpers/__init__.py"]),
                                   ("other/fxlint.toml", ["./other/model.py"])])
        text = self.check("verdicts", ".").stdout
        self.assertIn("configuration: vanilla\n", text)
        self.assertIn("configuration: inputs=x (other/fxlint.toml)\n", text)

    def test_config_and_isolated_options(self):
        self.write("pyproject.toml", '[tool.fxlint]\nselect = ["FX1"]\n')
        self.write("elsewhere/strict.toml", 'select = ["FX2"]\n')
        self.assertEqual(self.codes("--isolated"), ["FX002", "FX101", "FX201"])
        self.assertEqual(self.codes("--config", "elsewhere/strict.toml"), ["FX201"])
        self.write("elsewhere/pyproject.toml", "[tool.black]\n")
        result = self.check("check", "--config", "elsewhere/pyproject.toml", "app", status=2)
        self.assertIn("elsewhere/pyproject.toml: has no [tool.fxlint] table", result.stderr)
        self.check("check", "--config", "elsewhere/strict.toml", "--isolated", "app", status=2)

    def test_errors_cite_file_line_and_key(self):
        self.write("pyproject.toml", '[tool.fxlint]\nselect = "FX1"\nignore = ["FX999"]\nleaf = [1]\n'
                   'param-shapes-constant = "yes"\ndynamic = { x = ["a"] }\nunknown-key = 1\n')
        result = self.check("check", "app", status=2)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr.splitlines(), [
            "fxlint: pyproject.toml:2: [tool.fxlint] `select` must be a list of strings",
            "fxlint: pyproject.toml:3: [tool.fxlint] `ignore`: `FX999` matches no rule code; `fxlint rules` lists them",
            "fxlint: pyproject.toml:4: [tool.fxlint] `leaf` must be a list of strings",
            "fxlint: pyproject.toml:5: [tool.fxlint] `param-shapes-constant` must be true or false",
            "fxlint: pyproject.toml:6: [tool.fxlint] `dynamic.x` must be a list of dimension indices (integers)",
            "fxlint: pyproject.toml:7: unknown key `unknown-key` in [tool.fxlint]; known keys: select, ignore, "
            "extend-select, inputs, leaf, root, param-shapes-constant, dynamic, tracer",
        ])

    def test_invalid_toml_and_misplaced_table(self):
        self.write("fxlint.toml", 'select = ["FX1"\n')
        result = self.check("check", "app", status=2)
        self.assertRegex(result.stderr, r"fxlint: fxlint\.toml:\d+:\d+: invalid TOML: ")
        self.write("fxlint.toml", "[dynamic]\nx = 1\n")
        result = self.check("check", "app", status=2)
        self.assertIn("fxlint.toml:2: `dynamic.x` must be a list of dimension indices", result.stderr)
        self.write("fxlint.toml", "")
        self.write("pyproject.toml", "[tool]\nfxlint = 3\n")
        self.check("check", "app", status=1)  # the nearer, empty fxlint.toml wins and is valid
        self.write("app/pyproject.toml", "[tool]\nfxlint = 3\n")
        self.assertIn("app/pyproject.toml:2: [tool.fxlint] must be a table", self.check("check", "app", status=2).stderr)


if __name__ == "__main__":
    e2e_support.main()
