#!/usr/bin/env bash
# What encryption at rest costs, side by side in one run: durable journal writes
# (ops/s, each batch one synced transaction) and the home screen's start (open the
# store, list families, load each one's last meeting), encrypted and plain in turn,
# RUNS times each. Prints one JSON line per run; docs/performance.md quotes medians.
# Usage: bench/at_rest.sh [BUILD_DIR] [RUNS] [OPS] [BATCH] [FAMILIES]
set -euo pipefail
build=${1:-build}
runs=${2:-5}
ops=${3:-20000}
batch=${4:-20}
families=${5:-30}
bin="$build/bench/at_rest"
[ -x "$bin" ] || bin="$build/at_rest"
[ -x "$bin" ] || { echo "no at_rest in $build" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for mode in encrypted plain; do "$bin" prepare "$work/start-$mode" "$mode" "$families"; done
for _ in $(seq "$runs"); do
  for mode in encrypted plain; do
    "$bin" durable "$work/durable-$mode" "$mode" "$ops" "$batch"
    "$bin" start "$work/start-$mode" "$mode"
  done
done
