"""fxlint's SARIF output against the structure SARIF 2.1.0 requires (sarif_structure.py), on the output
fixtures, on every sample, with a run error, and for a run without findings.

Run by CTest as `python3 sarif_structure_test.py FXLINT SAMPLES_DIR`.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import sarif_structure

HERE = os.path.dirname(os.path.abspath(__file__))
FXLINT = None
SAMPLES = None


def sarif(*args, cwd=HERE):
    done = subprocess.run([FXLINT, "check", "--format", "sarif", "--isolated", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, json.loads(done.stdout)


class SarifStructure(unittest.TestCase):
    def assertValid(self, log):
        self.assertEqual(sarif_structure.problems(log), [])

    def test_fixtures(self):
        code, log = sarif("inputs")
        self.assertEqual(code, 1)
        self.assertValid(log)
        run = log["runs"][0]
        self.assertEqual(run["tool"]["driver"]["name"], "fxlint")
        results = {r["ruleId"]: r for r in run["results"]}
        self.assertIn("codeFlows", results["FX101"])
        steps = results["FX101"]["codeFlows"][0]["threadFlows"][0]["locations"]
        self.assertEqual([s["location"]["message"]["text"] for s in steps],
                         ["Net.forward", "self.stem", "Stem.forward:11"])

    def test_every_rule_has_help_and_level(self):
        _, log = sarif("inputs")
        listed = subprocess.run([FXLINT, "rules"], capture_output=True, text=True).stdout.split()
        for rule in log["runs"][0]["tool"]["driver"]["rules"]:
            self.assertIn(rule["id"], listed)
            self.assertIn("## What it does", rule["help"]["markdown"], rule["id"])
            self.assertTrue(rule["shortDescription"]["text"], rule["id"])
            self.assertIn(rule["defaultConfiguration"]["level"], ("error", "warning"), rule["id"])

    def test_non_ascii_columns_count_utf16_code_units(self):
        _, log = sarif("inputs")
        (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "FX104"]
        region = result["locations"][0]["physicalLocation"]["region"]
        with open(os.path.join(HERE, "inputs", "models", "net.py"), encoding="utf-8") as f:
            line = f.read().splitlines()[region["startLine"] - 1]
        utf16 = line.encode("utf-16-le")
        start = (region["startColumn"] - 1) * 2
        end = (region["endColumn"] - 1) * 2
        self.assertEqual(utf16[start:end].decode("utf-16-le"), "len(x)")

    def test_samples(self):
        code, log = sarif(SAMPLES)
        self.assertIn(code, (0, 1))
        self.assertValid(log)
        self.assertTrue(log["runs"][0]["results"])

    def test_clean_run_and_run_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "good.py"), "w") as f:
                f.write("import torch.nn as nn\n\nclass Good(nn.Module):\n    def forward(self, x):\n        return x\n")
            code, log = sarif("good.py", cwd=tmp)
            self.assertEqual(code, 0)
            self.assertValid(log)
            self.assertEqual(log["runs"][0]["results"], [])
            self.assertTrue(log["runs"][0]["invocations"][0]["executionSuccessful"])
            code, log = sarif("good.py", "missing.py", cwd=tmp)
            self.assertEqual(code, 2)
            self.assertValid(log)
            invocation = log["runs"][0]["invocations"][0]
            self.assertFalse(invocation["executionSuccessful"])
            self.assertIn("missing.py", invocation["toolExecutionNotifications"][0]["message"]["text"])

    def test_files_outside_the_current_directory_get_absolute_uris(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad model.py")
            with open(path, "w") as f:
                f.write("import torch.nn as nn\n\nclass Bad(nn.Module):\n    def forward(self, x):\n"
                        "        return len(x)\n")
            _, log = sarif(path)
            self.assertValid(log)
            location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            self.assertNotIn("uriBaseId", location)
            self.assertTrue(location["uri"].startswith("file:///"))
            self.assertTrue(location["uri"].endswith("/bad%20model.py"))

    def test_checker_rejects_what_the_schema_rejects(self):
        _, log = sarif("inputs")
        run = log["runs"][0]
        broken = json.loads(json.dumps(log))
        broken["runs"][0]["results"][0]["level"] = "fatal"
        broken["runs"][0]["results"][0]["ruleIndex"] = len(run["tool"]["driver"]["rules"])
        broken["runs"][0]["tool"]["driver"]["rules"][0]["help"] = {"markdown": "no text"}
        broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
        broken["runs"][0]["extra"] = True
        found = "\n".join(sarif_structure.problems(broken))
        for expected in ("'fatal' is not one of", "not an index into tool.driver.rules", "requires `text`",
                         "expected an integer >= 1", "`extra` is not a property of run"):
            self.assertIn(expected, found)


if __name__ == "__main__":
    FXLINT, SAMPLES = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]], verbosity=2)
