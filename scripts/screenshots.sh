#!/usr/bin/env bash
# Renders the real app at 1280x800 into docs/screenshots/ with the offscreen platform (no
# display needed), running the demo scenario (resources/scenarios/demo.json, 30 s, with the
# sandbox HTTP server on 127.0.0.1): idle, running (12 s in), after the run, the running
# window in a dark palette, and after the run with the charts as tabs and the earlier run
# overlaid; then the errors panel after a run of resources/scenarios/troubled-server.json (20 s);
# then the thresholds panel after the demo run; the running and finished demo again at
# 1024x700 (the smallest size the layout is made for); then an HTTP worker's form
# (resources/scenarios/sandbox-http.json) at 1280x800 and 1024x700; then
# examples/scenarios/distributed-sandbox.json run on 2 MPI ranks (when mpirun is there); then
# a results file of 10,000 workers (pusher-bench-open writes it) at both sizes: the 5
# largest and "others"; and at 1024x700 with the demo run overlaid (its legends folded:
# "+3 more").
# Takes about four minutes.
# Usage: scripts/screenshots.sh [build-dir]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=docs/screenshots
ninja -C "$build" pusher pusher-cli pusher-bench-open >/dev/null # pusher-cli: the MPI shots
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
# Fixed fonts and locale so that the pictures do not depend on the machine's settings.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
app="$build/bin/pusher"
demo=resources/scenarios/demo.json
tmp=$(mktemp -d)
# The runs the shots make are kept (docs/gui.md, "Kept runs") in a folder of their own, not in
# the user's Recent Runs; a fixed name, since the end-of-run line shows it.
export PUSHER_RUNS_DIR=/tmp/pusher-screenshots/runs
trap 'rm -rf "$tmp" /tmp/pusher-screenshots' EXIT
shot() { local name=$1; shift; "$app" --size 1280x800 --screenshot "$out/$name.png" "$@"; echo "$out/$name.png"; }
shot main-idle "$demo"
shot main-running "$demo" --run --screenshot-at 12 --window 60
shot main-running-dark "$demo" --run --screenshot-at 12 --window 60 --dark
shot main-after-run "$demo" --run --window 0 --save-results "$tmp/earlier.json"
shot main-tabs "$demo" --run --window 0 --tabs --overlay "$tmp/earlier.json"
shot main-errors resources/scenarios/troubled-server.json --run --window 0 --errors
shot main-thresholds "$demo" --run --thresholds
shot main-running-1024x700 "$demo" --run --screenshot-at 12 --size 1024x700
shot main-after-run-1024x700 "$demo" --run --size 1024x700
# The worker form of an HTTP worker (the widest page) in its dock, at both window sizes.
shot editor-http resources/scenarios/sandbox-http.json
shot editor-http-1024x700 resources/scenarios/sandbox-http.json --size 1024x700
# A flow worker: its steps and the selected step (the shipped sandbox journey).
shot editor-flow-1024x700 resources/scenarios/sandbox-journey.json --size 1024x700
# A run on 2 MPI ranks started by the app (mpirun with pusher-cli; ranks talk over loopback).
if command -v mpirun >/dev/null; then
  export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_btl_tcp_if_include=lo
  mpi=examples/scenarios/distributed-sandbox.json
  shot main-mpi-running "$mpi" --run --screenshot-at 12 --window 60
  shot main-mpi-running-1024x700 "$mpi" --run --screenshot-at 12 --size 1024x700
fi
# A results file of 10,000 workers: the charts draw the 5 largest and one "others" series.
"$build/bin/pusher-bench-open" 10000 20 0 "$tmp/ten-thousand.json"
shot main-many-workers "$tmp/ten-thousand.json"
shot main-many-workers-1024x700 "$tmp/ten-thousand.json" --size 1024x700
# With the demo run overlaid its workers join the legends, more than a column holds there.
shot main-many-workers-overlay-1024x700 "$tmp/ten-thousand.json" --overlay "$tmp/earlier.json" --size 1024x700
