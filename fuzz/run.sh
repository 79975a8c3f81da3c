#!/usr/bin/env bash
# Runs one libFuzzer target for a given time:
#   fuzz/run.sh file|project|config|lsp SECONDS [libFuzzer options...]
# Installs clang if missing (scripts/setup.sh --fuzz), configures and builds the fuzz build (clang-14,
# ASan + UBSan) in $FXLINT_FUZZ_BUILD (default build-sanitize/, the sanitizer build scripts/run_tests.sh makes), seeds the target at run time (from
# samples/, from docs/configuration.md for config, framed messages for lsp), keeps the corpus it grows in
# BUILD/fuzz-corpus/TARGET across runs and writes crashing, leaking or slow inputs to
# BUILD/fuzz-findings/TARGET/. Exits non-zero when libFuzzer found something.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -lt 2 || ! "$1" =~ ^(file|project|config|lsp)$ || ! "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh file|project|config|lsp SECONDS [libFuzzer options...]" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
build=${FXLINT_FUZZ_BUILD:-$root/build-sanitize}

if [[ ! -f "$build/build.ninja" ]]; then
  bash "$root/scripts/setup.sh" --fuzz
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFXLINT_FUZZ=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 >/dev/null
fi
# CTest's fuzz_* tests run in a finished build, several at once: no concurrent ninja there.
if [[ -z ${FXLINT_FUZZ_PREBUILT:-} ]]; then
  cmake --build "$build" --target "fxlint_fuzz_$target" >/dev/null
fi

# Seeds are made afresh each run from files that change with the project (copies in git would go stale).
seeds="$build/fuzz-seeds/$target"
rm -rf "$seeds" && mkdir -p "$seeds" "$build/fuzz-corpus/$target" "$build/fuzz-findings/$target"
samples=("$root"/samples/*.py)
dict="$root/fuzz/python.dict"
if [[ $target == config ]]; then
  dict="$root/fuzz/toml.dict"
  # Each ```toml block of the configuration guide, and the same keys with values of the wrong type.
  awk -v dir="$seeds" '/^```toml/ { n++; on = 1; next } /^```/ { on = 0 } on { print > (dir "/doc_" n) }' \
    "$root/docs/configuration.md"
  printf '[tool.fxlint]\nselect = "FX1"\nleaf = [1, 2]\nparam-shapes-constant = "yes"\ndynamic = { x = ["0"] }\n' >"$seeds/wrong_types"
  printf 'select = ["FX999"]\nroot = [".."]\ndynamic = [0]\nunknown = 1\n' >"$seeds/wrong_keys"
elif [[ $target == lsp ]]; then
  dict="$root/fuzz/lsp.dict"
  # A session as a client opens it, and frames that are each wrong in one way.
  frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
  { frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
    frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
    frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:1","languageId":"python","version":1,"text":"x = 1\n"}}}'
    frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
    frame '{"jsonrpc":"2.0","method":"exit"}'; } >"$seeds/session"
  printf 'Content-Length: 5\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{bad}' >"$seeds/bad_json"
  printf 'Content-Length: twelve\r\n\r\n{}Content-Length: 2\r\n\r\n[]' >"$seeds/bad_length"
  printf 'X-Header: 1\r\n\r\n{}\nContent-Length: 99999999999\r\n\r\n' >"$seeds/no_length"
  frame '{"jsonrpc":"2.0","id":{"a":1},"method":7,"params":3}' >"$seeds/wrong_types"
elif [[ $target == file ]]; then
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

# LeakSanitizer checks after each input and once more at exit; FXLINT_FUZZ_LEAKS=0 turns both off, to
# fuzz past a leak while it is being fixed.
leaks=()
if [[ ${FXLINT_FUZZ_LEAKS:-1} == 0 ]]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
  leaks=(-detect_leaks=0)
fi

cd "$build/fuzz-findings/$target"
exec "$build/fuzz/fxlint_fuzz_$target" -max_total_time="$seconds" -dict="$dict" \
  -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/fuzz-findings/$target/" \
  "${leaks[@]}" "$@" "$build/fuzz-corpus/$target" "$seeds"
