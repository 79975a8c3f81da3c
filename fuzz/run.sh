#!/usr/bin/env bash
# Runs one libFuzzer target for a given time:
#   fuzz/run.sh file|project SECONDS [libFuzzer options...]
# Installs clang if missing (scripts/setup.sh --fuzz), configures and builds the fuzz build (clang-14,
# ASan + UBSan) in $FXLINT_FUZZ_BUILD (default build-fuzz/), seeds the target from samples/ at run
# time, keeps the corpus it grows in BUILD/fuzz-corpus/TARGET across runs and writes crashing, leaking
# or slow inputs to BUILD/fuzz-findings/TARGET/. Exits non-zero when libFuzzer found something.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -lt 2 || ! "$1" =~ ^(file|project)$ || ! "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh file|project SECONDS [libFuzzer options...]" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
build=${FXLINT_FUZZ_BUILD:-$root/build-fuzz}

if [[ ! -f "$build/build.ninja" ]]; then
  bash "$root/scripts/setup.sh" --fuzz
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFXLINT_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 >/dev/null
fi
cmake --build "$build" --target "fxlint_fuzz_$target" >/dev/null

# Seeds are made afresh from samples/ each run (samples change; copies in git would go stale).
seeds="$build/fuzz-seeds/$target"
rm -rf "$seeds" && mkdir -p "$seeds" "$build/fuzz-corpus/$target" "$build/fuzz-findings/$target"
samples=("$root"/samples/*.py)
if [[ $target == file ]]; then
  cp "${samples[@]}" "$seeds/"
else
  # fuzz_project.cpp splits its input on `#file` lines into pkg/__init__.py, pkg/a.py, pkg/b.py, c.py.
  sep=$'\n#file\n'
  # The samples that import each other, with their imports renamed to the package's modules.
  { printf '%s' "$sep"; cat "$root/samples/shape_utils.py"; printf '%s' "$sep"
    sed -e 's/^import shape_utils$/from . import a as shape_utils/' -e 's/^from shape_utils import/from .a import/' \
      "$root/samples/helpers.py"; } >"$seeds/helpers"
  { printf '%s' "$sep"; cat "$root/samples/hf_style_resnet.py"; printf '%s' "$sep"
    sed -e 's/^from hf_style_resnet import/from .a import/' "$root/samples/hf_style_guarded.py"; } >"$seeds/hf_guarded"
  # Consecutive samples importing each other in a cycle, re-exported by the package and used from outside.
  for ((i = 0; i + 1 < ${#samples[@]}; ++i)); do
    { printf 'from .a import *\nfrom .b import *%s' "$sep"
      cat "${samples[i]}"; printf '\nfrom .b import *%s' "$sep"
      cat "${samples[i + 1]}"; printf '\nfrom . import a%s' "$sep"
      printf 'import pkg\nfrom pkg.a import *\nfrom pkg.b import *\n'; } >"$seeds/cycle_$i"
  done
fi

cd "$build/fuzz-findings/$target"
exec "$build/fuzz/fxlint_fuzz_$target" -max_total_time="$seconds" -dict="$root/fuzz/python.dict" \
  -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/fuzz-findings/$target/" \
  "$@" "$build/fuzz-corpus/$target" "$seeds"
