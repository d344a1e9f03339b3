#!/usr/bin/env bash
# The flood figures of docs/security.md: a bystander's ping p50/p99 with no flood,
# then while one viewer sends frames of 800 `resync` messages non-stop; RUNS runs,
# the median of each figure. Usage: bench/flood.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=${1:-build}
runs=${2:-3}
[ -x "$build/flood" ] || { echo "build $build first (target flood)" >&2; exit 1; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for _ in $(seq "$runs"); do
  "$build/flood" 200 | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >>"$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
med = lambda f: round(statistics.median(f(r) for r in runs), 3)
print(json.dumps({
    "runs": len(runs),
    "calm_p50_ms": med(lambda r: r["calm_ms"]["p50"]), "calm_p99_ms": med(lambda r: r["calm_ms"]["p99"]),
    "flooded_p50_ms": med(lambda r: r["flooded_ms"]["p50"]), "flooded_p99_ms": med(lambda r: r["flooded_ms"]["p99"]),
    "p99_ratio": med(lambda r: r["p99_ratio"]),
    "flood_frames_sent": med(lambda r: r["flood_frames_sent"]),
}, indent=2))
PY
