#!/usr/bin/env bash
# A blind rating round's cost to the room (docs/performance.md, "Blind ratings"):
# bench/blind_round RUNS times for each tavle binary given, alternating A B A B,
# and the medians of the bystander's ping round trip during the round.
# Usage: bench/blind_round.sh BUILD_DIR RUNS TAVLE [OTHER_TAVLE]
#   e.g. bench/blind_round.sh build 3 build/tavle /tmp/old/build/tavle
set -euo pipefail
build=$1; runs=$2; shift 2
[ -x "$build/blind_round" ] || { echo "build $build first (target blind_round)" >&2; exit 1; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for _ in $(seq "$runs"); do
  for tavle in "$@"; do
    "$build/blind_round" "$tavle" 1000 40 20 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin); r["tavle"]=sys.argv[1]; print(json.dumps(r))' "$tavle" >>"$results"
  done
done
python3 - "$results" "$@" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
for tavle in sys.argv[2:]:
    mine = [r for r in runs if r["tavle"] == tavle]
    med = lambda f: statistics.median(f(r) for r in mine)
    print(json.dumps({
        "tavle": tavle, "runs": len(mine),
        "ping_ms_p50_during_round": round(med(lambda r: r["bystander_ping_ms_during_round"]["p50"]), 3),
        "ping_ms_p99_during_round": round(med(lambda r: r["bystander_ping_ms_during_round"]["p99"]), 3),
        "ping_ms_max_during_round": round(med(lambda r: r["bystander_ping_ms_during_round"]["max"]), 3),
        "ping_ms_p99_quiet": round(med(lambda r: r["bystander_ping_ms_quiet"]["p99"]), 3),
        "ratings_seen_by_bystander": med(lambda r: r["ratings_seen_by_bystander"]),
        "round_ms": round(med(lambda r: r["round_ms"])),
        "mb_to_restricted_connections": round(med(lambda r: r["bytes_to_restricted_connections_during_round"]) / 1e6, 2),
    }))
PY
