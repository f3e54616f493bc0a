#!/usr/bin/env bash
# Every program the package installs has a man page (lintian: binary-without-manpage),
# compressed as Debian installs them (gzip -9n: lintian's uncompressed-manual-page), and each
# page reads: man -l renders it without a warning, under the program's own name, with its
# --help text (the page is made from it: cmake/manpage.cmake). Installs the build ($1) into a
# scratch prefix as the package does (installed.sh), so a program added to
# cmake/packaging.cmake without a page fails here.
set -euo pipefail
. "$(dirname "$0")/installed.sh"
for program in $programs; do
  page=$prefix/share/man/man1/$program.1.gz
  [ ! -e "${page%.gz}" ] || fail "share/man/man1/$program.1 is installed uncompressed (lintian: uncompressed-manual-page)"
  [ -s "$page" ] || fail "bin/$program is installed without a man page (share/man/man1/$program.1.gz)"
  # gzip -9n, as Debian installs pages: a valid gzip file whose header (RFC 1952) holds no file
  # name (FLG bit 3) and no time stamp (MTIME 0), so a rebuild gives the same bytes, and says
  # the most compression was used (XFL 2).
  gzip -t "$page" || fail "$page is not a valid gzip file"
  read -r -a header < <(od -An -tu1 -N10 "$page")
  (( header[0] == 31 && header[1] == 139 )) || fail "$page is not gzip: ${header[*]}"
  (( (header[3] & 8) == 0 )) || fail "$page holds its file name (not gzip -n): $(gzip -lN "$page" | tail -1)"
  (( header[4] + header[5] + header[6] + header[7] == 0 )) || fail "$page holds a time stamp (not gzip -n): ${header[*]:4:4}"
  (( header[8] == 2 )) || fail "$page was not compressed with -9 (XFL ${header[8]})"
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man -l $page failed: $warnings"
  [ -z "$warnings" ] || fail "man -l $page warns: $warnings"
  text=$(MANPAGER=cat MANWIDTH=200 man -l "$page" 2>/dev/null)
  upper=$(echo "$program" | tr '[:lower:]' '[:upper:]')
  [[ $text == "$upper(1)"* ]] || fail "$page is not titled $upper(1): ${text:0:200}"
  grep -Eq "^ +$program +- [a-z]" <<<"$text" || fail "$page has no NAME line for $program: $text"
  # The synopsis is the program's own --help, naming it as installed (not the build's path).
  grep -qi "usage: $program " <<<"$text" || fail "$page has no 'usage: $program' from --help: $text"
  grep -q "$build" <<<"$text" && fail "$page names the build directory: $text"
  echo "ok: $program.1.gz"
done
