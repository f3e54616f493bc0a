#!/usr/bin/env bash
# The Debian package (make package: CPack DEB, cmake/packaging.cmake) is clean the way a
# Debian user expects, for what lintian found wrong with it and the package now does right:
#   no-copyright-file        usr/share/doc/pusher/copyright, in the copyright-format 1.0 form;
#   no-changelog             usr/share/doc/pusher/changelog.gz, Debian's changelog format,
#                            gzip -9n, its top entry the package's version;
#   bogus-mail-host          the Maintainer's address has a real host (was pusher@localhost);
#   extended-description-line-too-long   no Description line over 80 characters;
#   hardening-no-fortify-functions, hardening-no-bindnow   every program imports checked
#                            (_FORTIFY_SOURCE) functions and is linked with -z relro -z now,
#                            in an optimised build with PUSHER_HARDEN on (CMakeLists.txt).
#   (uncompressed-manual-page: ctest man_pages.)
# Builds the package from the build ($1) into a scratch directory with cpack, reads it with
# dpkg-deb, and runs lintian on it for those tags when lintian is installed.
set -euo pipefail
build=$(cd "${1:?usage: package.sh BUILD_DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/pusher_*.deb)
version=$(dpkg-deb -f "$deb" Version)
dpkg-deb -x "$deb" "$work/root"
doc=$work/root/usr/share/doc/pusher

# copyright: present, a regular file, machine-readable (copyright-format 1.0).
[ -f "$doc/copyright" ] || fail "no usr/share/doc/pusher/copyright in $(basename "$deb")"
head -n 1 "$doc/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  fail "copyright does not start with the copyright-format 1.0 Format line: $(head -n 1 "$doc/copyright")"
grep -q '^Files: \*$' "$doc/copyright" || fail "copyright has no 'Files: *' paragraph"

# changelog.gz: gzip -9n (no name, no time stamp), Debian's format, this version on top.
log=$doc/changelog.gz
[ -f "$log" ] || fail "no usr/share/doc/pusher/changelog.gz in $(basename "$deb")"
[ ! -e "$doc/changelog" ] || fail "usr/share/doc/pusher/changelog is installed uncompressed"
gzip -t "$log" || fail "changelog.gz is not a valid gzip file"
read -r -a header < <(od -An -tu1 -N10 "$log")
(( (header[3] & 8) == 0 && header[4] + header[5] + header[6] + header[7] == 0 && header[8] == 2 )) ||
  fail "changelog.gz was not compressed with gzip -9n: header ${header[*]}"
top=$(zcat "$log" | head -n 1)
[[ $top == "pusher ($version) "* ]] || fail "changelog's top entry is '$top', not pusher ($version)"
if command -v dpkg-parsechangelog >/dev/null; then
  zcat "$log" > "$work/changelog"
  parsed=$(dpkg-parsechangelog -l "$work/changelog" -S Version 2>&1) || fail "dpkg-parsechangelog: $parsed"
  [ "$parsed" = "$version" ] || fail "changelog parses as version '$parsed', the package is $version"
fi

# Maintainer: an address with a host that is a domain, not localhost.
maintainer=$(dpkg-deb -f "$deb" Maintainer)
[[ $maintainer =~ ^[^\<]+\ \<[^@\>]+@([^\>]+)\>$ ]] || fail "Maintainer '$maintainer' is not 'Name <address>'"
host=${BASH_REMATCH[1]}
[[ $host == *.* && $host != localhost* ]] || fail "Maintainer's address has no real host: $maintainer"

# Description: every line at most 80 characters.
long=$(dpkg-deb -f "$deb" Description | awk 'length($0) > 80 { print NR ": " length($0) }')
[ -z "$long" ] || fail "Description lines over 80 characters (line: length): $long"

# Hardening: what dpkg-buildflags gives a Debian package, checked as hardening-check does.
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
hardened=0
case "$(cache_value CMAKE_BUILD_TYPE)" in
  Release | RelWithDebInfo)
    [ "$(cache_value PUSHER_HARDEN)" = ON ] && [[ $(cache_value CMAKE_CXX_FLAGS) != *-fsanitize* ]] &&
      hardened=1 ;;
esac
if [ "$hardened" = 1 ]; then
  for program in "$work"/root/usr/bin/*; do
    name=usr/bin/$(basename "$program")
    # (read whole first: grep -q would end the pipe early, and pipefail fail the check)
    segments=$(readelf -lW "$program") dynamic=$(readelf -dW "$program")
    symbols=$(readelf -W --dyn-syms "$program")
    grep -q GNU_RELRO <<<"$segments" || fail "$name has no RELRO segment (-z relro)"
    grep -Eq 'BIND_NOW|FLAGS.* NOW' <<<"$dynamic" || fail "$name is not linked with -z now"
    grep -q '__[a-z_0-9]*_chk@' <<<"$symbols" || fail "$name calls no checked (_FORTIFY_SOURCE) function"
  done
  echo "ok: every program in usr/bin has full RELRO and fortified functions"
else
  echo "not an optimised, hardened build: the hardening check skipped"
fi

# Recommends: openmpi-bin, when pusher-cli is built with MPI: its --mpi (and the app's
# distributed runs) start mpirun, which the Depends computed from the libraries (libopenmpi3)
# do not bring: installed from the package, `run --mpi` said "mpirun was not found".
if [ "$(cache_value PUSHER_HAVE_MPI)" = ON ]; then
  recommends=$(dpkg-deb -f "$deb" Recommends)
  [[ ",$recommends," =~ ,\ ?openmpi-bin[,\ ] ]] ||
    fail "Recommends is '$recommends': no openmpi-bin (mpirun) for pusher-cli run --mpi"
  echo "ok: Recommends: $recommends"
fi

if command -v lintian >/dev/null; then
  tags=no-copyright-file,no-changelog,bogus-mail-host,uncompressed-manual-page
  tags+=,extended-description-line-too-long,extended-description-is-probably-too-short
  tags+=,copyright-file-compressed,debian-changelog-file-missing-or-wrong-name
  [ "$hardened" = 1 ] && tags+=,hardening-no-fortify-functions,hardening-no-bindnow
  found=$(lintian --tags "$tags" "$deb" 2>&1 | grep -v 'running with root privileges' || true)
  [ -z "$found" ] || fail "lintian: $found"
  echo "ok: lintian reports none of $tags"
else
  echo "lintian not installed: its check skipped (apt-get install lintian)"
fi
echo "ok: $(basename "$deb"): copyright, changelog.gz ($top), Maintainer $maintainer"
