"""The default names of the files the window writes (reports, charts, exports): "demo" in them while the demo
diary is open, so the demo's report never lands on the user's real report file."""

from __future__ import annotations

from nutrigap.paths import DataPaths
from nutrigap.services.demo_marker import is_demo


def file_prefix(paths: DataPaths) -> str:
    """The start of every default file name the window offers: 'nutrigap-demo' in the demo, else 'nutrigap'."""
    return "nutrigap-demo" if is_demo(paths) else "nutrigap"
