#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests, in about a second.
#
#   scripts/test-postgres.sh COMMAND [ARGS...]   runs COMMAND with TURNUS_TEST_POSTGRES_URL set,
#                                                 then stops and removes the server; exits
#                                                 with COMMAND's status
#   source scripts/test-postgres.sh              defines start_test_postgres / stop_test_postgres
#                                                 (scripts/test.sh: one server for all its ctest runs)
#
# The server runs as the postgres user (initdb refuses root) from a fresh temp dir, listens
# on 127.0.0.1 only on a free port, keeps its unix socket inside that dir, trusts local TCP
# connections, and runs with fsync off: its data lives only as long as the tests. It offers
# the database turnus_test, where every test creates and drops its own schema
# (tests/support/temp_database.cpp). start_test_postgres stops it again on EXIT, so a
# failing test or Ctrl-C does not leave it behind.

TURNUS_PG_BIN=${TURNUS_PG_BIN:-/usr/lib/postgresql/15/bin}

stop_test_postgres() {
  if [[ -n "${TURNUS_PG_DIR:-}" && -d "$TURNUS_PG_DIR" ]]; then
    if [[ -f "$TURNUS_PG_DIR/data/postmaster.pid" ]]; then
      runuser -u postgres -- "$TURNUS_PG_BIN/pg_ctl" -D "$TURNUS_PG_DIR/data" -m immediate -s stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TURNUS_PG_DIR"
  fi
  TURNUS_PG_DIR=
  unset TURNUS_TEST_POSTGRES_URL
}

# A port nothing listens on yet (the server start below retries when another process takes
# it in between).
_turnus_free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start_test_postgres() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "test-postgres: must run as root (the server runs as the postgres user via runuser)" >&2
    return 1
  fi
  if [[ ! -x "$TURNUS_PG_BIN/initdb" ]]; then
    echo "test-postgres: $TURNUS_PG_BIN/initdb not found (scripts/install-deps.sh installs postgresql)" >&2
    return 1
  fi
  # Ctrl-C and kill end the script through exit, so the EXIT trap runs for them too.
  trap stop_test_postgres EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TURNUS_PG_DIR=$(mktemp -d /tmp/turnus-pg-XXXXXX)
  chown postgres: "$TURNUS_PG_DIR"
  # --no-sync and fsync=off: nothing here has to survive a crash. C.UTF-8 rather than C, so
  # the schema's explicit COLLATE "C" on sorted columns is what the tests exercise.
  if ! runuser -u postgres -- "$TURNUS_PG_BIN/initdb" -D "$TURNUS_PG_DIR/data" -A trust -U postgres -E UTF8 \
      --locale=C.UTF-8 --no-sync --no-instructions >"$TURNUS_PG_DIR/initdb.log" 2>&1; then
    cat "$TURNUS_PG_DIR/initdb.log" >&2
    stop_test_postgres
    return 1
  fi
  local port started=0
  for _ in 1 2 3 4 5; do
    port=$(_turnus_free_port) || break
    # max_connections: ctest runs tests in parallel, each with its own pools.
    if runuser -u postgres -- "$TURNUS_PG_BIN/pg_ctl" -D "$TURNUS_PG_DIR/data" -l "$TURNUS_PG_DIR/server.log" -w -s \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $TURNUS_PG_DIR -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if ((started == 0)); then
    echo "test-postgres: the server did not start:" >&2
    tail -20 "$TURNUS_PG_DIR/server.log" >&2 || true
    stop_test_postgres
    return 1
  fi
  # pg_trgm once in public: the tests' schemas all see it through their search_path, and a
  # test dropping its schema cannot take the extension away from the others.
  if ! "$TURNUS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
      -c "CREATE DATABASE turnus_test" >/dev/null ||
     ! "$TURNUS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d turnus_test \
      -c "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public" >/dev/null; then
    stop_test_postgres
    return 1
  fi
  export TURNUS_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/turnus_test"
  echo "test-postgres: PostgreSQL 15 at $TURNUS_TEST_POSTGRES_URL (data in $TURNUS_PG_DIR)"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  if (($# == 0)); then
    echo "usage: $0 COMMAND [ARGS...]   (or: source $0; start_test_postgres)" >&2
    exit 2
  fi
  start_test_postgres
  set +e
  "$@"
  rc=$?
  set -e
  stop_test_postgres
  exit "$rc"
fi
