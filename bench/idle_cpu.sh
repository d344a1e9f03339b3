#!/usr/bin/env bash
# Idle CPU of the app: starts tavle-gui on the demo meeting under Xvfb, lets it
# settle, then measures the CPU time (utime + stime from /proc/PID/stat) it uses
# in 10 s with nothing happening. Target: under 0.2 s. Usage: bench/idle_cpu.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
gui="$build/tavle-gui"
[ -x "$gui" ] || { echo "no $gui (build with TAVLE_BUILD_APP=ON)" >&2; exit 1; }
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"; fi
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
"$gui" demo --port 0 >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
sleep 3  # window, fonts, host and the facilitator's own connection
before=$(cpu_ticks $pid)
sleep 10
after=$(cpu_ticks $pid)
awk -v t=$((after - before)) -v hz="$ticks" 'BEGIN { printf "idle CPU over 10 s: %.2f s (target < 0.2 s)\n", t / hz }'
