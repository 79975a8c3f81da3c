#!/usr/bin/env bash
# Compares what two fxlint binaries print on the same code, byte for byte: for a change meant to leave
# behaviour alone (a refactoring), every output must be identical.
#   scripts/compare_builds.sh OLD_FXLINT NEW_FXLINT [PATH...]
# PATHs default to samples/ and, when FXLINT_VENV names the project's venv, the installed torchvision
# and transformers (`--root` its site-packages). Each path runs through check (text, json, sarif),
# verdicts (text, json; fx and export captures), `check --diff` (the fixes) and, for samples/, the
# configurations the samples are annotated for. Prints one line per run and exits 1 on any difference,
# with the first lines of the diff.
set -uo pipefail
if (($# < 2)); then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

paths=("$@")
site=""
if ((${#paths[@]} == 0)); then
  paths=(samples)
  if [[ -n "${FXLINT_VENV:-}" ]]; then
    site=$(echo "$FXLINT_VENV"/lib/python3*/site-packages)
    paths+=("$site/torchvision" "$site/transformers/models")
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
differences=0
runs=0

# compare NAME ARGS...: runs both binaries with ARGS, compares stdout and the exit status.
compare() {
  local name=$1
  shift
  "$old" "$@" >"$work/old.out" 2>/dev/null
  echo "exit $?" >>"$work/old.out"
  "$new" "$@" >"$work/new.out" 2>/dev/null
  echo "exit $?" >>"$work/new.out"
  runs=$((runs + 1))
  if cmp -s "$work/old.out" "$work/new.out"; then
    echo "same       $name ($(wc -c <"$work/new.out") bytes)"
  else
    differences=$((differences + 1))
    echo "DIFFERENT  $name"
    diff "$work/old.out" "$work/new.out" | head -20
  fi
}

for path in "${paths[@]}"; do
  extra=(--no-cache --isolated)
  [[ -n "$site" && "$path" == "$site"* ]] && extra+=(--root "$site")
  label=$path
  [[ -n "$site" ]] && label=${path#"$site/"}
  for format in text json sarif; do compare "check --format $format $label" check --format "$format" "${extra[@]}" "$path"; done
  compare "check --diff $label" check --diff --unsafe-fixes "${extra[@]}" "$path"
  for capture in fx export; do
    for format in text json; do
      compare "verdicts --capture $capture --format $format $label" verdicts --capture "$capture" --format "$format" "${extra[@]}" "$path"
    done
  done
done

# The configurations the samples are annotated for (inputs= and dynamic dims), when samples/ is compared.
configs=""
for path in "${paths[@]}"; do
  [[ "$(realpath "$path")" == "$root/samples" ]] &&
    configs=$(grep -rhoE 'expect-verdict\[[^]]*\]' samples --include=*.py | sort -u | sed -E 's/expect-verdict\[(.*)\]/\1/')
done
while IFS= read -r config; do
  [[ -z "$config" ]] && continue
  args=(--no-cache --isolated)
  for part in $config; do
    case "$part" in
      export) args+=(--capture export) ;;
      inputs=*) args+=(--inputs "${part#inputs=}") ;;
      dynamic=*) args+=(--dynamic "${part#dynamic=}") ;;
      x:* | *:*) args+=(--dynamic "$part") ;;
    esac
  done
  compare "verdicts [$config] samples" verdicts --format json "${args[@]}" samples
  compare "check [$config] samples" check --format json "${args[@]}" samples
done <<<"$configs"

echo "$runs runs, $differences different"
((differences == 0))
