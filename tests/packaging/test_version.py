"""One version: nutrigap/__init__.py, the AppStream release list and CHANGELOG.md must agree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from nutrigap import __version__
from tests.packaging.tools import METAINFO_FILE, ROOT

RELEASE_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$", re.MULTILINE)


def changelog_releases() -> list[tuple[str, str | None]]:
    """(version, date) of every '## [...]' heading, top to bottom; 'Unreleased' has no date."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return [(m["version"], m["date"]) for m in RELEASE_HEADING.finditer(text)]


def metainfo_releases() -> list[tuple[str, str]]:
    root = ET.parse(METAINFO_FILE).getroot()
    return [(r.attrib["version"], r.attrib["date"]) for r in root.iterfind("releases/release")]


def test_version_is_semantic() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__), __version__


def test_changelog_starts_with_unreleased_then_the_current_version() -> None:
    releases = changelog_releases()
    assert releases[0] == ("Unreleased", None)
    assert releases[1][0] == __version__, (
        f"nutrigap/__init__.py says {__version__} but the newest release in CHANGELOG.md is {releases[1][0]}"
    )
    assert all(date is not None for _, date in releases[1:])


def test_metainfo_lists_the_same_releases_newest_first() -> None:
    in_metainfo = metainfo_releases()
    assert in_metainfo[0][0] == __version__, (
        f"nutrigap/__init__.py says {__version__} but the newest AppStream release is {in_metainfo[0][0]}"
    )
    assert in_metainfo == [(v, d) for v, d in changelog_releases() if d is not None]
    dates = [d for _, d in in_metainfo]
    assert dates == sorted(dates, reverse=True)


def test_changelog_links_every_release() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for version, _ in changelog_releases():
        assert re.search(rf"^\[{re.escape(version)}\]: https://", text, re.MULTILINE), version
