#!/usr/bin/env bash
# issue 18's benchmark (docs/performance.md, "One server, many meetings"): one
# `tavle server` with MEETINGS meetings of 10 lean clients each at meeting pace plus
# one measured meeting, against the same measured meeting alone on the server, in
# turns (A B A B ...: a fresh server each time), RUNS pairs; then the medians, the
# ratio of the p99s and the loopback floors of the same sitting.
# The store (MEETINGS+1 meetings and their codes) is made once in a temporary
# directory (the report says how long that took), and every run gets a fresh copy of
# it: each run starts from the same boards, access log and tokens, whatever the runs
# before it wrote.
# Usage: bench/server_load.sh [BUILD_DIR] [RUNS] [MEETINGS] [--tls]
set -euo pipefail
build=${1:-build}
runs=${2:-3}
meetings=${3:-1000}
tls=${4:-}
[ -x "$build/tavle" ] && [ -x "$build/server_load" ] && [ -x "$build/loopback_floor" ] ||
  { echo "build $build first (targets tavle server_load loopback_floor)" >&2; exit 1; }
data=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$data" "$results"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }
made_at=$(date +%s.%N)
"$build/server_load" --prepare --meetings "$meetings" --data "$data/made"
setup_seconds=$(python3 -c 'import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))' "$made_at" "$(date +%s.%N)")
for _ in $(seq "$runs"); do
  for others in 0 "$meetings"; do  # in turns, so a drift of the machine's load hits both alike
    before=$(load)
    # Alone: the store still holds every meeting (the same index), only the joins differ.
    rm -rf "$data/run"
    cp -a "$data/made" "$data/run"
    out=$("$build/server_load" --meetings "$others" --store-meetings $((meetings + 1)) --data "$data/run" $tls)
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); r["others"]=int(sys.argv[2]); r["load_before"]=sys.argv[3]; r["load_after"]=sys.argv[4]; print(json.dumps(r))' \
      "$out" "$others" "$before" "$(load)" >>"$results"
  done
done
floor=$("$build/loopback_floor" --clients 10)
python3 - "$results" "$floor" "$meetings" "$setup_seconds" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
meetings = int(sys.argv[3])
report = {"date_utc": __import__("datetime").datetime.utcnow().strftime("%Y-%m-%d %H:%M"),
          "load_averages": [r["load_before"] + " / " + r["load_after"] for r in runs]}
for name, others in (("alone", 0), ("with_others", meetings)):
    mine = [r for r in runs if r["others"] == others]
    med = lambda f: statistics.median(f(r) for r in mine)
    report[name] = {
        "runs": len(mine),
        "meetings_loaded": mine[0]["meetings_loaded"],
        "connections": mine[0]["connections"],
        "p50_ms": round(med(lambda r: r["measured"]["latency_to_last_other_receiver_ms"]["p50"]), 3),
        "p99_ms": round(med(lambda r: r["measured"]["latency_to_last_other_receiver_ms"]["p99"]), 3),
        "max_ms": round(med(lambda r: r["measured"]["latency_to_last_other_receiver_ms"]["max"]), 3),
        "p99_each_run_ms": [round(r["measured"]["latency_to_last_other_receiver_ms"]["p99"], 3) for r in mine],
        "server_cpu_percent": round(med(lambda r: r["server_cpu_percent"]), 1),
        "server_rss_kb_all_connections_idle": round(med(lambda r: r["server_rss_kb"]["all_connections_idle"])),
        "server_rss_kb_peak": round(med(lambda r: r["server_rss_kb"]["peak"])),
        "rss_kb_per_loaded_meeting": round(med(lambda r: r["rss_kb_per_loaded_meeting"]), 1),
        "rss_kb_per_idle_connection": round(med(lambda r: r["rss_kb_per_idle_connection"]), 1),
        "join_seconds": round(med(lambda r: r["join_first_connection_per_meeting_seconds"] + r["join_other_connections_seconds"]), 1),
        "background_ops": mine[0]["background_ops"],
        "hashes_equal_in_every_run": all(r["hashes_equal"] for r in mine),
    }
report["store_setup_seconds"] = float(sys.argv[4])  # made once, copied for every run
report["p99_ratio_with_others_to_alone"] = round(report["with_others"]["p99_ms"] / report["alone"]["p99_ms"], 2)
report["target"] = {"p99_ratio_at_most": 2.0, "rss_kb_per_idle_connection_under": 50}
report["loopback_floor_10_clients"] = json.loads(sys.argv[2])
print(json.dumps(report, indent=2))
PY
