#!/usr/bin/env python3
# Library leaf configurations against the tracers that honour them: timm's FX registrations
# (register_notrace_module / register_notrace_function) and torchvision's feature-extraction leaves
# (every torchvision.ops module), each compared with fxlint class by class: verdict and first failing line.
"""fxlint vs real torch.fx tracers configured with library leaves.

  leaf_configs.py --fxlint BINARY

Inputs: tests/realcode/inputs/leaf_configs (a timm stand-in package with timm's layout, since timm is not
a dependency, and models using it and torchvision.ops). The real side uses torch.fx's own mechanisms as
the libraries do: torchvision's LeafModuleAwareTracer with `leaf_modules` (an isinstance test) and
`autowrap_functions`. Exits 1 on any disagreement, or when a configuration makes no difference to real
tracing (the inputs would then not exercise it).
"""
import argparse
import contextlib
import importlib
import io
import json
import os
import subprocess
import sys
import traceback
import warnings

import torch
import torch.fx
import torchvision
from torchvision.models.feature_extraction import LeafModuleAwareTracer, _get_leaf_modules_for_ops

sys.dont_write_bytecode = True  # the inputs directory is analyzed as a project: no __pycache__ in it
INPUTS = os.path.join(os.path.dirname(os.path.realpath(__file__)), "inputs", "leaf_configs")
TORCHVISION = os.path.dirname(os.path.realpath(torchvision.__file__))
SITE = os.path.dirname(TORCHVISION)


def plain_trace(model):
    torch.fx.symbolic_trace(model)


def timm_trace(model):
    from timm.layers import _fx  # the stand-in, as timm's FeatureGraphNet reads the real one

    LeafModuleAwareTracer(leaf_modules=list(_fx._leaf_modules),
                          autowrap_functions=tuple(_fx._autowrap_functions)).trace(model)


def torchvision_ops_trace(model):
    # torchvision's create_feature_extractor default: every nn.Module class torchvision.ops exports.
    LeafModuleAwareTracer(leaf_modules=_get_leaf_modules_for_ops()).trace(model)


# (label, models module, tracer, fxlint options): each row one configuration, compared class by class.
CONFIGURATIONS = [
    ("timm registrations, plain symbolic_trace", "timm_models", plain_trace, []),
    ("timm registrations", "timm_models", timm_trace, ["--tracer", "timm"]),
    ("torchvision, plain symbolic_trace", "torchvision_ops_models", plain_trace, ["--root", SITE]),
    ("torchvision.ops leaves", "torchvision_ops_models", torchvision_ops_trace,
     ["--root", SITE, "--leaf", "torchvision.ops.*"]),
    ("torchvision.ops leaves, torchvision unread", "torchvision_ops_models", torchvision_ops_trace,
     ["--leaf", "torchvision.ops.*"]),
    ("torchvision's tracer", "torchvision_ops_models", torchvision_ops_trace, ["--root", SITE, "--tracer", "torchvision"]),
]
# A configuration whose leaves must change some real outcome, against the plain trace of the same models.
DISCRIMINATING = ("timm registrations", "torchvision.ops leaves")


def real_outcome(tracer, make):
    """('traces' | 'fails', (file, line) of the deepest frame in the inputs or torchvision, or None)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tracer(make())
    except Exception as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if os.path.realpath(f.filename).startswith((INPUTS + os.sep, TORCHVISION + os.sep))]
        return "fails", (os.path.realpath(frames[-1].filename), frames[-1].lineno) if frames else None
    return "traces", None


def fxlint_outcomes(binary, module_name, options):
    path = os.path.join(INPUTS, module_name + ".py")
    done = subprocess.run([binary, "verdicts", "--format", "json", *options, path],
                          capture_output=True, text=True, timeout=600)
    document = json.loads(done.stdout)
    outcomes = {}
    for entry in document["classes"]:
        first = entry.get("first_failure")
        status = {"traceable": "traces", "specialized": "traces"}.get(entry["verdict"], entry["verdict"])
        outcomes[entry["name"]] = (status, (os.path.realpath(first["file"]), first["line"]) if first else None)
    return outcomes


def shown(outcome):
    status, site = outcome
    return status if not site else f"{status} at {os.path.relpath(site[0], SITE if site[0].startswith(SITE) else '.')}:{site[1]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fxlint", required=True)
    binary = os.path.realpath(parser.parse_args().fxlint)
    sys.path.insert(0, INPUTS)
    failures, real_by_config = [], {}
    for label, module_name, tracer, options in CONFIGURATIONS:
        module = importlib.import_module(module_name)
        fxlint = fxlint_outcomes(binary, module_name, options)
        agree = 0
        print(f"== {label}: fxlint {' '.join(options) or '(no options)'}")
        for name, make in module.fxlint_examples().items():
            real = real_outcome(tracer, make)
            real_by_config[(label, name)] = real
            mine = fxlint.get(name, ("missing", None))
            same = real == mine
            agree += same
            print(f"  {'ok ' if same else 'BAD'} {name:18} real {shown(real):60} fxlint {shown(mine)}")
            if not same:
                failures.append(f"{label}: {name}: real {shown(real)}, fxlint {shown(mine)}")
        print(f"  {agree}/{len(module.fxlint_examples())} agree")
    for label in DISCRIMINATING:
        module_name = next(m for l, m, _, _ in CONFIGURATIONS if l == label)
        module = importlib.import_module(module_name)
        changed = [name for name, make in module.fxlint_examples().items()
                   if real_outcome(plain_trace, make) != real_by_config[(label, name)]]
        if not changed:
            failures.append(f"{label}: no class traces differently from plain symbolic_trace")
        print(f"{label}: changes the real outcome of {', '.join(changed) or 'nothing'}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
