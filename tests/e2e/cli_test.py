"""End-to-end tests of the fxlint binary: exit codes, formats, bad input, rule docs.

Run by CTest as `python3 cli_test.py FXLINT SAMPLES_DIR`; needs no torch.
"""
import json
import os

import e2e_support
from e2e_support import BAD, GOOD, TempDirTest, run


class CliTest(TempDirTest):
    def test_clean_file_exits_zero(self):
        result = run("check", self.write("good.py", GOOD))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("No problems found", result.stdout)

    def test_finding_exits_one_with_location_code_and_frame(self):
        path = self.write("bad.py", BAD)
        result = run("check", path)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"{path}:5:12: FX101", result.stdout)
        self.assertIn("if x.shape[1] != 3:", result.stdout)
        self.assertIn("^^^^^^^^^^^^^^^", result.stdout)

    def test_missing_path_and_bad_option_exit_two(self):
        self.assertEqual(run("check", os.path.join(self.dir, "nope.py")).returncode, 2)
        self.assertEqual(run("check", "--bogus", self.dir).returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("check").returncode, 2)

    def test_bad_files_get_one_diagnostic_each_and_the_run_goes_on(self):
        self.write("a_syntax.py", "class X(nn.Module)\n    def forward(self, x)\n")
        self.write("b_latin1.py", "x = '\xe9'\n".encode("latin-1"), mode="wb")
        self.write("c_binary.py", b"\x00\x01\x02ELF", mode="wb")
        self.write("d_empty.py", "")
        self.write("e_bad.py", BAD)
        result = run("check", "--format", "json", self.dir)
        self.assertEqual(result.returncode, 1, result.stderr)
        doc = json.loads(result.stdout)
        by_file = {}
        for d in doc["diagnostics"]:
            by_file.setdefault(os.path.basename(d["file"]), []).append(d["code"])
        self.assertEqual(by_file["a_syntax.py"], ["FX001"])
        self.assertEqual(by_file["b_latin1.py"], ["FX001"])
        self.assertEqual(by_file["c_binary.py"], ["FX001"])
        self.assertNotIn("d_empty.py", by_file)
        self.assertEqual(by_file["e_bad.py"], ["FX101"])

    def test_directory_named_as_file_and_symlink_loop(self):
        os.makedirs(os.path.join(self.dir, "pkg", "sub"))
        os.symlink(os.path.join(self.dir, "pkg"), os.path.join(self.dir, "pkg", "sub", "loop"))
        self.write("pkg/model.py", GOOD)
        result = run("check", self.dir)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_verdicts_json_schema(self):
        path = self.write("bad.py", BAD)
        result = run("verdicts", "--format", "json", path)
        self.assertEqual(result.returncode, 1)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["schema_version"], 1)
        self.assertIsNone(doc["configuration"]["inputs"])
        (cls,) = doc["classes"]
        self.assertEqual(cls["name"], "Bad")
        self.assertEqual(cls["verdict"], "fails")
        self.assertEqual(cls["first_failure"]["line"], 5)
        self.assertEqual(cls["first_failure"]["code"], "FX101")
        self.assertEqual(cls["shape_facts"][0]["input"], "x")
        self.assertEqual(cls["shape_facts"][0]["dim"], 1)

    def test_inputs_configuration_changes_verdict(self):
        path = self.write("opt.py", """import torch.nn as nn
class M(nn.Module):
    def forward(self, x, mask=None):
        if mask is not None:
            x = x * mask
        return x
""")
        vanilla = json.loads(run("verdicts", "--format", "json", path).stdout)
        scoped = json.loads(run("verdicts", "--format", "json", "--inputs", "x", path).stdout)
        self.assertEqual(vanilla["classes"][0]["verdict"], "specialized")
        self.assertEqual(scoped["classes"][0]["verdict"], "traceable")
        self.assertEqual(scoped["configuration"]["inputs"], ["x"])

    def test_dynamic_dims_feeding_decisions_are_export_hazards(self):
        path = self.write("bad.py", BAD)
        result = run("check", "--dynamic", "x:0,1", "--select", "EX", path)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn(f"{path}:5:12: EX301", result.stdout)
        self.assertIn("`x` dim 1", result.stdout)
        self.assertEqual(run("check", "--dynamic", "x:0,2", "--select", "EX", path).returncode, 0)
        self.assertEqual(run("check", "--dynamic", "x", path).returncode, 2)
        self.assertEqual(run("check", "--dynamic", "x:a", path).returncode, 2)

    def test_select_and_ignore(self):
        path = self.write("bad.py", BAD)
        self.assertEqual(run("check", "--ignore", "FX1", path).returncode, 0)
        self.assertEqual(run("check", "--select", "FX101", path).returncode, 1)

    def test_rule_docs(self):
        result = run("rule", "FX101")
        self.assertEqual(result.returncode, 0)
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            self.assertIn(heading, result.stdout)
        self.assertEqual(run("rule", "FX999").returncode, 2)
        listing = run("rules").stdout.splitlines()
        codes = [line.split()[0] for line in listing]
        self.assertEqual(len(codes), len(set(codes)))
        for family in ("FX0", "FX1", "FX2", "EX3"):
            in_family = [code for code in codes if code.startswith(family)]
            self.assertTrue(in_family, family)
            self.assertEqual(in_family, sorted(in_family))
        for code in codes:
            doc = run("rule", code).stdout
            self.assertIn("## What it does", doc, code)
            self.assertIn("## Example", doc, code)

    def test_a_file_named_from_inside_its_package_resolves_its_relative_imports(self):
        # `from ..layers import Norm` must climb the real directories, whatever the working directory.
        package = os.path.join(self.dir, "pkg")
        for directory in (package, os.path.join(package, "layers"), os.path.join(package, "models")):
            os.makedirs(directory, exist_ok=True)
            self.write(os.path.join(directory, "__init__.py"), "")
        self.write(os.path.join(package, "layers", "norm.py"),
                   "import torch.nn as nn\n\n\nclass Norm(nn.Module):\n    def forward(self, x):\n"
                   "        return x.reshape(len(x), -1)\n")
        model = ("import torch.nn as nn\n\nfrom ..layers.norm import Norm\n\n\nclass Net(nn.Module):\n"
                 "    def __init__(self):\n        super().__init__()\n        self.norm = Norm()\n\n"
                 "    def forward(self, x):\n        return self.norm(x)\n")
        self.write(os.path.join(package, "models", "net.py"), model)
        verdicts = {}
        for cwd, path in ((self.dir, os.path.join("pkg", "models", "net.py")),
                          (os.path.join(package, "models"), "net.py"),
                          (os.path.join(package, "layers"), os.path.join("..", "models", "net.py"))):
            result = run("verdicts", "--format", "json", path, cwd=cwd)
            self.assertIn(result.returncode, (0, 1), result.stderr)
            verdicts[cwd] = [(c["name"], c["verdict"]) for c in json.loads(result.stdout)["classes"]]
        for cwd, found in verdicts.items():
            self.assertEqual(found, [("Net", "fails")], cwd)

    def test_samples_run_is_deterministic(self):
        samples = e2e_support.ARGS[0]
        first = run("check", samples)
        second = run("check", samples)
        self.assertIn(first.returncode, (0, 1))
        self.assertEqual(first.stdout, second.stdout)


if __name__ == "__main__":
    e2e_support.main()
