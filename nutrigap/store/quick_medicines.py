"""The medicines read with the standard library's ``sqlite3`` alone, for ``nutrigap med list``.

The SQL repeats ``MedicineRepository.all`` over the columns of ``MedicineRow`` (those with a start date first, by
date, then by name as SQLite compares it, then id; dates as the ISO text SQLAlchemy stores on SQLite);
``tests/integration/test_quick_medicines.py`` compares the command's output both ways.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from nutrigap.domain.medicines import Medicine


def _day(value: object) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def all_medicines(con: sqlite3.Connection) -> list[Medicine]:
    """Every medicine as ``services.medicines.list_medicines`` answers (plain data)."""
    rows = con.execute(
        """SELECT id, name, class_id, dose, start_day, stop_day, note FROM medicine
           ORDER BY start_day IS NULL, start_day, name, id"""
    ).fetchall()
    return [
        Medicine(
            name=str(name), class_id=str(class_id), dose=_text(dose), start=_day(start), stop=_day(stop),
            note=_text(note), id=int(i),
        )
        for i, name, class_id, dose, start, stop, note in rows
    ]  # fmt: skip
