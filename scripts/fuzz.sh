#!/usr/bin/env bash
# Runs the libFuzzer targets of a build made with -DTURNUS_FUZZ=ON (the sanitizer build of
# scripts/test.sh), each for SECONDS, two at a time, on a scratch copy of its seed corpus
# (fuzz/corpus/<target>) so the tree is never changed by a run.
#
#   scripts/fuzz.sh BUILD_DIR [SECONDS]     default 30 s per target; e.g. 3600 for a long run
#
# A crash, leak, timeout or sanitizer report fails the run; the input that caused it is
# kept in fuzz/artifacts/<target>/ and printed as base64. Add it to
# fuzz/regressions/<target>/ (run by ctest from then on) together with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR [SECONDS]}
seconds=${2:-30}
targets=(json_bodies_fuzz schedule_fuzz multipart_fuzz list_query_fuzz request_head_fuzz)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run_one() {  # run_one TARGET
  local target=$1 build=$2 seconds=$3 scratch=$4
  local corpus="$scratch/$target" artifacts="fuzz/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  cp fuzz/corpus/"$target"/* "$corpus"/
  local log="$scratch/$target.log"
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1; then
    echo "fuzz: $target: $(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$') runs, no failure"
    rmdir "$artifacts" 2>/dev/null || true
  else
    echo "fuzz: $target FAILED:"
    tail -40 "$log"
    for f in "$artifacts"*; do [[ -f "$f" ]] && echo "input $f: $(base64 -w0 "$f")"; done
    return 1
  fi
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_one "$@"' _ {} "$build" "$seconds" "$scratch"
