#!/bin/sh
# run-fuzz.sh SECONDS: builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/
# and fuzzes the scenario parser, the HTTP response parser, the HTTP/2 session, the results
# file reader, the curl and HAR importers, the CSV data file parser, the timeline stream
# readers (report --recover, the live reader) and the MPI hostfile reader for SECONDS each
# (default 60). docs/development.md, "Fuzzing", says what each checks.
# New inputs go to build-fuzz/corpus/<target>, crash reproducers to build-fuzz/artifacts/;
# the checked-in seed corpora are only read. Exits non-zero on a crash.
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${PUSHER_FUZZ_BUILD:-$root/build-fuzz}
cxx=${CXX_FUZZ:-clang++-14}

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" \
  -DPUSHER_FUZZ=ON -DPUSHER_BUILD_GUI=OFF -DPUSHER_WERROR=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
ninja -C "$build" -j"${JOBS:-2}" fuzz_scenario fuzz_responseparser fuzz_h2session fuzz_results \
  fuzz_curlimport fuzz_harimport fuzz_datatable fuzz_stream fuzz_hostfile

for name in scenario http h2 results curl har csv stream hostfile; do
  mkdir -p "$build/corpus/$name"
done
mkdir -p "$build/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
"$build/bin/fuzz_scenario" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
  -dict="$root/tests/fuzz/scenario.dict" -artifact_prefix="$build/artifacts/" \
  "$build/corpus/scenario" "$root/tests/fuzz/corpus/scenario"
"$build/bin/fuzz_responseparser" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" \
  "$build/corpus/http" "$root/tests/fuzz/corpus/http"
"$build/bin/fuzz_h2session" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" \
  "$build/corpus/h2" "$root/tests/fuzz/corpus/h2"
"$build/bin/fuzz_results" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=32768 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" \
  "$build/corpus/results" "$root/tests/fuzz/corpus/results"
# fuzz TARGET CORPUS MAX_LEN: the newer targets, each on its own seed corpus.
fuzz() {
  "$build/bin/$1" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$3" -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/" \
    "$build/corpus/$2" "$root/tests/fuzz/corpus/$2"
}
fuzz fuzz_curlimport curl 2048
fuzz fuzz_harimport har 16384
fuzz fuzz_datatable csv 4096
fuzz fuzz_stream stream 16384
fuzz fuzz_hostfile hostfile 2048
