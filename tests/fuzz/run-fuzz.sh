#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz and runs each for SECONDS
# (default 60) on a scratch copy of its seed corpus. Exits non-zero on a crash.
# usage: tests/fuzz/run-fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
cxx=$(command -v clang++-14 || command -v clang++ || true)
if [ -z "$cxx" ]; then
  echo "run-fuzz: clang is not installed; skipping" >&2
  exit 0
fi
CXX=$cxx cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPUSHER_FUZZ=ON \
  -DPUSHER_BUILD_GUI=OFF >/dev/null
ninja -C build-fuzz fuzz_responseparser
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/fuzz/corpus/* "$work/"
build-fuzz/bin/fuzz_responseparser -max_total_time="$secs" -max_len=4096 "$work"
