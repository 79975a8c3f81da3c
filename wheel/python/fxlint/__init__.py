"""fxlint installed from its wheel: the native `fxlint` executable is on PATH (the wheel's scripts), and this
package holds what the executable finds at run time: the exporter's Python half (fxlint_export.py,
export_worker.py) and _native/ (the clang and ONNX modules). `python -m fxlint` runs the executable.
"""
import os
import shutil
import sys
import sysconfig


def find_fxlint_bin():
    """The executable this package was installed with: the installation's scripts directory (a venv's
    bin/, or the user scheme's for --user installs), else the first `fxlint` on PATH."""
    name = "fxlint"
    schemes = [sysconfig.get_default_scheme()]
    if sys.version_info >= (3, 10):
        schemes.append(sysconfig.get_preferred_scheme("user"))
    for scheme in schemes:
        candidate = os.path.join(sysconfig.get_path("scripts", scheme), name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError("the fxlint executable is not installed beside this package; reinstall fxlint")
    return found
