#!/usr/bin/env bash
# All tests: installs what is missing (the Python venv with real torch for the oracle tests, clang for
# the sanitizer build), builds, and runs CTest twice:
#   build/           release build: unit, golden, e2e, oracle, real code, robustness (incl. the sweep)
#   build-sanitize/  clang-14 with ASan + UBSan: the same tests minus those needing the venv, plus a
#                    FXLINT_FUZZ_SECONDS (60) run of each libFuzzer target (docs/robustness.md)
# Arguments go to both ctest runs (e.g. -R golden); --no-sanitizers skips the second build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sanitize=1
args=()
for arg in "$@"; do
  if [[ $arg == --no-sanitizers ]]; then sanitize=0; else args+=("$arg"); fi
done

bash "$root/scripts/build.sh" --python
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)" "${args[@]}")

if ((sanitize)); then
  bash "$root/scripts/setup.sh" --fuzz
  cmake -S "$root" -B "$root/build-sanitize" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFXLINT_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 >/dev/null
  cmake --build "$root/build-sanitize" -j "$(nproc)"
  (cd "$root/build-sanitize" && ctest --output-on-failure -j "$(nproc)" "${args[@]}")
fi
