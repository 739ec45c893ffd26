"""The .desktop file and the AppStream metainfo: valid by the freedesktop tools, and consistent with each other,
the icons and the app's own id."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nutrigap.paths import APP_NAME
from nutrigap.services.about import APP_ID, HOMEPAGE
from tests.packaging.tools import APP_ID as FILE_APP_ID
from tests.packaging.tools import DESKTOP_FILE, METAINFO_FILE, ROOT, require_tool

SCREENSHOT_URL_PREFIX = HOMEPAGE.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_is_valid() -> None:
    tool = require_tool("desktop-file-validate")
    result = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # hints are advice (e.g. "MedicalSoftware could also be in Science"); errors and warnings are not allowed
    assert "error:" not in output and "warning:" not in output, output


def test_metainfo_is_valid() -> None:
    tool = require_tool("appstreamcli")
    result = subprocess.run(
        [tool, "validate", "--no-net", "--explain", str(METAINFO_FILE)], capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "W:" not in output and "E:" not in output, output


def test_one_application_id_everywhere() -> None:
    assert APP_ID == FILE_APP_ID
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "nutrigap"  # the console script the wheel installs
    assert entry["StartupWMClass"] == APP_NAME  # Qt's X11 window class is the application name
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert root.findtext("name") == entry["Name"] == APP_NAME
    assert root.findtext("url[@type='homepage']") == HOMEPAGE
    assert root.findtext("project_license") == "MIT"
    desktop_categories = [c for c in entry["Categories"].split(";") if c and c != "Qt"]
    assert [c.text for c in root.iterfind("categories/category")] == desktop_categories


def test_screenshots_point_at_files_in_docs_screenshots() -> None:
    """AppStream needs absolute URLs: each is the raw URL of a file in docs/screenshots/ on the main branch."""
    images = [el.text or "" for el in ET.parse(METAINFO_FILE).getroot().iterfind("screenshots/screenshot/image")]
    assert images, "the metainfo has no screenshot"
    paths = []
    for url in images:
        assert url.startswith(SCREENSHOT_URL_PREFIX + "docs/screenshots/"), url
        paths.append(ROOT / url.removeprefix(SCREENSHOT_URL_PREFIX))
    if not (ROOT / "docs" / "screenshots").is_dir():
        pytest.skip("docs/screenshots/ does not exist yet (the window's screenshots come with the GUI)")
    missing = [str(p.relative_to(ROOT)) for p in paths if not p.is_file()]
    assert missing == [], f"screenshots named in the metainfo are missing: {missing}"
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"


def test_bundle_entry_and_spec_name_files_that_exist() -> None:
    spec = (ROOT / "packaging" / "nutrigap.spec").read_text(encoding="utf-8")
    for name in ("bundle_main.py", "install-desktop.sh", "licenses/LGPL-3.0-only.txt", "licenses/GPL-3.0-only.txt"):
        assert (ROOT / "packaging" / name).is_file(), name
    assert 'name="NutriGap"' in spec
    assert Path(ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
