#!/usr/bin/env bash
# HTTPS side by side: pusher-cli against wrk (https/1.1) on one loopback nginx serving TLS 1.3,
# through the shared ../shared/bench/peers.sh --https (requests counted by nginx's
# stub_status, client CPU by /usr/bin/time, tools in turn, medians of the repeats).
#
# usage: bench/https_peers.sh [peers.sh options: -d SECONDS -c CONNECTIONS -r REPEATS -p PORT
#                              --pin --tools wrk,h2load,hey,ab]
#   defaults: -d 10 -c 64 -r 3 --tools wrk. The candidate is pusher-cli running
#   bench/https-saturate.json (closed model, 64 callers, one I/O thread, verification on
#   with the peers script's fresh certificate as the CA bundle).
# env: PUSHER_CLI (default build/bin/pusher-cli), PEERS (default ../shared/bench/peers.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cli=${PUSHER_CLI:-$root/build/bin/pusher-cli}
peers=${PEERS:-$(dirname "$root")/shared/bench/peers.sh}
[ -x "$peers" ] || peers=/work/shared/bench/peers.sh
[ -x "$cli" ] || { echo "no $cli: build pusher-cli first" >&2; exit 2; }

args=(-d 10 -c 64 -r 3 --tools wrk)
args+=("$@")
# The scenario's overtime is its number of callers: keep it equal to -c.
conns=64
for ((i = 1; i <= $#; i++)); do
  [ "${!i}" = -c ] && { j=$((i + 1)); conns=${!j}; }
done
scenario=$(mktemp /tmp/https-saturate.XXXXXX.json)
trap 'rm -f "$scenario"' EXIT
sed "s/\"overtime\": 64/\"overtime\": $conns/" "$root/bench/https-saturate.json" >"$scenario"

"$peers" --https "${args[@]}" --name pusher-cli -- \
  PUSHER_BENCH_CA={cafile} "$cli" run "$scenario" --url {url} --duration {seconds}s --quiet
