#!/usr/bin/env bash
# The template benchmark (bench/README.md): build the two programs, fetch the
# oracle Helm, then run bench/template_bench.py with the arguments given here.
# Extra configure arguments: AIRLOCK_BENCH_CMAKE_ARGS="-DAIRLOCK_WERROR=OFF".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >&2
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
cmake --preset release ${AIRLOCK_BENCH_CMAKE_ARGS:-} >/dev/null
cmake --build --preset programs -j "$(nproc)" >&2
exec /usr/bin/python3 bench/template_bench.py --bin-dir build/release "$@"
