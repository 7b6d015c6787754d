#!/usr/bin/env bash
# The airlock-build create benchmark (bench/README.md): build the release
# preset, then run bench/build_bench.py with the arguments given here, e.g.
#   bench/build_bench.sh                   # ~1 GiB, airlock --jobs 1,4,8
#   bench/build_bench.sh --size-mib 128    # a quick run
#   bench/build_bench.sh --json > bench.json
# Extra configure arguments: AIRLOCK_BENCH_CMAKE_ARGS="-DAIRLOCK_WERROR=OFF".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
cmake --preset release ${AIRLOCK_BENCH_CMAKE_ARGS:-} >/dev/null
cmake --build --preset release -j "$(nproc)" >&2
exec /usr/bin/python3 bench/build_bench.py --build-dir build/release "$@"
