"""The backup files in the data folder: their names, what each holds, making one, and how many automatic ones
are kept.

Where they go: ``<data folder>/backups/diary-YYYYMMDD-HHMMSS-<kind>[-<diary id>].sqlite`` (or ``.csv``). Kinds:

- ``auto``: made the first time NutriGap opens the diary on a day (:mod:`nutrigap.services.startup`); only the
  newest N are kept (``NUTRIGAP_BACKUP_KEEP`` or ``nutrigap backup config --keep N``; default 14; 0 turns them
  off).
- ``manual``: ``nutrigap backup create`` or File → Back up now; never deleted by NutriGap.
- ``pre-restore``: the diary as it was, made before a restore replaces it; never deleted.
- ``pre-import``: the diary as it was, made before ``import csv --replace`` replaces it; never deleted.
- ``pre-upgrade``: made before a newer NutriGap migrates the diary's schema; never deleted.
- ``damaged``: byte copies of a diary SQLite could not read, kept when a backup is restored over it.

SQLite diaries are copied with SQLite's online backup API (a consistent snapshot, checked with
``integrity_check``). A diary on a database server (``NUTRIGAP_DB_URL``) is backed up as a NutriGap CSV export
(``.csv``, the same file ``nutrigap export csv`` writes): a copy of your own data on your own disk. The server
as a whole is the server's business: its administrator backs it up with ``pg_dump``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput, NotFound, shown
from nutrigap.domain.wording import plural
from nutrigap.services.diary_context import DiaryContext
from nutrigap.services.unit import write
from nutrigap.store.output_file import check_output_path
from nutrigap.store.sqlite_file import DIARY_TABLES, copy_database, is_sqlite_file, read_facts, remove_stale_staging

KINDS = ("auto", "manual", "pre-restore", "pre-import", "pre-upgrade", "damaged")
#: Automatic backups kept when nothing else is configured (two weeks of daily copies).
DEFAULT_KEEP = 14
MAX_KEEP = 1000
KEEP_SETTING = "backup.keep"
KEEP_ENV = "NUTRIGAP_BACKUP_KEEP"
#: diary-YYYYMMDD-HHMMSS[-n]-KIND[-DIARYID].sqlite|csv (backups made before diaries had ids have none)
_NAME = re.compile(r"^diary-(\d{8})-(\d{6})(?:-\d+)?-(" + "|".join(KINDS) + r")(?:-([0-9a-f]{12}))?\.(sqlite|csv)$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file. ``problem`` says why it cannot be restored (None: it looks sound)."""

    path: Path
    created_at: dt.datetime
    kind: str
    format: str
    size_bytes: int
    revision: str | None = None
    entries: int | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    problem: str | None = None
    #: the id of the diary this is a backup of (from its name), None for backups made before diaries had ids
    diary_id: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "kind": self.kind,
            "format": self.format,
            "size_bytes": self.size_bytes,
            "revision": self.revision,
            "entries": self.entries,
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
            "problem": self.problem,
            "diary_id": self.diary_id,
        }


#: Folders a restore stages its files in, inside the data folder; a killed restore's are removed later.
STAGING_PREFIX = ".restore-"


# --- describing backups ---------------------------------------------------------------------------------
def is_sqlite_diary(ctx: DiaryContext) -> bool:
    return ctx.paths.uses_default_diary


def describe(path: Path, kind: str | None = None) -> BackupInfo:
    """Facts about a backup (or any diary file) read without changing it; damage goes into ``problem``."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise NotFound(f"Cannot read {path}: {exc.strerror or exc}.") from None
    match = _NAME.match(path.name)
    created = dt.datetime.fromtimestamp(stat.st_mtime)
    if match:
        created = dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    kind = kind or (match.group(3) if match else "manual")
    diary_id = match.group(4) if match else None
    if not is_sqlite_file(path):
        fmt = "csv" if is_export(path) else "unknown"
        problem = None if fmt == "csv" else "not an SQLite database or a NutriGap CSV export"
        return BackupInfo(path, created, kind, fmt, stat.st_size, problem=problem, diary_id=diary_id)
    try:
        facts = read_facts(path)
    except DiaryDatabaseError as exc:
        return BackupInfo(path, created, kind, "sqlite", stat.st_size, problem=str(exc), diary_id=diary_id)
    problem = None
    if not facts.tables >= DIARY_TABLES:
        problem = "not a NutriGap diary (its tables are missing)"
    elif facts.revision_rows != 1:
        problem = f"its schema version table has {plural(facts.revision_rows, 'row')} where a NutriGap diary has one"
    return BackupInfo(
        path, created, kind, "sqlite", stat.st_size, facts.revision, facts.entries, facts.first_day, facts.last_day,
        problem, diary_id,
    )  # fmt: skip


def list_backups(ctx: DiaryContext) -> list[BackupInfo]:
    """The backups in the data folder's ``backups`` folder, newest first."""
    folder = ctx.paths.backups
    if not folder.is_dir():
        return []
    found = [describe(p) for p in folder.iterdir() if p.is_file() and _NAME.match(p.name)]
    return sorted(found, key=lambda b: (b.created_at, b.name), reverse=True)


# --- making backups -------------------------------------------------------------------------------------
def new_path(ctx: DiaryContext, kind: str, suffix: str, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = ctx.paths.backups
    diary_id = current_diary_id(ctx)
    tail = f"-{diary_id}" if diary_id else ""
    candidate = folder / f"diary-{stamp}-{kind}{tail}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"diary-{stamp}-{n}-{kind}{tail}{suffix}"
        n += 1
    return candidate


def current_diary_id(ctx: DiaryContext) -> str | None:
    """The id of the diary being backed up: known once it is open; read from the file before that."""
    if ctx.diary_id is not None:
        return ctx.diary_id
    if is_sqlite_diary(ctx):
        from nutrigap.services.diary_id import file_diary_id

        return file_diary_id(ctx.paths.diary_file)
    return None


def backups_of(backups: list[BackupInfo], diary_id: str | None) -> list[BackupInfo]:
    """The backups (in the given order) made of the diary with this id."""
    return [b for b in backups if diary_id is not None and b.diary_id == diary_id]


def create_backup(
    ctx: DiaryContext, path: Path | None = None, *, kind: str = "manual", now: dt.datetime | None = None
) -> BackupInfo:
    """Back up the diary now: to ``path`` (a new file, or a folder to put it in) or into the backups folder.

    ``now`` is the local time the file name carries (default: the clock). Never overwrites a file. Raises
    NotFound when there is no diary yet, DiaryDatabaseError when the diary cannot be read (then nothing is
    written).
    """
    if kind not in KINDS:
        raise InvalidInput(f"Unknown backup kind '{shown(kind)}'.")
    suffix = ".sqlite" if is_sqlite_diary(ctx) else ".csv"
    if path is None:
        target = new_path(ctx, kind, suffix, now)
    elif path.is_dir():
        target = path / new_path(ctx, kind, suffix, now).name
    else:
        target = path
    if path is None:
        ctx.paths.ensure_backups()
    check_output_path(target, overwrite=False)  # a backup never overwrites a file, a link or a device
    if is_sqlite_diary(ctx):
        source = ctx.paths.diary_file
        if not source.is_file() or source.stat().st_size == 0:
            raise NotFound("There is no diary to back up yet.")
        copy_database(source, target, overwrite=False)
    else:
        from nutrigap.services.transfer_write import export_csv

        export_csv(ctx, target)
    return describe(target, kind)


def backup_keep(ctx: DiaryContext) -> int:
    """How many automatic backups are kept: NUTRIGAP_BACKUP_KEEP, else the diary's setting, else 14."""
    from nutrigap.store.settings import read_setting

    # a plain read, without the write lock: another NutriGap writing at this moment must not turn the day's
    # backup at start-up into a failure message beside a command that worked
    return keep_of(lambda: read_setting(ctx.engine, KEEP_SETTING))


def keep_of(stored: Callable[[], str | None]) -> int:
    """:func:`backup_keep` from the diary's setting as ``stored`` reads it (only read without the variable)."""
    env = os.environ.get(KEEP_ENV)
    if env is not None and env.strip():
        return parse_keep(env, KEEP_ENV)
    value = stored()
    return DEFAULT_KEEP if value is None else parse_keep(value, "the diary's backup setting")


def parse_keep(text: str, where: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{where}: '{shown(text)}' is not a whole number of backups to keep.") from None
    if not 0 <= value <= MAX_KEEP:
        raise InvalidInput(f"{where}: keep between 0 (no automatic backups) and {plural(MAX_KEEP, 'backup')}.")
    return value


def set_backup_keep(ctx: DiaryContext, keep: int | str) -> int:
    """Store how many automatic backups to keep (0 turns automatic backups off). Returns the value."""
    value = parse_keep(str(keep), "Backups to keep")
    with write(ctx) as uow:
        uow.settings.set(KEEP_SETTING, str(value))
    return value


def named_backups(ctx: DiaryContext) -> list[tuple[Path, str, dt.date, str | None]]:
    """(path, kind, day, diary id) of the backups folder's files by name, newest first, without opening them."""
    folder = ctx.paths.backups
    if not folder.is_dir():
        return []
    out = []
    for entry in os.scandir(folder):
        match = _NAME.match(entry.name)
        if match and entry.is_file():
            day = dt.datetime.strptime(match.group(1), "%Y%m%d").date()
            out.append((Path(entry.path), match.group(3), day, match.group(4)))
    return sorted(out, key=lambda item: item[0].name, reverse=True)


def has_auto_backup(ctx: DiaryContext, diary_id: str | None, day: dt.date) -> bool:
    """Whether the automatic backup of ``day`` was made of the diary with this id (one folder listing)."""
    return any(kind == "auto" and on == day and of == diary_id for _, kind, on, of in named_backups(ctx))


def rotate(ctx: DiaryContext, keep: int) -> list[Path]:
    """Delete automatic backups of this diary beyond its newest ``keep``; other kinds, and the backups of any
    other diary (or of an unknown one: made before diaries had ids), are never deleted. Returns deleted."""
    diary_id = current_diary_id(ctx)
    if diary_id is None:
        return []
    autos = [path for path, kind, _, owner in named_backups(ctx) if kind == "auto" and owner == diary_id]
    deleted = []
    for path in autos[keep:]:
        path.unlink(missing_ok=True)
        deleted.append(path)
    return deleted


def is_export(file: Path) -> bool:
    """Whether the file starts like a NutriGap CSV export (reads its first two lines only)."""
    import csv

    from nutrigap.services.transfer_write import FORMATS_READ

    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:  # a spreadsheet may have added a BOM
            first = next(csv.DictReader(fh), None)
    except (UnicodeDecodeError, csv.Error, OSError):
        return False
    return first is not None and first.get("table") == "format" and first.get("key") in FORMATS_READ


def clean_stale_staging(ctx: DiaryContext) -> list[Path]:
    """Remove staging folders of restores that were killed (called when a restore starts and the diary opens)."""
    return remove_stale_staging(ctx.paths.home, STAGING_PREFIX) if ctx.paths.home.is_dir() else []
