#!/usr/bin/env bash
# A/B of client commands against one private loopback nginx (one worker), in turn A B C A B C
# ..., requests counted by nginx (stub_status), client CPU by /usr/bin/time. Prints per
# command the median requests/s, the median client CPU µs per request and both against the
# first command's medians. Used for the epoll/io_uring choice of the HTTP client
# (docs/benchmarks.md).
#
# usage: bench/io_ab.sh [-d SECONDS] [-r REPEATS] [-b BODY_BYTES] NAME='COMMAND' ...
#   -b: nginx answers with a file of that many bytes instead of "ok\n"
#   In a COMMAND, {url} {port} {seconds} are replaced. Example:
#   bench/io_ab.sh -d 10 -r 5 wrk='wrk -t1 -c64 -d{seconds}s {url}' \
#     epoll='PUSHER_HTTP_IO=epoll build/bin/pusher-cli run bench/http-saturate.json --url {url} --duration {seconds}s --quiet' \
#     uring='PUSHER_HTTP_IO=uring build/bin/pusher-cli run bench/http-saturate.json --url {url} --duration {seconds}s --quiet'
# needs: nginx curl python3 /usr/bin/time
set -euo pipefail

secs=10 reps=3 bytes=0
while [ $# -gt 0 ]; do
  case "$1" in
    -d) secs=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    -b) bytes=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-d SECONDS] [-r REPEATS] [-b BODY_BYTES] NAME='COMMAND' ..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx.sh"

work=$(mktemp -d /tmp/io-ab.XXXXXX)
port=$(free_port)
write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
if [ "$bytes" -gt 0 ]; then
  mkdir -p "$work/www" && head -c "$bytes" /dev/zero | tr '\0' x >"$work/www/body"
  chmod a+rx "$work" "$work/www" && chmod a+r "$work/www/body" # nginx workers may run as nobody
  sed -i "s|return 200 \"ok\\\\n\";|root $work/www; try_files /body =404;|" "$work/nginx.conf"
fi
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT
nginx -c "$work/nginx.conf"
sleep 0.3
url="http://127.0.0.1:$port/"

names=() cmds=()
for arg in "$@"; do
  names+=("${arg%%=*}")
  c=${arg#*=}
  c=${c//\{url\}/$url}; c=${c//\{port\}/$port}; c=${c//\{seconds\}/$secs}
  cmds+=("$c")
done

declare -A rps_all cpu_all
for r in $(seq 1 "$reps"); do
  for i in "${!names[@]}"; do
    before=$(nginx_served "$port"); t0=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$work/time" bash -c "${cmds[$i]}" >"$work/out" 2>&1 || true
    t1=$(date +%s.%N); after=$(nginx_served "$port")
    read -r u s <"$work/time" || { u=0; s=0; }
    read -r rps cpu < <(awk -v n=$((after - before - 1)) -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" \
      'BEGIN { w = b - a; printf "%.0f %.2f\n", n / w, (n > 0 ? (u + s) * 1e6 / n : 0) }')
    rps_all[${names[$i]}]+="$rps "; cpu_all[${names[$i]}]+="$cpu "
    sleep 1
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%d s each, %d repeats, in turn; requests counted by nginx (1 worker), CPU by /usr/bin/time\n' "$secs" "$reps"
printf '%-10s %10s %-40s %8s %-30s %8s %8s\n' name rps_med rps_all us/req us/req_all rps_x cpu_x
ref_rps=$(echo "${rps_all[${names[0]}]}" | median); ref_cpu=$(echo "${cpu_all[${names[0]}]}" | median)
for n in "${names[@]}"; do
  m=$(echo "${rps_all[$n]}" | median); c=$(echo "${cpu_all[$n]}" | median)
  printf '%-10s %10s %-40s %8s %-30s %8s %8s\n' "$n" "$m" "${rps_all[$n]}" "$c" "${cpu_all[$n]}" \
    "$(awk -v a="$m" -v b="$ref_rps" 'BEGIN{printf "%.2f", a/b}')" \
    "$(awk -v a="$c" -v b="$ref_cpu" 'BEGIN{printf "%.2f", a/b}')"
done
