#!/bin/sh
# Does the bundle open its window? Starts it on a virtual X display (Xvfb) the way a desktop would (no
# arguments, real xcb platform, a clean data folder), waits until a top-level window titled "NutriGap…" is
# mapped, takes a screenshot, then closes it.
#
# Usage: packaging/check-bundle-window.sh [BUNDLE_DIR] [SCREENSHOT.png]
#   BUNDLE_DIR   default dist/NutriGap (runs BUNDLE_DIR/NutriGap); CMD="..." runs another command instead,
#                e.g. CMD=.venv/bin/nutrigap for a checkout
#   SCREENSHOT   default dist/window-check.png: open it and look
#   FOOD_DB=/path/food.sqlite   copy a built food database in first (else the window starts without one)
#   TIMEOUT=60   seconds to wait for the window
# Needs (Debian): xvfb xauth x11-utils imagemagick, and Qt's xcb libraries: libxcb-cursor0 libxcb-icccm4
# libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0 (a desktop has them).
set -eu
bundle=${1:-dist/NutriGap}
shot=${2:-dist/window-check.png}
timeout=${TIMEOUT:-60}
cmd=${CMD:-$bundle/NutriGap}

if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null 2>&1 || { echo "check-bundle-window: needs xvfb-run (apt-get install xvfb xauth)" >&2; exit 1; }
  exec xvfb-run -a -s "-screen 0 1280x900x24" sh "$0" "$@"
fi
for tool in xwininfo import identify; do
  command -v "$tool" >/dev/null 2>&1 || { echo "check-bundle-window: needs $tool (apt-get install x11-utils imagemagick)" >&2; exit 1; }
done

home=$(mktemp -d "${TMPDIR:-/tmp}/nutrigap-window-check.XXXXXX")
trap 'rm -rf "$home"' EXIT
if [ -n "${FOOD_DB:-}" ]; then cp "$FOOD_DB" "$home/food.sqlite"; fi
unset NUTRIGAP_DB_URL QT_QPA_PLATFORM PYTHONPATH PYTHONHOME

NUTRIGAP_HOME=$home $cmd >"$home/out.log" 2>"$home/err.log" &
pid=$!
waited=0
window=""
window_id=""
while [ "$waited" -lt "$timeout" ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    code=0; wait "$pid" || code=$?
    echo "check-bundle-window: FAILED: the program exited (code $code) before showing a window" >&2
    sed 's/^/  stderr: /' "$home/err.log" >&2
    if grep -q "xcb" "$home/err.log"; then
      echo "  hint: Qt's xcb platform needs libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0" \
        "libxcb-render-util0 libxkbcommon-x11-0" >&2
    fi
    exit 1
  fi
  # Qt also makes a hidden 1x1 "NutriGap" leader window: wait for a viewable one of a real size
  for id in $(xwininfo -root -tree 2>/dev/null | grep -E '^ +0x[0-9a-f]+ "NutriGap' | awk '{print $1}'); do
    info=$(xwininfo -id "$id" 2>/dev/null || true)
    width=$(echo "$info" | awk '/^ *Width:/ {print $2}')
    height=$(echo "$info" | awk '/^ *Height:/ {print $2}')
    if echo "$info" | grep -q "IsViewable" && [ "${width:-0}" -ge 200 ] && [ "${height:-0}" -ge 150 ]; then
      window_id=$id
      window="$id $(echo "$info" | sed -n 's/^xwininfo: Window id: [^ ]* //p') ${width}x${height}"
      break
    fi
  done
  [ -n "$window" ] && break
  sleep 1
  waited=$((waited + 1))
done
if [ -z "$window" ]; then
  kill "$pid" 2>/dev/null || true
  echo "check-bundle-window: FAILED: no window titled NutriGap after $timeout s" >&2
  sed 's/^/  stderr: /' "$home/err.log" >&2
  exit 1
fi

sleep 3  # let the first paint (and any start-up work shown in the window) finish
mkdir -p "$(dirname "$shot")"
# The screen, cut to the window: a dialog on top of it (the first-run build's progress) is in the picture as the
# user sees it (grabbing the window alone leaves a black hole where another window overlaps it on Xvfb).
info=$(xwininfo -id "$window_id")
x=$(echo "$info" | awk '/Absolute upper-left X:/ {print $4}')
y=$(echo "$info" | awk '/Absolute upper-left Y:/ {print $4}')
import -window root -crop "${width}x${height}+${x}+${y}" +repage "$shot"
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
echo "window: $(echo "$window" | sed 's/^ *//')"
# A window that drew nothing is one flat colour; a real one has text, lines and icons.
spread=$(identify -format '%[fx:standard_deviation]' "$shot")
if awk "BEGIN { exit !($spread < 0.02) }"; then
  echo "check-bundle-window: FAILED: the screenshot is blank (standard deviation $spread): $shot" >&2
  exit 1
fi
echo "check-bundle-window: the window opened after about ${waited} s; screenshot: $shot (open it and look)"
