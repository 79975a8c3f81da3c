#!/usr/bin/env bash
# Configures and builds fxlint into build/ (after scripts/setup.sh). Pass --python to configure the
# oracle tests against the venv, the SARIF schema test against the validators and the wheel tests
# (tests/wheel/) against the build tools that `setup.sh --python --wheel` prepared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=""
sarif_tools=""
browser_tools=""
wheel_tools=""
if [[ "${1:-}" == "--python" ]]; then
  prepared=$(bash "$root/scripts/setup.sh" --python --wheel)
  venv=$(sed -n 's/^FXLINT_VENV=//p' <<<"$prepared" | tail -n 1)
  sarif_tools=$(sed -n 's/^FXLINT_SARIF_TOOLS=//p' <<<"$prepared" | tail -n 1)
  browser_tools=$(sed -n 's/^FXLINT_BROWSER_TOOLS=//p' <<<"$prepared" | tail -n 1)
  wheel_tools=$(sed -n 's/^FXLINT_WHEEL_TOOLS=//p' <<<"$prepared" | tail -n 1)
else
  bash "$root/scripts/setup.sh"
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFXLINT_VENV="$venv" \
  -DFXLINT_SARIF_TOOLS="$sarif_tools" -DFXLINT_BROWSER_TOOLS="$browser_tools" -DFXLINT_WHEEL_TOOLS="$wheel_tools" >/dev/null
cmake --build "$root/build" -j "$(nproc)"
