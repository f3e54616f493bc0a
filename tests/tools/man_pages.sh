#!/usr/bin/env bash
# Every program the package installs has a man page (lintian: binary-without-manpage), and
# each page reads: man renders it without a warning, under the program's own name, with its
# --help text (the page is made from it: cmake/manpage.cmake). Installs the build ($1) into a
# scratch prefix as the package does (cmake --install), so a program added to
# cmake/packaging.cmake without a page fails here.
set -euo pipefail
build=$(cd "${1:?usage: man_pages.sh BUILD_DIR}" && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
programs=$(ls "$prefix/bin")
[ -n "$programs" ] || fail "nothing installed in bin/"
for program in $programs; do
  page=$prefix/share/man/man1/$program.1
  [ -s "$page" ] || fail "bin/$program is installed without a man page (share/man/man1/$program.1)"
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man -l $page failed: $warnings"
  [ -z "$warnings" ] || fail "man -l $page warns: $warnings"
  text=$(MANPAGER=cat MANWIDTH=200 man -l "$page" 2>/dev/null)
  upper=$(echo "$program" | tr '[:lower:]' '[:upper:]')
  [[ $text == "$upper(1)"* ]] || fail "$page is not titled $upper(1): ${text:0:200}"
  grep -Eq "^ +$program +- [a-z]" <<<"$text" || fail "$page has no NAME line for $program: $text"
  # The synopsis is the program's own --help, naming it as installed (not the build's path).
  grep -qi "usage: $program " <<<"$text" || fail "$page has no 'usage: $program' from --help: $text"
  grep -q "$build" <<<"$text" && fail "$page names the build directory: $text"
  echo "ok: $program.1"
done
