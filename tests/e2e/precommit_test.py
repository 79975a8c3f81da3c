"""The `fxlint-system` hook (.pre-commit-hooks.yaml at the repository root) under the real pre-commit: a
temporary git repository with a model that fails tracing and one that does not; the commit is refused
with fxlint's message, and goes through once the model is fixed.

Run by CTest as `python3 precommit_test.py FXLINT PRE_COMMIT HOOKS_FILE`; needs no network, since a
`language: system` hook installs nothing.
"""
import os
import shutil
import subprocess

import e2e_support
from e2e_support import BAD, GOOD, TempDirTest

FIXED = BAD.replace('''        if x.shape[1] != 3:
            raise ValueError("channels")''', '''        torch._assert(x.shape[1] == 3, "channels")''').replace("import torch.nn", "import torch\nimport torch.nn")


class PreCommitTest(TempDirTest):
    def setUp(self):
        super().setUp()
        pre_commit, self.hooks_file = map(os.path.abspath, e2e_support.ARGS)
        self.env = dict(os.environ)
        # fxlint on PATH, as a `language: system` hook expects; everything else kept inside the test.
        self.env["PATH"] = os.pathsep.join([os.path.dirname(os.path.abspath(e2e_support.FXLINT)),
                                            os.path.dirname(pre_commit), self.env.get("PATH", "")])
        self.env["PRE_COMMIT_HOME"] = os.path.join(self.dir, "cache")
        self.env["GIT_CONFIG_GLOBAL"] = os.devnull
        self.env["GIT_CONFIG_NOSYSTEM"] = "1"
        for who in ("AUTHOR", "COMMITTER"):
            self.env[f"GIT_{who}_NAME"] = "fxlint test"
            self.env[f"GIT_{who}_EMAIL"] = "fxlint@example.invalid"
        self.pre_commit = pre_commit
        self.hooks = self.make_hook_repository()
        self.work = os.path.join(self.dir, "work")
        os.mkdir(self.work)
        self.git("init", "-q", "-b", "main", cwd=self.work)

    def git(self, *args, cwd):
        done = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout.strip()

    def make_hook_repository(self):
        """A git repository holding the project's hooks file as it is in the work tree, committed."""
        hooks = os.path.join(self.dir, "hooks")
        os.mkdir(hooks)
        shutil.copy(self.hooks_file, os.path.join(hooks, ".pre-commit-hooks.yaml"))
        self.git("init", "-q", "-b", "main", cwd=hooks)
        self.git("add", ".pre-commit-hooks.yaml", cwd=hooks)
        self.git("commit", "-q", "-m", "hooks", cwd=hooks)
        return hooks

    def commit(self):
        return subprocess.run(["git", "commit", "-m", "models"], cwd=self.work, env=self.env, capture_output=True,
                              text=True, timeout=300)

    def test_hook_refuses_the_failing_model_then_accepts_the_fix(self):
        rev = self.git("rev-parse", "HEAD", cwd=self.hooks)
        self.write("work/.pre-commit-config.yaml",
                   f"repos:\n- repo: {self.hooks}\n  rev: {rev}\n  hooks:\n  - id: fxlint-system\n")
        self.write("work/good.py", GOOD)
        self.write("work/bad.py", BAD)
        self.write("work/notes.txt", "not python: the hook does not see it\n")
        install = subprocess.run([self.pre_commit, "install"], cwd=self.work, env=self.env, capture_output=True,
                                 text=True, timeout=120)
        self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
        self.git("add", ".", cwd=self.work)

        refused = self.commit()
        self.assertNotEqual(refused.returncode, 0, refused.stdout + refused.stderr)
        output = refused.stdout + refused.stderr
        self.assertIn("fxlint", output)
        self.assertIn("Failed", output)
        self.assertIn("bad.py:5:12: FX101", output)
        self.assertNotIn("good.py:", output)
        self.assertEqual(subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=self.work, env=self.env,
                                        capture_output=True).returncode, 128)

        self.write("work/bad.py", FIXED)
        self.git("add", "bad.py", cwd=self.work)
        accepted = self.commit()
        self.assertEqual(accepted.returncode, 0, accepted.stdout + accepted.stderr)
        self.assertIn("Passed", accepted.stdout + accepted.stderr)
        self.assertEqual(self.git("log", "--format=%s", cwd=self.work), "models")

    def test_hook_runs_only_on_python_files(self):
        rev = self.git("rev-parse", "HEAD", cwd=self.hooks)
        self.write("work/.pre-commit-config.yaml",
                   f"repos:\n- repo: {self.hooks}\n  rev: {rev}\n  hooks:\n  - id: fxlint-system\n")
        self.write("work/notes.txt", "if x.shape[1] != 3: pass\n")
        self.git("add", ".", cwd=self.work)
        done = subprocess.run([self.pre_commit, "run", "--all-files"], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("(no files to check)Skipped", done.stdout)


if __name__ == "__main__":
    e2e_support.main()
