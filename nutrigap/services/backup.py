"""Backups of the diary: automatic once a day with rotation, on demand, and restore.

Where they go: ``<data folder>/backups/diary-YYYYMMDD-HHMMSS-<kind>.sqlite``. Kinds:

- ``auto``: made the first time NutriGap opens the diary on a day; only the newest N are kept
  (``NUTRIGAP_BACKUP_KEEP`` or ``nutrigap backup config --keep N``; default 14; 0 turns them off).
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
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput, NotFound, shown
from nutrigap.domain.wording import plural
from nutrigap.services.context import AppContext
from nutrigap.services.restore_staging import STAGING_PREFIX, copy_rows, rebuild, strip_staging
from nutrigap.store.output_file import check_output_path
from nutrigap.store.sqlite_file import (
    DIARY_TABLES,
    claim_staging,
    copy_database,
    copy_raw_files,
    integrity_problem,
    is_sqlite_file,
    read_facts,
    remove_stale_staging,
    restore_into,
)

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


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did: the backup now in use, the copy of the diary as it was before, and the schema
    objects of the backup that are not NutriGap's and were left out ("trigger name", "view name", …)."""

    restored: BackupInfo
    previous: BackupInfo | None
    left_out: tuple[str, ...] = ()


# --- describing backups ---------------------------------------------------------------------------------
def _is_sqlite_diary(ctx: AppContext) -> bool:
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
        fmt = "csv" if _is_export(path) else "unknown"
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


def list_backups(ctx: AppContext) -> list[BackupInfo]:
    """The backups in the data folder's ``backups`` folder, newest first."""
    folder = ctx.paths.backups
    if not folder.is_dir():
        return []
    found = [describe(p) for p in folder.iterdir() if p.is_file() and _NAME.match(p.name)]
    return sorted(found, key=lambda b: (b.created_at, b.name), reverse=True)


# --- making backups -------------------------------------------------------------------------------------
def _new_path(ctx: AppContext, kind: str, suffix: str, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = ctx.paths.backups
    diary_id = _current_diary_id(ctx)
    tail = f"-{diary_id}" if diary_id else ""
    candidate = folder / f"diary-{stamp}-{kind}{tail}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"diary-{stamp}-{n}-{kind}{tail}{suffix}"
        n += 1
    return candidate


def _current_diary_id(ctx: AppContext) -> str | None:
    """The id of the diary being backed up: known once it is open; read from the file before that."""
    if ctx.diary_id is not None:
        return ctx.diary_id
    if _is_sqlite_diary(ctx):
        from nutrigap.services.diary_identity import file_diary_id

        return file_diary_id(ctx.paths.diary_file)
    return None


def backups_of(backups: list[BackupInfo], diary_id: str | None) -> list[BackupInfo]:
    """The backups (in the given order) made of the diary with this id."""
    return [b for b in backups if diary_id is not None and b.diary_id == diary_id]


def create_backup(
    ctx: AppContext, path: Path | None = None, *, kind: str = "manual", now: dt.datetime | None = None
) -> BackupInfo:
    """Back up the diary now: to ``path`` (a new file, or a folder to put it in) or into the backups folder.

    ``now`` is the local time the file name carries (default: the clock). Never overwrites a file. Raises
    NotFound when there is no diary yet, DiaryDatabaseError when the diary cannot be read (then nothing is
    written).
    """
    if kind not in KINDS:
        raise InvalidInput(f"Unknown backup kind '{shown(kind)}'.")
    suffix = ".sqlite" if _is_sqlite_diary(ctx) else ".csv"
    if path is None:
        target = _new_path(ctx, kind, suffix, now)
    elif path.is_dir():
        target = path / _new_path(ctx, kind, suffix, now).name
    else:
        target = path
    if path is None:
        ctx.paths.ensure_backups()
    check_output_path(target, overwrite=False)  # a backup never overwrites a file, a link or a device
    if _is_sqlite_diary(ctx):
        source = ctx.paths.diary_file
        if not source.is_file() or source.stat().st_size == 0:
            raise NotFound("There is no diary to back up yet.")
        copy_database(source, target, overwrite=False)
    else:
        from nutrigap.services.transfer import export_csv

        export_csv(ctx, target)
    return describe(target, kind)


def backup_keep(ctx: AppContext) -> int:
    """How many automatic backups are kept: NUTRIGAP_BACKUP_KEEP, else the diary's setting, else 14."""
    env = os.environ.get(KEEP_ENV)
    if env is not None and env.strip():
        return _parse_keep(env, KEEP_ENV)
    from sqlalchemy import select

    from nutrigap.store.models import SettingRow

    # a plain read, without the write lock: another NutriGap writing at this moment must not turn the day's
    # backup at start-up into a failure message beside a command that worked
    with ctx.engine.connect() as connection:
        value = connection.execute(select(SettingRow.value).where(SettingRow.key == KEEP_SETTING)).scalar()
    return DEFAULT_KEEP if value is None else _parse_keep(str(value), "the diary's backup setting")


def _parse_keep(text: str, where: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{where}: '{shown(text)}' is not a whole number of backups to keep.") from None
    if not 0 <= value <= MAX_KEEP:
        raise InvalidInput(f"{where}: keep between 0 (no automatic backups) and {plural(MAX_KEEP, 'backup')}.")
    return value


def set_backup_keep(ctx: AppContext, keep: int | str) -> int:
    """Store how many automatic backups to keep (0 turns automatic backups off). Returns the value."""
    from nutrigap.store.models import SettingRow

    value = _parse_keep(str(keep), "Backups to keep")
    with ctx.uow() as uow:
        uow.session.merge(SettingRow(key=KEEP_SETTING, value=str(value)))
        uow.commit()
    return value


def auto_backup(ctx: AppContext, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """Make the day's automatic backup if none exists yet, then keep only the newest N automatic ones.

    Cheap when today's backup exists (one folder listing). Does nothing for an empty diary or when N is 0.
    Old backups are deleted only after the new one was written and checked.
    """
    keep = backup_keep(ctx)
    if keep == 0:
        return None
    now = now or dt.datetime.now()
    today = now.date()
    diary_id = _current_diary_id(ctx)
    autos = [b for b in _named(ctx) if b[1] == "auto" and b[3] == diary_id]
    if any(day == today for _, _, day, _ in autos):
        return None
    if _diary_is_empty(ctx):
        return None
    info = create_backup(ctx, kind="auto", now=now)
    rotate(ctx, keep)
    return info


def _diary_is_empty(ctx: AppContext) -> bool:
    """Whether the diary holds nothing of the user's, read without the write lock (see backup_keep)."""
    from sqlalchemy import literal_column, select

    from nutrigap.store.models import (
        DailyFactorsRow,
        EntryRow,
        ExperimentRow,
        FoodRow,
        LabResultRow,
        TwitchRow,
        UserPortionRow,
    )

    with ctx.engine.connect() as connection:
        for model in (EntryRow, FoodRow, TwitchRow, DailyFactorsRow, ExperimentRow, UserPortionRow, LabResultRow):
            if connection.execute(select(literal_column("1")).select_from(model).limit(1)).first() is not None:
                return False
    return True


def _named(ctx: AppContext) -> list[tuple[Path, str, dt.date, str | None]]:
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


def rotate(ctx: AppContext, keep: int) -> list[Path]:
    """Delete automatic backups of this diary beyond its newest ``keep``; other kinds, and the backups of any
    other diary (or of an unknown one: made before diaries had ids), are never deleted. Returns deleted."""
    diary_id = _current_diary_id(ctx)
    if diary_id is None:
        return []
    autos = [path for path, kind, _, owner in _named(ctx) if kind == "auto" and owner == diary_id]
    deleted = []
    for path in autos[keep:]:
        path.unlink(missing_ok=True)
        deleted.append(path)
    return deleted


# --- restoring ------------------------------------------------------------------------------------------
def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from nutrigap.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}


def validate_backup(file: Path) -> BackupInfo:
    """Check that ``file`` can be restored: a sound NutriGap SQLite diary of a known schema revision, or a
    NutriGap CSV export. Raises InvalidInput with the reason otherwise; never changes the file."""
    if not file.is_file():
        raise NotFound(f"{file} does not exist or is not a file.")
    info = describe(file)
    if info.format == "csv":
        return info  # read in full, line by line, by the import itself (one transaction)
    if info.format != "sqlite":
        raise InvalidInput(f"{file.name} is not a NutriGap backup (not an SQLite database or a NutriGap CSV export).")
    if info.problem is not None:
        raise InvalidInput(f"{file.name} cannot be restored: {info.problem}.")
    problem = integrity_problem(file, full=True)
    if problem is not None:
        raise InvalidInput(f"{file.name} is damaged ({problem}); choose another backup.")
    if info.revision is None:
        raise InvalidInput(f"{file.name} has no schema revision; it is not a NutriGap diary.")
    if info.revision not in _known_revisions():
        raise InvalidInput(
            f"{file.name} was written by a newer NutriGap (schema {info.revision}); update NutriGap to restore it."
        )
    return info


def _is_export(file: Path) -> bool:
    """Whether the file starts like a NutriGap CSV export (reads its first two lines only)."""
    import csv

    from nutrigap.services.transfer import FORMATS_READ

    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:  # a spreadsheet may have added a BOM
            first = next(csv.DictReader(fh), None)
    except (UnicodeDecodeError, csv.Error, OSError):
        return False
    return first is not None and first.get("table") == "format" and first.get("key") in FORMATS_READ


def restore_backup(ctx: AppContext, file: Path) -> RestoreResult:
    """Replace the diary by a backup. Checks the backup first, then saves the diary as it is (kind
    ``pre-restore``; byte copies if it is damaged), then replaces it in one transaction. A backup from an
    older NutriGap is upgraded on the way in. Any failure leaves the diary as it was.

    Only the user's rows come back, never the backup's schema: an SQLite backup is copied to a private staging
    file, stripped of every trigger, view and table NutriGap did not make, upgraded, and its rows are checked
    by the rules entry uses while they are written into a freshly created diary; only that diary replaces the
    current one. A CSV backup is imported row by row under the same checks."""
    info = validate_backup(file)
    parent = _staging_parent(ctx)
    remove_stale_staging(parent, STAGING_PREFIX)
    left_out: tuple[str, ...] = ()
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=parent) as tmp:
        claim_staging(Path(tmp))
        rebuilt: Path | None = None
        staging = Path(tmp) / "backup.sqlite"
        if info.format == "sqlite":
            copy_database(file, staging)
            left_out = tuple(strip_staging(staging, file))
            _upgrade_staging(staging)
            if _is_sqlite_diary(ctx):
                rebuilt = rebuild(staging, Path(tmp), file)
        previous = _save_current(ctx)
        ctx.close()
        if info.format == "csv":
            _import_replace(ctx, file)
        elif rebuilt is not None:
            _replace_sqlite(ctx, rebuilt)
        else:
            copy_rows(staging, ctx, file, replace=True)
    ctx.close()
    ctx.diary_changed()
    return RestoreResult(restored=info, previous=previous, left_out=left_out)


def _staging_parent(ctx: AppContext) -> Path:
    ctx.paths.ensure()
    return ctx.paths.home


def _upgrade_staging(staging: Path) -> None:
    from nutrigap.store.db import create_diary_engine, migrate

    engine = create_diary_engine(f"sqlite:///{staging}")
    try:
        migrate(engine)
    finally:
        engine.dispose()
    problem = integrity_problem(staging, full=True)
    if problem is not None:
        raise DiaryDatabaseError(f"The backup did not upgrade cleanly ({problem}); the diary was left as it was.")


def _save_current(ctx: AppContext) -> BackupInfo | None:
    """A copy of the diary as it is, before a restore replaces it (None if there is nothing to save)."""
    if _is_sqlite_diary(ctx):
        live = ctx.paths.diary_file
        if not live.is_file() or live.stat().st_size == 0:
            return None
        try:
            return create_backup(ctx, kind="pre-restore")
        except DiaryDatabaseError:
            # The diary is damaged (probably why it is being restored): keep its bytes, never lose them.
            target = _new_path(ctx, "damaged", ".sqlite")
            copy_raw_files(live, target)
            return describe(target, "damaged")
    return create_backup(ctx, kind="pre-restore")


def _replace_sqlite(ctx: AppContext, staging: Path) -> None:
    live = ctx.paths.diary_file
    if live.is_file() and live.stat().st_size > 0 and integrity_problem(live, full=False) is None:
        restore_into(staging, live)
        return
    # No diary, or one SQLite cannot read (its bytes were saved above): put the staged file in its place.
    # A stale -wal beside the new file would be replayed into it, so it goes first.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(live) + suffix).unlink(missing_ok=True)
    staging.replace(live)


def _import_replace(ctx: AppContext, csv_file: Path) -> None:
    from nutrigap.services.transfer import import_csv

    import_csv(ctx, csv_file, replace=True, backup_first=False)  # the restore saved the diary already
