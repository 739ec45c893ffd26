"""Restoring the diary from a backup (SQLite or CSV), checked before anything is replaced.

The backup files themselves (names, kinds, making one, rotation) are :mod:`nutrigap.services.backup_files`;
the day's automatic backup is made when the diary opens (:mod:`nutrigap.services.startup`). This module also
re-exports what the window and the command line use of both, so ``services.backup`` stays their one entry.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput, NotFound
from nutrigap.services.backup_files import (
    DEFAULT_KEEP,
    KEEP_ENV,
    KEEP_SETTING,
    KINDS,
    MAX_KEEP,
    STAGING_PREFIX,
    BackupInfo,
    backup_keep,
    backups_of,
    create_backup,
    describe,
    is_sqlite_diary,
    list_backups,
    new_path,
    rotate,
    set_backup_keep,
)
from nutrigap.services.context import AppContext
from nutrigap.services.restore_staging import copy_rows, rebuild, strip_staging
from nutrigap.services.startup import auto_backup
from nutrigap.store.sqlite_file import (
    claim_staging,
    copy_database,
    copy_raw_files,
    integrity_problem,
    remove_stale_staging,
    restore_into,
)

__all__ = [
    "DEFAULT_KEEP", "KEEP_ENV", "KEEP_SETTING", "KINDS", "MAX_KEEP", "BackupInfo", "RestoreResult", "auto_backup",
    "backup_keep", "backups_of", "create_backup", "describe", "list_backups", "restore_backup", "rotate",
    "set_backup_keep", "validate_backup",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did: the backup now in use, the copy of the diary as it was before, and the schema
    objects of the backup that are not NutriGap's and were left out ("trigger name", "view name", …)."""

    restored: BackupInfo
    previous: BackupInfo | None
    left_out: tuple[str, ...] = ()


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
            if is_sqlite_diary(ctx):
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
    if is_sqlite_diary(ctx):
        live = ctx.paths.diary_file
        if not live.is_file() or live.stat().st_size == 0:
            return None
        try:
            return create_backup(ctx, kind="pre-restore")
        except DiaryDatabaseError:
            # The diary is damaged (probably why it is being restored): keep its bytes, never lose them.
            target = new_path(ctx, "damaged", ".sqlite")
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
