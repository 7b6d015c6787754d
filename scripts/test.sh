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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# How many tests CTest has in a tree, for a label filter.
count() {
    local preset=$1
    shift
    ctest --preset "$preset" -N "$@" 2>/dev/null | sed -nE 's/^Total Tests: ([0-9]+)$/\1/p'
}

build_tree() {
    local preset=$1 start=$SECONDS
    echo "=== $preset: build"
    # Explicit returns: under `||` bash ignores set -e inside the function.
    cmake --preset "$preset" >/dev/null || return 1
    cmake --build --preset "$preset" -j "$jobs" || return 1
    echo $((SECONDS - start)) >"$work/built.$preset"
}

# Runs a tree's tests; its summary line goes to $work/summary.PRESET and
# the exit status says whether they all passed.
test_tree() {
    local preset=$1 start=$SECONDS log="$work/ctest.$1" ok=0
    echo "=== $preset: test"
    ctest --preset "$preset" -j "$test_jobs" >"$log" 2>&1 || ok=1
    cat "$log"
    # CTest's last line of a run: "100% tests passed, 0 tests failed out of 294".
    local passed="?" total="?" line
    line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -1 || true)
    if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
        total=${BASH_REMATCH[2]}
        passed=$((total - BASH_REMATCH[1]))
    else
        ok=1
    fi
    # Unit tests run one CTest test per file; the cases are Catch's.
    local cases
    cases=$("build/$preset/tests/airlock_unit_tests" --list-test-names-only 2>/dev/null | grep -c . || true)
    printf "%-11s %s of %s passed (unit %s files with %s cases, integration %s, fuzz %s); build %ds, tests %ds\n" \
        "$preset" "$passed" "$total" "$(count "$preset" -L unit)" "$cases" \
        "$(count "$preset" -L integration)" "$(count "$preset" -L fuzz)" \
        "$(cat "$work/built.$preset")" $((SECONDS - start)) >"$work/summary.$preset"
    return $ok
}

build_tree release
# The release tests spend most of their time waiting on registries and
# subprocesses, so the sanitizer tree builds meanwhile; the release tests'
# output is printed when they end.
test_tree release >"$work/release.out" 2>&1 &
release_tests=$!
build_tree asan-ubsan || status=1
wait $release_tests || status=1
cat "$work/release.out"
test_tree asan-ubsan || status=1

echo "=== summary (ctest tests per tree)"
for preset in release asan-ubsan; do
    cat "$work/summary.$preset" 2>/dev/null || echo "$preset: no summary (its build failed)"
done
exit $status
