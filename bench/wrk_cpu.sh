#!/usr/bin/env bash
# wrk against one URL of a running `turnus serve`, plus the server's CPU time per request:
# its user + system time (/proc/PID/stat) over the run divided by the requests wrk
# completed. Latency under wrk depends on the neighbours of a shared machine; CPU per
# request much less so.
#
#   bench/wrk_cpu.sh SERVER_PID TOKEN URL [SECONDS]
#   bench/wrk_cpu.sh "$(pgrep -f 'turnus serve')" "$T" 'http://127.0.0.1:18081/api/v1/maintenance-contracts?status=active'
set -euo pipefail
pid=$1 token=$2 url=$3 seconds=${4:-10}
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu)
out=$(wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url")
after=$(cpu)
requests=$(awk '/requests in/ {print $1}' <<<"$out")
grep -E '^ +(50|99)%|Requests/sec' <<<"$out" | tr -s ' ' | tr '\n' ' '
echo "| server CPU/request: $(bc <<<"scale=1; ($after - $before) * 1000000 / $(getconf CLK_TCK) / $requests") us" \
  "(load $(cut -d' ' -f1 /proc/loadavg))"
