#!/usr/bin/env bash
# The demo, from a fresh clone: install dependencies, build, then build the
# sample bundle from samples/ against a local registry and inspect it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
exec /usr/bin/python3 samples/demo.py build/release
