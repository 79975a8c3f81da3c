#!/usr/bin/env python3
# The problem statement on real code: fxlint, reading the installed transformers' modeling_resnet.py without
# running it, must say that ResNetEmbeddings fails vanilla symbolic_trace on the very line real torch.fx's
# traceback points to (`if num_channels != self.num_channels:`). Exits 1 when it does not.
"""hf_resnet_check.py --fxlint BINARY"""
import argparse
import json
import logging
import os
import subprocess
import sys
import traceback

# No hub access: the config is built locally and the weights are random.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CLASS_NAME = "ResNetEmbeddings"


def real_failure(module):
    """(exception text, line in modeling_resnet.py) of vanilla symbolic_trace on ResNetEmbeddings."""
    import torch.fx

    logging.getLogger("torch.fx._symbolic_trace").setLevel(logging.ERROR)
    model = getattr(module, CLASS_NAME)(module.ResNetConfig())
    path = os.path.realpath(module.__file__)
    try:
        torch.fx.symbolic_trace(model)
    except Exception as error:  # noqa: BLE001 - every exception out of symbolic_trace is the real outcome
        lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
                 if os.path.realpath(frame.filename) == path]
        return f"{type(error).__name__}: {error}", lines[-1] if lines else None
    return None, None


def fxlint_verdict(binary, path):
    done = subprocess.run([binary, "verdicts", "--format", "json", path], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"fxlint exited {done.returncode}: {done.stderr.strip()}")
    for entry in json.loads(done.stdout)["classes"]:
        if entry["name"] == CLASS_NAME and os.path.realpath(entry["file"]) == path:
            return entry
    sys.exit(f"fxlint reported no class {CLASS_NAME} in {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fxlint", required=True, help="the fxlint binary")
    args = parser.parse_args()

    from transformers.models.resnet import modeling_resnet

    path = os.path.realpath(modeling_resnet.__file__)
    error, real_line = real_failure(modeling_resnet)
    print(f"real torch.fx: {error or 'traces'}" + (f" at {path}:{real_line}" if real_line else ""))
    if real_line is None:
        sys.exit("real torch.fx did not fail inside modeling_resnet.py: the check has nothing to compare")

    entry = fxlint_verdict(args.fxlint, path)
    first = entry.get("first_failure")
    print(f"fxlint: {entry['verdict']}" +
          (f" at {first['file']}:{first['line']}: {first['code']} {first['message']}" if first else "") +
          (f"; unknown because: {entry['unknown_reasons']}" if entry["unknown_reasons"] else ""))
    ok = (entry["verdict"] == "fails" and first is not None
          and os.path.realpath(first["file"]) == path and first["line"] == real_line)
    print("OK: fxlint flags the line real torch.fx fails on" if ok else
          f"MISMATCH: expected fxlint `fails` at {path}:{real_line}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
