#!/usr/bin/env bash
# The whole test suite: Release build and tests, the same tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, clang-tidy on the project's code. Installs what it needs.
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
echo "== PostgreSQL test server"
start_test_postgres
echo "== Tests (Release)"
run_ctest release build/release

echo "== Sanitizer build (ASan + UBSan)"
# -O1 (what the sanitizers' documentation recommends) and -g1 (line tables, enough for the
# reports' stack traces) build in 8.3 min where -O2 -g took 10.5, with the same test time.
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DTURNUS_SANITIZE=ON -DTURNUS_BUILD_BENCH=OFF -DTURNUS_BUILD_WEB=OFF >/dev/null  # web tests: Release run
cmake --build build/asan -j "$jobs"
echo "== Tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest sanitizers build/asan

echo "== clang-tidy"
tidy_rc=0
git ls-files 'src/*.cpp' | xargs -P "$jobs" -n 4 clang-tidy -p build/release --quiet --extra-arg=-Wno-unknown-warning-option 2>/dev/null || tidy_rc=$?
if ((tidy_rc != 0)); then
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
