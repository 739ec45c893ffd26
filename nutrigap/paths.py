"""Where NutriGap keeps its files, and where its shipped data lives.

``NUTRIGAP_HOME`` overrides the per-user data directory for the food database, the diary and backups alike;
``NUTRIGAP_DB_URL`` points the diary at any SQLAlchemy URL (for example PostgreSQL).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.errors import DiaryDatabaseError

APP_NAME = "NutriGap"
#: The data folder and its backups folder: the owner only (health data).
PRIVATE_DIR = 0o700
#: The diary and every file NutriGap writes for the user: owner read and write only.
PRIVATE_FILE = 0o600
#: One-line notices from :meth:`DataPaths.ensure` (a folder tightened) not yet shown; see :func:`take_notices`.
_notices: list[str] = []


def take_notices() -> list[str]:
    """The notices about the data folder made since the last call (each shown once)."""
    taken = list(_notices)
    _notices.clear()
    return taken


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
                try:
                    home = Path(env_home).expanduser()
                except RuntimeError:  # Python 3.12+: "Could not determine home directory"
                    home = Path(env_home)
                if str(home).startswith("~"):
                    raise DiaryDatabaseError(
                        f"NUTRIGAP_HOME ({env_home}) names the home folder of an unknown user; give a full path."
                    )
            else:
                import platformdirs

                home = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        home = home.resolve()
        url = os.environ.get("NUTRIGAP_DB_URL")
        if url:
            return cls(home=home, diary_url=url, uses_default_diary=False)
        return cls(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True)

    def ensure(self) -> None:
        """Create the data folder, private (0700) whatever the umask; an existing one that others can read is
        tightened (a notice says so, see :func:`take_notices`). Raises DiaryDatabaseError with the reason
        when the folder cannot be made or used (a file in its place, no permission, a read-only disk)."""
        _private_folder(self.home, "data folder")

    def ensure_backups(self) -> None:
        """The data folder and its ``backups`` folder, both private."""
        self.ensure()
        _private_folder(self.backups, "backups folder")

    def tighten_diary(self) -> None:
        """Make the diary file (and SQLite's files beside it) private (0600) if they are not."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            file = Path(f"{self.diary_file}{suffix}")
            try:
                info = file.lstat()
                if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                    file.chmod(stat.S_IMODE(info.st_mode) & PRIVATE_FILE)
            except OSError:
                continue  # absent, or not ours to change: the folder's 0700 keeps others out anyway


def _private_folder(folder: Path, what: str) -> None:
    try:
        info = folder.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise DiaryDatabaseError(f"The {what} {folder} cannot be created or used: {exc.strerror or exc}.") from None
    if info is not None and not stat.S_ISDIR(folder.stat().st_mode):
        hint = " (NUTRIGAP_HOME)" if what == "data folder" and os.environ.get("NUTRIGAP_HOME") else ""
        raise DiaryDatabaseError(
            f"The {what}{hint} {folder} is a file, not a folder; move the file away or choose another folder."
        )
    try:
        if info is None:
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
            folder.chmod(PRIVATE_DIR)  # mkdir's mode is reduced by the umask; chmod is not
            return
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & 0o077 and folder.stat().st_uid == os.getuid():
            folder.chmod(mode & PRIVATE_DIR)
            _notices.append(
                f"The {what} {folder} could be read by other users (mode {mode:o}); it is now private "
                f"({mode & PRIVATE_DIR:o})."
            )
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise DiaryDatabaseError(f"The {what} {folder} cannot be created or used: {reason}.") from None
