#!/usr/bin/env python3
"""The fix oracle on real code: torchvision's builders and transformers' *ForImageClassification classes.

  fix_realcode.py --fxlint BINARY [--report PATH] [--only torchvision|hf]

Copies the installed torchvision and transformers packages to a scratch site directory and runs
`fxlint fix --unsafe-fixes` on the copies (torchvision: its models/ and ops/ directories, the layers the
models are built from, with `--inputs images,image1,image2,x`; transformers: the
model directories of the compared classes with `--inputs pixel_values --root <scratch site>`, the
configuration FX201's advice gives, so imported utils/ are fixed in the copy too). Then, each in a fresh
process (original packages, then the fixed copies first on sys.path), every model is built as the
real-code agreement tests build it (tests/realcode), in eval mode with seed 0, run eagerly on one example
input, and a second instance built the same way (fresh, as fxlint analyzes it: an eager run caches
state some modules read, torchvision's MultiScaleRoIAlign among them) is traced with real
torch.fx.symbolic_trace with the concrete_args fxlint's advice gives: every
parameter with a default at its default (transformers: every parameter but pixel_values). A model that failed to trace is *fixed* when the copy traces and eager-after
and the graph both reproduce eager-before's outputs. A model that traced before must still trace, with
the same eager and graph outputs. Prints a table, the blocking hazard of every model still failing (the
failing line and fxlint's codes there), and the totals. Heavy (minutes): not in CI;
docs/fix_agreement.md records the figures. Exits 1 if a fix changes a model's outputs.
"""
import argparse
import functools
import importlib.util
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "realcode"))
sys.path.insert(0, HERE)


def package_dir(name):
    return os.path.realpath(os.path.dirname(importlib.util.find_spec(name).origin))


# --- measuring (child process) --------------------------------------------------------------------------

def torchvision_models():
    import torch
    import torchvision.models

    def example(module):
        if ".detection." in module:
            return ([torch.rand(3, 224, 224)],)
        if ".optical_flow." in module:
            return (torch.rand(1, 3, 128, 128), torch.rand(1, 3, 128, 128))
        if ".video." in module:
            return (torch.rand(1, 3, 16, 112, 112),)
        return (torch.rand(1, 3, 224, 224),)

    def concrete(model_class):
        # fxlint's advice for decisions on optional parameters (FX201, and the `concrete_args` help of
        # FX106 & co.): every parameter with a default at its default, e.g. RAFT's num_flow_updates.
        return {n: p.default for n, p in inspect.signature(model_class.forward).parameters.items()
                if n != "self" and p.default is not inspect.Parameter.empty} or None

    for name in sorted(torchvision.models.list_models()):
        function = torchvision.models.get_model_builder(name)
        kwargs = {"weights": None}
        if "weights_backbone" in inspect.signature(function).parameters:
            kwargs["weights_backbone"] = None
        yield name, (lambda f=function, k=kwargs: f(**k)), (lambda m=function.__module__: example(m)), concrete


def hf_models():
    import torch
    import hf_image_classification as hf

    for candidate in hf.discover(package_dir("transformers")):
        def make(c=candidate):
            module = importlib.import_module(c["module"])
            cls = getattr(module, c["class"])
            config = cls.config_class()
            hf.shrink(config, [])
            return cls(config)

        def example(c=candidate):
            cls = getattr(importlib.import_module(c["module"]), c["class"])
            config = cls.config_class()
            channels = getattr(config, "num_channels", 3)
            size = getattr(config, "image_size", 224)
            size = size if isinstance(size, int) else 224
            return (torch.rand(1, channels, size, size),)

        def concrete(model_class):
            params = inspect.signature(model_class.forward).parameters
            return {n: p.default for n, p in params.items()
                    if n not in ("self", "pixel_values") and p.default is not inspect.Parameter.empty}

        yield candidate["class"], make, example, concrete


def measure(kind, out_path, roots):
    import logging
    import warnings

    import torch
    import torch.fx

    from fix_oracle import Raised, plain

    warnings.simplefilter("ignore")
    logging.getLogger("torch.fx._symbolic_trace").setLevel(logging.ERROR)
    torch.set_num_threads(1)
    if kind == "hf":
        import transformers

        transformers.logging.set_verbosity_error()
    import torch.hub

    def refuse(url, *args, **kwargs):
        raise RuntimeError("offline")

    torch.hub.load_state_dict_from_url = refuse
    results = {}
    for name, make, example, concrete in (torchvision_models() if kind == "torchvision" else hf_models()):
        entry = {}
        try:
            torch.manual_seed(0)
            model = make().eval()
            torch.manual_seed(1)
            args = example()
            concrete_args = concrete(type(model))
        except Exception as error:  # noqa: BLE001 - cannot build offline: a skip, not a verdict
            results[name] = {"status": "skipped", "detail": f"{type(error).__name__}: {error}"[:200]}
            continue
        try:
            with torch.no_grad():
                entry["eager"] = plain(model(*args))
        except Exception as error:  # noqa: BLE001
            entry["eager"] = Raised(type(error).__name__)
        try:
            torch.manual_seed(0)
            fresh = make().eval()  # the same weights: seeded as `model` was
            graph = torch.fx.symbolic_trace(fresh, concrete_args=concrete_args)
            entry["status"] = "traces"
            try:
                with torch.no_grad():
                    entry["graph"] = plain(graph(*args))
            except Exception as error:  # noqa: BLE001
                entry["graph"] = Raised(type(error).__name__)
        except Exception as error:  # noqa: BLE001 - the outcome being measured
            import traceback

            frames = [f for f in traceback.extract_tb(error.__traceback__)
                      if any(os.path.realpath(f.filename).startswith(r + os.sep) for r in roots)]
            where = None
            if frames:
                path = os.path.realpath(frames[-1].filename)
                root = next(r for r in roots if path.startswith(r + os.sep))
                where = f"{os.path.relpath(path, os.path.dirname(root))}:{frames[-1].lineno}"
            entry.update(status="fails", exception=type(error).__name__, where=where,
                         message=str(error).strip().splitlines()[0][:160] if str(error).strip() else "")
        results[name] = entry
        print(name, entry["status"], file=sys.stderr, flush=True)
    torch.save(results, out_path)


# --- orchestration --------------------------------------------------------------------------------------

def run_measure(kind, site, scratch, label):
    out = os.path.join(scratch, f"{kind}_{label}.pt")
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONDONTWRITEBYTECODE="1")
    if site:
        env["PYTHONPATH"] = site + os.pathsep + env.get("PYTHONPATH", "")
    roots = [os.path.join(site, kind if kind == "torchvision" else "transformers")] if site else \
        [package_dir("torchvision" if kind == "torchvision" else "transformers")]
    subprocess.run([sys.executable, os.path.abspath(__file__), "--measure", kind, out, *roots], env=env, check=True)
    import torch

    return torch.load(out, weights_only=False)


def fix_arguments(kind, site):
    """The configuration and paths `fxlint fix` runs with on the copy: the tensor inputs traced, every
    parameter with a default concrete at it (fxlint's concrete_args advice)."""
    if kind == "torchvision":
        return ["--inputs", "images,image1,image2,x", *(os.path.join(site, "torchvision", part) for part in ("models", "ops"))]
    import hf_image_classification as hf

    copied = os.path.join(site, "transformers")
    dirs = sorted({os.path.join(copied, os.path.relpath(os.path.dirname(c["file"]), package_dir("transformers")))
                   for c in hf.discover(package_dir("transformers"))})
    return ["--inputs", "pixel_values", "--root", site, *dirs]


def fxlint_fix(binary, kind, site):
    done = subprocess.run([binary, "fix", "--unsafe-fixes", *fix_arguments(kind, site)], capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()


@functools.lru_cache(maxsize=None)
def fixed_copy_report(binary, kind, site):
    """`fxlint check` of the fixed copy as it was fixed (the same paths and configuration)."""
    done = subprocess.run([binary, "check", "--format", "json", *fix_arguments(kind, site)], capture_output=True, text=True)
    try:
        return json.loads(done.stdout)["diagnostics"]
    except (json.JSONDecodeError, KeyError):
        return []


def hazards(binary, kind, site, where):
    """fxlint's codes at a `package/relative.py:line` of the fixed copy, as analyzed from the models."""
    if not where:
        return ""
    path, _, line = where.rpartition(":")
    target = os.path.realpath(os.path.join(site, path))
    return ",".join(sorted({d["code"] for d in fixed_copy_report(binary, kind, site)
                            if d["line"] == int(line) and os.path.realpath(d["file"]) == target}))


def compare(kind, before, after, binary, site):
    import oracle

    from fix_oracle import Raised

    rows, failing, fixed, wrong = [], 0, 0, []
    for name, was in sorted(before.items()):
        if was.get("status") == "traces":
            # A fix made for another model may reach this one's code: it must still trace and compute
            # the same (its graph as before: a graph that failed on the example input may still fail).
            now = after.get(name, {})
            if now.get("status") != "traces" or not oracle.same(was.get("eager"), now.get("eager")) or \
                    (not isinstance(was.get("graph"), Raised) and not oracle.same(was.get("graph"), now.get("graph"))):
                rows.append((name, None, f"WRONG: traced before, now {now.get('status')} or outputs differ"))
                wrong.append(name)
            continue
        if was.get("status") != "fails":
            continue
        failing += 1
        now = after.get(name, {})
        if now.get("status") != "traces":
            where = now.get("where")
            verdict = f"still fails at {where} ({now.get('exception')}: {now.get('message', '')[:70]}; " \
                      f"fxlint: {hazards(binary, kind, site, where) or 'no diagnostic'})"
        elif isinstance(was.get("eager"), Raised):
            verdict = "traces; eager raises on the example input, outputs not compared"
            fixed += 1
        elif not oracle.same(was["eager"], now.get("eager")) or not oracle.same(was["eager"], now.get("graph")):
            verdict = "WRONG: outputs differ after the fix"
            wrong.append(name)
        else:
            verdict = "fixed"
            fixed += 1
        rows.append((name, was.get("where"), verdict))
    return rows, failing, fixed, wrong


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fxlint")
    parser.add_argument("--report")
    parser.add_argument("--only", choices=("torchvision", "hf"))
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], args.measure[1], [os.path.realpath(r) for r in args.measure[2:]])
        return 0
    sys.path.insert(0, os.path.join(HERE, "..", "oracle"))
    scratch = tempfile.mkdtemp(prefix="fxlint_fix_realcode_")
    site = os.path.join(scratch, "site")
    report, status = {}, 0
    try:
        for kind in ("torchvision", "hf"):
            if args.only and args.only != kind:
                continue
            package = "torchvision" if kind == "torchvision" else "transformers"
            shutil.copytree(package_dir(package), os.path.join(site, package),
                            ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
            before = run_measure(kind, None, scratch, "before")
            summary = fxlint_fix(args.fxlint, kind, site)
            after = run_measure(kind, site, scratch, "after")
            rows, failing, fixed, wrong = compare(kind, before, after, args.fxlint, site)
            print(f"\n== {kind}: {summary}")
            for name, where, verdict in rows:
                print(f"{name:45} failed at {where}: {verdict}")
            skipped = sorted(n for n, e in before.items() if e.get("status") == "skipped")
            print(f"{kind}: {fixed}/{failing} failing models trace after the fixes, outputs equal; "
                  f"{len(before) - len(skipped)} built, skipped: {', '.join(skipped) or 'none'}")
            report[kind] = {"fxlint": summary, "failing": failing, "fixed": fixed, "wrong": wrong,
                            "rows": rows, "skipped": skipped}
            status = status or bool(wrong)
        total_failing = sum(r["failing"] for r in report.values())
        total_fixed = sum(r["fixed"] for r in report.values())
        print(f"\nall: {total_fixed}/{total_failing} failing models trace after `fxlint fix --unsafe-fixes`")
        if args.report:
            with open(args.report, "w", encoding="utf-8") as handle:
                json.dump(report, handle, indent=2)
        return status
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
