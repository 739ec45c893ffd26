"""The SQLite half of a restore: a backup's rows, never its schema, into a freshly created diary.

A backup is first copied to a private staging folder in the data folder (``.restore-*``, marked with the
process id, so a killed restore's folder is recognised and removed later). There it is stripped of every
trigger, view and table NutriGap did not make, upgraded to the newest schema, and its rows are copied, ids and
timestamps as they were, into a diary NutriGap has just created; those rows are then checked by the rules an
import uses (by importing them into a scratch diary). Only the checked, fresh diary replaces the user's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput
from nutrigap.services.context import AppContext
from nutrigap.store.sqlite_file import copy_tables, forget_settings, strip_foreign_objects


def strip_staging(staging: Path, file: Path) -> list[str]:
    from nutrigap.store.models import Base

    own = frozenset(Base.metadata.tables) | {"alembic_version"}
    try:
        return strip_foreign_objects(staging, own)
    except DiaryDatabaseError as exc:
        raise InvalidInput(f"{file.name} cannot be restored: {exc} The diary was left as it was.") from None


def _staging_context(folder: Path) -> AppContext:
    """A context on the diary ``folder``/diary.sqlite (a staging copy): no backups of its own."""
    from nutrigap.paths import DataPaths

    ctx = AppContext(DataPaths(home=folder, diary_url=f"sqlite:///{folder / 'diary.sqlite'}", uses_default_diary=True))
    ctx.auto_backup_enabled = False
    return ctx


def rebuild(staging: Path, tmp: Path, file: Path) -> Path:
    """A freshly created diary holding the staged backup's rows (ids and timestamps kept), checked by the
    import's rules (written into a scratch diary that is thrown away). Returns its path."""
    from nutrigap.store.models import Base

    rebuilt = tmp / "restored" / "diary.sqlite"
    for folder in (rebuilt.parent, tmp / "check"):
        folder.mkdir()
        fresh = _staging_context(folder)
        try:
            fresh.engine  # noqa: B018 (creates the diary at the newest schema)
        finally:
            fresh.close()
    tables = [(t.name, [c.name for c in t.columns]) for t in Base.metadata.sorted_tables]
    try:
        forget_settings(rebuilt)  # its own new diary id: the backup's settings (and id) come with its rows
        copy_tables(staging, rebuilt, tables)
    except DiaryDatabaseError as exc:
        raise InvalidInput(f"{file.name} cannot be restored: {exc}. The diary was left as it was.") from None
    _forget_implausible_source_values(rebuilt)
    _check_stored_types(rebuilt, file)
    scratch = _staging_context(tmp / "check")
    try:
        copy_rows(rebuilt, scratch, file)
    finally:
        scratch.close()
    return rebuilt


def copy_rows(staging: Path, target: AppContext, file: Path, *, replace: bool = False) -> None:
    """Every row of the staged backup ``staging`` into ``target``, checked as an import checks it; settings too.

    The staging file is read with a plain read-only session (not a unit of work: the import into ``target``
    holds this thread's one)."""
    from sqlalchemy.orm import Session

    from nutrigap.services.transfer import import_rows
    from nutrigap.services.transfer_read import Line
    from nutrigap.services.transfer_write import session_rows
    from nutrigap.store.db import create_diary_engine

    engine = create_diary_engine(f"sqlite:///{staging}")
    try:
        with Session(engine) as session, session.begin():
            settings = _settings(session)
            lines = (Line(n, row, place="Record") for n, row in enumerate(session_rows(session), start=1))
            import_rows(target, lines, replace=replace, label=None, settings=settings)
    except InvalidInput as exc:
        raise InvalidInput(f"{file.name} cannot be restored: {exc} The diary was left as it was.") from None
    except (ValueError, TypeError, LookupError) as exc:  # a value SQLite stored that the schema's type cannot be
        raise InvalidInput(
            f"{file.name} cannot be restored: it holds a value of the wrong type ({exc}). The diary was left as it was."
        ) from None
    finally:
        engine.dispose()


def _settings(session: Any) -> dict[str, str]:
    from nutrigap.store.settings import SettingsRepository

    found = SettingsRepository(session).all()
    from nutrigap.services.backup_files import KEEP_SETTING, parse_keep

    if KEEP_SETTING in found:
        parse_keep(found[KEEP_SETTING], "The backup's setting of backups to keep")
    return found


def _check_stored_types(path: Path, file: Path) -> None:
    """Every date, time and timestamp the copied rows hold is one (SQLite stores any text in any column; a
    '2026-13-45' would crash every page and report that reads the day). InvalidInput names the first bad one."""
    import datetime as dt
    import sqlite3

    from sqlalchemy import Date, DateTime, Time

    from nutrigap.store.models import Base

    parsers: list[tuple[type, Any, str]] = [
        (DateTime, dt.datetime.fromisoformat, "a date and time"),
        (Date, dt.date.fromisoformat, "a date"),
        (Time, dt.time.fromisoformat, "a time of day"),
    ]
    con = sqlite3.connect(path)
    try:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                parser = next(((p, what) for kind, p, what in parsers if isinstance(column.type, kind)), None)
                if parser is None:
                    continue
                parse, what = parser
                query = f'SELECT rowid, "{column.name}" FROM "{table.name}" WHERE "{column.name}" IS NOT NULL'
                for rowid, value in con.execute(query):
                    try:
                        parse(str(value))
                    except ValueError:
                        raise InvalidInput(
                            f"{file.name} cannot be restored: {table.name} row {rowid}: {column.name} "
                            f"'{str(value)[:40]}' is not {what}. The diary was left as it was."
                        ) from None
    finally:
        con.close()


def _forget_implausible_source_values(path: Path) -> None:
    """Reference foods' values beyond the limit per 100 g (copied from a food database built before the limits)
    become unknown, as an import and a food-database build make them; the user's own foods' are refused later."""
    import sqlite3

    from nutrigap.domain.diary import FoodKind
    from nutrigap.domain.limits import NUTRIENT_PER_100G

    con = sqlite3.connect(path)
    try:
        con.execute(
            "DELETE FROM food_nutrient WHERE amount > ? AND food_id IN (SELECT id FROM food WHERE kind = ?)",
            (NUTRIENT_PER_100G.high, FoodKind.REFERENCE.value),
        )
        con.commit()
    finally:
        con.close()
