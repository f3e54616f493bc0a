#!/usr/bin/env bash
# What pusher-cli's HTTP/1.1 client spends per call against a slow server: an open-model run
# (plain http, 128 connections) straight to the project's sandbox, which answers after a
# delay. The client's waits per call (epoll_wait + io_uring_enter, by `perf stat`) and its
# CPU per call (/usr/bin/time); the binaries in turn. Made to check that the loop's looks
# before it sleeps (core/http/src/waitspin.h) cost a slow server's run little.
#
# usage: bench/http_slow.sh [NAME=CLI ...]   (default: pusher-cli=build/bin/pusher-cli)
# env: SECS (4), RATE (2000 calls/s), DELAY (50ms), REPS (3), IO (epoll: PUSHER_HTTP_IO)
# needs: perf time curl python3, build/bin/pusher-sandbox
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$here/nginx.sh"
secs=${SECS:-4} rate=${RATE:-2000} delay=${DELAY:-50ms} reps=${REPS:-3} io=${IO:-epoll}
[ $# -gt 0 ] || set -- "pusher-cli=${PUSHER_CLI:-$root/build/bin/pusher-cli}"
sandbox=${PUSHER_SANDBOX:-$root/build/bin/pusher-sandbox}
[ -x "$sandbox" ] || { echo "no $sandbox: build pusher-sandbox first" >&2; exit 2; }
command -v perf >/dev/null || { echo "no perf (package linux-perf)" >&2; exit 2; }
sport=$(free_port)
work=$(mktemp -d /tmp/http-slow.XXXXXX)
"$sandbox" --port "$sport" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$sport/" && break; sleep 0.1; done
cat >"$work/slow.json" <<JSON
{"version": 1, "name": "HTTP/1.1 against a slow server, open model", "duration": "${secs}s",
 "interval": "250ms",
 "workers": [{"ident": "slow", "target": {"kind": "http", "method": "GET",
   "url": "http://127.0.0.1:$sport/slow?delay=$delay", "timeout": "5s", "connections": 128},
   "rate": {"rps": $rate}, "overtime": 256}], "thresholds": []}
JSON
printf '%d s at %d/s, http to the sandbox (delay %s), PUSHER_HTTP_IO=%s\n' "$secs" "$rate" "$delay" "$io"
printf '%-12s %8s %12s %12s\n' name calls waits/call cpu_us/call
for _ in $(seq "$reps"); do
  for arg in "$@"; do
    n=${arg%%=*} c=${arg#*=}
    PUSHER_HTTP_IO=$io perf stat -x, -o "$work/stat" \
      -e syscalls:sys_enter_epoll_wait,syscalls:sys_enter_io_uring_enter -- \
      /usr/bin/time -f "%U %S" -o "$work/time" \
      "$c" run "$work/slow.json" --quiet --json "$work/r.json" >/dev/null 2>&1 || true
    calls=$(python3 -c "import json; print(json.load(open('$work/r.json'))['workers'][0]['completed'])")
    read -r u s <"$work/time"
    printf '%-12s %8s %12s %12s\n' "$n" "$calls" \
      "$(awk -F, -v c="$calls" '/epoll_wait|io_uring_enter/ { t += $1 } END { printf "%.3f", t / c }' "$work/stat")" \
      "$(awk -v u="$u" -v s="$s" -v c="$calls" 'BEGIN { printf "%.2f", (u + s) * 1e6 / c }')"
  done
done
