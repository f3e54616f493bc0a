#!/usr/bin/env bash
# Every program the package installs answers --version and -v (exit 0, nothing on stderr,
# also without XDG_RUNTIME_DIR; --help likewise) with its name and the package's version on
# its first line: `pusher 0.1.0`, `pusher-cli 0.1.0`, `pusher-sandbox 0.1.0` (pusher-sandbox
# had no --version: it was refused as an unknown option, exit 2). Installs the build ($1)
# into a scratch prefix as the package does (installed.sh), so a program added to
# cmake/packaging.cmake without one fails here. Then pusher's other command lines that open
# no window: their own text only (below).
# $2 is the project's version (CMake's PROJECT_VERSION).
set -euo pipefail
version=${2:?usage: program_versions.sh BUILD_DIR VERSION}
. "$(dirname "$0")/installed.sh"
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

# pusher's other command lines that open no window print their own text and nothing else
# either: --help-all (which lists Qt's options), an unknown option, a bad --size. They made the
# QApplication, whose platform plugin warned "QStandardPaths: XDG_RUNTIME_DIR not set" first;
# and without a display the bad option was never reported: Qt aborted, "could not connect to
# display". Without a display and on the offscreen platform (a display of its own).
app=$prefix/bin/pusher
[ -x "$app" ] || fail "bin/pusher is not installed"
# only_text PLATFORM RC STDERR ARGS...: pusher ARGS exits RC with exactly STDERR on stderr.
only_text() {
  local platform=$1 want_rc=$2 want_err=$3 rc=0
  shift 3
  local -a env_args=(-u DISPLAY -u WAYLAND_DISPLAY -u XDG_RUNTIME_DIR -u QT_QPA_PLATFORM)
  [ "$platform" = none ] || env_args+=("QT_QPA_PLATFORM=$platform")
  out=$(env "${env_args[@]}" "$app" "$@" 2>"$prefix/err") || rc=$?
  [ "$rc" -eq "$want_rc" ] || fail "pusher $* (platform $platform) exited $rc, not $want_rc: $(cat "$prefix/err")"
  [ "$(cat "$prefix/err")" = "$want_err" ] ||
    fail "pusher $* (platform $platform) wrote to stderr: '$(cat "$prefix/err")', not '$want_err'"
}
for platform in none offscreen; do
  only_text "$platform" 0 "" --help-all
  grep -q -- "-platform" <<<"$out" || fail "pusher --help-all lists no Qt options (-platform): $out"
  only_text "$platform" 1 "Pusher: Unknown option 'no-such-option'." --no-such-option
  [ -z "$out" ] || fail "pusher --no-such-option wrote to stdout: $out"
  only_text "$platform" 1 "Pusher: Missing value after '--size'." --size
  only_text "$platform" 2 'pusher: --size: expected WxH of at least 320x240, got "10x10"' --size 10x10
done
# A command line for a window, with a Qt option the check before the QApplication cannot tell
# from a bad one, and no display: said plainly, not Qt's abort.
no_display="pusher: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set)
pusher: start it in a desktop session, or under xvfb-run -a; pusher-cli runs a scenario without a window"
only_text none 1 "$no_display" -style Fusion
# The same for a plain command line (an ssh shell): Qt's platform plugin aborted, "could not
# connect to display" (exit 134, a core dump).
only_text none 1 "$no_display"
only_text none 1 "$no_display" --run "$prefix/none.json"
echo "ok: pusher --help-all, a bad option, a bad --size, no display: their own text only"
