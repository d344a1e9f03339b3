#!/usr/bin/env bash
# CPU time to build one board frame with 300 cards (target < 2 ms), measured by
# tavle-gui's own bench-frame mode under Xvfb. Usage: bench/frame_cost.sh [BUILD_DIR] [CARDS]
set -euo pipefail
build=${1:-build}
cards=${2:-300}
gui="$build/tavle-gui"
[ -x "$gui" ] || { echo "no $gui (build with TAVLE_BUILD_APP=ON)" >&2; exit 1; }
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$gui" bench-frame --cards "$cards" --frames 300 --width 1920 --height 1080
