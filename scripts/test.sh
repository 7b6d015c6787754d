#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install dependencies, then build
# and run every test twice, in a release build and under ASan+UBSan, then give
# each libFuzzer target a short bounded run (clang, the fuzz preset).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
status=0
for preset in release asan-ubsan; do
    echo "=== $preset: build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    echo "=== $preset: test"
    # Integration tests start registries and containerd; two at a time keeps a
    # 2-core machine responsive.
    if ! ctest --preset "$preset" -j 2; then
        status=1
    fi
done

echo "=== fuzz: build"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
echo "=== fuzz: test"
# Two targets at a time (one per core), each for AIRLOCK_FUZZ_SECONDS (20 s by default).
if ! ctest --preset fuzz -j 2; then
    status=1
fi
exit $status
