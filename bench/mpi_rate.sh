#!/usr/bin/env bash
# Distributed runs at a constant rate, counted by the server: bench/http-rate.json (open
# model) at RATE requests/s for SECONDS, first as one process, then under
# `mpirun -n N --oversubscribe --bind-to none` for each N, against a private loopback nginx
# whose own request counter (stub_status) says how many requests arrived. Prints per run:
# served vs rate × duration, the merged p50/p99 (service time), and per rank the dispatch
# lag p99, the live stream's bytes and CPU per interval, and that CPU as a share of a core.
#
# usage: bench/mpi_rate.sh [-d SECONDS] [-r RATE] [-b BUILD_DIR] [N ...]   (default 1 2 4)
# needs: nginx mpirun (openmpi-bin) python3 /usr/bin/time
set -euo pipefail

secs=10 rate=20000 build=build
while [ $# -gt 0 ]; do
  case "$1" in
    -d) secs=$2; shift 2 ;;
    -r) rate=$2; shift 2 ;;
    -b) build=$2; shift 2 ;;
    *) break ;;
  esac
done
ranks=("$@")
[ ${#ranks[@]} -gt 0 ] || ranks=(1 2 4)
cli="$(cd "$build" && pwd)/bin/pusher-cli"
[ -x "$cli" ] || { echo "build $cli first (cmake --build $build --target pusher-cli)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_btl_tcp_if_include=lo

. "$here/nginx.sh"
work=$(mktemp -d /tmp/mpi-rate.XXXXXX)
port=$(free_port)
write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
nginx -c "$work/nginx.conf"
cleanup() { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.3
served() { nginx_served "$port"; } # counts its own reading too
scale=$(python3 -c "print($rate / 1000)")

printf '%-7s %9s %9s %9s %8s %8s  %s\n' run expected served deviation p50_ms p99_ms \
  'per rank: lag p99 ms | stream B/interval | stream CPU µs/interval (% of a core)'
for n in local "${ranks[@]}"; do
  launcher=()
  [ "$n" = local ] || launcher=(mpirun -n "$n" --oversubscribe --bind-to none)
  before=$(served)
  /usr/bin/time -f '%U %S' -o "$work/cpu" "${launcher[@]}" "$cli" run "$here/http-rate.json" \
    --url "http://127.0.0.1:$port/" --duration "${secs}s" --rps-scale "$scale" \
    --json "$work/run.json" --quiet >/dev/null || true
  after=$(served)
  python3 - "$n" "$rate" "$secs" "$before" "$after" "$work/run.json" "$work/cpu" <<'PY'
import json, sys
n, rate, secs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
before, after = int(sys.argv[4]), int(sys.argv[5])
r = json.load(open(sys.argv[6]))
user, system = map(float, open(sys.argv[7]).read().split()[-2:])
served = after - before - 1          # the "after" reading counted itself
expected = rate * secs
t = r["total"]
intervals = max(r["duration_s"] / r["interval_s"], 1)
ranks = []
for p in r.get("ranks", []):
    cpu_us = p.get("stream_cpu_ms", 0) * 1000 / intervals
    ranks.append(f'{p["lag_p99_ms"]:.2f} | {p.get("stream_bytes", 0) / intervals:.0f} | '
                 f'{cpu_us:.0f} ({100 * p.get("stream_cpu_ms", 0) / 1000 / r["duration_s"]:.3f} %)')
print(f'{n:<7} {int(expected):>9d} {served:>9d} {100 * (served - expected) / expected:>+8.3f}% '
      f'{t["latency_ms"]["p50"]:>8.3f} {t["latency_ms"]["p99"]:>8.3f}  '
      + ('; '.join(ranks) if ranks else f'lag p99 {t["lag_ms"]["p99"]:.2f}')
      + f'   [client CPU {(user + system) * 1e6 / max(t["completed"], 1):.1f} µs/request]')
PY
done
