#!/usr/bin/env python3
"""Built without clang: `fxlint check model.cpp` says so at the file, exits 1, and still checks the rest."""
import subprocess
import sys
import tempfile
from pathlib import Path

fxlint = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    model = Path(tmp) / "model.cpp"
    model.write_text("#include <torch/torch.h>\n")
    run = subprocess.run([fxlint, "check", str(model)], capture_output=True, text=True, timeout=60)
    if run.returncode != 1 or "built without the C++ front-end" not in run.stdout:
        sys.exit(f"unexpected ({run.returncode}):\n{run.stdout}\n{run.stderr}")
print("ok")
