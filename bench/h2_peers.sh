#!/usr/bin/env bash
# HTTP/2 side by side: pusher-cli against h2load on one loopback nginx serving HTTP/2 over
# TLS 1.3 (ALPN h2), the same -c connections with -m 1 and -m 10 streams each. Like
# ../shared/bench/peers.sh (whose h2load row is -m1 only): requests counted by nginx's
# stub_status, client CPU by /usr/bin/time, the tools in turn, medians of the repeats.
#
# usage: bench/h2_peers.sh [-d SECONDS] [-c CONNECTIONS] [-r REPEATS] [-p PORT] [-m "1 10"]
#   defaults: -d 10 -c 64 -r 3 -m "1 10". pusher-cli runs bench/h2-saturate.json with
#   connections = -c, streams = -m and connections x streams callers (closed model, one I/O
#   thread, verification on with the fresh certificate as the CA bundle); h2load runs -t1.
# env: PUSHER_CLI (default build/bin/pusher-cli)
# needs: nginx nghttp2-client (h2load) openssl curl time
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cli=${PUSHER_CLI:-$root/build/bin/pusher-cli}
secs=10 conns=64 reps=3 port=18182 streams="1 10"
while [ $# -gt 0 ]; do
  case $1 in
    -d) secs=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    -p) port=$2; shift 2 ;;
    -m) streams=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -x "$cli" ] || { echo "no $cli: build pusher-cli first" >&2; exit 2; }
command -v h2load >/dev/null || { echo "no h2load (package nghttp2-client)" >&2; exit 2; }

work=$(mktemp -d /tmp/h2peers.XXXXXX)
mkdir -p "$work/tmp" "$work/logs"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 8192; use epoll; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fcgi; uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  keepalive_requests 100000000; keepalive_timeout 300s; server_tokens off;
  http2_max_concurrent_streams 128;
  server {
    listen 127.0.0.1:$port ssl http2 reuseport backlog=4096;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem; ssl_protocols TLSv1.3;
    ssl_session_cache shared:SSL:10m;
    location = /nginx_status { stub_status; }
    location / { default_type text/plain; return 200 "ok\n"; }
  }
}
CONF
nginx -c "$work/nginx.conf"
master=$(cat "$work/nginx.pid")
cleanup() { kill "$master" 2>/dev/null || true; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.3
url="https://127.0.0.1:$port/"
served() { curl -sk "$url"nginx_status | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ {print $3}'; }

declare -A cmd
order=()
for m in $streams; do
  sed -e "s/\"connections\": 64/\"connections\": $conns/" -e "s/\"streams\": 10/\"streams\": $m/" \
    -e "s/\"overtime\": 640/\"overtime\": $((conns * m))/" "$root/bench/h2-saturate.json" \
    >"$work/h2-m$m.json"
  cmd[h2load-m$m]="h2load -t1 -c$conns -m$m -D$secs $url"
  cmd[pusher-m$m]="PUSHER_BENCH_CA=$work/cert.pem $cli run $work/h2-m$m.json --url $url --duration ${secs}s --quiet"
  order+=("h2load-m$m" "pusher-m$m")
done

declare -A rps_all cpu_all
run_one() { # tool -> "rps cpu_us_per_req"
  local before after t0 t1 u s
  before=$(served); t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/time" bash -c "${cmd[$1]}" >"$work/out" 2>&1 || true
  t1=$(date +%s.%N); after=$(served)
  read -r u s <"$work/time" || { u=0; s=0; }
  awk -v n=$((after - before)) -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" \
    'BEGIN { w = b - a; printf "%.0f %.2f\n", n / w, (n > 0 ? (u + s) * 1e6 / n : 0) }'
}

for r in $(seq 1 "$reps"); do
  for t in "${order[@]}"; do
    read -r rps cpu < <(run_one "$t")
    rps_all[$t]+="$rps "; cpu_all[$t]+="$cpu "
    sleep 1
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{lo=$1} {hi=$1} END{print lo "-" hi}'; }
printf '%d s, %d connections, %d repeats, https (HTTP/2, ALPN h2); requests counted by nginx\n' "$secs" "$conns" "$reps"
printf '%-12s %10s %18s %14s %12s\n' tool rps_median rps_range cpu_us_per_req vs_h2load
for m in $streams; do
  ref=$(echo "${rps_all[h2load-m$m]}" | median)
  for t in "h2load-m$m" "pusher-m$m"; do
    med=$(echo "${rps_all[$t]}" | median); c=$(echo "${cpu_all[$t]}" | median)
    ratio=$(awk -v a="$med" -v b="$ref" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-12s %10s %18s %14s %12s\n' "$t" "$med" "$(echo "${rps_all[$t]}" | range)" "$c" "$ratio"
  done
done
