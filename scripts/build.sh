#!/usr/bin/env bash
# Configures and builds fxlint into build/ (after scripts/setup.sh). Pass --python to configure the
# oracle tests against the venv and the SARIF schema test against the validators that
# `setup.sh --python` prepared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=""
sarif_tools=""
browser_tools=""
if [[ "${1:-}" == "--python" ]]; then
  prepared=$(bash "$root/scripts/setup.sh" --python)
  venv=$(sed -n 's/^FXLINT_VENV=//p' <<<"$prepared" | tail -n 1)
  sarif_tools=$(sed -n 's/^FXLINT_SARIF_TOOLS=//p' <<<"$prepared" | tail -n 1)
  browser_tools=$(sed -n 's/^FXLINT_BROWSER_TOOLS=//p' <<<"$prepared" | tail -n 1)
else
  bash "$root/scripts/setup.sh"
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFXLINT_VENV="$venv" \
  -DFXLINT_SARIF_TOOLS="$sarif_tools" -DFXLINT_BROWSER_TOOLS="$browser_tools" >/dev/null
cmake --build "$root/build" -j "$(nproc)"
