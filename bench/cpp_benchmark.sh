#!/usr/bin/env bash
# Time per C++ file for the C++ front-end: each samples/cpp header against the real <torch/torch.h>
# (the venv's wheel, the default flags), a file that only includes <torch/torch.h> (the header cost
# alone), and a module of the same kind against the stand-in header of the unit tests (tests/cpp/standin,
# through -p), i.e. without real torch headers. CPU seconds (user+sys) are the figure to compare on a
# shared machine; wall seconds are printed too. Best of FXLINT_BENCH_REPEAT runs (default 3).
#   bench/cpp_benchmark.sh            (after scripts/build.sh --python)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FXLINT_BUILD_DIR:-$root/build}
repeat=${FXLINT_BENCH_REPEAT:-3}
fxlint="$build/cli/fxlint"
[[ -x "$fxlint" ]] || { echo "cpp_benchmark.sh: build fxlint first (scripts/build.sh --python)" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf '#include <torch/torch.h>\n' >"$scratch/only_torch_h.cpp"
cat >"$scratch/standin_model.cpp" <<'CPP'
#include <torch/torch.h>
struct GateImpl : torch::nn::Module {
  GateImpl() : conv(register_module("conv", torch::nn::Conv2d(3, 8, 3))) {}
  torch::Tensor forward(torch::Tensor x) {
    TORCH_CHECK(x.size(1) == 3, "channels");
    if (x.sum().item<float>() > 0) return conv(x);
    return x.relu();
  }
  torch::nn::Conv2d conv;
};
CPP
printf '[{"directory": "%s", "file": "%s/standin_model.cpp", "arguments": ["clang++", "-std=c++20", "-I%s", "-c", "%s/standin_model.cpp"]}]\n' \
  "$scratch" "$scratch" "$root/tests/cpp/standin" "$scratch" >"$scratch/compile_commands.json"

# Prints "cpu wall" (seconds) of the best run.
measure() {
  local best="" line
  for ((i = 0; i < repeat; i++)); do
    /usr/bin/time -o "$scratch/time" -f '%U %S %e' "$@" >/dev/null 2>&1 || true  # exit 1: findings
    line=$(tail -n 1 "$scratch/time" | awk '{printf "%.2f %.2f", $1 + $2, $3}')
    if [[ -z "$best" ]] || awk -v a="$line" -v b="$best" 'BEGIN{split(a,x," "); split(b,y," "); exit !(x[1] < y[1])}'; then best=$line; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores; $(uptime | sed 's/.*load average/load average/')"
printf '%-44s %8s %8s\n' "file" "cpu s" "wall s"
for file in "$root"/samples/cpp/*.h; do
  read -r cpu wall < <(measure "$fxlint" check --isolated "$file")
  printf '%-44s %8s %8s\n' "samples/cpp/$(basename "$file") (torch.h)" "$cpu" "$wall"
done
read -r cpu wall < <(measure "$fxlint" check --isolated "$scratch/only_torch_h.cpp")
printf '%-44s %8s %8s\n' "only #include <torch/torch.h>" "$cpu" "$wall"
read -r cpu wall < <(measure "$fxlint" check --isolated -p "$scratch" "$scratch/standin_model.cpp")
printf '%-44s %8s %8s\n' "module on the stand-in header (-p)" "$cpu" "$wall"
