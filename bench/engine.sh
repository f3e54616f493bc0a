#!/usr/bin/env bash
# Runs pusher-bench-engine at 1k, 10k, 100k and 1M requested ticks/s (no-op target) and
# prints a Markdown table. usage: bench/engine.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build=${1:-build}
secs=${2:-3}
bin="$build/bin/pusher-bench-engine"
[ -x "$bin" ] || { echo "build first: $bin is missing" >&2; exit 1; }
echo "| requested rps | ticks (expected) | kept | lost | achieved rps | lag p50 | lag p99 | CPU µs/call |"
echo "|---|---|---|---|---|---|---|---|"
fmt='
import json, sys
r = json.loads(sys.stdin.read())
req, secs = r["requested_rps"], r["seconds"]
kept = 100.0 * r["ticks"] / (req * secs)
def us(v):
    return "%.1f ms" % (v / 1000) if v >= 1000 else "%.0f µs" % v
print("| %s | %s (%s) | %.2f %% | %d | %s | %s | %s | %.2f |" % (
    format(int(req), ","), format(r["ticks"], ","), format(int(req * secs), ","), kept, r["lost"],
    format(round(r["achieved_rps"]), ","), us(r["lag_p50_us"]), us(r["lag_p99_us"]), r["cpu_us_per_call"]))
'
for rps in 1000 10000 100000 1000000; do
  "$bin" --rps "$rps" --seconds "$secs" | python3 -c "$fmt"
done
