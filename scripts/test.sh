#!/usr/bin/env bash
# The whole test suite: Release build and tests, the same tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, the fuzzers for a bounded time, clang-tidy on the project's
# code. Installs what it needs.
# Every test that touches the store runs on SQLite and on a throw-away PostgreSQL server
# (scripts/test-postgres.sh), started once for both test runs and removed on exit.
# Exit status 0 only when everything passed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# shellcheck source=scripts/test-postgres.sh
source scripts/test-postgres.sh

jobs=$(nproc)
summary=()
passed=0
failed=0

run_ctest() {  # run_ctest NAME BUILD_DIR
  local name=$1 dir=$2 log
  log=$(mktemp)
  set +e
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 900) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  local line
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
  local total fail
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
  fail=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
  [[ -n "$total" && -n "$fail" ]] || { total=0; fail=1; }
  passed=$((passed + total - fail))
  failed=$((failed + fail))
  ((rc == 0)) || failed=$((failed > 0 ? failed : 1))
  summary+=("$name: $((total - fail)) passed, $fail failed")
  rm -f "$log"
}

echo "== Release build"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$jobs"
# clang-tidy (16 CPU-minutes) runs beside the tests at the lowest priority: it takes the
# CPU the tests leave idle while they wait for servers, browsers and PostgreSQL, and gives
# it back whenever a test or the sanitizer build wants it. Its verdict is read at the end.
echo "== clang-tidy (in the background)"
tidy_log=$(mktemp)
tidy_status=$(mktemp)
# Its own process group (setsid), so that an early exit of this script stops it too; -w in
# case setsid has to fork, so that waiting for it still waits for clang-tidy.
setsid -w bash -c 'git ls-files "src/*.cpp" | nice -n 19 xargs -P "$1" -n 1 clang-tidy -p build/release --quiet \
  --extra-arg=-Wno-unknown-warning-option >"$2" 2>/dev/null; echo $? >"$3"' _ "$jobs" "$tidy_log" "$tidy_status" &
tidy_pid=$!

echo "== PostgreSQL test server"
start_test_postgres
trap 'kill -- -"$tidy_pid" 2>/dev/null || true; stop_test_postgres' EXIT
echo "== Tests (Release)"
run_ctest release build/release

echo "== Sanitizer build (ASan + UBSan)"
# -O0 and -g1 (line tables, enough for the reports' stack traces): the sanitizers find the
# same faults unoptimised, and on 2 cores this build and its tests took 8.0 min with GCC
# where -O1 took 9.5. Clang builds it in half of GCC's time (2.7 instead of 5.4 min; one
# test file 10.8 s instead of 19.1 s, mostly code generation), and a second compiler's
# warnings, errors here as well, come with it.
# The libFuzzer targets (fuzz/) come with it: the same compiler and sanitizers, the code
# instrumented for coverage (TURNUS_FUZZ).
cmake -S . -B build/asan -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1 -DNDEBUG" -DTURNUS_SANITIZE=ON -DTURNUS_FUZZ=ON -DTURNUS_BUILD_BENCH=OFF -DTURNUS_BUILD_WEB=OFF >/dev/null  # web tests: Release run
cmake --build build/asan -j "$jobs"
echo "== Tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest sanitizers build/asan

echo "== Fuzzing (each target 30 s, two at a time)"
if scripts/fuzz.sh build/asan 30; then
  summary+=("fuzz: 1 passed, 0 failed")
  passed=$((passed + 1))
else
  summary+=("fuzz: 0 passed, 1 failed")
  failed=$((failed + 1))
fi

echo "== clang-tidy (waiting for it)"
wait "$tidy_pid" || true
cat "$tidy_log"
tidy_rc=$(cat "$tidy_status")
rm -f "$tidy_log" "$tidy_status"
if [[ "$tidy_rc" != 0 ]]; then
  summary+=("clang-tidy: 0 passed, 1 failed")
  failed=$((failed + 1))
else
  summary+=("clang-tidy: 1 passed, 0 failed")
  passed=$((passed + 1))
fi

echo
printf '%s\n' "${summary[@]}"
echo "total: $passed passed, $failed failed"
((failed == 0))
