"""Paths and external tools shared by the packaging tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.nutrigap.NutriGap"
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO_FILE = PACKAGING / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

#: the Debian package that provides each tool; scripts/bootstrap.sh installs them when it runs as root
DEBIAN_PACKAGE = {
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "rsvg-convert": "librsvg2-bin",
}


def require_tool(name: str) -> str:
    """The tool's path. Missing: a visible skip on a developer's machine, a failure in CI (where bootstrap.sh
    must have installed it)."""
    path = shutil.which(name)
    if path is not None:
        return path
    hint = f"{name} is not installed (Debian: apt-get install {DEBIAN_PACKAGE.get(name, name)})"
    if os.environ.get("CI"):
        pytest.fail(f"{hint}; scripts/bootstrap.sh installs it in CI")
    pytest.skip(hint)
