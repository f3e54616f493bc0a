#!/bin/sh
# Runs a command (the app) on a private virtual X server that outlives it: `make run` without
# a display. xvfb-run was used before, but its Xvfb runs in the command's process group, so a
# Ctrl-C on the terminal (or `timeout`'s SIGTERM to the group) reached the X server and the
# app at once, and when the server went first the app died on "The X11 connection broke"
# instead of stopping, saving the unsaved edits and quitting as a signal makes it. Here Xvfb
# runs in a session of its own; the app alone gets the signal, and the X server is ended once
# the app has exited. Exits with the app's status.
#
# usage: scripts/headless.sh COMMAND [ARG...]
set -eu

shown=$(mktemp)
# -displayfd: Xvfb picks a free display number and writes it once it accepts clients.
setsid Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$shown" 2>/dev/null &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -f "$shown"' EXIT
# The app takes these (it stops, saves and quits); this script only waits for it to end. A
# trap that does nothing, not an ignored signal: the app starts with the defaults.
trap ':' INT TERM HUP

n=
for _ in $(seq 1 100); do
  n=$(cat "$shown")
  [ -n "$n" ] && break
  kill -0 "$xvfb" 2>/dev/null || { echo "headless: Xvfb did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$n" ] || { echo "headless: Xvfb did not say its display within 10 s" >&2; exit 1; }

set +e
DISPLAY=":$n" "$@"
rc=$? # a signal the shell takes meanwhile runs its trap only after the app has ended
exit "$rc"
