#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install dependencies, then build
# and test two trees. Together they compile everything with both compilers:
#   release     g++ 12, -O2: unit and integration tests
#   asan-ubsan  clang 14, AddressSanitizer + UndefinedBehaviorSanitizer: unit
#               and integration tests, and a bounded run of every libFuzzer
#               target (AIRLOCK_FUZZ_SECONDS each)
# Compiles go through ccache (its own directory, outside the clone), so a
# second run on the same machine rebuilds little; an empty cache costs only time.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
# Integration tests spend much of their time waiting on registries and
# subprocesses; twice the cores keeps both cores busy.
test_jobs=$((jobs * 2))
status=0
declare -A summary

# How many tests CTest has in a tree, for a label filter.
count() {
    local preset=$1
    shift
    ctest --preset "$preset" -N "$@" 2>/dev/null | sed -nE 's/^Total Tests: ([0-9]+)$/\1/p'
}

run_tree() {
    local preset=$1 log
    local start=$SECONDS
    echo "=== $preset: build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    local built=$SECONDS
    echo "=== $preset: test"
    log=$(mktemp)
    if ! ctest --preset "$preset" -j "$test_jobs" 2>&1 | tee "$log"; then
        status=1
    fi
    # CTest's last line of a run: "100% tests passed, 0 tests failed out of 294".
    local passed="?" total="?"
    local line
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -1 || true)
    if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
        total=${BASH_REMATCH[2]}
        passed=$((total - BASH_REMATCH[1]))
    else
        status=1
    fi
    summary[$preset]=$(printf "%-11s %s of %s passed (unit %s, integration %s, fuzz %s); build %ds, tests %ds" \
        "$preset" "$passed" "$total" "$(count "$preset" -LE "integration|fuzz")" \
        "$(count "$preset" -L integration)" "$(count "$preset" -L fuzz)" \
        $((built - start)) $((SECONDS - built)))
    rm -f "$log"
}

run_tree release
run_tree asan-ubsan

echo "=== summary (ctest tests per tree)"
for preset in release asan-ubsan; do
    echo "${summary[$preset]}"
done
exit $status
