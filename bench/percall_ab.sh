#!/usr/bin/env bash
# Per-call A/B of two pusher-cli builds against a private loopback nginx (one worker), in the
# closed model of bench/http-saturate.json (plain http) or bench/h2-saturate.json (HTTP/2 over
# TLS 1.3 with a fresh certificate, or over h2c).
#
# usage: bench/percall_ab.sh instr|cpu http|h2|h2c CLI_A CLI_B [SECONDS] [REPEATS]
#   instr: callgrind, instructions per request on the client's I/O thread (the loop thread's
#          inclusive count less the TLS handshakes' / nginx's count): deterministic, ~50x
#          slower (default 6 s, 1 repeat);
#          on epoll (PUSHER_HTTP_IO=epoll unless set: valgrind cannot run io_uring)
#   cpu:   the builds alternating at full speed, client user and system µs per request by
#          /usr/bin/time (default 5 s, 3 repeats)
# Prints one line per run: build, requests, then instructions/request or user/sys/total µs.
# needs: nginx curl time (cpu), valgrind (instr), openssl (h2)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=$1 proto=$2 a=$3 b=$4
secs=${5:-$([ "$mode" = instr ] && echo 6 || echo 5)}
reps=${6:-$([ "$mode" = instr ] && echo 1 || echo 3)}
. "$here/nginx.sh"
work=$(mktemp -d /tmp/percall-ab.XXXXXX)
port=$(free_port)
scheme=http
if [ "$proto" = h2 ]; then
  scheme=https
  write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 2 -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1
  sed -i -e "s#listen 127.0.0.1:$port reuseport#listen 127.0.0.1:$port ssl http2 reuseport#" \
    -e "s#^  server {#  server {\n    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;\n    ssl_protocols TLSv1.3; ssl_session_cache shared:SSL:10m;#" \
    -e "s#^http {#http {\n  http2_max_concurrent_streams 128;#" "$work/nginx.conf"
  cp "$here/h2-saturate.json" "$work/scenario.json"
  export PUSHER_BENCH_CA="$work/cert.pem"
  served() { curl -sk "https://127.0.0.1:$port/nginx_status" |
    awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ {print $3}'; }
elif [ "$proto" = h2c ]; then
  write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
  sed -i "s/listen 127.0.0.1:$port reuseport/listen 127.0.0.1:$port http2 reuseport/" "$work/nginx.conf"
  sed -e 's#"url": "https://127.0.0.1:18182/"#"url": "http://127.0.0.1:18182/"#' -e '/ca_file/d' \
    "$here/h2-saturate.json" >"$work/scenario.json"
  served() { curl -s --http2-prior-knowledge "http://127.0.0.1:$port/nginx_status" |
    awk '/^ *[0-9]+ +[0-9]+ +[0-9]+/ {print $3}'; }
else
  write_nginx_conf "$work" "$port" 1 '""' 1
  cp "$here/http-saturate.json" "$work/scenario.json"
  served() { nginx_served "$port"; }
fi
nginx -c "$work/nginx.conf" -p "$work" 2>/dev/null
trap 'kill $(cat "$work/nginx.pid") 2>/dev/null; sleep 0.2; rm -rf "$work"' EXIT
sleep 0.3
for r in $(seq "$reps"); do
  for cli in "$a" "$b"; do
    before=$(served)
    run=("$cli" run "$work/scenario.json" --url "$scheme://127.0.0.1:$port/" --duration "${secs}s" --quiet)
    if [ "$mode" = instr ]; then
      # Valgrind cannot run the io_uring path (it waits for ever): epoll unless asked.
      PUSHER_HTTP_IO=${PUSHER_HTTP_IO:-epoll} valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "${run[@]}" >/dev/null 2>&1 || true
      n=$(($(served) - before - 1))
      # The loop thread's inclusive count, less the TLS handshakes' (over h2, 64 full
      # handshakes would add thousands of instructions per request to a short run).
      callgrind_annotate --inclusive=yes "$work/cg.out" >"$work/cg.txt" 2>/dev/null || true
      ir=$(grep -E 'Loop::run\(\) \[|startLoops\(\)::\{lambda\(\)#1\}> > >::_M_run\(\) \[' "$work/cg.txt" |
        head -1 | awk '{gsub(",", "", $1); print $1}')
      hs=$(awk '/[?][?][?]:SSL_do_handshake / {gsub(",", "", $1); print $1; exit}' "$work/cg.txt")
      echo "$cli $n $(((ir - ${hs:-0}) / n)) instructions/request"
    else
      /usr/bin/time -f "%U %S" -o "$work/time" "${run[@]}" >/dev/null 2>&1 || true
      n=$(($(served) - before - 1))
      read -r u s <"$work/time"
      awk -v c="$cli" -v n="$n" -v u="$u" -v s="$s" -v d="$secs" 'BEGIN {
        printf "%s %d %.0f/s user %.2f sys %.2f total %.2f us/request\n", c, n, n / d,
          u * 1e6 / n, s * 1e6 / n, (u + s) * 1e6 / n }'
    fi
  done
done
