"""Blood test results read and written with the standard library's ``sqlite3`` alone, for ``nutrigap lab add``,
``lab list`` and ``report day``.

The SQL repeats ``LabResultRepository.between`` and ``add`` over the columns of ``LabResultRow`` (dates as ISO
text, moments as :mod:`nutrigap.store.quick_entry` writes them); ``tests/integration/test_quick_labs.py``
compares whole tables and output after both paths.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from nutrigap.store.lab_rows import COLUMNS, LabRow
from nutrigap.store.quick_entry import now_text


def lab_rows(con: sqlite3.Connection, start: dt.date | None, end: dt.date | None) -> list[LabRow]:
    """Results from ``start`` to ``end`` (inclusive, either open), by date then id."""
    where = [w for w, d in (("day >= ?", start), ("day <= ?", end)) if d is not None]
    rows = con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM lab_result {'WHERE ' + ' AND '.join(where) if where else ''}"
        " ORDER BY day, id",
        [d.isoformat() for d in (start, end) if d is not None],
    ).fetchall()
    return [_row(r) for r in rows]


def _row(r: tuple[object, ...]) -> LabRow:
    def number(v: object) -> float | None:
        return None if v is None else float(str(v))

    def text(v: object) -> str | None:
        return None if v is None else str(v)

    return LabRow(
        int(str(r[0])), dt.date.fromisoformat(str(r[1])), str(r[2]), float(str(r[3])), str(r[4]), float(str(r[5])),
        number(r[6]), number(r[7]), text(r[8]), text(r[9]), None if r[10] is None else int(str(r[10])),
    )  # fmt: skip


def add_lab(con: sqlite3.Connection, row: LabRow) -> LabRow:
    """Insert a checked result with a new id (``LabResultRepository.add`` of ``id`` 0); it with its id."""
    names = [c for c in COLUMNS if c != "id"]
    values = [row.day.isoformat(), *(getattr(row, c) for c in names[1:])]
    cursor = con.execute(
        f"INSERT INTO lab_result ({', '.join(names)}, created_at, updated_at) VALUES ({', '.join('?' * len(names))},"
        " ?, ?)",
        [*values, now_text(), now_text()],
    )
    return row._replace(id=int(cursor.lastrowid or 0))
