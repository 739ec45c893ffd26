"""How the demo's data folder is told apart from the user's own (cheap: the window asks at start-up, before the
demo service and the libraries behind it are imported).

``nutrigap demo`` writes :data:`DEMO_MARKER` into the demo's folder and keeps the user's own diary URL (if they set
NUTRIGAP_DB_URL) in :data:`OWN_DB_URL_ENV`, so the window can say "Demo" and go back to the user's own diary.
"""

from __future__ import annotations

import os

from nutrigap.paths import DataPaths

#: a file in the demo's folder that marks it as the demo
DEMO_MARKER = "NUTRIGAP-DEMO.txt"
DEMO_MARKER_TEXT = (
    "This folder holds NutriGap's demo diary: four weeks of made-up sample data, not anyone's real diary.\n"
    "`nutrigap demo --reset` fills it again; deleting this folder removes the demo.\n"
)
#: where `nutrigap demo` keeps the user's own NUTRIGAP_DB_URL while the window shows the demo
OWN_DB_URL_ENV = "NUTRIGAP_OWN_DB_URL"


def is_demo(paths: DataPaths) -> bool:
    """True when ``paths`` are the demo's (its folder holds the demo marker)."""
    return paths.uses_default_diary and (paths.home / DEMO_MARKER).is_file()


def own_paths(demo: DataPaths) -> DataPaths:
    """The user's own data paths for a demo's: the folder the demo lives in, and the user's diary URL if
    ``nutrigap demo`` kept one."""
    home = demo.home.parent
    url = os.environ.get(OWN_DB_URL_ENV)
    if url:
        return DataPaths(home=home, diary_url=url, uses_default_diary=False)
    return DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True)
