#!/usr/bin/env bash
# Data files: a 1,000,000-row CSV file loaded (time, memory), and the requests/s of a
# saturating http worker with and without it (nginx on loopback, 64 callers back to back,
# the closed model; each call of the data run sends two values of its row). Runs A B A B …
#
# usage: bench/data_bench.sh [-d SECONDS] [-r REPEATS] [-b BUILD_DIR]
# needs: nginx, /usr/bin/time
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
cli="$build/bin/pusher-cli" loader="$build/bin/pusher-bench-data"
for b in "$cli" "$loader"; do
  [ -x "$b" ] || { echo "build $b first (cmake --build $build --target pusher-cli pusher-bench-data)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/data-bench.XXXXXX)
. "$(dirname "$0")/nginx.sh"
port=$(free_port)
write_nginx_conf "$work" "$port" 2 ""
/usr/sbin/nginx -c "$work/nginx.conf"
cleanup() {
  kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

awk 'BEGIN { print "id,email,name"; for (i = 0; i < 1000000; i++) printf "%d,user%d@example.test,\"Name %d, Jr.\"\n", i, i, i }' \
  >"$work/users.csv"
echo "== load ($(cut -d' ' -f1 /proc/loadavg) load average)"
"$loader" "$work/users.csv" 10000000

scenario() { # NAME URL [DATA]
  local data=""
  [ -n "${3:-}" ] && data=", \"data\": { \"file\": \"$3\", \"mode\": \"sequential\" }"
  cat >"$work/$1.json" <<JSON
{ "version": 1, "duration": "${secs}s",
  "workers": [ { "ident": "w", "target": { "kind": "http", "url": "$2", "connections": 64 }$data,
                 "rate": { "max": true }, "overtime": 64 } ] }
JSON
}
scenario plain "http://127.0.0.1:$port/users/1?email=user1@example.test"
scenario data "http://127.0.0.1:$port/users/\${id}?email=\${email}" "$work/users.csv"

# run NAME: prints "requests/s cpu-us-per-request peak-RSS-MB"
run() {
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$cli" run "$work/$1.json" --quiet \
    --json "$work/$1.out.json" >/dev/null
  python3 - "$work/$1.out.json" "$work/time" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["total"]
u, s, m = open(sys.argv[2]).read().split()[-3:]
print("%d %.2f %.0f" % (r["achieved_rps"], (float(u) + float(s)) * 1e6 / max(r["completed"], 1), int(m) / 1024))
PY
}
echo "== ${secs} s runs, 64 callers, nginx 2 workers, A/B x $reps"
printf '%-6s %10s %12s %10s\n' run rps cpu_us/req peak_MB
for r in $(seq "$reps"); do
  for name in plain data; do
    read -r rps cpu mb < <(run "$name")
    printf '%-6s %10s %12s %10s\n' "$name" "$rps" "$cpu" "$mb"
  done
done
echo "(load average after: $(cut -d' ' -f1 /proc/loadavg))"
