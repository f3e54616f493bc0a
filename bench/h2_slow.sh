#!/usr/bin/env bash
# What pusher-cli's HTTP/2 client spends per call against a slow server: an open-model run
# (h2c, 64 connections x 10 streams) through a loopback nginx that proxies every request to
# the project's sandbox, which answers after a delay. The client's system calls per call
# by `perf stat`, its CPU per call by /usr/bin/time; the binaries in turn, medians of the
# repeats. Made to check that reading again before sending (Loop::readAgain in
# core/http/src/h2client.cpp) costs a slow server's run little.
#
# usage: bench/h2_slow.sh [-d SECONDS] [-r REPEATS] [-R RATE] [-D DELAY] [NAME=CLI ...]
#   defaults: -d 5 -r 3 -R 5000 -D 50ms, and pusher-cli=$PUSHER_CLI (build/bin/pusher-cli)
# needs: nginx perf time, build/bin/pusher-sandbox
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
secs=5 reps=3 rate=5000 delay=50ms
names=() clis=()
while [ $# -gt 0 ]; do
  case $1 in
    -d) secs=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    -R) rate=$2; shift 2 ;;
    -D) delay=$2; shift 2 ;;
    *=*) names+=("${1%%=*}"); clis+=("${1#*=}"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  names=(pusher-cli); clis=("${PUSHER_CLI:-$root/build/bin/pusher-cli}")
fi
sandbox=${PUSHER_SANDBOX:-$root/build/bin/pusher-sandbox}
for c in "${clis[@]}" "$sandbox"; do
  [ -x "$c" ] || { echo "no $c: build it first" >&2; exit 2; }
done
command -v perf >/dev/null || { echo "no perf (package linux-perf)" >&2; exit 2; }
. "$here/nginx.sh"
port=$(free_port)
sport=$(free_port)
[ "$sport" != "$port" ] || sport=$((port + 1))

work=$(mktemp -d /tmp/h2slow.XXXXXX)
mkdir -p "$work/tmp" "$work/logs"
"$sandbox" --port "$sport" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 8192; use epoll; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fcgi; uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
    keepalive_requests 100000000; keepalive_timeout 300s; http2_max_concurrent_streams 128;
    upstream sandbox { server 127.0.0.1:$sport; keepalive 512; }
    server {
        listen 127.0.0.1:$port http2;
        location / {
            proxy_pass http://sandbox;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
nginx -c "$work/nginx.conf"
trap 'kill "$(cat "$work/nginx.pid")" "$sandbox_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$sport/" && break
  sleep 0.1
done

cat >"$work/slow.json" <<JSON
{
  "version": 1,
  "name": "HTTP/2 against a slow server, open model",
  "duration": "${secs}s",
  "interval": "250ms",
  "workers": [
    {
      "ident": "slow",
      "target": {
        "kind": "http",
        "method": "GET",
        "url": "http://127.0.0.1:$port/slow?delay=$delay",
        "timeout": "5s",
        "version": "2",
        "connections": 64,
        "streams": 10
      },
      "rate": { "rps": $rate },
      "overtime": 640
    }
  ],
  "thresholds": []
}
JSON

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
declare -A recvs sends cpus calls
for _ in $(seq "$reps"); do
  for i in "${!names[@]}"; do
    n=${names[$i]}
    perf stat -x, -o "$work/stat" -e syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto -- \
      /usr/bin/time -f "%U %S" -o "$work/time" \
      "${clis[$i]}" run "$work/slow.json" --quiet --json "$work/result.json" >/dev/null 2>&1 || true
    done_=$(python3 -c "import json; print(json.load(open('$work/result.json'))['workers'][0]['completed'])")
    read -r u s <"$work/time"
    calls[$n]+="$done_ "
    recvs[$n]+="$(awk -F, -v c="$done_" '/recvfrom/ { printf "%.3f", $1 / c }' "$work/stat") "
    sends[$n]+="$(awk -F, -v c="$done_" '/sendto/ { printf "%.3f", $1 / c }' "$work/stat") "
    cpus[$n]+="$(awk -v u="$u" -v s="$s" -v c="$done_" 'BEGIN { printf "%.2f", (u + s) * 1e6 / c }') "
  done
done
printf '%d s at %d/s, h2c 64 x 10 streams through nginx to the sandbox (delay %s), %d repeats\n' \
  "$secs" "$rate" "$delay" "$reps"
printf '%-14s %10s %14s %12s %14s\n' name calls recvfrom/call sendto/call cpu_us/call
for n in "${names[@]}"; do
  printf '%-14s %10s %14s %12s %14s\n' "$n" \
    "$(echo "${calls[$n]}" | tr ' ' '\n' | median)" \
    "$(echo "${recvs[$n]}" | tr ' ' '\n' | median)" \
    "$(echo "${sends[$n]}" | tr ' ' '\n' | median)" \
    "$(echo "${cpus[$n]}" | tr ' ' '\n' | median)"
done
