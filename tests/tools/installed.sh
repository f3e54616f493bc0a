# Sourced by the tests of what the package installs (man_pages.sh, program_versions.sh), with
# their arguments: installs the build ($1) into a scratch prefix as the package does (cmake
# --install), removed on exit, so a program added to cmake/packaging.cmake is checked too.
# Sets build, prefix and programs (bin/'s names); fail MESSAGE ends the test. Expects
# set -euo pipefail.
build=$(cd "${1:?usage: ${0##*/} BUILD_DIR ...}" && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
programs=$(ls "$prefix/bin")
[ -n "$programs" ] || fail "nothing installed in bin/"
