"""The diary's small settings (table ``setting``: key → text), read and written in one place.

:class:`SettingsRepository` works in a unit of work (``uow.settings``) like the other repositories and never
commits. :func:`read_setting` reads one value on a plain connection, without the write lock a unit of work
takes, for the steps at start-up that must not wait for (or fail beside) another NutriGap writing;
:func:`file_setting` reads one from an SQLite diary or backup file without changing it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nutrigap.store.models import SettingRow


class SettingsRepository:
    """The ``setting`` table within one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> str | None:
        row = self.session.get(SettingRow, key)
        return None if row is None else row.value

    def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (a new row or a changed one)."""
        self.session.merge(SettingRow(key=key, value=value))

    def all(self) -> dict[str, str]:
        return {row.key: row.value for row in self.session.scalars(select(SettingRow))}


def read_setting(engine: Engine, key: str) -> str | None:
    """One setting read on a plain connection, without the write lock (None when it is not set)."""
    with engine.connect() as connection:
        value = connection.execute(select(SettingRow.value).where(SettingRow.key == key)).scalar()
    return None if value is None else str(value)


def file_setting(diary_file: Path, key: str) -> str | None:
    """One setting of an SQLite diary (or backup) file, read without changing it; None if it has none or the
    file is not a diary SQLite can read."""
    from nutrigap.store.sqlite_file import ro_uri

    try:
        con = sqlite3.connect(ro_uri(diary_file), uri=True)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])
