"""`fxlint lsp` driven over pipes at the protocol level: framing, JSON-RPC errors for malformed
messages, diagnostics for unsaved buffer text (matching `fxlint check --format json` on the same text),
the project's configuration, hover, code actions whose edit really suppresses the diagnostic, and the
shutdown/exit sequence.

usage: lsp_protocol_test.py FXLINT
"""
import json
import os
import subprocess
import sys
import threading
import unittest
import urllib.parse

import e2e_support
from e2e_support import BAD, GOOD, TempDirTest, run

TIMEOUT = 60


def frame(payload):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    """A language client over the server's pipes; a reader thread collects every message it sends."""

    def __init__(self, cwd, env):
        self.proc = subprocess.Popen([e2e_support.FXLINT, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.messages = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.next_id = 0

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    with self.cond:
                        self.messages.append(None)  # end of output
                        self.cond.notify_all()
                    return
                line = line.rstrip(b"\r\n")
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers[b"content-length"]))
            with self.cond:
                self.messages.append(json.loads(body))
                self.cond.notify_all()

    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, payload):
        self.raw(frame(payload))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, predicate):
        """The first message not yet taken that satisfies predicate; it is removed from the queue."""
        with self.cond:
            while True:
                for i, m in enumerate(self.messages):
                    if m is None:
                        raise AssertionError("the server closed its output")
                    if predicate(m):
                        return self.messages.pop(i)
                if not self.cond.wait(TIMEOUT):
                    raise AssertionError("no such message within %ds; got %r" % (TIMEOUT, self.messages))

    def diagnostics(self, uri):
        return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri)["params"]["diagnostics"]

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(TIMEOUT)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def utf16_character(line, byte_column):
    """A 1-based byte column of `line` (str) as LSP's 0-based UTF-16 character."""
    prefix = line.encode()[:byte_column - 1].decode()
    return len(prefix.encode("utf-16-le")) // 2


class LspTest(TempDirTest):
    def setUp(self):
        super().setUp()
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(self.dir, "xdg-cache"))
        self.client = Client(self.dir, env)

    def tearDown(self):
        self.client.close()
        super().tearDown()

    def initialize(self):
        reply = self.client.request("initialize", {"processId": os.getpid(), "rootUri": uri_of(self.dir),
                                                    "capabilities": {}})
        self.client.notify("initialized", {})
        return reply

    def open(self, path, text):
        uri = uri_of(path)
        self.client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python",
                                                                     "version": 1, "text": text}})
        return uri, self.client.diagnostics(uri)

    def expected(self, path, text):
        """What `fxlint check --format json` reports for `text` saved at `path`, as LSP diagnostics."""
        with open(path, "w") as f:
            f.write(text)
        return self.expected_in(path, path)

    def expected_in(self, site_file, checked):
        """`fxlint check --format json` on `checked`: its diagnostics in `site_file`, as LSP diagnostics."""
        result = run("check", "--format", "json", "--no-cache", checked, cwd=self.dir)
        with open(site_file) as f:
            lines = f.read().split("\n")
        out = []
        for d in json.loads(result.stdout)["diagnostics"]:
            if os.path.abspath(os.path.join(self.dir, d["file"])) != site_file:
                continue
            out.append({"code": d["code"], "message": d["message"],
                        "range": {"start": {"line": d["line"] - 1,
                                            "character": utf16_character(lines[d["line"] - 1], d["column"])},
                                  "end": {"line": d["end_line"] - 1,
                                          "character": utf16_character(lines[d["end_line"] - 1], d["end_column"])}}})
        return out

    @staticmethod
    def essentials(diagnostics):
        return [{"code": d["code"], "message": d["message"], "range": d["range"]} for d in diagnostics]

    def test_initialize_capabilities(self):
        reply = self.initialize()
        caps = reply["result"]["capabilities"]
        self.assertEqual(caps["textDocumentSync"]["change"], 1)
        self.assertTrue(caps["textDocumentSync"]["openClose"])
        self.assertTrue(caps["hoverProvider"])
        self.assertIn("quickfix", caps["codeActionProvider"]["codeActionKinds"])
        self.assertEqual(reply["result"]["serverInfo"]["name"], "fxlint")

    def test_requests_before_initialize_are_refused(self):
        reply = self.client.request("textDocument/hover", {})
        self.assertEqual(reply["error"]["code"], -32002)
        self.assertIn("result", self.initialize())

    def test_unsaved_text_is_analyzed_like_check(self):
        self.initialize()
        path = os.path.join(self.dir, "model.py")
        # Not on disk at first: the buffer alone is analyzed, with a non-ASCII line before the site.
        text = "# é 😀\n" + BAD
        uri, diagnostics = self.open(path, text)
        self.assertTrue(diagnostics)
        self.assertEqual(self.essentials(diagnostics), self.expected(path, text))
        for d in diagnostics:
            self.assertEqual(d["source"], "fxlint")
            href = d["codeDescription"]["href"]
            page = urllib.parse.unquote(href[len("file://"):])
            with open(page) as f:
                self.assertIn(d["code"], f.read())
        # A full-text change to the good model clears them; the file on disk still holds the bad one.
        self.client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                      "contentChanges": [{"text": GOOD}]})
        self.assertEqual(self.client.diagnostics(uri), [])
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.assertEqual(self.client.diagnostics(uri), [])

    def test_non_ascii_ranges_and_incremental_changes(self):
        self.initialize()
        path = os.path.join(self.dir, "model.py")
        text = ("import torch.nn as nn\n\nclass M(nn.Module):\n    def forward(self, x):\n"
                "        if x.shape[1] != len('😀é') and x.shape[0] > 'ü😀'.count('x'):\n            return x\n"
                "        return x + 1\n")
        uri, diagnostics = self.open(path, text)
        self.assertEqual(len(diagnostics), 1)
        self.assertEqual(self.essentials(diagnostics), self.expected(path, text))
        # Ranges are UTF-16: replace the second comparison (after an emoji) with a constant.
        line = text.split("\n")[4]
        begin = line.index("x.shape[0]")
        end = line.index(":")
        character = lambda i: len(line[:i].encode("utf-16-le")) // 2
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 4, "character": character(begin)},
                                          "end": {"line": 4, "character": character(end)}},
                                "text": "True"}]})
        edited = text.replace(line, line[:begin] + "True" + line[end:])
        after = self.client.diagnostics(uri)
        self.assertEqual(self.essentials(after), self.expected(path, edited))
        # The first comparison is still flagged, its range unchanged.
        self.assertEqual(after[0]["range"], diagnostics[0]["range"])

    def test_imports_resolve_from_disk_and_save_reanalyzes(self):
        self.initialize()
        self.write("pkg/__init__.py", "")
        self.write("pkg/helpers.py", "def check(x):\n    return x\n")
        path = os.path.join(self.dir, "pkg", "model.py")
        text = ("import torch.nn as nn\nfrom .helpers import check\n\nclass M(nn.Module):\n"
                "    def forward(self, x):\n        return check(x)\n")
        uri, diagnostics = self.open(path, text)
        self.assertEqual(diagnostics, self.expected(path, text))
        self.assertEqual(diagnostics, [])
        # The helper starts branching on the input's shape; saving the model re-reads the import.
        helpers = self.write("pkg/helpers.py", "def check(x):\n    if x.shape[0] > 1:\n        return x\n    return x\n")
        self.client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        after = self.client.diagnostics(uri)
        # check reports the site in helpers.py; the editor shows it at the class M that reaches it.
        site = self.expected_in(helpers, path)
        self.assertEqual(len(site), 1)
        self.assertEqual(len(after), 1)
        self.assertEqual(after[0]["code"], site[0]["code"])
        self.assertEqual(after[0]["range"]["start"], {"line": 3, "character": 6})  # `M` in `class M(`
        self.assertIn(site[0]["message"], after[0]["message"])
        related = after[0]["relatedInformation"][0]["location"]
        self.assertEqual(related, {"uri": uri_of(helpers), "range": site[0]["range"]})
        hover = self.client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                           "position": {"line": 3, "character": 0}})
        self.assertIn("M.forward", hover["result"]["contents"]["value"])
        # No suppression is offered at the class: a comment there would not suppress the site.
        actions = self.client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": after[0]["range"], "context": {"diagnostics": after}})
        self.assertEqual(actions["result"], [])

    def test_configuration_applies(self):
        self.write("pyproject.toml", '[tool.fxlint]\nignore = ["FX1"]\n')
        self.initialize()
        path = os.path.join(self.dir, "model.py")
        _, diagnostics = self.open(path, BAD)
        self.assertEqual(self.essentials(diagnostics), self.expected(path, BAD))
        self.assertFalse([d for d in diagnostics if d["code"].startswith("FX1")])

    def test_hover_and_code_action(self):
        self.initialize()
        path = os.path.join(self.dir, "model.py")
        uri, diagnostics = self.open(path, BAD)
        first = diagnostics[0]
        line = first["range"]["start"]["line"]
        hover = self.client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                           "position": {"line": line, "character": 0}})
        self.assertIn(first["code"], hover["result"]["contents"]["value"])
        self.assertIn(first["message"], hover["result"]["contents"]["value"])
        self.assertIn("Bad.forward", hover["result"]["contents"]["value"])  # the call chain
        nothing = self.client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                             "position": {"line": 0, "character": 0}})
        self.assertIsNone(nothing["result"])

        actions = self.client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": first["range"],
            "context": {"diagnostics": [first]}})["result"]
        suppress = [a for a in actions if "fxlint: ignore[%s]" % first["code"] in a["title"]]
        self.assertEqual(len(suppress), 1, actions)
        edits = suppress[0]["edit"]["changes"][uri]
        # Applying the edit to the buffer must make the diagnostic go away.
        lines = BAD.split("\n")
        for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                           reverse=True):
            start, end = edit["range"]["start"], edit["range"]["end"]
            self.assertEqual(start["line"], end["line"])
            row = lines[start["line"]]
            lines[start["line"]] = row[:start["character"]] + edit["newText"] + row[end["character"]:]
        self.client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                      "contentChanges": [{"text": "\n".join(lines)}]})
        remaining = self.client.diagnostics(uri)
        self.assertNotIn((first["code"], line), [(d["code"], d["range"]["start"]["line"]) for d in remaining])
        self.assertFalse([d for d in remaining if d["code"] == "FX005"], remaining)  # the comment is used

    def test_fix_code_actions_match_fxlint_fix(self):
        """A rule's fix is offered first; applied by the client, it gives the text `fxlint fix` writes."""
        self.initialize()
        original = ("import torch\nfrom torch import nn\n\n\nclass Pad(nn.Module):\n"
                    "    def forward(self, x):\n        n = len(x.shape)\n"
                    "        return torch.zeros(x.size(0), n) + x\n")
        path = os.path.join(self.dir, "pad.py")
        uri, diagnostics = self.open(path, original)
        text = original
        for version, code in enumerate(("FX104", "FX108"), start=2):
            found = [d for d in diagnostics if d["code"] == code]
            self.assertEqual(len(found), 1, diagnostics)
            actions = self.client.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": found[0]["range"],
                "context": {"diagnostics": found}})["result"]
            self.assertNotIn("fxlint: ignore", actions[0]["title"])  # the fix comes before the suppression
            self.assertTrue(actions[0].get("isPreferred"), actions[0])  # both fixes are safe
            line_offsets = [0]
            for line in text.split("\n"):
                line_offsets.append(line_offsets[-1] + len(line) + 1)  # ASCII: characters are bytes
            edits = sorted(actions[0]["edit"]["changes"][uri],
                           key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True)
            for edit in edits:
                begin = line_offsets[edit["range"]["start"]["line"]] + edit["range"]["start"]["character"]
                end = line_offsets[edit["range"]["end"]["line"]] + edit["range"]["end"]["character"]
                text = text[:begin] + edit["newText"] + text[end:]
            self.client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                          "contentChanges": [{"text": text}]})
            diagnostics = self.client.diagnostics(uri)
            self.assertNotIn(code, [d["code"] for d in diagnostics])
        self.assertNotEqual(text, original)
        # The same fixes from the command line give the same file.
        with open(path, "w") as f:
            f.write(original)
        run("fix", "--no-cache", path, cwd=self.dir)
        with open(path) as f:
            self.assertEqual(f.read(), text)

    def test_malformed_messages_get_errors_and_the_server_goes_on(self):
        self.initialize()
        c = self.client

        def error_reply():
            return c.wait(lambda m: "error" in m)["error"]["code"]

        c.raw(b"X-Nothing: 1\r\n\r\n")  # no Content-Length: the reader skips to the next one
        self.assertEqual(error_reply(), -32700)
        c.raw(b"Content-Length: 5\r\n\r\n{bad}")
        self.assertEqual(error_reply(), -32700)
        c.raw(b"Content-Length: twelve\r\n\r\n{}")
        self.assertEqual(error_reply(), -32700)
        c.raw(b"Content-Length: 99999999999\r\n\r\n")
        self.assertEqual(error_reply(), -32700)
        c.send([1, 2])  # a batch
        self.assertEqual(error_reply(), -32600)
        c.send({"jsonrpc": "1.0", "id": 7, "method": "shutdown"})
        self.assertEqual(error_reply(), -32600)
        c.send({"jsonrpc": "2.0", "id": 8, "method": 42})
        self.assertEqual(error_reply(), -32600)
        c.send({"jsonrpc": "2.0", "id": 9, "method": "textDocument/definition", "params": {}})
        self.assertEqual(c.wait(lambda m: m.get("id") == 9)["error"]["code"], -32601)
        c.send({"jsonrpc": "2.0", "id": 10, "method": "textDocument/hover",
                "params": {"textDocument": {"uri": 5}, "position": {"line": "x"}}})
        self.assertEqual(c.wait(lambda m: m.get("id") == 10)["error"]["code"], -32602)
        c.send({"jsonrpc": "2.0", "id": 11, "method": "textDocument/codeAction",
                "params": {"textDocument": {"uri": "file:///not/open.py"}, "range": {}}})
        self.assertEqual(c.wait(lambda m: m.get("id") == 11)["error"]["code"], -32602)
        # A notification with wrong types has no reply; the server logs it.
        c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x.py", "text": 3}})
        self.assertIn("didOpen", c.wait(lambda m: m.get("method") == "window/logMessage")["params"]["message"])
        # Unknown notifications are ignored; the session still works after all this.
        c.notify("custom/notification", {})
        path = os.path.join(self.dir, "model.py")
        _, diagnostics = self.open(path, BAD)
        self.assertTrue(diagnostics)
        self.assertIsNone(c.request("shutdown", None)["result"])
        c.notify("exit", None)
        self.assertEqual(c.proc.wait(TIMEOUT), 0)

    def test_requests_after_shutdown_and_exit_without_shutdown(self):
        self.initialize()
        self.assertIsNone(self.client.request("shutdown", None)["result"])
        self.assertEqual(self.client.request("textDocument/hover", {})["error"]["code"], -32600)
        self.client.notify("exit", None)
        self.assertEqual(self.client.proc.wait(TIMEOUT), 0)

    def test_exit_without_shutdown_is_status_1(self):
        self.initialize()
        self.client.notify("exit", None)
        self.assertEqual(self.client.proc.wait(TIMEOUT), 1)

    def test_end_of_input_mid_message(self):
        self.initialize()
        self.client.raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
        self.client.proc.stdin.close()
        self.assertEqual(self.client.proc.wait(TIMEOUT), 1)


if __name__ == "__main__":
    e2e_support.FXLINT = sys.argv[1]
    unittest.main(argv=sys.argv[:1])
