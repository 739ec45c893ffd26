"""Which diary this is, and noticing when a diary NutriGap had is gone.

Every diary gets an id (12 hex digits) the first time NutriGap opens it, kept in the diary itself (setting
``diary.id``) and in a marker file beside it (``<data folder>/diary.id``). Backups carry the id in their
names, so rotation deletes only automatic backups of the diary being backed up, never those of an earlier one.

If ``diary.sqlite`` is missing (or empty) while the data folder shows there was one (the marker, or any
backup), opening the diary stops with :class:`DiaryMissing` instead of creating an empty diary over a history:
the user restores the newest backup (``nutrigap backup restore FILE``) or starts a new diary on purpose
(``nutrigap backup new-diary``; in the window, a dialog offers both).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput
from nutrigap.domain.wording import plural
from nutrigap.paths import DataPaths
from nutrigap.services.diary_id import ID_SETTING, new_diary_id, valid_diary_id

if TYPE_CHECKING:
    from nutrigap.services.backup_files import BackupInfo
    from nutrigap.services.diary_context import DiaryContext

MARKER = "diary.id"


def marker_file(paths: DataPaths) -> Path:
    return paths.home / MARKER


def read_marker(paths: DataPaths) -> str | None:
    """The id of the diary that was last opened in this data folder, or None."""
    try:
        text = marker_file(paths).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return valid_diary_id(text)


def _write_marker(paths: DataPaths, diary_id: str) -> None:
    from nutrigap.store.output_file import output_file

    if read_marker(paths) == diary_id:
        return
    try:
        with output_file(marker_file(paths), text=True) as fh:
            fh.write(diary_id + "\n")
    except InvalidInput:
        pass  # the marker only helps to notice a missing diary later; the diary itself is fine


def ensure_diary_id(ctx: DiaryContext) -> str | None:
    """The open diary's id, given one now if it has none (one small write, once); the marker is updated.

    None when the id cannot be written now (another NutriGap holds the write lock for long): the diary opens
    all the same, and rotation deletes nothing until the diary has its id."""
    from nutrigap.store.settings import read_setting

    stored = read_setting(ctx.engine, ID_SETTING)  # a plain read: no write lock on the usual start
    if valid_diary_id(stored) is not None:
        diary_id = str(stored)
    else:
        try:
            # Not services.unit.write: this runs while the diary opens, and the id changes nothing derived
            # from the diary, so what was cached before stays (telling the context the diary changed would drop it).
            with ctx.uow() as uow:
                stored = uow.settings.get(ID_SETTING)  # another process may have given it one meanwhile
                if valid_diary_id(stored) is not None:
                    diary_id = str(stored)
                else:
                    diary_id = new_diary_id()
                    uow.settings.set(ID_SETTING, diary_id)
                    uow.commit()
        except DiaryDatabaseError:
            return None
    if ctx.paths.uses_default_diary:
        _write_marker(ctx.paths, diary_id)
    return diary_id


# --- a missing diary ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MissingDiary:
    """What the data folder says about a diary that is gone."""

    diary_file: Path
    diary_id: str | None
    backups: int
    newest: BackupInfo | None


class DiaryMissing(DiaryDatabaseError):
    """The diary file is gone but the data folder had one: nothing was created. ``missing`` has the facts."""

    def __init__(self, missing: MissingDiary) -> None:
        self.missing = missing
        super().__init__(missing_message(missing))


def missing_message(missing: MissingDiary) -> str:
    head = f"Your diary {missing.diary_file} is missing, but this data folder had one; nothing was created."
    new = "To start a new, empty diary instead: nutrigap backup new-diary"
    newest = missing.newest
    if newest is None:
        return f"{head} There is no backup of it: if you moved it, put it back. {new}"
    holds = "" if newest.entries is None else f", {newest.entries:,} {'entry' if newest.entries == 1 else 'entries'}"
    last = "" if newest.last_day is None else f" up to {newest.last_day.isoformat()}"
    return (
        f"{head} The newest of {plural(missing.backups, 'backup')} is {newest.name} ({newest.created_at:%Y-%m-%d %H:%M}"
        f"{holds}{last}). Restore it with: nutrigap backup restore {newest.path} — {new}"
    )


def diary_absent(paths: DataPaths) -> bool:
    """True when there is no SQLite diary file (or an empty one) in the data folder."""
    try:
        return paths.diary_file.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False  # the preflight explains what is wrong with it


def find_missing_diary(ctx: DiaryContext) -> MissingDiary | None:
    """The facts if the SQLite diary is gone while the data folder had one; None when all is well (or new)."""
    paths = ctx.paths
    if not paths.uses_default_diary or not diary_absent(paths):
        return None
    from nutrigap.services.backup_files import backups_of, list_backups

    diary_id = read_marker(paths)
    found = list_backups(ctx)
    if diary_id is None and not found:
        return None  # a first start: nothing was ever here
    usable = [b for b in found if b.problem is None]
    # the missing diary's own backups first; any other diary's only when it has none
    own = backups_of(usable, diary_id) if diary_id is not None else []
    candidates = own or usable
    return MissingDiary(paths.diary_file, diary_id, len(found), candidates[0] if candidates else None)


def check_not_missing(ctx: DiaryContext) -> None:
    """Raise :class:`DiaryMissing` instead of letting the open create an empty diary over a history."""
    if ctx.allow_new_diary:
        return
    missing = find_missing_diary(ctx)
    if missing is not None:
        raise DiaryMissing(missing)


def start_new_diary(ctx: DiaryContext) -> str:
    """Create a new, empty diary where one is missing (its backups stay where they are). Returns its id."""
    if ctx.paths.uses_default_diary and not diary_absent(ctx.paths):
        raise InvalidInput(f"There is a diary at {ctx.paths.diary_file} already; nothing was changed.")
    ctx.close()
    ctx.allow_new_diary = True
    try:
        _ = ctx.engine
    finally:
        ctx.allow_new_diary = False
    return ctx.diary_id or ""
