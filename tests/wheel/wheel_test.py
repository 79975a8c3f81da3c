"""The wheel with the real tools (docs/integrations.md#install-with-pip). Each CASE is one CTest test:

  build       scripts/build_wheel.sh builds and repairs the wheel into WHEEL_DIR (the others' fixture)
  sdist       the sdist builds the same wheel (same files and tag; its executable checks samples/ alike)
  manylinux   `auditwheel show` finds it consistent with a manylinux tag; its entry point is the native
              executable; it weighs at most 15 MB
  outputs     installed into a fresh venv in a temporary directory (clean environment: nothing from the
              build tree on PATH, no PYTHONPATH, no LD_LIBRARY_PATH), fxlint check / verdicts / rules /
              rule / fixes / lsp print exactly what the CMake build's fxlint prints
  cpp         the installed wheel analyzes C++ with the machine's libclang-cpp 14 as the CMake build does,
              and without it says, once per C++ file, how to get it
  export      installed beside torch (a venv that sees the project venv's packages), `fxlint export`
              writes the same model as the CMake build's exporter, and C++ files find LibTorch's
              headers in that torch; without torch export says what to install and exits 2
  precommit   the `language: python` hook under the real pre-commit, fxlint installed from WHEEL_DIR
              only (PIP_FIND_LINKS, PIP_NO_INDEX): a failing model's commit is refused, a clean one passes

usage: wheel_test.py CASE --source ROOT --wheel-dir DIR --tools WHEEL_TOOLS_VENV --fxlint CMAKE_FXLINT
                     [--venv PROJECT_VENV]
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_support import BAD as FAILING_MODEL, GOOD as CLEAN_MODEL, TempDirTest  # noqa: E402

OPTIONS = None
MAX_WHEEL_BYTES = 15 * 1024 * 1024

# A LibTorch model for tests/cpp/standin's small <torch/torch.h>: a loop whose trip count is the batch.
CPP_MODEL = """#include <torch/torch.h>

struct PerSampleSumImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor total = x;
    for (int64_t i = 0; i < x.size(0); ++i) {
      total = total + x;
    }
    return total;
  }
};
"""


def the_wheel():
    wheels = glob.glob(os.path.join(OPTIONS.wheel_dir, "fxlint-*.whl"))
    if len(wheels) != 1:
        raise AssertionError(f"expected one fxlint wheel in {OPTIONS.wheel_dir}, found {wheels} (case build makes it)")
    return wheels[0]


def clean_env(venv=None, **extra):
    """An environment with nothing of the build: the venv's bin/ and the system's directories on PATH, pip
    reading no configuration file of this machine."""
    path = ([os.path.join(venv, "bin")] if venv else []) + ["/usr/local/bin", "/usr/bin", "/bin"]
    env = {"PATH": os.pathsep.join(path), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
           "TMPDIR": tempfile.gettempdir(), "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.update(extra)
    return env


def run(command, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 600)
    return subprocess.run(command, **kwargs)


def make_venv(where, python=None, see_packages_of=None, timings=None):
    """A fresh venv at `where` with the wheel installed; `see_packages_of`: another venv whose
    site-packages it sees through a .pth file (torch without a copy, and without touching that venv).
    `timings` gets the seconds of each step."""
    start = time.monotonic()
    created = run([python or sys.executable, "-m", "venv", where], env=clean_env())
    if created.returncode != 0:
        raise AssertionError(created.stdout + created.stderr)
    created_at = time.monotonic()
    if see_packages_of:
        site = run([os.path.join(see_packages_of, "bin", "python"), "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
        own_site = glob.glob(os.path.join(where, "lib", "python3*", "site-packages"))[0]
        with open(os.path.join(own_site, "fxlint_test_project_venv.pth"), "w") as pth:
            pth.write(site + "\n")
    installed = run([os.path.join(where, "bin", "python"), "-m", "pip", "install", "--no-index", "--quiet",
                     the_wheel()], env=clean_env(where))
    if installed.returncode != 0:
        raise AssertionError(installed.stdout + installed.stderr)
    if timings is not None:
        timings.update(venv=created_at - start, pip_install=time.monotonic() - created_at)
    return where


class TempDirCase(TempDirTest):
    def assertSameRun(self, label, expected, actual):
        self.assertEqual((expected.returncode, expected.stdout, expected.stderr),
                         (actual.returncode, actual.stdout, actual.stderr), f"{label}: the wheel differs")


class Build(unittest.TestCase):
    def test_build_wheel_script_makes_one_repaired_wheel(self):
        start = time.monotonic()
        done = run(["bash", os.path.join(OPTIONS.source, "scripts", "build_wheel.sh"), OPTIONS.wheel_dir],
                   timeout=3600)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr[-5000:])
        wheel = the_wheel()
        self.assertEqual(done.stdout.strip().splitlines()[-1], wheel)
        print(f"built {os.path.basename(wheel)} in {time.monotonic() - start:.1f} s")


class Sdist(unittest.TestCase):
    """The sdist builds the same wheel: `python -m build --sdist`, then pip builds a wheel from it with the
    same backend (scikit-build-core from the tools venv, no download), unpacked under the build tree so
    that ccache serves the objects, and `auditwheel repair` tags it."""

    def test_sdist_builds_the_same_wheel(self):
        work = os.path.join(os.path.dirname(OPTIONS.wheel_dir), "wheel-sdist")
        shutil.rmtree(work, ignore_errors=True)
        python = os.path.join(OPTIONS.tools, "bin", "python")
        env = clean_env(OPTIONS.tools, CC="cc", CXX="c++")
        sdist = run([python, "-m", "build", "--sdist", "--no-isolation", "--outdir", work, OPTIONS.source], env=env)
        self.assertEqual(sdist.returncode, 0, sdist.stdout + sdist.stderr)
        archives = glob.glob(os.path.join(work, "fxlint-*.tar.gz"))
        self.assertEqual(len(archives), 1, archives)
        shutil.unpack_archive(archives[0], os.path.join(work, "src"))
        source = glob.glob(os.path.join(work, "src", "fxlint-*"))[0]
        self.assertFalse(os.path.exists(os.path.join(source, "build")), "the sdist carries a build tree")
        built = run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir",
                     os.path.join(work, "unrepaired"), "-C", f"build-dir={os.path.join(source, 'build-wheel')}",
                     source], env=env, timeout=3600)
        self.assertEqual(built.returncode, 0, built.stdout[-5000:] + built.stderr[-5000:])
        repaired = run([os.path.join(OPTIONS.tools, "bin", "auditwheel"), "repair", "--wheel-dir",
                        os.path.join(work, "repaired"), *glob.glob(os.path.join(work, "unrepaired", "*.whl"))], env=env)
        self.assertEqual(repaired.returncode, 0, repaired.stderr)
        from_sdist = glob.glob(os.path.join(work, "repaired", "*.whl"))
        self.assertEqual([os.path.basename(w) for w in from_sdist], [os.path.basename(the_wheel())])
        contents = []
        for wheel in (the_wheel(), from_sdist[0]):
            with zipfile.ZipFile(wheel) as archive:
                contents.append(sorted(archive.namelist()))
                executable = os.path.join(work, f"fxlint-{len(contents)}")
                with open(executable, "wb") as out:
                    out.write(archive.read(next(n for n in archive.namelist() if n.endswith(".data/scripts/fxlint"))))
                os.chmod(executable, 0o755)
        self.assertEqual(contents[0], contents[1])
        checks = [run([os.path.join(work, f"fxlint-{i}"), "check", "--no-cache", "samples/"], cwd=OPTIONS.source,
                      env=clean_env()) for i in (1, 2)]
        self.assertIn("FX101", checks[0].stdout)
        self.assertEqual((checks[0].returncode, checks[0].stdout), (checks[1].returncode, checks[1].stdout))


class Manylinux(unittest.TestCase):
    def test_auditwheel_show_finds_a_manylinux_policy(self):
        wheel = the_wheel()
        shown = run([os.path.join(OPTIONS.tools, "bin", "auditwheel"), "show", wheel],
                    env=clean_env(OPTIONS.tools))
        self.assertEqual(shown.returncode, 0, shown.stdout + shown.stderr)
        print(shown.stdout)
        text = " ".join(shown.stdout.split())
        match = re.search(r'consistent with the following platform tag: "(manylinux_\d+_\d+_x86_64)"', text)
        self.assertIsNotNone(match, text)
        self.assertIn(match.group(1), os.path.basename(wheel))

    def test_entry_point_is_the_native_executable_and_the_wheel_is_small(self):
        wheel = the_wheel()
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            scripts = [n for n in names if re.match(r"fxlint-[^/]+\.data/scripts/.", n)]
            self.assertEqual([os.path.basename(n) for n in scripts], ["fxlint"])
            # auditwheel moves an executable that needs bundled libraries into a package and leaves a Python
            # shim in scripts/: the entry point must stay the executable itself.
            self.assertEqual(archive.read(scripts[0])[:4], b"\x7fELF")
            self.assertFalse([n for n in names if n.startswith("fxlint.scripts/")])
        size = os.path.getsize(wheel)
        print(f"wheel size: {size / 1024 / 1024:.2f} MB")
        self.assertLessEqual(size, MAX_WHEEL_BYTES)


class Outputs(unittest.TestCase):
    """The installed wheel against the CMake build, on a copy of samples/ each (analysis caches apart).
    One venv for the class: the first check is timed once, as a user meets it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="fxlint-wheel-")
        cls.dir = cls.tmp.name
        for who in ("wheel", "cmake"):
            shutil.copytree(os.path.join(OPTIONS.source, "samples"), os.path.join(cls.dir, who, "samples"))
        timings = {}
        cls.venv = make_venv(os.path.join(cls.dir, "venv"), timings=timings)
        cls.env = clean_env(cls.venv)
        start = time.monotonic()
        cls.first_check = run(["fxlint", "check", "samples/"], cwd=os.path.join(cls.dir, "wheel"), env=cls.env)
        timings["first_check"] = time.monotonic() - start
        print(f"\nfresh venv {timings['venv']:.2f} s; pip install of the wheel {timings['pip_install']:.2f} s + "
              f"first `fxlint check samples/` {timings['first_check']:.2f} s = "
              f"{timings['pip_install'] + timings['first_check']:.2f} s (goal: 10 s)")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def both(self, *args, copies=""):
        """The CMake build's run and the wheel's, each in its own copy (`copies`: a prefix naming a pair of
        copies of its own); its directory reads ROOT in both."""
        results = []
        for who, binary in (("cmake", OPTIONS.fxlint), ("wheel", "fxlint")):
            env = self.env if who == "wheel" else clean_env()
            where = os.path.join(self.dir, copies + who)
            done = run([binary, *args], cwd=where, env=env)
            for stream in ("stdout", "stderr"):
                setattr(done, stream, getattr(done, stream).replace(where, "ROOT"))
            results.append(done)
        return results

    assertSameRun = TempDirCase.assertSameRun

    def test_installed_executable_is_the_venvs_and_needs_no_build_path(self):
        found = shutil.which("fxlint", path=self.env["PATH"])
        self.assertEqual(os.path.dirname(found), os.path.join(self.venv, "bin"))
        for value in self.env.values():
            self.assertNotIn(os.path.abspath(os.path.dirname(OPTIONS.fxlint)), value)
        libraries = run(["ldd", found]).stdout
        self.assertNotIn("not found", libraries)
        for line in libraries.splitlines():
            name = line.split()[0]
            self.assertTrue(re.match(r"(linux-vdso|/lib64/ld-linux|lib(c|m|gcc_s|stdc\+\+)\.so)", name), line)
        module = run([os.path.join(self.venv, "bin", "python"), "-m", "fxlint", "--version"], env=self.env)
        self.assertEqual(module.returncode, 0, module.stderr)
        self.assertEqual(module.stdout, run([OPTIONS.fxlint, "--version"]).stdout)

    def test_check_and_verdicts_match_the_cmake_build(self):
        cmake, wheel = self.both("check", "samples/")
        self.assertEqual(cmake.returncode, 1, cmake.stderr)
        self.assertIn("FX101", cmake.stdout)
        self.assertSameRun("first check", cmake, self.first_check)
        self.assertSameRun("check (cached)", cmake, wheel)
        for args in (["verdicts", "samples/"], ["check", "--no-cache", "--format", "json", "samples/"],
                     ["check", "--no-cache", "--format", "sarif", "samples/"], ["rules"], ["rule", "FX101"],
                     ["check", "--no-cache", "--diff", "--unsafe-fixes", "samples/"]):
            self.assertSameRun(" ".join(args), *self.both(*args))

    def test_fix_rewrites_the_same_way(self):
        for who in ("cmake", "wheel"):  # copies of their own: the fixes rewrite them
            shutil.copytree(os.path.join(OPTIONS.source, "samples"), os.path.join(self.dir, "fix-" + who, "samples"))
        cmake, wheel = self.both("fix", "--unsafe-fixes", "--no-cache", "samples/", copies="fix-")
        self.assertSameRun("fix", cmake, wheel)
        changed = 0
        for root, _, files in os.walk(os.path.join(self.dir, "fix-cmake", "samples")):
            for name in files:
                fixed = os.path.join(root, name)
                twin = fixed.replace(os.path.join(self.dir, "fix-cmake"), os.path.join(self.dir, "fix-wheel"), 1)
                with open(fixed, "rb") as a, open(twin, "rb") as b:
                    self.assertEqual(a.read(), b.read(), twin)
                with open(os.path.join(OPTIONS.source, os.path.relpath(fixed, os.path.join(self.dir, "fix-cmake"))),
                          "rb") as original, open(fixed, "rb") as after:
                    changed += original.read() != after.read()
        self.assertGreater(changed, 0, "fix changed no sample: the comparison proves nothing")

    def test_language_server_answers_the_same(self):
        for who in ("wheel", "cmake"):
            with open(os.path.join(self.dir, who, "model.py"), "w") as model:
                model.write(FAILING_MODEL)
        answers = []
        for who, binary, env in (("cmake", OPTIONS.fxlint, clean_env()), ("wheel", "fxlint", self.env)):
            uri = "file://" + os.path.join(self.dir, who, "model.py")
            messages = [
                {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": "file://" + os.path.join(self.dir, who), "capabilities": {}}},
                {"jsonrpc": "2.0", "method": "initialized", "params": {}},
                {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": FAILING_MODEL}}},
                {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                {"jsonrpc": "2.0", "method": "exit"}]
            framed = b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                              for body in (json.dumps(m).encode() for m in messages))
            done = subprocess.run([binary, "lsp"], input=framed, capture_output=True, timeout=120,
                                  cwd=os.path.join(self.dir, who), env=env)
            self.assertEqual(done.returncode, 0, done.stderr)
            answers.append(done.stdout.replace(os.path.join(self.dir, who).encode(), b"ROOT"))
        self.assertIn(b"publishDiagnostics", answers[0])
        self.assertIn(b"FX101", answers[0])
        self.assertEqual(answers[0], answers[1])


class Cpp(TempDirCase):
    def setUp(self):
        super().setUp()
        self.venv = make_venv(os.path.join(self.dir, "venv"))
        self.model = self.write("model.cpp", CPP_MODEL)
        standin = os.path.join(OPTIONS.source, "tests", "cpp", "standin")
        self.write("compile_commands.json", json.dumps([{
            "directory": self.dir, "file": "model.cpp",
            "command": f"clang++ -std=c++20 -isystem {standin} -c model.cpp"}]))
        self.python_model = self.write("model.py", FAILING_MODEL)

    def check(self, binary, env):
        return run([binary, "check", "--isolated", "-p", self.dir, "model.cpp", "model.py"], cwd=self.dir, env=env)

    def test_machine_clang_analyzes_cpp_as_the_cmake_build_does(self):
        cmake = self.check(OPTIONS.fxlint, clean_env())
        wheel = self.check("fxlint", clean_env(self.venv))
        self.assertIn("model.cpp:6:25: FX101", cmake.stdout)
        self.assertSameRun("C++ check", cmake, wheel)

    def test_without_libclang_each_cpp_file_says_how_to_get_it(self):
        missing = os.path.join(self.dir, "no-clang", "libclang-cpp.so.14")
        wheel = self.check("fxlint", clean_env(self.venv, FXLINT_LIBCLANG_CPP=missing))
        self.assertEqual(wheel.returncode, 1, wheel.stderr)
        cpp_lines = [line for line in wheel.stdout.splitlines() if line.startswith("model.cpp:")]
        self.assertEqual(len(cpp_lines), 1, wheel.stdout)
        self.assertIn("model.cpp:1:1: FX001", cpp_lines[0])
        self.assertIn(f"{missing}, which cannot be loaded", cpp_lines[0])
        self.assertIn("apt-get install libclang-cpp14", cpp_lines[0])
        self.assertIn("model.py:5:12: FX101", wheel.stdout)  # Python files are analyzed all the same


class Export(TempDirCase):
    SAMPLE = "resnet_plain.py:PlainResNet"

    def export(self, binary, env, where):
        os.makedirs(where)
        return run([binary, "export", os.path.join(OPTIONS.source, "samples", self.SAMPLE), "--input",
                    "x:2x3x32x32", "-o", os.path.join(where, "model.onnx")], cwd=where, env=env)

    def test_export_from_the_wheel_uses_the_installations_torch(self):
        import onnx  # the project venv's, which runs this case
        venv = make_venv(os.path.join(self.dir, "torch-venv"), python=os.path.join(OPTIONS.venv, "bin", "python"),
                         see_packages_of=OPTIONS.venv)
        env = clean_env(venv, HF_HUB_OFFLINE="1")
        wheel = self.export("fxlint", env, os.path.join(self.dir, "wheel"))
        self.assertEqual(wheel.returncode, 0, wheel.stdout + wheel.stderr[-5000:])
        cmake = self.export(OPTIONS.fxlint, clean_env(HF_HUB_OFFLINE="1"), os.path.join(self.dir, "cmake"))
        self.assertEqual(cmake.returncode, 0, cmake.stderr[-5000:])
        print(wheel.stdout)
        self.assertIn("strategy: fx", wheel.stdout)
        # The same report but for ONNX Runtime's error, which varies in the last bits from run to run.
        errors = re.compile(r"max abs error (\S+)")
        for done in (cmake, wheel):
            self.assertTrue(errors.findall(done.stdout), done.stdout)
            self.assertTrue(all(float(e) < 1e-4 for e in errors.findall(done.stdout)), done.stdout)
        self.assertEqual(errors.sub("max abs error E", cmake.stdout.replace(os.path.join(self.dir, "cmake"), "OUT")),
                         errors.sub("max abs error E", wheel.stdout.replace(os.path.join(self.dir, "wheel"), "OUT")))
        models = [onnx.load(os.path.join(self.dir, who, "model.onnx")) for who in ("cmake", "wheel")]
        tags = [[(node.name, node.doc_string) for node in model.graph.node] for model in models]
        self.assertTrue(tags[1] and all(doc for _, doc in tags[1]), tags[1])
        self.assertEqual(tags[0], tags[1])
        for who in ("cmake", "wheel"):
            with open(os.path.join(self.dir, who, "model.hierarchy.json")) as hierarchy:
                tags.append(json.load(hierarchy))
        self.assertEqual(tags[2], tags[3])

    def test_user_code_errors_are_reported_as_by_the_cmake_build(self):
        venv = make_venv(os.path.join(self.dir, "torch-venv"), python=os.path.join(OPTIONS.venv, "bin", "python"),
                         see_packages_of=OPTIONS.venv)
        broken = self.write("broken.py", "import torch.nn as nn\n\nclass Broken(nn.Module):\n"
                                         "    def __init__(self):\n        super().__init__()\n"
                                         "        raise RuntimeError('cannot build')\n")
        runs = []
        for binary, env in ((OPTIONS.fxlint, clean_env()), ("fxlint", clean_env(venv))):
            runs.append(run([binary, "export", f"{broken}:Broken", "--input", "x:2x3", "-o",
                             os.path.join(self.dir, "broken.onnx")], cwd=self.dir, env=env))
        for done in runs:
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn("RuntimeError: cannot build", done.stderr)
            self.assertIn("could not be built; nothing written", done.stderr)
        helper = re.compile(r'File "[^"]*/fxlint_export\.py"')  # the source tree's, the package's
        self.assertEqual(helper.sub("HELPER", runs[0].stderr), helper.sub("HELPER", runs[1].stderr))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "broken.onnx")))

    def test_cpp_files_get_libtorch_headers_from_the_installations_torch(self):
        venv = make_venv(os.path.join(self.dir, "torch-venv"), python=os.path.join(OPTIONS.venv, "bin", "python"),
                         see_packages_of=OPTIONS.venv)
        sample = os.path.join("samples", "cpp", "size_driven_loop.h")  # includes the real <torch/torch.h>
        cmake = run([OPTIONS.fxlint, "check", "--isolated", sample], cwd=OPTIONS.source, env=clean_env())
        wheel = run(["fxlint", "check", "--isolated", sample], cwd=OPTIONS.source, env=clean_env(venv))
        self.assertIn("size_driven_loop.h:11:25: FX101", cmake.stdout)
        self.assertNotIn("FX001", cmake.stdout)
        self.assertSameRun("C++ sample with LibTorch's headers", cmake, wheel)

    def test_export_without_torch_says_what_to_install(self):
        venv = make_venv(os.path.join(self.dir, "plain-venv"))
        done = self.export("fxlint", clean_env(venv), os.path.join(self.dir, "out"))
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        python = os.path.join(venv, "bin", "python3")
        self.assertIn(f"the Python environment fxlint is installed in ({python}, Python", done.stderr)
        self.assertIn("lacks torch", done.stderr)
        self.assertIn(f"{python} -m pip install torch onnx onnxscript onnxruntime", done.stderr)
        self.assertEqual(os.listdir(os.path.join(self.dir, "out")), [])


class PreCommit(TempDirCase):
    def setUp(self):
        super().setUp()
        self.pre_commit = os.path.join(OPTIONS.tools, "bin", "pre-commit")
        self.env = clean_env(OPTIONS.tools, PRE_COMMIT_HOME=os.path.join(self.dir, "pre-commit-home"),
                             PIP_FIND_LINKS=OPTIONS.wheel_dir, PIP_NO_INDEX="1",
                             GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
        for who in ("AUTHOR", "COMMITTER"):
            self.env[f"GIT_{who}_NAME"] = "fxlint test"
            self.env[f"GIT_{who}_EMAIL"] = "fxlint@example.invalid"
        self.assertIsNone(shutil.which("fxlint", path=self.env["PATH"]), "an fxlint on PATH would hide the hook's")

    def git(self, *args, cwd):
        done = run(["git", *args], cwd=cwd, env=self.env)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout.strip()

    def hook_repository(self):
        """fxlint-pre-commit as it is published: the root hooks file beside wheel/pre_commit_repository/."""
        hooks = os.path.join(self.dir, "fxlint-pre-commit")
        shutil.copytree(os.path.join(OPTIONS.source, "wheel", "pre_commit_repository"), hooks,
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(os.path.join(OPTIONS.source, ".pre-commit-hooks.yaml"), hooks)
        self.git("init", "-q", "-b", "main", cwd=hooks)
        self.git("add", ".", cwd=hooks)
        self.git("commit", "-q", "-m", "hooks", cwd=hooks)
        return hooks

    def test_hook_version_is_fxlints(self):
        with open(os.path.join(OPTIONS.source, "wheel", "pre_commit_repository", "fxlint_hook_backend.py")) as f:
            pinned = re.search(r'^VERSION = "([^"]+)"', f.read(), re.M).group(1)
        self.assertEqual(f"fxlint-{pinned}-", os.path.basename(the_wheel())[:len(pinned) + 8])

    def test_python_hook_installs_fxlint_and_refuses_the_failing_model(self):
        hooks = self.hook_repository()
        work = os.path.join(self.dir, "work")
        os.mkdir(work)
        self.git("init", "-q", "-b", "main", cwd=work)
        rev = self.git("rev-parse", "HEAD", cwd=hooks)
        self.write("work/.pre-commit-config.yaml", f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: fxlint\n")
        self.write("work/model.py", FAILING_MODEL)
        self.write("work/clean.py", CLEAN_MODEL)
        installed = run([self.pre_commit, "install"], cwd=work, env=self.env)
        self.assertEqual(installed.returncode, 0, installed.stdout + installed.stderr)
        self.git("add", ".", cwd=work)

        refused = run(["git", "commit", "-m", "models"], cwd=work, env=self.env)
        output = refused.stdout + refused.stderr
        self.assertNotEqual(refused.returncode, 0, output)
        self.assertIn("model.py:5:12: FX101", output)
        self.assertNotIn("clean.py:", output)
        # The hook's fxlint is the wheel's, in pre-commit's own environment.
        environments = glob.glob(os.path.join(self.env["PRE_COMMIT_HOME"], "repo*", "py_env-*", "bin", "fxlint"))
        self.assertEqual(len(environments), 1, output)
        with open(environments[0], "rb") as executable:
            self.assertEqual(executable.read(4), b"\x7fELF")

        self.write("work/model.py", CLEAN_MODEL)
        self.git("add", "model.py", cwd=work)
        accepted = run(["git", "commit", "-m", "models"], cwd=work, env=self.env)
        self.assertEqual(accepted.returncode, 0, accepted.stdout + accepted.stderr)
        self.assertIn("Passed", accepted.stdout + accepted.stderr)


CASES = {"build": Build, "sdist": Sdist, "manylinux": Manylinux, "outputs": Outputs, "cpp": Cpp, "export": Export,
         "precommit": PreCommit}

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--source", required=True)
    parser.add_argument("--wheel-dir", required=True)
    parser.add_argument("--tools", required=True)
    parser.add_argument("--fxlint", required=True)
    parser.add_argument("--venv")
    OPTIONS = parser.parse_args()
    OPTIONS.fxlint = os.path.abspath(OPTIONS.fxlint)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(CASES[OPTIONS.case])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
