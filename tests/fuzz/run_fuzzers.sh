#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang-14 (-fsanitize=fuzzer,address,undefined) and runs
# each for a bounded time on its seed corpus. Fails on any crash, leak, timeout or sanitizer
# report. Needs the Debian packages clang-14 and libclang-rt-14-dev.
#
#   tests/fuzz/run_fuzzers.sh [seconds per target, default 30] [target...]
#
# Environment: FUZZ_BUILD_DIR (default build/fuzz), CLANG (default clang-14),
# FUZZ_JOBS (parallel build jobs, default 2).
set -euo pipefail

seconds=${1:-30}
shift || true
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$src/build/fuzz}
clang=${CLANG:-clang-14}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(rfc3339 jwt json_requests dotenv database_url)

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$clang" -DCMAKE_CXX_COMPILER="${clang/clang/clang++}" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DBUILD_SHARED_LIBS=OFF -DEVENTCOLLAB_BUILD_FUZZERS=ON -DEVENTCOLLAB_BUILD_TESTS=ON \
  -DEVENTCOLLAB_BUILD_CLI=OFF -DEVENTCOLLAB_BUILD_HTTP=OFF -DEVENTCOLLAB_BUILD_EXAMPLES=OFF \
  -DEVENTCOLLAB_BUILD_BENCH=OFF -DEVENTCOLLAB_INSTALL=OFF >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

# Scratch space on tmpfs when there is one: fuzz_dotenv rewrites a file per input, which costs
# milliseconds on ext4 (auto_da_alloc flushes on truncate) and microseconds on tmpfs.
scratch=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && scratch=/dev/shm
work=$(mktemp -d "$scratch/eventcollab-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=()
for t in "${targets[@]}"; do
  mkdir -p "$work/corpus/$t" "$work/artifacts"
  log="$work/$t.log"
  echo "== fuzz_$t for ${seconds}s"
  # New inputs go to the scratch corpus (first dir); the seeds in the repo are only read.
  if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" \
      "$work/corpus/$t" "$src/tests/fuzz/corpus/$t" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1)
    echo "   ok: $execs runs, $rate exec/s, $cov, $ft, corpus $(ls "$work/corpus/$t" | wc -l) new"
  else
    echo "   FAILED (log follows)"
    tail -n 60 "$log"
    for a in "$work"/artifacts/"$t"-*; do
      [ -e "$a" ] || continue
      keep="$src/build/fuzz-artifacts"
      mkdir -p "$keep" && cp "$a" "$keep/"
      echo "   reproducer kept: $keep/$(basename "$a")"
    done
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}"
  exit 1
fi
echo "fuzzing passed: ${targets[*]}"
