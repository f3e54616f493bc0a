#!/usr/bin/env bash
# Flow targets vs the plain http target at saturation: the closed model (64 callers back to
# back on 64 keep-alive connections, one I/O thread) against a private loopback nginx, in
# turn A B C × repeats:
#   plain  bench/http-saturate.json            one GET per call
#   flow1  bench/flow-saturate-1.json          a flow of one GET that extracts nothing
#                                              (cookie jar on, the default)
#   flow3  bench/flow-saturate-3.json          a flow of three GETs: the first extracts a
#                                              token with a JSON pointer, the other two send it
# Requests are counted by nginx (stub_status), client CPU by /usr/bin/time (user + system of
# pusher-cli). Prints per run and the medians: requests/s, CPU µs per request, and each
# flow's ratios to plain.
#
# usage: bench/flow_bench.sh [-d SECONDS] [-r REPEATS] [-b BUILD_DIR]
# needs: nginx curl python3 /usr/bin/time
set -euo pipefail

secs=10 repeats=3 build=build
while [ $# -gt 0 ]; do
  case "$1" in
    -d) secs=$2; shift 2 ;;
    -r) repeats=$2; shift 2 ;;
    -b) build=$2; shift 2 ;;
    *) echo "usage: $0 [-d SECONDS] [-r REPEATS] [-b BUILD_DIR]" >&2; exit 2 ;;
  esac
done
cli="$build/bin/pusher-cli"
[ -x "$cli" ] || { echo "build $cli first (cmake --build $build --target pusher-cli)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

. "$here/nginx.sh"
work=$(mktemp -d /tmp/flow-bench.XXXXXX)
port=$(free_port)
write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
# /token answers a small JSON document for the three-step flow's extraction.
sed -i "s|location / {|location = /token { default_type application/json; return 200 '{\"token\":\"tok-123456\",\"ttl\":3600}'; }\n    location / {|" "$work/nginx.conf"
nginx -c "$work/nginx.conf"
cleanup() { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.3
for f in flow-saturate-1 flow-saturate-3; do
  sed "s|127.0.0.1:18181|127.0.0.1:$port|g" "$here/$f.json" >"$work/$f.json"
done

run() { # name scenario [args...]
  local name=$1 scenario=$2; shift 2
  local before after
  before=$(nginx_served "$port")
  /usr/bin/time -f '%U %S' -o "$work/cpu" "$cli" run "$scenario" "$@" --duration "${secs}s" \
    --json "$work/run.json" --quiet >/dev/null || true
  after=$(nginx_served "$port")
  python3 - "$name" "$secs" "$before" "$after" "$work/run.json" "$work/cpu" >>"$work/rows" <<'PY'
import json, sys
name, secs, before, after = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(sys.argv[5]))["total"]
user, system = map(float, open(sys.argv[6]).read().split()[-2:])
served = after - before - 1  # the "after" reading counted itself
print(name, served / secs, (user + system) * 1e6 / max(served, 1), r["errors"])
PY
  tail -1 "$work/rows"
}

echo "name requests_per_s cpu_us_per_request errors"
for _ in $(seq "$repeats"); do
  run plain "$here/http-saturate.json" --url "http://127.0.0.1:$port/"
  run flow1 "$work/flow-saturate-1.json"
  run flow3 "$work/flow-saturate-3.json"
done
python3 - "$work/rows" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {}
for name in ("plain", "flow1", "flow3"):
    rps = [float(r[1]) for r in rows if r[0] == name]
    cpu = [float(r[2]) for r in rows if r[0] == name]
    med[name] = (statistics.median(rps), statistics.median(cpu), min(rps), max(rps))
print()
print(f'{"name":<6} {"rps_median":>11} {"rps_range":>15} {"cpu_us_per_req":>15} {"rps_vs_plain":>13} {"cpu_vs_plain":>13}')
for name, (rps, cpu, lo, hi) in med.items():
    print(f'{name:<6} {rps:>11.0f} {f"{lo:.0f}-{hi:.0f}":>15} {cpu:>15.2f} '
          f'{rps / med["plain"][0]:>13.2f} {cpu / med["plain"][1]:>13.2f}')
PY
