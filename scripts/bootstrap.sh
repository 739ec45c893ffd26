#!/bin/sh
# Install what NutriGap needs on a fresh Debian/Ubuntu machine with Python 3.11+. Safe to run again.
#   bootstrap.sh PYTHON VENV run   a virtual environment with the project and what running it needs, and (as
#                                  root, when apt-get exists) the few system libraries Qt needs (`make run`)
#   bootstrap.sh PYTHON VENV test  adds the test and development tools, the PostgreSQL driver and the
#                                  freedesktop tools the packaging tests use (`make test`)
set -eu
PYTHON=${1:-python3}
VENV=${2:-.venv}
MODE=${3:-test}

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "NutriGap needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi

apt_install() {
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || {
        apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
      }
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo apt-get install -y -q "$@" >/dev/null
    else
      echo "Please install: sudo apt-get install $*" >&2
      return 1
    fi
  fi
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt_install "python$ver-venv" || apt_install python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi

# Qt (even offscreen) needs these shared libraries; a desktop has them, a bare server may not.
if command -v ldconfig >/dev/null 2>&1; then
  missing=""
  for lib in libEGL.so.1 libGL.so.1 libfontconfig.so.1 libxkbcommon.so.0 libdbus-1.so.3 libglib-2.0.so.0; do
    ldconfig -p | grep -q "$lib" || missing="$missing $lib"
  done
  if [ -n "$missing" ]; then
    echo "Installing system libraries Qt needs:$missing"
    apt_install libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 || true
  fi
fi

# An editable install leaves NutriGap's own modules uncompiled; where PYTHONDONTWRITEBYTECODE is set (or the tree
# is read-only) every start compiled them again: 0.04-0.08 s of the window's first frame (issue #16, measured
# alternately with and without on a shared 2-core machine). pip compiles an installed wheel itself.
compile_bytecode() {
  "$VENV/bin/python" -m compileall -q nutrigap >/dev/null || true
}

if [ "$MODE" = run ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e .
  compile_bytecode
  echo "NutriGap is installed in $VENV (what running needs; make test adds the test tools)."
  exit 0
fi

# The packaging tests (tests/packaging) validate the .desktop file and the AppStream metainfo with the
# freedesktop tools, and compare the icon PNGs with fresh renders of their SVGs.
tools=""
command -v desktop-file-validate >/dev/null 2>&1 || tools="$tools desktop-file-utils"
command -v appstreamcli >/dev/null 2>&1 || tools="$tools appstream"
command -v rsvg-convert >/dev/null 2>&1 || tools="$tools librsvg2-bin"
if [ -n "$tools" ]; then
  echo "Installing tools the packaging tests use:$tools"
  # shellcheck disable=SC2086  # one word per package
  apt_install $tools || echo "Without them the packaging tests that need them are skipped." >&2
fi

"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[test,postgres]"
compile_bytecode
echo "NutriGap is installed in $VENV."
