#!/usr/bin/env bash
# Soak: pusher-cli runs bench/http-rate.json (open model) at a constant rate against a private
# loopback nginx for a long time, and its resident memory (VmRSS), open files (/proc/PID/fd)
# and threads are sampled every few seconds. Prints one row per sample, then the least-squares
# slope of RSS and of open files over the samples after the first minute (warm-up: pools,
# connections and the timeline's first folds), the run's own counts and nginx's.
#
# usage: bench/soak.sh [-d SECONDS] [-r RATE] [-s SAMPLE_SECONDS] [-b BUILD_DIR]
#   defaults: -d 3600 (one hour) -r 20000 (calls/s) -s 10 -b build
#   (a Release build, -b build-release, is the one to record)
# needs: nginx curl python3
set -euo pipefail

secs=3600 rate=20000 every=10 build=build
while [ $# -gt 0 ]; do
  case "$1" in
    -d) secs=$2; shift 2 ;;
    -r) rate=$2; shift 2 ;;
    -s) every=$2; shift 2 ;;
    -b) build=$2; shift 2 ;;
    *) echo "usage: $0 [-d SECONDS] [-r RATE] [-s SAMPLE_SECONDS] [-b BUILD_DIR]" >&2; exit 2 ;;
  esac
done
[ "$secs" -ge $((every * 3)) ] || { echo "-d must be at least three samples (${every}s each)" >&2; exit 2; }
cli="$build/bin/pusher-cli"
[ -x "$cli" ] || { echo "build $cli first (cmake --build $build --target pusher-cli)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

. "$here/nginx.sh"
work=$(mktemp -d /tmp/soak.XXXXXX)
port=$(free_port)
write_nginx_conf "$work" "$port" 1 '"ok\n"' 1
nginx -c "$work/nginx.conf"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 0.3
  rm -rf "$work"
}
trap cleanup EXIT
sleep 0.3
before=$(nginx_served "$port")

scale=$(python3 -c "print($rate / 1000)")
"$cli" run "$here/http-rate.json" --url "http://127.0.0.1:$port/" --duration "${secs}s" \
  --rps-scale "$scale" --json "$work/run.json" --quiet >"$work/out.log" 2>&1 &
pid=$!

echo "# pusher-cli soak: ${rate} calls/s for ${secs} s against nginx on 127.0.0.1:$port, sampled every ${every} s"
printf '%8s %10s %8s %8s\n' t_s rss_mib fds threads | tee "$work/samples"
start=$(date +%s.%N)
n=0
while kill -0 "$pid" 2>/dev/null; do
  n=$((n + 1))
  # Sample on a fixed grid (start + n * every), whatever a sample costs.
  sleep "$(python3 -c "import time; print(max(0.0, $start + $n * $every - time.time()))")"
  [ -r "/proc/$pid/status" ] || break
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
  fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
  [ -n "$rss" ] || break
  t=$(python3 -c "import time; print(f'{time.time() - $start:.0f}')")
  printf '%8s %10.1f %8s %8s\n' "$t" "$(python3 -c "print($rss / 1024)")" "$fds" "$threads" |
    tee -a "$work/samples"
done
code=0
wait "$pid" || code=$?
pid=""
after=$(nginx_served "$port")

python3 - "$work/samples" "$work/run.json" "$before" "$after" "$code" "$secs" "$rate" <<'PY'
import json, sys
samples = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:] if l.strip()]
rows = [(float(t), float(rss), float(fds)) for t, rss, fds, _ in samples]
before, after, code = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
secs, rate = float(sys.argv[6]), float(sys.argv[7])

def slope(points):
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else float("nan")

late = [r for r in rows if r[0] > 60]
print()
print(f"samples: {len(rows)}, after the first minute: {len(late)}")
if late:
    print(f"RSS after the first minute: {min(r[1] for r in late):.1f} .. {max(r[1] for r in late):.1f} MiB, "
          f"slope {slope([(r[0], r[1]) for r in late]) * 3600:+.2f} MiB/hour")
    print(f"open files after the first minute: {min(r[2] for r in late):.0f} .. {max(r[2] for r in late):.0f}, "
          f"slope {slope([(r[0], r[2]) for r in late]) * 3600:+.2f} per hour")
try:
    t = json.load(open(sys.argv[2]))["total"]
    served = after - before - 1  # the "after" reading counted itself
    print(f"pusher-cli exit {code}: asked {int(rate * secs)}, started {t['started']}, completed {t['completed']}, "
          f"errors {t['errors']}, canceled {t['canceled']}; nginx served {served}")
except (OSError, ValueError, KeyError) as e:
    print(f"pusher-cli exit {code}: no results ({e})")
PY
