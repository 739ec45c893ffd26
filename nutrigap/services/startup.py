"""Opening the diary safely: the steps NutriGap takes every time, for the window and the command line alike.

:meth:`AppContext.engine <nutrigap.services.context.AppContext.engine>` calls :func:`open_engine` the first
time the diary is needed: refuse to create an empty diary over a missing one, check the SQLite file, back it
up before a schema upgrade, migrate. Once the context holds the engine it calls :func:`after_open`: give the
diary its id, then make the day's automatic backup (once a day; a folder listing when already done).

This module never imports the context (it takes a :class:`~nutrigap.services.diary_context.DiaryContext`), so
the context, the backups and the CSV transfer import one way only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nutrigap.domain.errors import DiaryDatabaseError, NutriGapError
from nutrigap.services.backup_files import (
    BackupInfo,
    backup_keep,
    clean_stale_staging,
    create_backup,
    current_diary_id,
    has_auto_backup,
    rotate,
)
from nutrigap.services.diary_context import DiaryContext

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class OpenedDiary:
    """The diary's engine and session factory, ready for units of work."""

    engine: Engine
    sessions: sessionmaker[Session]
    #: (device, inode) of the SQLite diary file as opened, to notice it deleted or replaced meanwhile
    file_identity: tuple[int, int] | None = None
    #: an empty diary in memory standing in for a missing one (a command that only reads): no id, no backup
    in_memory: bool = False


def open_engine(ctx: DiaryContext) -> OpenedDiary:
    """Check, back up if an upgrade is due, and migrate the diary; raises without leaving an engine open."""
    # SQLAlchemy is imported here, not with this module: the window paints the day before it needs it
    # (see nutrigap.services.day_preview)
    from nutrigap.paths import take_notices
    from nutrigap.services.diary_identity import check_not_missing, diary_absent
    from nutrigap.store.db import create_diary_engine, migrate, preflight_sqlite, schema_state, session_factory

    if ctx.read_only and ctx.paths.uses_default_diary and diary_absent(ctx.paths):
        check_not_missing(ctx)  # a diary that is gone is named, even by a command that only reads
        return _in_memory()
    ctx.paths.ensure()
    ctx.notices.extend(take_notices())
    clean_stale_staging(ctx)  # a restore killed half way leaves a copy of a diary behind: removed now
    if ctx.paths.uses_default_diary:
        check_not_missing(ctx)  # never an empty diary silently over a history
    sqlite_file = diary_sqlite_file(ctx)
    if sqlite_file is not None:
        preflight_sqlite(sqlite_file)
    engine = create_diary_engine(ctx.paths.diary_url)
    try:
        if ctx.paths.uses_default_diary and schema_state(engine).needs_upgrade:
            _backup_before_upgrade(ctx)
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    identity = None
    if ctx.paths.uses_default_diary:
        ctx.paths.tighten_diary()
        identity = file_identity(ctx.paths.diary_file)
    return OpenedDiary(engine, session_factory(engine), identity)


def after_open(ctx: DiaryContext, opened: OpenedDiary) -> None:
    """The steps that need the open diary: its id (the context's ``diary_id``), then the day's backup."""
    from nutrigap.services.diary_identity import ensure_diary_id

    if opened.in_memory:
        return
    ctx.diary_id = ensure_diary_id(ctx)
    if ctx.auto_backup_enabled and not ctx.read_only:  # a command that only reads writes no backup file
        _auto_backup(ctx)


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file, None when it is not there."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _in_memory() -> OpenedDiary:
    """An empty diary in memory, at the newest schema: what a new diary would show, with nothing written."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from nutrigap.store.db import migrate, session_factory

    engine = create_engine("sqlite://", poolclass=StaticPool)
    migrate(engine)
    return OpenedDiary(engine, session_factory(engine), in_memory=True)


def diary_sqlite_file(ctx: DiaryContext) -> Path | None:
    """The diary's SQLite file: the default one, or the file of a ``NUTRIGAP_DB_URL=sqlite:///…``; both get
    the same checks before anything connects (None: a database server)."""
    from nutrigap.store.sqlite_file import sqlite_file_of

    if ctx.paths.uses_default_diary:
        return ctx.paths.diary_file
    return sqlite_file_of(ctx.paths.diary_url)


def _backup_before_upgrade(ctx: DiaryContext) -> None:
    try:
        create_backup(ctx, kind="pre-upgrade")
    except NutriGapError as exc:
        raise DiaryDatabaseError(
            f"The diary needs a schema upgrade, but it could not be backed up first ({exc}); it was not changed."
        ) from None


def _auto_backup(ctx: DiaryContext) -> None:
    try:
        auto_backup(ctx)
    except NutriGapError as exc:
        # The diary itself is fine and opened; a missing backup must not lock the user out of it.
        ctx.notices.append(f"Today's automatic backup could not be made: {exc}")
    except OSError as exc:
        ctx.notices.append(f"Today's automatic backup could not be made: {exc.strerror or exc}.")


def auto_backup(ctx: DiaryContext, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """Make the day's automatic backup if none exists yet, then keep only the newest N automatic ones.

    Cheap when today's backup exists (one folder listing). Does nothing for an empty diary or when N is 0.
    Old backups are deleted only after the new one was written and checked.
    """
    keep = backup_keep(ctx)
    if keep == 0:
        return None
    now = now or dt.datetime.now()
    today = now.date()
    diary_id = current_diary_id(ctx)
    if has_auto_backup(ctx, diary_id, today):
        return None
    if _diary_is_empty(ctx):
        return None
    info = create_backup(ctx, kind="auto", now=now)
    rotate(ctx, keep)
    return info


def _diary_is_empty(ctx: DiaryContext) -> bool:
    """Whether the diary holds nothing of the user's, read without the write lock (see backup_keep)."""
    from sqlalchemy import literal_column, select

    from nutrigap.store.models import USER_DATA_MODELS

    with ctx.engine.connect() as connection:
        for model in USER_DATA_MODELS:
            if connection.execute(select(literal_column("1")).select_from(model).limit(1)).first() is not None:
                return False
    return True
