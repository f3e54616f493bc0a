#!/usr/bin/env bash
# Every side-by-side goal of the HTTP client in one run, each against a private loopback
# nginx that counts the requests itself, then one verdict per goal:
#
#   plain http    vs wrk      (../shared/bench/peers.sh)   >= 1.1x requests/s, <= 0.8x CPU/request
#   https/1.1     vs wrk      (bench/https_peers.sh)       >= 1.0x requests/s, <= 1.0x CPU/request
#   HTTP/2 -m1    vs h2load   (bench/h2_peers.sh)          >= 1.0x requests/s
#   HTTP/2 -m10   vs h2load   (bench/h2_peers.sh)          >= 1.0x requests/s
#   https at 10,000/s for 10 s (bench/http_rate.sh --https) within 0.1 % of 100,000 served
#
# Tools run in turn within each comparison (A B A B ...), medians of the repeats; the
# comparisons run one after another (about 3 + 2 x 10 s x repeats x 7 runs in all: ~12 min at
# -r 5). The machine should be quiet: every figure is a share of the same two cores.
#
# usage: bench/peers_all.sh [-d SECONDS] [-c CONNECTIONS] [-r REPEATS]   (defaults 10 64 5)
# env: PUSHER_CLI (default build/bin/pusher-cli), BUILD (default build), PEERS (peers.sh)
# Exit status 0 when every goal holds, 1 when one does not, 2 on a setup error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
secs=10 conns=64 reps=5
while [ $# -gt 0 ]; do
  case $1 in
    -d) secs=$2; shift 2 ;;
    -c) conns=$2; shift 2 ;;
    -r) reps=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
build=${BUILD:-$root/build}
cli=${PUSHER_CLI:-$build/bin/pusher-cli}
peers=${PEERS:-$(dirname "$root")/shared/bench/peers.sh}
[ -x "$peers" ] || peers=/work/shared/bench/peers.sh
[ -x "$cli" ] || { echo "no $cli: build pusher-cli first" >&2; exit 2; }
[ -x "$peers" ] || { echo "no peers.sh (set PEERS)" >&2; exit 2; }
export PUSHER_CLI=$cli

out=$(mktemp -d /tmp/peers-all.XXXXXX)
trap 'rm -rf "$out"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "pusher-cli: $cli ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "started $(date -u '+%F %T') UTC, load average $(load)"
echo

scenario=$out/http-saturate.json
sed "s/\"overtime\": 64/\"overtime\": $conns/" "$here/http-saturate.json" >"$scenario"
"$peers" -d "$secs" -c "$conns" -r "$reps" --tools wrk --name pusher-cli -- \
  "$cli" run "$scenario" --url {url} --duration {seconds}s --quiet | tee "$out/http"
echo
"$here/https_peers.sh" -d "$secs" -c "$conns" -r "$reps" | tee "$out/https"
echo
"$here/h2_peers.sh" -d "$secs" -c "$conns" -r "$reps" -m "1 10" | tee "$out/h2"
echo
"$here/http_rate.sh" -d 10 -b "$build" --https 10000 | tee "$out/rate"
echo
echo "ended $(date -u '+%F %T') UTC, load average $(load)"
echo

# field NAME FILE COLUMN: the named row's column (2 = requests/s median, 4 = CPU µs/request)
field() { awk -v n="$1" -v c="$3" '$1 == n { print $c }' "$2"; }
verdicts=$out/verdicts
: >"$verdicts"
# goal LABEL RPS_RATIO MIN [CPU_RATIO MAX]
goal() {
  local label=$1 rps=$2 min=$3 cpu=${4:-} max=${5:-}
  awk -v l="$label" -v r="$rps" -v mn="$min" -v c="$cpu" -v mx="$max" 'BEGIN {
    ok = (r != "" && r + 0 >= mn + 0)
    text = sprintf("%-12s %5.2fx requests/s (goal >= %s)", l, r, mn)
    if (mx != "") {
      ok = ok && (c != "" && c + 0 <= mx + 0)
      text = text sprintf(", %5.2fx CPU/request (goal <= %s)", c, mx)
    }
    printf "%-4s %s\n", ok ? "MET" : "MISS", text
  }' | tee -a "$verdicts"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b }'; }

goal "http" "$(ratio "$(field pusher-cli "$out/http" 2)" "$(field wrk "$out/http" 2)")" 1.1 \
  "$(ratio "$(field pusher-cli "$out/http" 4)" "$(field wrk "$out/http" 4)")" 0.8
goal "https/1.1" "$(ratio "$(field pusher-cli "$out/https" 2)" "$(field wrk "$out/https" 2)")" 1.0 \
  "$(ratio "$(field pusher-cli "$out/https" 4)" "$(field wrk "$out/https" 4)")" 1.0
for m in 1 10; do
  goal "h2 -m$m" "$(ratio "$(field pusher-m$m "$out/h2" 2)" "$(field h2load-m$m "$out/h2" 2)")" 1.0
done
awk '$1 == 10000 { d = $4; sub("%", "", d); if (d < 0) d = -d
  printf "%-4s %-12s %s served of %s asked, %s (goal within 0.1 %%)\n",
    (d <= 0.1 ? "MET" : "MISS"), "https 10k/s", $3, $2, $4 }' "$out/rate" | tee -a "$verdicts"
grep -q '^MISS' "$verdicts" && exit 1
exit 0
