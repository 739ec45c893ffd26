#!/bin/sh
# Build the one-folder NutriGap bundle (dist/NutriGap/) with PyInstaller, check that it starts, and pack it as
# dist/NutriGap-<version>-linux-<arch>.tar.gz. Run from anywhere; `make bundle` calls it.
#   VENV=.venv            the virtual environment with NutriGap installed (PyInstaller is added to it)
#   SKIP_CHECK=1          do not run the bundle's smoke test (packaging/check-bundle.sh)
# The bundle is built for the machine it is built on (same OS, CPU and a glibc at least as new on the target):
# build on the oldest Linux you want to support.
set -eu
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "Installing PyInstaller into $VENV"
  "$PY" -m pip install --quiet 'pyinstaller>=6.3,<7'
fi

version=$("$PY" -c 'import nutrigap; print(nutrigap.__version__)')
arch=$(uname -m)
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/nutrigap.spec
took=$(( $(date +%s) - start ))
size=$(du -sh dist/NutriGap | cut -f1)
echo "Built dist/NutriGap ($size) in ${took} s"

if [ "${SKIP_CHECK:-0}" != 1 ]; then
  sh packaging/check-bundle.sh dist/NutriGap
fi

tarball=dist/NutriGap-$version-linux-$arch.tar.gz
tar -C dist -czf "$tarball" NutriGap
echo "Packed $tarball ($(du -h "$tarball" | cut -f1))"
