#!/usr/bin/env bash
# The Makefile re-configures when the preset changes: `CI=1 make` after `make` builds with
# -Werror (PUSHER_WERROR=ON), `make` after that without, and an unchanged preset keeps the
# build as it is. Runs the real Makefile against a scratch build directory.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL

configure() { # $1: "" or 1 (the CI variable)
  if [ -n "$1" ]; then CI=1 make -s -C "$src" configure BUILD="$build"; else env -u CI make -s -C "$src" configure BUILD="$build"; fi
}
werror() { grep -E '^PUSHER_WERROR:BOOL=' "$build/CMakeCache.txt" | cut -d= -f2 || echo unset; }
fail() { echo "FAIL: $*"; exit 1; }

out=$(configure "")
[[ $out == *"configuring $build with preset dev"* ]] || fail "first make did not configure: $out"
[ "$(werror)" = ON ] && fail "dev build has PUSHER_WERROR=ON"

out=$(configure 1)
[[ $out == *"with preset ci"* ]] || fail "CI=1 make did not re-configure: $out"
[ "$(werror)" = ON ] || fail "CI=1 build has PUSHER_WERROR=$(werror), want ON"

out=$(configure 1)
[[ $out == *configuring* ]] && fail "an unchanged preset re-configured: $out"

out=$(configure "")
[[ $out == *"with preset dev"* ]] || fail "make after CI=1 make did not re-configure: $out"
[ "$(werror)" = ON ] && fail "PUSHER_WERROR stayed ON after going back to dev"
echo "ok: dev -> ci -> ci (kept) -> dev"
