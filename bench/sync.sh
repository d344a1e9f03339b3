#!/usr/bin/env bash
# The live-sync figures of docs/performance.md: `tavle-bench` RUNS times in each
# mode, plain and over TLS (--tls), taking turns (a fresh host process each time),
# the medians of every figure and TLS's cost as ratios, then
# the loopback floors (what one bare TCP write costs here, paced like the bench,
# and the send -> last receiver latency of a bare relay of the bench's shape).
# Usage: bench/sync.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-5}
# A build from before issue 19 has the bench inside tavle (`tavle bench`); it is used
# as it is, so old and new binaries can be measured side by side in one sitting.
if [ -x "$build/tavle-bench" ]; then bench=("$build/tavle-bench"); else bench=("$build/tavle" bench); fi
[ -x "$build/tavle" ] && [ -x "$build/loopback_floor" ] || { echo "build $build first (targets tavle tavle-bench loopback_floor)" >&2; exit 1; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for mode in paced burst; do
  for _ in $(seq "$runs"); do
    for tls in "" --tls; do  # in turns, so a drift of the machine's speed hits both alike
      "${bench[@]}" --mode "$mode" $tls 2>/dev/null | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >>"$results"
    done
  done
done
floor=$("$build/loopback_floor")
python3 - "$results" "$floor" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
report = {}
for mode, tls in (("paced", False), ("burst", False), ("paced", True), ("burst", True)):
    mine = [r for r in runs if r["mode"] == mode and r.get("tls", False) == tls]
    pick = lambda f: statistics.median(f(r) for r in mine)
    report[mode + ("_tls" if tls else "")] = {
        "runs": len(mine),
        "ops_per_second": round(pick(lambda r: r["ops_per_second"])),
        "latency_ms_p50": round(pick(lambda r: r["latency_to_last_receiver_ms"]["p50"]), 3),
        "latency_ms_p99": round(pick(lambda r: r["latency_to_last_receiver_ms"]["p99"]), 3),
        "latency_ms_max": round(pick(lambda r: r["latency_to_last_receiver_ms"]["max"]), 3),
        "host_cpu_us_per_delivered_message": round(pick(lambda r: r["host_cpu_us_per_delivered_message"]), 2),
        "host_peak_rss_kb": round(pick(lambda r: r["host_peak_rss_kb"])),
        "hashes_equal_in_every_run": all(r["hashes_equal"] for r in mine),
    }
report["tls_cost"] = {
    "paced_p99_ratio": round(report["paced_tls"]["latency_ms_p99"] / report["paced"]["latency_ms_p99"], 2),
    "paced_p50_ratio": round(report["paced_tls"]["latency_ms_p50"] / report["paced"]["latency_ms_p50"], 2),
    "burst_ops_per_second_ratio": round(report["burst_tls"]["ops_per_second"] / report["burst"]["ops_per_second"], 2),
    "paced_host_cpu_per_message_ratio": round(report["paced_tls"]["host_cpu_us_per_delivered_message"]
                                              / report["paced"]["host_cpu_us_per_delivered_message"], 2),
    "burst_host_cpu_per_message_ratio": round(report["burst_tls"]["host_cpu_us_per_delivered_message"]
                                              / report["burst"]["host_cpu_us_per_delivered_message"], 2),
}
report["loopback_floor"] = json.loads(sys.argv[2])
print(json.dumps(report, indent=2))
PY
