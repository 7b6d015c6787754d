#!/usr/bin/env bash
# The delta bundle benchmark (bench/README.md): build the release preset, then
# run bench/delta_bench.py with the arguments given here, e.g.
#   bench/delta_bench.sh                   # ~1 GiB v1, a patch release v2, 3 runs each
#   bench/delta_bench.sh --quick           # a smoke run: 128 MiB, one run each
#   bench/delta_bench.sh --json > delta.json
# Extra configure arguments: AIRLOCK_BENCH_CMAKE_ARGS="-DAIRLOCK_WERROR=OFF".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
cmake --preset release ${AIRLOCK_BENCH_CMAKE_ARGS:-} >/dev/null
cmake --build --preset release -j "$(nproc)" >&2
exec /usr/bin/python3 bench/delta_bench.py --build-dir build/release "$@"
