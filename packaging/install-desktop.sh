#!/bin/sh
# Put NutriGap in your desktop's application launcher, for your user only (no root needed):
#   ~/.local/share/applications/io.github.nutrigap.NutriGap.desktop      the launcher entry
#   ~/.local/share/icons/hicolor/<size>/apps/io.github.nutrigap.NutriGap.{png,svg}   its icon
#   ~/.local/share/metainfo/io.github.nutrigap.NutriGap.metainfo.xml     the AppStream description
# ($XDG_DATA_HOME replaces ~/.local/share when set; --prefix DIR replaces both.)
#
# Usage: install-desktop.sh [--exec COMMAND] [--prefix DIR] [--uninstall]
#   --exec  the program the launcher starts (absolute path). Default: the bundle's NutriGap executable when run
#           from an unpacked bundle, else `nutrigap` found on PATH.
# Works from a checkout (make install-desktop) and from the one-folder bundle (NutriGap/install-desktop.sh).
set -eu

APP_ID=io.github.nutrigap.NutriGap
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
exec_path=""
uninstall=0

while [ $# -gt 0 ]; do
  case $1 in
    --exec) exec_path=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Where the files to install are: a checkout (packaging/ beside resources/) or a bundle (desktop/ inside it).
if [ -f "$here/$APP_ID.desktop" ] && [ -d "$here/../resources/icons" ]; then
  share=$here; icons=$here/../resources/icons
elif [ -f "$here/desktop/$APP_ID.desktop" ]; then
  share=$here/desktop; icons=$here/desktop/icons
else
  echo "install-desktop.sh: cannot find $APP_ID.desktop next to this script" >&2
  exit 1
fi

sizes="16 24 32 48 64 128 256 512"
refresh_caches() {
  # Desktops notice new entries by themselves; these caches only speed that up, so failures do not matter.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$prefix/applications" 2>/dev/null || true
  fi
  touch "$prefix/icons/hicolor" 2>/dev/null || true
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$prefix/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$prefix/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "$prefix/applications/$APP_ID.desktop" "$prefix/metainfo/$APP_ID.metainfo.xml" \
        "$prefix/icons/hicolor/scalable/apps/$APP_ID.svg"
  for size in $sizes; do rm -f "$prefix/icons/hicolor/${size}x${size}/apps/$APP_ID.png"; done
  refresh_caches
  echo "Removed NutriGap's launcher entry and icons from $prefix (your diary and food database are kept)."
  exit 0
fi

if [ -z "$exec_path" ]; then
  if [ -x "$here/NutriGap" ]; then
    exec_path=$here/NutriGap
  elif command -v nutrigap >/dev/null 2>&1; then
    exec_path=$(command -v nutrigap)
  else
    echo "install-desktop.sh: no 'nutrigap' on PATH; say which program to start: --exec /path/to/nutrigap" >&2
    exit 1
  fi
fi
case $exec_path in
  /*) ;;
  *) exec_path=$(CDPATH='' cd -- "$(dirname -- "$exec_path")" && pwd)/$(basename -- "$exec_path") ;;
esac
if [ ! -x "$exec_path" ]; then
  echo "install-desktop.sh: $exec_path is not an executable program" >&2
  exit 1
fi

case $exec_path in
  *[\"\`\$\\\|\&]*)
    echo "install-desktop.sh: the path $exec_path has a character a launcher entry cannot hold (\" \` \$ \\ | &);" \
      "move NutriGap to a plainer folder" >&2
    exit 1 ;;
esac

mkdir -p "$prefix/applications" "$prefix/metainfo" "$prefix/icons/hicolor/scalable/apps"
# Exec gets the absolute path in double quotes (desktop entry spec), so folders with spaces work; TryExec a
# plain path, so the entry hides itself if the program is removed.
tmp="$prefix/applications/.$APP_ID.desktop.tmp"
sed -e "s|^Exec=.*|Exec=\"$exec_path\"|" -e "s|^TryExec=.*|TryExec=$exec_path|" "$share/$APP_ID.desktop" > "$tmp"
mv "$tmp" "$prefix/applications/$APP_ID.desktop"
cp "$share/$APP_ID.metainfo.xml" "$prefix/metainfo/$APP_ID.metainfo.xml"
cp "$icons/nutrigap.svg" "$prefix/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $sizes; do
  mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
  cp "$icons/nutrigap-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
refresh_caches
echo "NutriGap is in your application launcher ($prefix/applications/$APP_ID.desktop, starts $exec_path)."
