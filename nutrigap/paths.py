"""Where NutriGap keeps its files, and where its shipped data lives.

``NUTRIGAP_HOME`` overrides the per-user data directory for the food database, the diary and backups alike;
``NUTRIGAP_DB_URL`` points the diary at any SQLAlchemy URL (for example PostgreSQL).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "NutriGap"


def shipped_dir(name: str) -> Path:
    """The folder ``food_db`` or ``resources``: inside the installed wheel, or at the top of a checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_data" / name
    if installed.is_dir():
        return installed
    checkout = package_dir.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"NutriGap's {name} folder is missing from the installation ({installed}).")


def food_db_file(name: str) -> Path:
    return shipped_dir("food_db") / name


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The files of one NutriGap data directory."""

    home: Path
    diary_url: str
    uses_default_diary: bool

    @property
    def food_db(self) -> Path:
        return self.home / "food.sqlite"

    @property
    def diary_file(self) -> Path:
        return self.home / "diary.sqlite"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def settings_file(self) -> Path:
        return self.home / "settings.ini"

    @classmethod
    def from_environment(cls, home: Path | None = None) -> DataPaths:
        """Resolve the data directory from an explicit path, NUTRIGAP_HOME, or the platform default."""
        if home is None:
            env_home = os.environ.get("NUTRIGAP_HOME")
            if env_home:
                home = Path(env_home).expanduser()
            else:
                import platformdirs

                home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        home = home.resolve()
        url = os.environ.get("NUTRIGAP_DB_URL")
        if url:
            return cls(home=home, diary_url=url, uses_default_diary=False)
        return cls(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True)

    def ensure(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
