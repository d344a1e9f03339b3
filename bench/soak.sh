#!/usr/bin/env bash
# The soak with faults (bench/soak.cpp, figures in docs/reliability.md): one durable
# meeting, CLIENTS native clients behind a fault-injecting relay for SECONDS, the
# host killed with SIGKILL and restarted KILLS times. Prints the checks as tables.
# Usage: bench/soak.sh [BUILD_DIR] [CLIENTS] [SECONDS] [KILLS] [PAUSE_SECONDS] [BOARD_CARDS]
# BOARD_CARDS (default 0: no limit) stops adding cards at that many (soak.cpp, --board-cards).
set -euo pipefail
build=${1:-build}
cmake --build "$build" --target tavle soak -j"$(nproc)" >/dev/null
exec "$build/soak" "$build/tavle" --clients "${2:-50}" --seconds "${3:-600}" --kills "${4:-2}" --pause-seconds "${5:-30}" --board-cards "${6:-0}"
