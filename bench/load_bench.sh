#!/usr/bin/env bash
# The airlock-load benchmark (bench/README.md): build the release preset, then
# run bench/load_bench.py with the arguments given here, e.g.
#   bench/load_bench.sh                    # ~1 GiB bundle, --jobs 4
#   bench/load_bench.sh --size 256MiB      # a quick run
#   bench/load_bench.sh --json > load.json
# Extra configure arguments: AIRLOCK_BENCH_CMAKE_ARGS="-DAIRLOCK_WERROR=OFF".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
cmake --preset release ${AIRLOCK_BENCH_CMAKE_ARGS:-} >/dev/null
cmake --build --preset release -j "$(nproc)" >&2
exec /usr/bin/python3 bench/load_bench.py --build-dir build/release "$@"
