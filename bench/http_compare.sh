#!/usr/bin/env bash
# Two `turnus serve` binaries side by side under wrk, on the same list URL, at several
# connection counts: requests/s, latency p50/p99, wrk's errors, and the server's CPU time
# per request (user + system from /proc/PID/stat over the run, divided by the requests wrk
# completed). The servers run one at a time, alternating per connection count, so both see
# the same machine; run it on a quiet one (docs/performance.md).
#
#   bench/http_compare.sh NAME_A BINARY_A DB_A TOKEN_A NAME_B BINARY_B DB_B TOKEN_B [SECONDS] [PATH]
#
# e.g. (issue 15, cpp-httplib before, Beast after; each DB migrated by its own binary):
#   bench/http_compare.sh httplib /tmp/turnus-httplib sqlite:/tmp/lb/old.db "$(cat /tmp/lb/token_old)" \
#       beast build/release/turnus sqlite:/tmp/lb/new.db "$(cat /tmp/lb/token_new)" 10
set -euo pipefail
names=("$1" "$5") binaries=("$2" "$6") dbs=("$3" "$7") tokens=("$4" "$8")
seconds=${9:-10}
path=${10:-/api/v1/maintenance-contracts?status=active}
port=18081
url="http://127.0.0.1:$port$path"

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "| connections | server | requests/s | mean | p50 | p99 | max | errors | server CPU per request |"
echo "|---:|---|---:|---:|---:|---:|---:|---|---:|"
for connections in 8 64 256; do
  for i in 0 1; do
    "${binaries[$i]}" serve --db "${dbs[$i]}" --listen "127.0.0.1:$port" --no-scheduler >/tmp/http_compare.log 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    # Warm-up: the page cache, the statement caches and the connection pool.
    wrk -t2 -c"$connections" -d2s -H "Authorization: Bearer ${tokens[$i]}" "$url" >/dev/null
    before=$(cpu_of "$pid")
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 5s -H "Authorization: Bearer ${tokens[$i]}" "$url")
    after=$(cpu_of "$pid")
    kill -TERM "$pid"
    wait "$pid" || true
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    mean=$(awk '$1 == "Latency" {print $2; exit}' <<<"$out")
    max=$(awk '$1 == "Latency" {print $4; exit}' <<<"$out")
    errors=$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' | sed 's/^ //' | paste -sd ';' - || true)
    cpu_us=$(bc <<<"scale=0; ($after - $before) * 1000000 / $(getconf CLK_TCK) / $requests")
    echo "| $connections | ${names[$i]} | $rps | $mean | $p50 | $p99 | $max | ${errors:-none} | $cpu_us µs |"
  done
done
echo
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
