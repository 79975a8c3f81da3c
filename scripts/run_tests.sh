#!/usr/bin/env bash
# All tests: installs what is missing (including the Python venv with real torch for the oracle
# tests), builds, and runs CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh" --python
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" "$@"
