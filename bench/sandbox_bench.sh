#!/usr/bin/env bash
# Sandbox throughput next to nginx's: wrk -t1 -c64 against each, in turn, same machine.
# Both servers run two threads/workers on 127.0.0.1 and answer an empty 200, keep-alive.
#
# usage: bench/sandbox_bench.sh [-d SECONDS] [-r REPEATS] [-b BUILD_DIR]
# needs: nginx wrk
set -euo pipefail

secs=5 reps=3 build=build
while [ $# -gt 0 ]; do
  case "$1" in
    -d) secs=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    -b) build=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
sandbox_bin="$build/bin/pusher-sandbox"
[ -x "$sandbox_bin" ] || { echo "build $sandbox_bin first (ninja -C $build pusher-sandbox)" >&2; exit 2; }

work=$(mktemp -d /tmp/sandbox-bench.XXXXXX)
mkdir -p "$work/tmp" "$work/logs"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon on;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; use epoll; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fcgi; uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  keepalive_requests 100000000; keepalive_timeout 300s; server_tokens off;
  server {
    listen 127.0.0.1:$nginx_port reuseport backlog=4096;
    location / { default_type text/plain; return 200; }
  }
}
CONF
/usr/sbin/nginx -c "$work/nginx.conf"
"$sandbox_bin" --threads 2 >"$work/sandbox.url" 2>"$work/sandbox.log" &
sandbox_pid=$!
cleanup() {
  kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  kill "$sandbox_pid" 2>/dev/null || true
  wait "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -s "$work/sandbox.url" ] && break; sleep 0.1; done
sandbox_url="$(cat "$work/sandbox.url")/"
nginx_url="http://127.0.0.1:$nginx_port/"

rps() { wrk -t1 -c64 -d"${secs}s" "$1" | awk '/^Requests\/sec/ {printf "%d", $2}'; }
printf 'wrk -t1 -c64 -d%ss, %d rounds, sandbox and nginx in turn\n' "$secs" "$reps"
sandbox_all=() nginx_all=()
for r in $(seq "$reps"); do
  s=$(rps "$sandbox_url"); n=$(rps "$nginx_url")
  sandbox_all+=("$s"); nginx_all+=("$n")
  printf 'round %d: sandbox %s req/s, nginx %s req/s\n' "$r" "$s" "$n"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=$(median "${sandbox_all[@]}"); n=$(median "${nginx_all[@]}")
printf 'median: sandbox %s req/s, nginx %s req/s, ratio %.2f\n' "$s" "$n" "$(echo "$s / $n" | bc -l)"
