#!/usr/bin/env bash
# The libFuzzer harnesses of tests/fuzz (docs/reliability.md), built with clang,
# ASan and UBSan into build-fuzz/.
#   bench/fuzz.sh SECONDS [HARNESS...]  run each harness SECONDS long (default all),
#                                       at nice 19, and print executions, coverage
#                                       and findings per harness
#   bench/fuzz.sh --ci RUNS             each harness for at most RUNS executions or
#                                       10 s, stopping at the first finding (CI)
#   bench/fuzz.sh --seeds               regenerate the generated seeds in tests/fuzz/corpus
# Long runs keep what they learn in build-fuzz/corpus/NAME (the committed seeds in
# tests/fuzz/corpus/NAME are read, never written) and findings in
# build-fuzz/findings/NAME/; a finding becomes a regression input by copying it
# into tests/fuzz/corpus/NAME/ with a name that says what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
all=(message op board_file web_path discovery order_key)
build=build-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DTAVLE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTAVLE_BUILD_APP=OFF -DTAVLE_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target fuzzers make_seeds -j"$(nproc)" >/dev/null
dict=tests/fuzz/protocol.dict
# Fewer frames per allocation stack: the harnesses allocate a lot, and ASan's
# stack collection was the largest cost in a profile. Leaks are checked by CI's replay.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=5:detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

if [ "${1:-}" = "--seeds" ]; then
  "$build/make_seeds" tests/fuzz/corpus
  exit 0
fi

if [ "${1:-}" = "--ci" ]; then
  runs=${2:-20000}
  for name in "${all[@]}"; do
    work=$(mktemp -d)
    # No fork mode: the first crash or property failure fails CI, with its input.
    # A fixed seed: CI replays the same search every time, so a red CI is a change in
    # the code, never luck. Long runs (below) search fresh.
    if ! "$build/${name}_fuzz" -seed=1 -runs="$runs" -max_total_time=10 -dict="$dict" -artifact_prefix="$work/" \
         "$work" "tests/fuzz/corpus/$name" >"$work/log" 2>&1; then
      tail -40 "$work/log"; ls "$work"/crash-* "$work"/leak-* 2>/dev/null | while read -r f; do
        echo "--- input ($f):"; head -c 2000 "$f" | od -c | head -20; done
      echo "fuzz: $name found a problem" >&2
      exit 1
    fi
    echo "fuzz: $name $(grep -a -E '^#[0-9]+' "$work/log" | tail -1)"
    rm -rf "$work"
  done
  exit 0
fi

seconds=${1:?usage: bench/fuzz.sh SECONDS [HARNESS...] | --ci RUNS | --seeds}
shift
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")
printf '%-11s %14s %8s %8s %s\n' harness executions cov ft findings
for name in "${names[@]}"; do
  mkdir -p "$build/corpus/$name" "$build/findings/$name" "$build/logs"
  log="$build/logs/$name.log"
  # Fork mode with ignore_crashes: a known finding does not end the run; every
  # finding is kept in findings/ and listed below.
  nice -n 19 "$build/${name}_fuzz" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -dict="$dict" -artifact_prefix="$build/findings/$name/" \
    "$build/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1 || true
  last=$(grep -a -E '^#[0-9]+' "$log" | tail -1)
  execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
  cov=$(grep -o -E 'cov: [0-9]+' <<<"$last" | cut -d' ' -f2)
  ft=$(grep -o -E 'ft: [0-9]+' <<<"$last" | cut -d' ' -f2)
  findings=$(find "$build/findings/$name" -type f | wc -l)
  printf '%-11s %14s %8s %8s %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$findings"
done
# What each finding is: the property or the sanitizer's first line.
for name in "${names[@]}"; do
  for f in "$build/findings/$name"/*; do
    [ -f "$f" ] || continue
    why=$("$build/${name}_fuzz" "$f" 2>&1 | grep -a -m1 -E 'PROPERTY FAILED|what\(\)|ERROR: AddressSanitizer|runtime error' || true)
    echo "$name $(basename "$f"): $why"
  done
done
