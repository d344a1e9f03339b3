#!/usr/bin/env bash
# Idle CPU of the app: starts tavle-gui on the demo meeting under Xvfb, lets it
# settle, then measures the CPU time (utime + stime from /proc/PID/stat) it uses
# in 10 s with nothing happening. Target: under 0.2 s.
# With --two-screens: presenter mode, the room's window open on a second monitor
# (an Xvfb screen 1920+1920 wide, split by the app's --monitors test seam).
# Usage: bench/idle_cpu.sh [BUILD_DIR] [--two-screens]
set -euo pipefail
build=${1:-build}
two=${2:-}
gui="$build/tavle-gui"
[ -x "$gui" ] || { echo "no $gui (build with TAVLE_BUILD_APP=ON)" >&2; exit 1; }
if [ -z "${DISPLAY:-}" ]; then
  size=1920x1080x24
  [ "$two" = "--two-screens" ] && size=3840x1080x24
  exec xvfb-run -a -s "-screen 0 $size" "$0" "$@"
fi
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
extra=()
scratch=$(mktemp -d)
if [ "$two" = "--two-screens" ]; then
  printf 'laptop 1920x1080+0+0\nprojector 1920x1080+1920+0\n' > "$scratch/monitors"
  extra=(--monitors "$scratch/monitors" --room-layout-json "$scratch/room.json")
fi
XDG_CONFIG_HOME="$scratch" "$gui" demo --port 0 "${extra[@]}" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$scratch"' EXIT
sleep 3  # window, fonts, host and the facilitator's own connection
if [ "$two" = "--two-screens" ] && ! grep -q '"projector"' "$scratch/room.json" 2>/dev/null; then
  echo "the room's window did not open" >&2; exit 1
fi
before=$(cpu_ticks $pid)
sleep 10
after=$(cpu_ticks $pid)
label="idle CPU over 10 s"
[ "$two" = "--two-screens" ] && label="idle CPU over 10 s, two windows"
awk -v t=$((after - before)) -v hz="$ticks" -v l="$label" 'BEGIN { printf "%s: %.2f s (target < 0.2 s)\n", l, t / hz }'
