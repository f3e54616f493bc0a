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
. "$(dirname "$0")/nginx.sh"
nginx_port=$(free_port)
write_nginx_conf "$work" "$nginx_port" 2 ""
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

hz=$(getconf CLK_TCK)
# cpu_ticks: user+system clock ticks of the given processes so far.
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# run URL PIDS...: prints "requests/s server-CPU-us-per-request" for one wrk run.
run() {
  local url=$1; shift
  local before after out
  before=$(cpu_ticks "$@")
  out=$(wrk -t1 -c64 -d"${secs}s" "$url")
  after=$(cpu_ticks "$@")
  echo "$out" | awk -v ticks=$((after - before)) -v hz="$hz" '
    / requests in / {n = $1} /^Requests\/sec/ {r = $2}
    END {printf "%d %.1f\n", r, ticks / hz * 1e6 / n}'
}
nginx_pids=$(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ')
printf 'wrk -t1 -c64 -d%ss, %d rounds, sandbox and nginx in turn (load average %s)\n' \
  "$secs" "$reps" "$(cut -d' ' -f1 /proc/loadavg)"
sandbox_all=() nginx_all=() sandbox_cpu=() nginx_cpu=()
for r in $(seq "$reps"); do
  read -r s sc < <(run "$sandbox_url" "$sandbox_pid")
  read -r n nc < <(run "$nginx_url" $nginx_pids)
  sandbox_all+=("$s"); nginx_all+=("$n"); sandbox_cpu+=("$sc"); nginx_cpu+=("$nc")
  printf 'round %d: sandbox %s req/s (%s us server CPU/req), nginx %s req/s (%s us server CPU/req)\n' \
    "$r" "$s" "$sc" "$n" "$nc"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=$(median "${sandbox_all[@]}"); n=$(median "${nginx_all[@]}")
sc=$(median "${sandbox_cpu[@]}"); nc=$(median "${nginx_cpu[@]}")
printf 'median: sandbox %s req/s, nginx %s req/s, ratio %.2f; server CPU/request: sandbox %s us, nginx %s us\n' \
  "$s" "$n" "$(echo "$s / $n" | bc -l)" "$sc" "$nc"
