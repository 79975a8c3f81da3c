"""End-to-end tests of suppression comments: `# fxlint: ignore[...]`, bare `# fxlint: ignore`,
`# fxlint: ignore-file`, ruff's `# noqa`, the FX005 unused-suppression warning, and that verdicts
never change.

Run by CTest as `python3 suppression_test.py FXLINT`; needs no torch.
"""
import json

import e2e_support
from e2e_support import TempDirTest

MODEL = """import torch.nn as nn

class M(nn.Module):
    def forward(self, x):
        n = len(x) + int(x.sum()){line5}
        if (x.shape[0]{line6}
                > 2):{line7}
            x = x + 1
        return x * n{line9}
"""


def model(**comments):
    return MODEL.format(**{f"line{n}": comments.get(f"line{n}", "") for n in (5, 6, 7, 9)})


class SuppressionTest(TempDirTest):
    def diagnostics(self, source, *args):
        self.write("m.py", source)
        result = self.check("check", "--format", "json", "--isolated", *args, "m.py")
        self.assertIn(result.returncode, (0, 1), result.stderr)
        doc = json.loads(result.stdout)
        return [(d["line"], d["code"]) for d in doc["diagnostics"]], doc["suppressed"]

    def test_unsuppressed(self):
        self.assertEqual(self.diagnostics(model()), ([(5, "FX104"), (5, "FX106"), (6, "FX101")], 0))

    def test_codes_on_the_line(self):
        found = self.diagnostics(model(line5="  # fxlint: ignore[FX104]"))
        self.assertEqual(found, ([(5, "FX106"), (6, "FX101")], 1))
        found = self.diagnostics(model(line5="  # fxlint: ignore[FX104, FX106]"))
        self.assertEqual(found, ([(6, "FX101")], 2))
        found = self.diagnostics(model(line5="  # fxlint: ignore[FX1]  (a prefix)"))
        self.assertEqual(found, ([(6, "FX101")], 2))

    def test_bare_ignore_suppresses_every_code_on_the_line(self):
        self.assertEqual(self.diagnostics(model(line5="  # fxlint: ignore")), ([(6, "FX101")], 2))

    def test_a_diagnostic_over_several_lines_is_suppressed_on_its_last(self):
        self.assertEqual(self.diagnostics(model(line7="  # fxlint: ignore[FX101]"))[0],
                         [(5, "FX104"), (5, "FX106")])

    def test_ignore_file(self):
        self.assertEqual(self.diagnostics("# fxlint: ignore-file\n" + model(line5="  # fxlint: ignore[FX999]")),
                         ([], 3))

    def test_noqa_follows_ruff(self):
        self.assertEqual(self.diagnostics(model(line5="  # noqa: FX104"))[0], [(5, "FX106"), (6, "FX101")])
        self.assertEqual(self.diagnostics(model(line5="  # NOQA:FX104,FX106"))[0], [(6, "FX101")])
        self.assertEqual(self.diagnostics(model(line5="  # noqa"))[0], [(6, "FX101")])
        # Other tools' codes are theirs: nothing suppressed, nothing reported unused.
        self.assertEqual(self.diagnostics(model(line5="  # noqa: E501"))[0], [(5, "FX104"), (5, "FX106"), (6, "FX101")])
        self.assertEqual(self.diagnostics(model(line5="  # type: ignore  # noqa: E501 FX104"))[0],
                         [(5, "FX106"), (6, "FX101")])

    def test_markers_inside_strings_are_not_comments(self):
        source = model().replace("        return x * n", '        s = "# fxlint: ignore-file"\n'
                                 "        '''\n        # fxlint: ignore-file\n        '''\n        return x * n")
        self.assertEqual(self.diagnostics(source)[0], [(5, "FX104"), (5, "FX106"), (6, "FX101")])
        source = model().replace("int(x.sum())", 'int(x.sum()) + len("# fxlint: ignore")')
        self.assertEqual(len(self.diagnostics(source)[0]), 3)

    def test_unused_suppressions_are_fx005_warnings(self):
        found, _ = self.diagnostics(model(line5="  # fxlint: ignore[FX104, FX201, FX999]", line9="  # fxlint: ignore"))
        self.assertEqual(found, [(5, "FX106"), (5, "FX005"), (5, "FX005"), (6, "FX101"), (9, "FX005")])
        self.write("m.py", model(line5="  # fxlint: ignore[FX104, FX201, FX999]", line9="  # fxlint: ignore"))
        text = self.check("check", "--isolated", "m.py", status=1).stdout
        self.assertIn("m.py:5:60: FX005 unused suppression of FX201: no FX201 diagnostic on this line", text)
        self.assertIn("m.py:5:67: FX005 `FX999` in a suppression comment is not a rule code", text)
        self.assertIn("m.py:9:25: FX005 unused suppression: no diagnostic on this line", text)

    def test_a_file_named_twice_reports_each_unused_suppression_once(self):
        self.write("m.py", model(line9="  # fxlint: ignore"))
        result = self.check("check", "--format", "json", "m.py", "m.py", status=1)
        self.assertEqual([d["code"] for d in json.loads(result.stdout)["diagnostics"]].count("FX005"), 1)

    def test_unused_noqa_codes_are_reported_but_not_bare_noqa(self):
        found, _ = self.diagnostics(model(line6="  # noqa: FX104", line9="  # noqa"))
        self.assertIn((6, "FX005"), found)
        self.assertNotIn((9, "FX005"), found)

    def test_unselected_codes_are_not_judged(self):
        source = model(line9="  # fxlint: ignore[FX201]")
        self.assertIn((9, "FX005"), self.diagnostics(source)[0])
        self.assertNotIn((9, "FX005"), self.diagnostics(source, "--ignore", "FX201")[0])
        self.assertNotIn((9, "FX005"), self.diagnostics(source, "--ignore", "FX005")[0])
        self.assertEqual(self.diagnostics(source, "--select", "FX1")[0], [(5, "FX104"), (5, "FX106"), (6, "FX101")])

    def test_suppressed_diagnostics_keep_the_exit_status_clean(self):
        self.write("m.py", "# fxlint: ignore-file\n" + model())
        self.assertIn("No problems found (3 suppressed)", self.check("check", "m.py", status=0).stdout)

    def test_suppressions_never_change_verdicts(self):
        self.write("m.py", "# fxlint: ignore-file\n" + model())
        result = self.check("verdicts", "--format", "json", "m.py", status=1)
        self.assertEqual(json.loads(result.stdout)["classes"][0]["verdict"], "fails")

    def test_suppression_in_an_imported_file(self):
        self.write("pkg/__init__.py", "")
        self.write("pkg/helpers.py", "def count(x):\n    return len(x)  # fxlint: ignore[FX104]\n")
        self.write("pkg/model.py", "import torch.nn as nn\nfrom pkg.helpers import count\n\n"
                   "class M(nn.Module):\n    def forward(self, x):\n        return x * count(x)\n")
        result = self.check("check", "--format", "json", "pkg/model.py", status=0)
        self.assertEqual(json.loads(result.stdout)["suppressed"], 1)


if __name__ == "__main__":
    e2e_support.main()
