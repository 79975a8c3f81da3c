#!/usr/bin/env bash
# Runs the fxlint benchmark on the installed torchvision and torch sources: full analysis vs raw tree-sitter
# parsing of the same files in one process (fxlint_bench), plus ruff on the same trees as a rough peer figure.
#   bench/run_benchmark.sh [--ruff]
# --ruff installs ruff into /tmp (never into the project venv) when it is not on PATH.
# FXLINT_VENV picks the venv (default: the one scripts/setup.sh --python prepares); FXLINT_BUILD_DIR the
# build tree (default build/); FXLINT_BENCH_REPEAT the runs per phase (best of, default 3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXLINT_BUILD_DIR:-$root/build}
repeat=${FXLINT_BENCH_REPEAT:-3}
want_ruff=0
for arg in "$@"; do
  case "$arg" in
    --ruff) want_ruff=1 ;;
    *) echo "run_benchmark.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

venv=${FXLINT_VENV:-$(bash "$root/scripts/setup.sh" --python | sed -n 's/^FXLINT_VENV=//p' | tail -n 1)}
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target fxlint_bench >/dev/null
bench="$build/bench/fxlint_bench"

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
echo "machine: $(nproc) cores${cpu:+ ($cpu)}; fxlint $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')," \
     "build type $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")"
echo "fxlint_bench is single-threaded: one core parses and analyzes."
for tree in torchvision torch; do
  echo
  echo "== $site/$tree"
  "$bench" --repeat "$repeat" "$site/$tree"
done

ruff=$(command -v ruff || true)
ruff_dir=/tmp/fxlint-bench-ruff
if [[ -z "$ruff" && -x "$ruff_dir/bin/ruff" ]]; then
  ruff="$ruff_dir/bin/ruff"
elif [[ -z "$ruff" && $want_ruff == 1 ]]; then
  "$venv/bin/python" -m pip install --quiet --target "$ruff_dir" ruff
  ruff="$ruff_dir/bin/ruff"
fi
if [[ -z "$ruff" ]]; then
  echo
  echo "ruff: not installed (pass --ruff to install it into $ruff_dir for a peer figure)"
  exit 0
fi

# ruff reads the files itself (I/O included) and is multi-threaded; the single-thread figure compares with
# fxlint_bench. Only syntax errors and pyflakes rules: a light lint that still parses and walks every file.
ruff_seconds() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.3f", b - a}'
}
echo
echo "== ruff $("$ruff" --version | cut -d' ' -f2) check --select E9,F (best of $repeat; I/O included)"
for tree in torchvision torch; do
  megabytes=$(find "$site/$tree" -name '*.py' -type f -printf '%s\n' | awk '{s += $1} END {printf "%.2f", s / 1048576}')
  for threads in "$(nproc)" 1; do
    best=""
    for ((run = 0; run < repeat; run++)); do
      seconds=$(RAYON_NUM_THREADS=$threads ruff_seconds "$ruff" check --isolated --no-cache --select E9,F \
                --extend-exclude "*.pyi" \
                --exit-zero --quiet "$site/$tree")
      best=$(awk -v s="$seconds" -v b="${best:-$seconds}" 'BEGIN {print (s < b ? s : b)}')
    done
    awk -v t="$tree" -v n="$threads" -v mb="$megabytes" -v s="$best" \
      'BEGIN {printf "%-12s %2s thread(s)  %8.2f MB  %8.3f s  %8.2f MB/s\n", t, n, mb, s, mb / s}'
  done
done
