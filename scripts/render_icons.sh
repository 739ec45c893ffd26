#!/bin/sh
# Render the application icon's PNG sizes from its SVG sources with librsvg (the renderer GNOME and most
# freedesktop icon themes use). Needs `rsvg-convert` (Debian: apt-get install librsvg2-bin).
# Run from the repository root after editing resources/icons/nutrigap*.svg, then look at the PNGs and commit them.
# 16 and 24 px come from nutrigap-small.svg (bolder strokes that stay crisp); 32 px and up from nutrigap.svg.
set -eu
cd "$(dirname "$0")/.."
icons=resources/icons
command -v rsvg-convert >/dev/null 2>&1 || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 1; }
for size in 16 24 32 48 64 128 256 512; do
  src=$icons/nutrigap.svg
  [ "$size" -le 24 ] && src=$icons/nutrigap-small.svg
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$src" --output "$icons/nutrigap-$size.png"
  echo "$icons/nutrigap-$size.png"
done
