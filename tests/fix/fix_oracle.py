#!/usr/bin/env python3
"""The fix oracle: real torch.fx judges `fxlint fix --unsafe-fixes`.

  fix_oracle.py SAMPLES_DIR --fxlint BINARY [--min-fixed N]

SAMPLES_DIR is copied and fixed with every fix (safe and unsafe). Each sample class (in each annotated
trace configuration) is then built, run eagerly and traced with real symbolic_trace, before and after,
each side in its own process (the copies share module names). A class that failed to trace is *fixed*
when it traces afterwards and, on the example inputs eager accepts, eager-after and the traced graph
both give eager-before's outputs (when fxlint's verdict on the fixed copy is `specialized`, an optional
parameter traced as a Proxy, the graph holds only for inputs that take the branch tracing took, which
may not be the example's: then only eager-after is compared). Every run gets its own copy of the
inputs, and outputs are copied when taken: a model that writes into its input changes nothing else.
The test fails when a fix changes what a model computes (eager-after or the graph differs from
eager-before), when a class that traced before stops tracing or computes something else (its source may
change: code it shares with a failing class, such as a check its own configuration skips), when a
second `fxlint fix` still changes something, or when fewer than N classes are fixed.
"""
import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


class Raised(str):
    """An exception's type name where an output was expected."""


def plain(value):
    """Outputs as tensors, numbers, strings and builtin containers: picklable without the sample modules.
    Mappings keep only their non-None entries: a HuggingFace ModelOutput drops None as a mapping, and a
    traced graph may rebuild it as one."""
    import dataclasses

    import torch

    if isinstance(value, torch.Tensor):
        return value.detach().clone()  # an output may be an input a later run writes into
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if getattr(value, f.name) is not None}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    return repr(value)


def fresh(args):
    """The arguments with every tensor copied, so that a run writing into its input leaves them as drawn."""
    import torch
    from torch.utils import _pytree as pytree

    return pytree.tree_map(lambda v: v.clone() if isinstance(v, torch.Tensor) else v, args)


def measure(directory, out_path):
    """Child process: every case of `directory` built, run eagerly and traced; results saved to out_path."""
    sys.path.insert(0, os.path.join(HERE, "..", "oracle"))
    import oracle  # noqa: E402 - the sample harness: annotations, examples, configurations
    import torch

    problems = []
    torch.manual_seed(0)  # example inputs are drawn while loading: the same ones on both sides
    cases, _ = oracle.load_cases([directory], problems)
    root = os.path.realpath(directory)
    results = {}
    for case in cases:
        key = f"{os.path.relpath(case.file, root)}:{case.name}:{oracle.config_name(case.config)}"
        entry = {"eager": {}, "graph": {}}
        try:
            arg_sets, concrete = oracle.forward_args(case)
        except Exception as error:  # noqa: BLE001 - a broken example is reported, not fatal
            results[key] = {"status": "error", "detail": str(error)}
            continue
        for label, args in arg_sets:
            try:
                with oracle.quiet():
                    entry["eager"][label] = plain(oracle.build(case)(*fresh(args)))
            except Exception as error:  # noqa: BLE001 - eager rejects this input
                entry["eager"][label] = Raised(type(error).__name__)
        try:
            with oracle.quiet():
                graph = torch.fx.symbolic_trace(oracle.build(case), concrete_args=concrete)
            entry["status"] = "traces"
        except Exception as error:  # noqa: BLE001 - the outcome being measured
            file, line = oracle.failing_frame(error, [root])
            entry.update(status="fails", exception=type(error).__name__,
                         where=f"{os.path.relpath(file, root)}:{line}" if file else "-")
            results[key] = entry
            continue
        for label, args in arg_sets:
            try:
                with oracle.quiet():
                    entry["graph"][label] = plain(graph(*fresh(args)))
            except Exception as error:  # noqa: BLE001 - recorded, judged by the parent
                entry["graph"][label] = Raised(type(error).__name__)
        results[key] = entry
    torch.save({"results": results, "problems": problems}, out_path)


def run_measure(directory, scratch, name):
    out = os.path.join(scratch, name + ".pt")
    subprocess.run([sys.executable, os.path.abspath(__file__), "--measure", directory, out], check=True)
    import torch

    return torch.load(out, weights_only=False)


def class_sources(directory):
    """(relative file, class name) -> the class's source text."""
    found = {}
    for root, _, names in os.walk(directory):
        for name in names:
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            for node in ast.parse(text).body:
                if isinstance(node, ast.ClassDef):
                    found[(os.path.relpath(path, directory), node.name)] = ast.get_source_segment(text, node)
    return found


def hazards_at(fxlint, directory):
    """(relative file, line) -> rule codes fxlint reports there (vanilla), for naming what still blocks."""
    done = subprocess.run([fxlint, "check", "--format", "json", directory], capture_output=True, text=True)
    found = {}
    for d in json.loads(done.stdout)["diagnostics"]:
        found.setdefault((os.path.relpath(d["file"], directory), d["line"]), []).append(d["code"])
    return found


def judge(before, after, specialized=False):
    """fixed | still fails | WRONG: ... for a case that failed before. `specialized`: fxlint's verdict
    on the fixed copy says the graph holds only for inputs taking the branch tracing took (FX201: an
    optional parameter traced as a Proxy, never None), so only eager-after is compared."""
    import oracle

    if after.get("status") != "traces":
        return "still fails"
    for label, want in before["eager"].items():
        if isinstance(want, Raised):
            continue  # eager rejected this input before the fix: nothing to compare
        got = after["eager"].get(label)
        if not oracle.same(want, got):
            return f"WRONG: eager after the fix differs on the {label} inputs"
        graph = after["graph"].get(label)
        if specialized:
            continue
        if not oracle.same(want, graph):
            return f"WRONG: the traced graph differs from eager on the {label} inputs"
    return "fixed (specialized, as fxlint reports)" if specialized else "fixed"


def verdicts_of(fxlint, directory, configs):
    """fxlint's verdict per (relative file, class, configuration name) on `directory`."""
    import oracle

    found = {}
    for config in configs:
        command = [fxlint, "verdicts", "--format", "json", "--no-cache", directory]
        if config != oracle.VANILLA:
            command += ["--inputs", ",".join(config)]
        done = subprocess.run(command, capture_output=True, text=True)
        for verdict in json.loads(done.stdout)["classes"]:
            found[(os.path.relpath(verdict["file"], directory), verdict["name"], oracle.config_name(config))] = verdict["verdict"]
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("samples")
    parser.add_argument("--fxlint")
    parser.add_argument("--min-fixed", type=int, default=1)
    parser.add_argument("--measure", nargs=2, metavar=("DIR", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if "--measure" not in sys.argv else ["-", *sys.argv[1:]])
    if args.measure:
        measure(*args.measure)
        return 0
    sys.path.insert(0, os.path.join(HERE, "..", "oracle"))
    sys.dont_write_bytecode = True
    scratch = tempfile.mkdtemp(prefix="fxlint_fix_oracle_")
    try:
        fixed_dir = os.path.join(scratch, "fixed")
        shutil.copytree(args.samples, fixed_dir, ignore=shutil.ignore_patterns("__pycache__", "*.fixed", "*.diff"))
        done = subprocess.run([args.fxlint, "fix", "--unsafe-fixes", fixed_dir], capture_output=True, text=True)
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr)
        problems = []
        if done.returncode not in (0, 1) or done.stderr:
            problems.append(f"fxlint fix exited {done.returncode}: {done.stderr.strip()}")
        again = subprocess.run([args.fxlint, "fix", "--unsafe-fixes", fixed_dir], capture_output=True, text=True)
        if "Applied 0 fixes to 0 files" not in again.stdout:
            problems.append("not idempotent: a second `fxlint fix` changed files: " + again.stdout.strip())
        before = run_measure(os.path.abspath(args.samples), scratch, "before")
        after = run_measure(fixed_dir, scratch, "after")
        problems += before["problems"]
        sources_before, sources_after = class_sources(args.samples), class_sources(fixed_dir)
        hazards = hazards_at(args.fxlint, fixed_dir)
        import oracle

        configs = {oracle.VANILLA} | {tuple(name[len("inputs="):].split(",")) for name in
                                      {key.split(":")[2] for key in before["results"]} if name != "vanilla"}
        verdicts_after = verdicts_of(args.fxlint, fixed_dir, configs)
        rows, failing, fixed = [], 0, 0
        for key, was in sorted(before["results"].items()):
            now = after["results"].get(key, {})
            file, name, config = key.split(":")
            if was.get("status") == "fails":
                failing += 1
                verdict = judge(was, now, verdicts_after.get((file, name, config)) == "specialized")
                fixed += verdict.startswith("fixed")
                if verdict.startswith("WRONG"):
                    problems.append(f"{key}: {verdict}")
                if verdict == "still fails":
                    where = now.get("where", "-")
                    path, _, line = where.rpartition(":")
                    codes = ",".join(hazards.get((path, int(line)), [])) if line.isdigit() else ""
                    verdict += f" at {where} ({now.get('exception')}; fxlint: {codes or 'no diagnostic'})"
                rows.append((key, verdict))
            elif was.get("status") == "traces":
                # A class that traces may share code with one that does not (a check its own
                # configuration skips): a fix there may change its source, never its behaviour.
                if now.get("status") != "traces":
                    problems.append(f"{key}: traced before, fails after the fixes")
                elif sources_before.get((file, name)) != sources_after.get((file, name)):
                    changed = next((label for label, want in was["eager"].items() if not isinstance(want, Raised) and not
                                    (oracle.same(want, now["eager"].get(label)) and oracle.same(want, now["graph"].get(label)))), None)
                    if changed:
                        problems.append(f"{key}: traced before; the fix changed its source and its outputs on the {changed} inputs")
                    else:
                        rows.append((key, "traced before; source changed by a fix for another class, outputs equal"))
        for key, verdict in rows:
            print(f"{key:70} {verdict}")
        print(f"\n{fixed}/{failing} failing sample class configurations trace after `fxlint fix --unsafe-fixes`, "
              "with eager and graph outputs equal to eager before")
        for problem in problems:
            print("PROBLEM:", problem)
        if fixed < args.min_fixed:
            print(f"PROBLEM: fewer than --min-fixed {args.min_fixed} fixed")
            return 1
        return 1 if problems else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
