#!/usr/bin/env bash
# The demo, from a fresh clone (as root): install dependencies, build the two
# programs (nothing else), then build the sample bundle from samples/, load it
# into a registry inside a loopback-only network namespace, and have
# containerd pull and run it through the generated mirror configuration
# (samples/demo.py).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset programs -j "$(nproc)"
exec /usr/bin/python3 samples/demo.py build/release
