#!/usr/bin/env bash
# Renders the icon's PNG sizes from the SVG with Debian's librsvg2-bin
# (apt-get install librsvg2-bin). The PNGs are committed, so the build needs no
# SVG renderer; run this after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" dk.tavle.Tavle.svg -o "dk.tavle.Tavle-$size.png"
done
