"""The real client: Debian's neovim (0.7, headless, no user configuration) runs `fxlint lsp` through
vim.lsp.start_client and opens every sample (tests/e2e/lsp_neovim_client.lua). The diagnostics neovim
ends up with (after its own UTF-16 to byte conversion) must equal `fxlint check --format json` on the
same file; hover must show the first diagnostic; its suppression code action, applied by neovim to the
buffer, must make that diagnostic go away without an unused-suppression warning.

usage: lsp_neovim_test.py FXLINT NVIM SAMPLES_DIR
"""
import glob
import json
import os
import subprocess
import sys
import unittest
import urllib.parse

import e2e_support
from e2e_support import TempDirTest, run

HERE = os.path.dirname(os.path.abspath(__file__))
SEVERITY = {"error": 1, "warning": 2, "info": 3}


class NeovimTest(TempDirTest):
    def test_samples_in_neovim(self):
        nvim, samples = e2e_support.ARGS
        files = sorted(os.path.abspath(p) for p in glob.glob(os.path.join(samples, "*.py")))
        self.assertTrue(files)
        out = os.path.join(self.dir, "neovim.json")
        env = dict(os.environ, FXLINT=e2e_support.FXLINT, FXLINT_FILES="\n".join(files), FXLINT_OUT=out,
                   XDG_CACHE_HOME=os.path.join(self.dir, "cache"), XDG_STATE_HOME=os.path.join(self.dir, "state"),
                   XDG_DATA_HOME=os.path.join(self.dir, "data"), XDG_CONFIG_HOME=os.path.join(self.dir, "config"))
        # -n: no swap files next to the samples; -i NONE: no shada file.
        proc = subprocess.run([nvim, "--headless", "-u", "NONE", "-n", "-i", "NONE",
                               "-c", "luafile " + os.path.join(HERE, "lsp_neovim_client.lua")],
                              capture_output=True, text=True, timeout=600, env=env, cwd=samples)
        self.assertTrue(os.path.exists(out), proc.stdout + proc.stderr)
        with open(out) as f:
            results = json.load(f)
        self.assertTrue(results.pop("stopped"), "the client did not stop (shutdown/exit)")

        flagged = 0
        for path in files:
            with self.subTest(sample=os.path.basename(path)):
                got = results[path]
                self.assertTrue(got["published"], "no diagnostics were published")
                own, elsewhere = self.expected(path, samples)
                in_file = [{k: v for k, v in d.items() if k not in ("href", "site")}
                           for d in got["diagnostics"] if "site" not in d]
                self.assertEqual(in_file, own)
                # Sites in imported files, shown at a class of this file: the same as check's.
                reached = sorted({(d["code"], d["site"]["uri"], d["site"]["line"])
                                  for d in got["diagnostics"] if "site" in d})
                self.assertEqual(reached, elsewhere)
                if not own:
                    continue
                flagged += 1
                first = own[0]
                for d in got["diagnostics"]:
                    self.assertTrue(d["href"].startswith("file://") and d["href"].endswith(d["code"] + ".md"))
                self.assertIn(first["code"], got["hover"])
                self.assertIn(first["message"], got["hover"])
                self.assertIn("fxlint: ignore[", got["action_title"])
                self.assertTrue(got["republished"])
                self.assertIn("fxlint: ignore[", got["edited_line"])
                after = [(d["code"], d["lnum"]) for d in got["after_edit"]]
                self.assertNotIn((got["suppressed_code"], got["suppressed_line"]), after)
                self.assertNotIn("FX005", [code for code, _ in after])
        self.assertGreater(flagged, 3)

    def expected(self, path, samples):
        """`fxlint check --format json` for the file: its own diagnostics as neovim represents them
        (0-based bytes), and the (code, file URI, 0-based line) of those in imported files."""
        result = run("check", "--format", "json", "--no-cache", path, cwd=samples)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        expected, elsewhere = [], set()
        for d in json.loads(result.stdout)["diagnostics"]:
            if d["file"] != path:
                elsewhere.add((d["code"], "file://" + urllib.parse.quote(os.path.abspath(os.path.join(samples, d["file"]))),
                               d["line"] - 1))
                continue
            expected.append({"lnum": d["line"] - 1, "col": d["column"] - 1, "end_lnum": d["end_line"] - 1,
                             "end_col": d["end_column"] - 1, "code": d["code"], "message": d["message"],
                             "severity": SEVERITY[d["severity"]]})
        expected.sort(key=lambda d: (d["lnum"], d["col"], d["code"]))
        return expected, sorted(elsewhere)


if __name__ == "__main__":
    e2e_support.FXLINT = sys.argv[1]
    e2e_support.ARGS = sys.argv[2:]
    unittest.main(argv=sys.argv[:1])
