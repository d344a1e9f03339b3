#!/usr/bin/env bash
# The live-sync figures of docs/performance.md: `tavle bench` RUNS times in each
# mode (a fresh host process each time) and the medians of every figure, then
# the loopback floors (what one bare TCP write costs here, paced like the bench,
# and the send -> last receiver latency of a bare relay of the bench's shape).
# Usage: bench/sync.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-5}
[ -x "$build/tavle" ] && [ -x "$build/loopback_floor" ] || { echo "build $build first (targets tavle loopback_floor)" >&2; exit 1; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for mode in paced burst; do
  for _ in $(seq "$runs"); do
    "$build/tavle" bench --mode "$mode" 2>/dev/null | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >>"$results"
  done
done
floor=$("$build/loopback_floor")
python3 - "$results" "$floor" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
report = {}
for mode in ("paced", "burst"):
    mine = [r for r in runs if r["mode"] == mode]
    pick = lambda f: statistics.median(f(r) for r in mine)
    report[mode] = {
        "runs": len(mine),
        "ops_per_second": round(pick(lambda r: r["ops_per_second"])),
        "latency_ms_p50": round(pick(lambda r: r["latency_to_last_receiver_ms"]["p50"]), 3),
        "latency_ms_p99": round(pick(lambda r: r["latency_to_last_receiver_ms"]["p99"]), 3),
        "latency_ms_max": round(pick(lambda r: r["latency_to_last_receiver_ms"]["max"]), 3),
        "host_cpu_us_per_delivered_message": round(pick(lambda r: r["host_cpu_us_per_delivered_message"]), 2),
        "host_peak_rss_kb": round(pick(lambda r: r["host_peak_rss_kb"])),
        "hashes_equal_in_every_run": all(r["hashes_equal"] for r in mine),
    }
report["loopback_floor"] = json.loads(sys.argv[2])
print(json.dumps(report, indent=2))
PY
