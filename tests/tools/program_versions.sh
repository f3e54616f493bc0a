#!/usr/bin/env bash
# Every program the package installs answers --version and -v (exit 0, nothing on stderr,
# also without XDG_RUNTIME_DIR; --help likewise) with its name and the package's version on
# its first line: `pusher 0.1.0`, `pusher-cli 0.1.0`, `pusher-sandbox 0.1.0` (pusher-sandbox
# had no --version: it was refused as an unknown option, exit 2). Installs the build ($1)
# into a scratch prefix as the package does (cmake --install), so a program added to
# cmake/packaging.cmake without one fails here.
# $2 is the project's version (CMake's PROJECT_VERSION).
set -euo pipefail
build=$(cd "${1:?usage: program_versions.sh BUILD_DIR VERSION}" && pwd)
version=${2:?usage: program_versions.sh BUILD_DIR VERSION}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
programs=$(ls "$prefix/bin")
[ -n "$programs" ] || fail "nothing installed in bin/"
for program in $programs; do
  for flag in --version -v; do
    # Without a display (pusher needs none for --version) and without XDG_RUNTIME_DIR, as
    # in a root shell without a login session: pusher made a QApplication for it, whose
    # platform plugin warned "QStandardPaths: XDG_RUNTIME_DIR not set" on stderr.
    rc=0
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR \
      "$prefix/bin/$program" "$flag" 2>"$prefix/err") || rc=$?
    [ "$rc" -eq 0 ] || fail "$program $flag exited $rc: $(cat "$prefix/err")"
    [ ! -s "$prefix/err" ] || fail "$program $flag wrote to stderr: $(cat "$prefix/err")"
    first=$(head -n 1 <<<"$out")
    # The app names itself "Pusher" (its application name), the others as installed.
    [ "${first,,}" = "$program $version" ] || fail "$program $flag printed '$first', not '$program $version'"
  done
  # --help prints its text only, too.
  rc=0
  env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR "$prefix/bin/$program" --help \
    >/dev/null 2>"$prefix/err" || rc=$?
  [ "$rc" -eq 0 ] || fail "$program --help exited $rc: $(cat "$prefix/err")"
  [ ! -s "$prefix/err" ] || fail "$program --help wrote to stderr: $(cat "$prefix/err")"
  echo "ok: $program --version: $first"
done
