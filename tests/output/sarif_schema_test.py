"""fxlint's SARIF output against the official SARIF 2.1.0 JSON schema, checked by two third-party validators
that scripts/setup.sh --python installs from npm (docs/integrations.md):
- ajv-cli 5 with ajv-formats 3: JSON Schema 2020-12 validation against sarif-2.1.0.json, the schema file
  that ships in Microsoft's SARIF multitool package;
- the SARIF multitool 5.7.0 (`validate`): the same schema (JSON1xxx) plus the spec's rules that a schema
  cannot state (SARIF1xxx errors, SARIF2xxx warnings).
Both are needed: the multitool reports nothing at all for a log it cannot deserialize (a `level` outside
the enumeration, say), so a log counts as checked by it only when it drew at least one of its notes.

The logs cover every sample (and one C++ header), the output fixtures (a call chain as a code flow, a
syntax error, `ignore-file`), suppressions and an unused one, a file outside the current directory
(absolute URI), a run error (a tool execution notification) and a run without findings. Broken copies
(startLine 0, an unknown level) must be rejected, so the test cannot pass by validating nothing.

Run by CTest as `python3 sarif_schema_test.py FXLINT SAMPLES_DIR SARIF_TOOLS_DIR`; no network.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

FXLINT = None
SAMPLES = None
TOOLS = None

# Multitool warnings fxlint's output still draws, by rule and message id, each with the reason it is
# accepted (SARIF2005 also covers a missing version, which is not accepted).
ACCEPTED_WARNINGS = {
    # tool.driver.informationUri: fxlint has no public web page to name yet.
    ("SARIF2005", "Warning_ProvideToolnformationUri"),
}

# SARIF2006 (a note) fetches every URI in the log, $schema included; the test runs offline.
POLICY = """<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"""

SUPPRESSED = """import torch.nn as nn


class Suppressed(nn.Module):
    def forward(self, x):
        a = len(x)  # fxlint: ignore[FX104]
        b = len(x)  # noqa: FX104
        c = len(x)
        return x + a + b + c  # fxlint: ignore[FX101]
"""

CLEAN = """import torch.nn as nn


class Clean(nn.Module):
    def forward(self, x):
        return x.relu()
"""


def tool_paths():
    modules = os.path.join(TOOLS, "node_modules")
    multitool = os.path.join(modules, "@microsoft", "sarif-multitool-linux")
    return {"schema": os.path.join(multitool, "sarif-2.1.0.json"),
            "multitool": os.path.join(multitool, "Sarif.Multitool"),
            "ajv": os.path.join(modules, "ajv-cli", "dist", "index.js"),
            "ajv-formats": os.path.join(modules, "ajv-formats", "package.json")}


def fxlint_sarif(args, cwd, path, status):
    done = subprocess.run([FXLINT, "check", "--format", "sarif", "--isolated", "--no-cache", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != status:
        raise AssertionError(f"fxlint {args}: exit {done.returncode}, expected {status}\n{done.stderr}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(done.stdout)
    return json.loads(done.stdout)


def run_ajv(tools, paths):
    """{path: (valid, ajv's text for it)}; ajv-cli reads a data file by its extension, so each ends in .json."""
    data = [arg for path in paths for arg in ("-d", path)]
    done = subprocess.run(["node", tools["ajv"], "validate", "--spec=draft2020", "--strict=false",
                           "--all-errors", "-c", "ajv-formats", "-s", tools["schema"], *data, "--errors=text"],
                          capture_output=True, text=True, timeout=300)
    verdicts, current = {}, None
    for line in (done.stdout + done.stderr).splitlines():
        for path in paths:
            if line in (f"{path} valid", f"{path} invalid"):
                current = path
                verdicts[path] = (line.endswith(" valid"), "")
                break
        else:
            if current:
                verdicts[current] = (verdicts[current][0], verdicts[current][1] + line + "\n")
    missing = [p for p in paths if p not in verdicts]
    if missing:
        raise AssertionError(f"ajv said nothing about {missing}:\n{done.stdout}{done.stderr}")
    return verdicts


def run_multitool(tools, paths, work):
    """{path: [(ruleId, level, message id), ...]} from one `Sarif.Multitool validate` over every path,
    notes included."""
    policy = os.path.join(work, "policy.xml")
    with open(policy, "w") as f:
        f.write(POLICY)
    report = os.path.join(work, "multitool.sarif")
    # Invariant globalization: the .NET runtime then needs no ICU library on the machine.
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    done = subprocess.run([tools["multitool"], "validate", "--json-schema", tools["schema"], *paths,
                           "--output", report, "--log", "ForceOverwrite", "--config", policy,
                           "--level", "Error;Warning;Note"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not os.path.exists(report):
        raise AssertionError(f"Sarif.Multitool failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    with open(report, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    for invocation in run.get("invocations", []):
        errors = [n for n in invocation.get("toolExecutionNotifications", []) if n.get("level") == "error"]
        if not invocation.get("executionSuccessful", True) or errors:
            raise AssertionError(f"Sarif.Multitool did not run cleanly: {invocation}")
    found = {path: [] for path in paths}
    for result in run.get("results", []):
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        path = os.path.realpath(urllib.parse.unquote(urllib.parse.urlparse(uri).path))
        # A result without a level is a warning (SARIF 3.27.10).
        found.setdefault(path, []).append((result["ruleId"], result.get("level", "warning"),
                                           result["message"].get("id")))
    return found


class SarifSchema(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tools = tool_paths()
        missing = [path for path in tools.values() if not os.path.exists(path)]
        if shutil.which("node") is None:
            missing.append("node (Node.js)")
        if missing:
            raise AssertionError(f"SARIF validators missing: {missing}; run scripts/setup.sh --python, or "
                                 "scripts/build.sh --python, which configures FXLINT_SARIF_TOOLS")
        cls.tmp = tempfile.TemporaryDirectory()
        work = os.path.realpath(cls.tmp.name)
        root = os.path.dirname(SAMPLES)
        cls.paths = {name: os.path.join(work, name + ".json")
                     for name in ("samples", "fixtures", "clean", "start_line_0", "unknown_level")}
        cls.logs = {}
        # From the checkout's root, so files below it get %SRCROOT%-relative URIs.
        cls.logs["samples"] = fxlint_sarif(
            [SAMPLES, os.path.join(SAMPLES, "cpp", "data_dependent_branch.h")], root, cls.paths["samples"], 1)
        outside = os.path.join(work, "outside model.py")
        with open(outside, "w") as f:
            f.write(SUPPRESSED)
        cls.logs["fixtures"] = fxlint_sarif(
            [os.path.join(root, "tests", "output", "inputs"), outside, "missing.py"], root, cls.paths["fixtures"], 2)
        with open(os.path.join(work, "clean.py"), "w") as f:
            f.write(CLEAN)
        cls.logs["clean"] = fxlint_sarif(["clean.py"], work, cls.paths["clean"], 0)

        def broken(name, change):
            log = json.loads(json.dumps(cls.logs["fixtures"]))
            change(log["runs"][0]["results"][0])
            with open(cls.paths[name], "w") as f:
                json.dump(log, f)

        broken("start_line_0", lambda r: r["locations"][0]["physicalLocation"]["region"].update(startLine=0))
        broken("unknown_level", lambda r: r.update(level="fatal"))

        paths = list(cls.paths.values())
        cls.ajv = run_ajv(tools, paths)
        cls.multitool = run_multitool(tools, paths, work)

    @classmethod
    def tearDownClass(cls):
        if hasattr(cls, "tmp"):
            cls.tmp.cleanup()

    def run_of(self, name):
        return self.logs[name]["runs"][0]

    def test_logs_cover_what_fxlint_writes(self):
        results = self.run_of("samples")["results"]
        self.assertTrue(any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".h")
                            for r in results), "no result from the C++ header")
        run = self.run_of("fixtures")
        codes = {r["ruleId"] for r in run["results"]}
        self.assertTrue({"FX001", "FX005", "FX101", "FX104"} <= codes, codes)
        self.assertTrue(any("codeFlows" in r for r in run["results"]))
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
        self.assertTrue(any("uriBaseId" not in u and u["uri"].endswith("/outside%20model.py") for u in uris))
        invocation = run["invocations"][0]
        self.assertFalse(invocation["executionSuccessful"])
        self.assertIn("missing.py", invocation["toolExecutionNotifications"][0]["message"]["text"])
        self.assertEqual(self.run_of("clean")["results"], [])

    def test_ajv_finds_every_log_valid(self):
        for name in ("samples", "fixtures", "clean"):
            valid, errors = self.ajv[self.paths[name]]
            self.assertTrue(valid, f"{name}: ajv against sarif-2.1.0.json:\n{errors}")

    def test_multitool_finds_no_error_or_warning(self):
        for name in ("samples", "fixtures", "clean"):
            found = self.multitool[self.paths[name]]
            # Its notes (e.g. SARIF2003, no versionControlProvenance) show that it read this log at all.
            self.assertTrue(found, f"{name}: the multitool reported nothing, so it did not read the log")
            problems = [(rule, level, message) for rule, level, message in found
                        if level in ("error", "warning") and (rule, message) not in ACCEPTED_WARNINGS]
            self.assertEqual(problems, [], name)

    def test_broken_copies_are_rejected(self):
        valid, errors = self.ajv[self.paths["start_line_0"]]
        self.assertFalse(valid)
        self.assertIn("startLine must be >= 1", errors)
        valid, errors = self.ajv[self.paths["unknown_level"]]
        self.assertFalse(valid)
        self.assertIn("level must be equal to one of the allowed values", errors)
        self.assertIn(("JSON1008", "error"),
                      [(rule, level) for rule, level, _ in self.multitool[self.paths["start_line_0"]]])
        # The multitool's blind spot that ajv covers: an undeserializable log draws no result at all.
        self.assertEqual(self.multitool[self.paths["unknown_level"]], [])


if __name__ == "__main__":
    FXLINT, SAMPLES, TOOLS = (os.path.abspath(arg) for arg in sys.argv[1:4])
    unittest.main(argv=[sys.argv[0]], verbosity=2)
