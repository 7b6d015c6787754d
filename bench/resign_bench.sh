#!/usr/bin/env bash
# The resign benchmark (bench/README.md): build the release preset, then run
# bench/resign_bench.py with the arguments given here, e.g.
#   bench/resign_bench.sh                      # 100 MiB and 2 GiB bundles
#   bench/resign_bench.sh --sizes 16MiB,256MiB # a quick run
# Extra configure arguments: AIRLOCK_BENCH_CMAKE_ARGS="-DAIRLOCK_WERROR=OFF".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
cmake --preset release ${AIRLOCK_BENCH_CMAKE_ARGS:-} >/dev/null
cmake --build --preset release -j "$(nproc)" >&2
exec /usr/bin/python3 bench/resign_bench.py --bin-dir build/release "$@"
