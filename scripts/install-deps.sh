#!/usr/bin/env bash
# Installs what building, testing and running Pusher needs on Debian 12, and nothing when
# it is all there already. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-qpa-plugins libgl1-mesa-dev
  libcurl4-openssl-dev libssl-dev libnghttp2-dev libhttp-parser-dev liburing-dev
  openmpi-bin libopenmpi-dev
  file                       # CPack (make package) runs dpkg-shlibdeps, which needs it
  man-db                     # ctest man_pages renders each installed page with man -l
  nginx curl wrk nghttp2-client apache2-utils time openssl
  xvfb xauth fonts-dejavu-core
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"
# The Debian nginx package starts a system nginx on port 80; the tests start their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  $sudo systemctl stop nginx || true
fi
