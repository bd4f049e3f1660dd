#!/usr/bin/env bash
# The soak run of issue 15: `bench/soak` (32 connections of mixed reads and writes) against a
# fresh `turnus serve` on SQLite and on a throw-away PostgreSQL (scripts/test-postgres.sh),
# each for SECONDS (default 600), on 127.0.0.1 only. Fails when a request failed or the
# server's resident memory grew after the warm-up.
#
#   bench/soak.sh BUILD_DIR [SECONDS] [sqlite|postgresql|both]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/soak.sh BUILD_DIR [SECONDS] [sqlite|postgresql|both]}
seconds=${2:-600}
which=${3:-both}
turnus=$build/turnus
soak=$build/bench/soak
work=$(mktemp -d)
status=0

run_backend() {  # run_backend NAME DB_URL
  local name=$1 db=$2 port=18090 pid token
  "$turnus" migrate --db "$db" >/dev/null
  echo correct-horse-battery-staple-soak | "$turnus" user add --db "$db" --org "Soak GmbH" --email soak@soak.example \
    --name "Soak Admin" --role admin --password-stdin >/dev/null
  token=$("$turnus" token create --db "$db" --email soak@soak.example)
  "$turnus" serve --db "$db" --listen "127.0.0.1:$port" --no-scheduler >"$work/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "== soak on $name ($seconds s, server pid $pid)"
  if ! "$soak" --port "$port" --token "$token" --pid "$pid" --seconds "$seconds" --connections 32; then status=1; fi
  kill -TERM "$pid"
  wait "$pid" || true
}

if [[ $which == sqlite || $which == both ]]; then run_backend sqlite "sqlite:$work/soak.db"; fi
if [[ $which == postgresql || $which == both ]]; then
  # shellcheck source=scripts/test-postgres.sh
  source scripts/test-postgres.sh
  start_test_postgres >/dev/null
  run_backend postgresql "${TURNUS_TEST_POSTGRES_URL%/*}/turnus_test"
  stop_test_postgres
fi
rm -rf "$work"
exit "$status"
