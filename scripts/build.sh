#!/usr/bin/env bash
# Configures and builds fxlint into build/ (after scripts/setup.sh). Pass --python to configure the
# oracle tests against the venv that `setup.sh --python` prepared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=""
if [[ "${1:-}" == "--python" ]]; then
  venv=$(bash "$root/scripts/setup.sh" --python | sed -n 's/^FXLINT_VENV=//p' | tail -n 1)
else
  bash "$root/scripts/setup.sh"
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFXLINT_VENV="$venv" >/dev/null
cmake --build "$root/build" -j "$(nproc)"
