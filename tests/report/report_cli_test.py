"""`fxlint report` and `--format html` on the command line, without a browser: what is written, exit
statuses, bad input (one clear message, no page, an existing page left as it was), and escaping of
source text in the page's HTML.

    report_cli_test.py FXLINT SAMPLES_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

FXLINT = SAMPLES = None
INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inputs")


def run(*args):
    return subprocess.run([FXLINT, *args, "--no-cache"], capture_output=True, text=True)


def page_data(html):
    match = re.search(r'<script type="application/json" id="fxlint-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


class ReportCommandTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp(prefix="fxlint-report-")
        self.page = os.path.join(self.directory, "report.html")

    def tearDown(self):
        shutil.rmtree(self.directory)

    def test_report_writes_one_self_contained_page(self):
        done = run("report", SAMPLES, "-o", self.page)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "")
        with open(self.page, encoding="utf-8") as handle:
            html = handle.read()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        # Nothing is loaded from anywhere: no src or href attribute, no @import or url() in the styles.
        self.assertIsNone(re.search(r"\b(src|href)\s*=", html))
        self.assertNotIn("@import", html)
        self.assertIsNone(re.search(r"url\(", html))
        self.assertIn("default-src 'none'", html)
        verdicts = json.loads(run("verdicts", "--format", "json", SAMPLES).stdout)
        data = page_data(html)
        self.assertEqual(len(data["entries"]), len(verdicts["classes"]) + len(verdicts["factories"]))

    def test_page_is_the_same_from_the_cache_and_with_one_job(self):
        pages = []
        for extra in ((), (), ("--jobs", "1")):  # the second run reads what the first cached
            page = os.path.join(self.directory, f"page{len(pages)}.html")
            args = [FXLINT, "report", SAMPLES, "-o", page, *extra]
            environment = {k: v for k, v in os.environ.items() if k != "FXLINT_CACHE_DIR"}
            done = subprocess.run(args, capture_output=True, text=True, cwd=self.directory, env=environment)
            self.assertEqual(done.returncode, 0, done.stderr)
            with open(page, encoding="utf-8") as handle:
                pages.append(handle.read())
        self.assertTrue(os.path.isdir(os.path.join(self.directory, ".fxlint_cache")))
        self.assertEqual(pages[0], pages[1])
        self.assertEqual(pages[0], pages[2])

    def test_verdicts_and_check_write_the_same_page_with_their_exit_status(self):
        sample = os.path.join(SAMPLES, "hf_style_resnet.py")
        for command in ("verdicts", "check"):
            done = run(command, "--format", "html", sample)
            self.assertEqual(done.returncode, 1, done.stderr)  # findings, as with text output
            self.assertTrue(done.stdout.startswith("<!DOCTYPE html>"))
            self.assertEqual(page_data(done.stdout)["title"], sample)

    def test_missing_path_writes_no_page_and_keeps_the_old_one(self):
        with open(self.page, "w") as handle:
            handle.write("old page")
        done = run("report", os.path.join(self.directory, "nope.py"), "-o", self.page)
        self.assertEqual(done.returncode, 2)
        self.assertIn("no such file", done.stderr)
        self.assertIn("no report written", done.stderr)
        with open(self.page) as handle:
            self.assertEqual(handle.read(), "old page")
        self.assertEqual(sorted(os.listdir(self.directory)), ["report.html"])  # no temporary file left

    def test_unwritable_output_is_one_message(self):
        done = run("report", SAMPLES, "-o", os.path.join(self.directory, "missing", "report.html"))
        self.assertEqual(done.returncode, 2)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
        self.assertIn("cannot write", done.stderr)

    def test_usage_errors(self):
        for args in (("report",), ("report", SAMPLES, "--format", "json"), ("report", SAMPLES, "--fix"),
                     ("check", SAMPLES, "--format", "html", "--diff"), ("verdicts", SAMPLES, "--format", "sarif")):
            done = run(*args)
            self.assertEqual(done.returncode, 2, args)
            self.assertTrue(done.stderr.startswith("fxlint: "), done.stderr)

    def test_source_text_is_escaped_and_broken_files_are_listed(self):
        done = run("report", INPUTS, "-o", self.page)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(self.page, encoding="utf-8") as handle:
            html = handle.read()
        # Exactly the page's three scripts: the data, page.js and verdicts.js; no tag from the source.
        self.assertEqual(len(re.findall(r"<script\b", html)), 3)
        self.assertEqual(html.count("</script>"), 3)
        self.assertNotIn("<img", html)
        self.assertNotIn("<b>", html)
        self.assertNotIn("<!--", html)
        data = page_data(html)
        text = json.dumps(data)
        self.assertIn("alert('fxlint')", text)  # still there, as text
        self.assertEqual([os.path.basename(data["files"][p["file"]]) for p in data["file_problems"]], ["broken.py"])
        names = {entry["name"]: entry for entry in data["entries"]}
        self.assertEqual(names["HoldsScript"]["verdict"], "fails")
        tree = data["trees"][names["HoldsScript"]["tree"]]
        self.assertEqual([(node[1], data["module_classes"][node[2]]) for node in tree],
                         [("inner", "ScriptInSource"), ("proj", "torch.nn.Linear")])
        self.assertEqual(tree[0][7], 1)  # the failing submodule is marked


if __name__ == "__main__":
    FXLINT, SAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
