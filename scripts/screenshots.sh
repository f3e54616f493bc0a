#!/usr/bin/env bash
# Renders the main window at 1280x800 into docs/screenshots/ with the offscreen platform (no
# display needed): idle, running (demo feed, 3:20 into a 6-minute run), after the run with an
# earlier run overlaid, and the running window in a dark palette.
# Usage: scripts/screenshots.sh [build-dir]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=docs/screenshots
ninja -C "$build" pusher >/dev/null
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
# Fixed fonts and locale so that the pictures do not depend on the machine's settings.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
app="$build/bin/pusher"
shot() { local name=$1; shift; "$app" --size 1280x800 --screenshot "$out/$name.png" "$@" 2>/dev/null; echo "$out/$name.png"; }
shot main-idle
shot main-running --demo --demo-seconds 200 --duration 360
shot main-after-run --demo --demo-seconds 360 --duration 360 --window 0 --overlay
shot main-running-dark --demo --demo-seconds 200 --duration 360 --dark
shot main-tabs --demo --demo-seconds 360 --duration 360 --tabs --window 0
