"""End-to-end tests of the report formats and where reports go: GitHub annotations and their escaping,
--output written atomically, rule selection by code and prefix, rule docs for every code.

Run by CTest as `python3 formats_test.py FXLINT`; needs no torch.
"""
import json
import os
import re
import stat
import threading

import e2e_support
from e2e_support import BAD, GOOD, TempDirTest, run

# Outer comes first, so the site in Inner is reported with the chain from Outer.
CHAINED = """import torch.nn as nn

class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()

    def forward(self, x):
        return self.inner(x)

class Inner(nn.Module):
    def forward(self, x):
        return len(x)
"""


def unescape(value, prop):
    """What the Actions runner makes of an escaped value (its rules, in reverse)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else []) + [("%25", "%")]
    for escaped, plain in pairs:
        value = value.replace(escaped, plain)
    return value


def parse_annotation(line):
    match = re.fullmatch(r"::(error|warning|notice) (.*?)::(.*)", line)
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: unescape(v, True) for k, v in properties.items()}, unescape(match.group(3), False)


class GithubFormatTest(TempDirTest):
    def test_annotation_fields(self):
        self.write("bad.py", BAD)
        result = self.check("check", "--format", "github", "bad.py", status=1)
        (line,) = result.stdout.splitlines()
        level, properties, message = parse_annotation(line)
        self.assertEqual(level, "error")
        self.assertEqual(properties, {"file": "bad.py", "line": "5", "col": "12", "endLine": "5",
                                      "endColumn": "27", "title": "FX101"})
        self.assertIn("`x.shape[1] != 3`", message)

    def test_special_characters_round_trip(self):
        # ',' and ':' would end a property, '%' starts an escape, a newline ends the command.
        self.write("odd, name: 100%.py", CHAINED)
        result = self.check("check", "--format", "github", "odd, name: 100%.py", status=1)
        annotations = [parse_annotation(line) for line in result.stdout.splitlines()]
        self.assertTrue(annotations)
        for level, properties, message in annotations:
            self.assertEqual(properties["file"], "odd, name: 100%.py")
        chained = [message for _, _, message in annotations if "\nvia: " in message]
        self.assertEqual(chained[0].split("\nvia: ")[1], "Outer.forward -> self.inner -> Inner.forward:13")
        self.assertNotIn("\n", result.stdout.rstrip("\n").replace("\n::", "::"))

    def test_warnings_and_clean_runs(self):
        self.write("good.py", GOOD + "# fxlint: ignore\n")
        result = self.check("check", "--format", "github", "good.py", status=1)
        self.assertTrue(result.stdout.startswith("::warning file=good.py,line=10,"), result.stdout)
        self.write("clean.py", GOOD)
        self.assertEqual(self.check("check", "--format", "github", "clean.py", status=0).stdout, "")


class OutputFileTest(TempDirTest):
    def listing(self):
        # The analysis cache is fxlint's own (scale_test.py); what matters here is the output file.
        return sorted(name for name in os.listdir(self.dir) if name != ".fxlint_cache")

    def test_output_matches_stdout_and_replaces_the_file(self):
        self.write("bad.py", BAD)
        target = self.write("report.json", "old content that is longer than nothing\n")
        self.check("check", "--format", "json", "--output", "report.json", "bad.py", status=1)
        printed = self.check("check", "--format", "json", "bad.py", status=1).stdout
        with open(target) as f:
            self.assertEqual(f.read(), printed)
        self.assertEqual(json.loads(printed)["diagnostics"][0]["code"], "FX101")
        self.assertEqual(self.listing(), ["bad.py", "report.json"])

    def test_unwritable_output_is_exit_two_and_leaves_nothing(self):
        self.write("bad.py", BAD)
        result = self.check("check", "--output", "missing/dir/report.txt", "bad.py", status=2)
        self.assertIn("cannot write missing/dir/report.txt", result.stderr)
        self.assertEqual(result.stdout, "")
        os.mkdir(os.path.join(self.dir, "adir"))
        result = self.check("check", "--output", "adir", "bad.py", status=2)
        self.assertIn("cannot write adir: is a directory", result.stderr)
        self.assertEqual(self.listing(), ["adir", "bad.py"])
        self.assertEqual(os.listdir(os.path.join(self.dir, "adir")), [])

    def test_output_to_a_pipe_or_through_a_symlink(self):
        self.write("bad.py", BAD)
        # A FIFO stands for /dev/null and /dev/stdout: written in place, never replaced by a file.
        fifo = os.path.join(self.dir, "fifo")
        os.mkfifo(fifo)
        received = []
        reader = threading.Thread(target=lambda: received.append(open(fifo).read()))
        reader.start()
        self.check("check", "--format", "json", "--output", "fifo", "bad.py", status=1)
        reader.join(timeout=60)
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertEqual(json.loads(received[0])["diagnostics"][0]["code"], "FX101")
        # Through a symlink the linked file gets the report and the link stays a link.
        os.mkdir(os.path.join(self.dir, "reports"))
        self.write("reports/latest.json", "old\n")
        os.symlink("reports/latest.json", os.path.join(self.dir, "report.json"))
        self.check("check", "--format", "json", "--output", "report.json", "bad.py", status=1)
        self.assertTrue(os.path.islink(os.path.join(self.dir, "report.json")))
        with open(os.path.join(self.dir, "reports", "latest.json")) as f:
            self.assertEqual(json.loads(f.read())["diagnostics"][0]["code"], "FX101")

    def test_output_file_has_no_colors(self):
        self.write("bad.py", BAD)
        self.check("check", "--color", "auto", "--output", "report.txt", "bad.py", status=1)
        with open(os.path.join(self.dir, "report.txt")) as f:
            self.assertNotIn("\033[", f.read())

    def test_verdicts_refuse_diagnostic_only_formats(self):
        self.write("bad.py", BAD)
        for format in ("sarif", "github"):
            result = self.check("verdicts", "--format", format, "bad.py", status=2)
            self.assertIn("`fxlint verdicts` prints text, json or html", result.stderr)


class SelectionTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.write("two.py", """import torch.nn as nn

class Two(nn.Module):
    def forward(self, x, mask=None):
        if mask is not None:
            x = x * mask
        return len(x)
""")

    def codes(self, *args):
        result = self.check("check", "--format", "json", *args, "two.py")
        return [d["code"] for d in json.loads(result.stdout)["diagnostics"]]

    def test_select_ignore_extend_select(self):
        self.assertEqual(self.codes(), ["FX201", "FX104"])
        self.assertEqual(self.codes("--select", "FX1"), ["FX104"])
        self.assertEqual(self.codes("--select", "FX1", "--extend-select", "FX201"), ["FX201", "FX104"])
        self.assertEqual(self.codes("--ignore", "FX2"), ["FX104"])
        self.assertEqual(self.codes("--select", "FX1,FX2", "--ignore", "FX104"), ["FX201"])

    def test_the_longest_pattern_decides(self):
        self.assertEqual(self.codes("--ignore", "FX", "--extend-select", "FX104"), ["FX104"])
        self.assertEqual(self.codes("--select", "FX104", "--ignore", "FX1"), ["FX104"])
        self.assertEqual(self.codes("--select", "FX104", "--ignore", "FX104"), [])

    def test_patterns_matching_no_rule_are_usage_errors(self):
        for option in ("--select", "--ignore", "--extend-select"):
            result = self.check("check", option, "FX1,FX999", "two.py", status=2)
            self.assertIn(f"{option}: `FX999` matches no rule code", result.stderr)
        self.check("check", "--select", "fx1", "two.py", status=2)
        self.assertIn("--select takes rule codes or prefixes", self.check("check", "--select=", "two.py", status=2).stderr)

    def test_verdicts_do_not_depend_on_selection(self):
        verdicts = [json.loads(self.check("verdicts", "--format", "json", *args, "two.py").stdout)["classes"][0]
                    ["verdict"] for args in ([], ["--ignore", "FX"], ["--select", "FX201"])]
        self.assertEqual(verdicts, ["fails"] * 3)


class RuleDocsTest(TempDirTest):
    def test_unused_suppression_rule_is_documented(self):
        listing = run("rules").stdout
        self.assertIn("FX005  unused-suppression", listing)
        doc = run("rule", "FX005")
        self.assertEqual(doc.returncode, 0)
        self.assertIn("## What it does", doc.stdout)


if __name__ == "__main__":
    e2e_support.main()
