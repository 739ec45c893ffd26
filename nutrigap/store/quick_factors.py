"""A day's factors and completeness read and written with the standard library's ``sqlite3`` alone, for
``nutrigap factors`` and ``log complete``.

The SQL repeats what the ORM path does (``FactorsRepository.get`` and ``upsert`` over ``DailyFactorsRow``,
``EntryRepository.nutrient_rows`` for the caffeine of the day's foods, ``set_day_flag`` over ``DayStatusRow``),
with the values SQLAlchemy stores on SQLite (a clock time as ``HH:MM:SS.ffffff`` text, moments as
:mod:`nutrigap.store.quick_entry` writes them); ``tests/integration/test_quick_factors.py`` compares whole
tables after both paths.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from nutrigap.store.quick_entry import now_text


def _stored(value: object) -> object:
    # SQLAlchemy's Time on SQLite stores this text (its TIME storage format)
    return value.strftime("%H:%M:%S.%f") if isinstance(value, dt.time) else value


def _read(name: str, value: object) -> object:
    return dt.time.fromisoformat(str(value)) if name == "last_caffeine_at" and value is not None else value


def factors_of(con: sqlite3.Connection, day: dt.date, columns: Sequence[str]) -> dict[str, Any] | None:
    """The day's recorded ``columns`` of ``daily_factors`` by name, None when the day has no row."""
    row = con.execute(f"SELECT {', '.join(columns)} FROM daily_factors WHERE day = ?", (day.isoformat(),)).fetchone()
    return None if row is None else {name: _read(name, v) for name, v in zip(columns, row, strict=True)}


def save_factors(
    con: sqlite3.Connection, day: dt.date, stored: Mapping[str, object] | None, changes: Mapping[str, object]
) -> None:
    """Insert the day's row with ``changes``, or update the columns ``changes`` alters in the ``stored`` one
    (as the ORM's flush: nothing when no value differs, else ``updated_at`` too)."""
    if stored is None:
        names = ["day", *changes, "updated_at"]
        values = [day.isoformat(), *(_stored(v) for v in changes.values()), now_text()]
        con.execute(f"INSERT INTO daily_factors ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)
        return
    altered = {name: v for name, v in changes.items() if stored.get(name) != v}
    if not altered:
        return
    sets = ", ".join(f"{name} = ?" for name in [*altered, "updated_at"])
    con.execute(
        f"UPDATE daily_factors SET {sets} WHERE day = ?",
        [*(_stored(v) for v in altered.values()), now_text(), day.isoformat()],
    )


CaffeineRow = tuple[int, float, int | None, float | None]


def caffeine_rows(con: sqlite3.Connection, day: dt.date, caffeine_id: int) -> list[CaffeineRow]:
    """The day's entries with their food's caffeine per 100 g (``nutrient_rows`` of one nutrient): (entry id,
    grams, the nutrient id or None, its value or None), by id."""
    rows = con.execute(
        """SELECT e.id, e.amount_g, n.nutrient_id, n.amount
           FROM diary_entry e JOIN food f ON f.id = e.food_id
           LEFT OUTER JOIN food_nutrient n ON n.food_id = f.id AND n.nutrient_id = ?
           WHERE e.day = ? ORDER BY e.day, e.id""",
        (caffeine_id, day.isoformat()),
    ).fetchall()
    return [(int(i), float(g), None if n is None else int(n), None if a is None else float(a)) for i, g, n, a in rows]


def save_day_flag(con: sqlite3.Connection, day: dt.date, complete: bool) -> None:
    """Mark ``day`` complete or not (``EntryRepository.set_day_flag``: a merge, so nothing when unchanged)."""
    row = con.execute("SELECT complete FROM day_status WHERE day = ?", (day.isoformat(),)).fetchone()
    if row is None:
        con.execute(
            "INSERT INTO day_status (day, complete, updated_at) VALUES (?, ?, ?)",
            (day.isoformat(), int(complete), now_text()),
        )
    elif bool(row[0]) != complete:
        con.execute(
            "UPDATE day_status SET complete = ?, updated_at = ? WHERE day = ?",
            (int(complete), now_text(), day.isoformat()),
        )
