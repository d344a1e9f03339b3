#!/usr/bin/env bash
# Fan-out with durability on: starts `tavle host --data` on a fresh database, runs
# `tavle-bench --connect` against it, stops the host and prints the bench's JSON plus
# the stored op count. Usage: bench/durability.sh [BUILD_DIR] [CLIENTS] [OPS] [paced|burst] [--memory]
# --memory hosts without --data (ops kept in memory) for comparison.
set -euo pipefail
build=${1:-build}
clients=${2:-50}
ops=${3:-2000}
mode=${4:-paced}
memory=${5:-}
tavle="$build/tavle"
[ -x "$tavle" ] || { echo "no $tavle" >&2; exit 1; }
# A build from before issue 19 has the bench inside tavle (`tavle bench`).
if [ -x "$build/tavle-bench" ]; then bench=("$build/tavle-bench"); else bench=("$tavle" bench); fi
data=$(mktemp -d)
out=$(mktemp)
# The bench's clients join as professionals, with the professional code (12 digits).
code=$(printf '%06d%06d' $RANDOM $RANDOM)
store=(--data "$data")
[ "$memory" = "--memory" ] && store=()
# Plain on loopback (--no-tls): what durability costs; TLS's own cost is bench/sync.sh's.
"$tavle" host "${store[@]}" --address 127.0.0.1 --port 0 --code "$(printf '%05d%05d' $RANDOM $RANDOM)" --professional-code "$code" --op-rate 0 --no-tls \
  --max-clients $((clients + 10)) >"$out" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null; wait $host 2>/dev/null || true; rm -rf "$data" "$out"' EXIT
for _ in $(seq 50); do grep -q 'listening on' "$out" && break; sleep 0.1; done
port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$out" | cut -d: -f2)
[ -n "$port" ] || { cat "$out" >&2; exit 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$host/stat"; }  # the host's user + system time
before=$(cpu_ticks)
"${bench[@]}" --clients "$clients" --ops "$ops" --mode "$mode" --connect "127.0.0.1:$port" --code "$code"
# The bench cannot see another process's CPU in --connect mode; the host's, from
# start of the run to its end (joins included), per op the clients sent:
python3 -c 'import json,os,sys; t=(int(sys.argv[2])-int(sys.argv[1]))/os.sysconf("SC_CLK_TCK"); print(json.dumps({"host_cpu_s": round(t,3), "host_cpu_us_per_op": round(t*1e6/int(sys.argv[3]),1)}))' \
  "$before" "$(cpu_ticks)" "$ops"
if [ "$memory" != "--memory" ]; then
  kill $host; wait $host 2>/dev/null || true
  "$tavle" inspect --data "$data" | tail -1
fi
