#!/usr/bin/env bash
# The main job on the bundled samples: installs what is missing, builds, then prints every class's
# verdict and every diagnostic. Exits with fxlint's status (1: the samples contain findings, by design).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh" >&2
cd "$root"
./build/cli/fxlint verdicts samples/ || true
./build/cli/fxlint check samples/
