#!/usr/bin/env bash
# Constant rate, counted by the server: pusher-cli runs bench/http-rate.json (open model)
# at each asked rate against a private loopback nginx, and nginx's own request counter
# (stub_status) says how many requests arrived. Prints, per rate: asked × duration, served,
# the deviation, pusher's own counts, dispatch lag p99 and client CPU per request.
#
# usage: bench/http_rate.sh [-d SECONDS] [-b BUILD_DIR] [--https] [RATE ...]
#                                                         (default 1000 10000 50000)
#   --https: nginx also serves TLS 1.3 on a second port with a fresh self-signed certificate,
#   which pusher-cli calls with verification on (the certificate as ca_file).
# needs: nginx curl python3 /usr/bin/time (openssl with --https)
set -euo pipefail

secs=10 build=build https=0
while [ $# -gt 0 ]; do
  case "$1" in
    -d) secs=$2; shift 2 ;;
    -b) build=$2; shift 2 ;;
    --https) https=1; shift ;;
    *) break ;;
  esac
done
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(1000 10000 50000)
cli="$build/bin/pusher-cli"
[ -x "$cli" ] || { echo "build $cli first (cmake --build $build --target pusher-cli)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

. "$here/nginx.sh"
work=$(mktemp -d /tmp/http-rate.XXXXXX)
port=$(free_port)
write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
scenario="$here/http-rate.json" url="http://127.0.0.1:$port/"
if [ "$https" = 1 ]; then
  tport=$(free_port)
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
    -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1
  sed -i '$d' "$work/nginx.conf" # the closing brace of http { }
  cat >>"$work/nginx.conf" <<CONF
  server {
    listen 127.0.0.1:$tport ssl reuseport backlog=4096;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem; ssl_protocols TLSv1.3;
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
  sed "s|\"connections\": 64|\"ca_file\": \"$work/cert.pem\", \"connections\": 64|" \
    "$here/http-rate.json" >"$work/rate.json"
  scenario="$work/rate.json" url="https://127.0.0.1:$tport/"
fi
nginx -c "$work/nginx.conf"
cleanup() { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.3
served() { nginx_served "$port"; } # counts its own reading too

printf '%-8s %10s %10s %9s %10s %10s %9s %9s %10s %8s\n' \
  rate expected served deviation started completed errors canceled lag_p99_ms cpu_us
for rate in "${rates[@]}"; do
  scale=$(python3 -c "print($rate / 1000)")
  before=$(served)
  /usr/bin/time -f '%U %S' -o "$work/cpu" "$cli" run "$scenario" \
    --url "$url" --duration "${secs}s" --rps-scale "$scale" \
    --json "$work/run.json" --quiet >/dev/null || true
  after=$(served)
  python3 - "$rate" "$secs" "$before" "$after" "$work/run.json" "$work/cpu" <<'PY'
import json, sys
rate, secs, before, after = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(sys.argv[5]))["total"]
user, system = map(float, open(sys.argv[6]).read().split()[-2:])
served = after - before - 1          # the "after" reading counted itself
expected = rate * secs
cpu = (user + system) * 1e6 / max(r["completed"], 1)
print(f'{int(rate):<8d} {int(expected):>10d} {served:>10d} {100 * (served - expected) / expected:>+8.3f}% '
      f'{r["started"]:>10d} {r["completed"]:>10d} {r["errors"]:>9d} {r["canceled"]:>9d} '
      f'{r.get("lag_ms", {}).get("p99", float("nan")):>10.3f} {cpu:>8.2f}')
PY
done
