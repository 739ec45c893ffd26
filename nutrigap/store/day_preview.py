"""One day of the diary read with the standard library's ``sqlite3`` alone, for the window's first frame.

When the diary is an SQLite file at the newest schema revision, the window reads the shown day (entries, their
foods' values, the profile, the user's own targets, the day's flag) with this module, paints the whole window
with it, and only then opens the diary the full way (SQLAlchemy, the migration check, the day's backup). The read
is read-only (``mode=ro``) and checks the file first (``quick_check``, skipped only when the file's bytes are
exactly those checked clean when the window last closed: :mod:`nutrigap.store.clean_check`), so a damaged diary
is never shown;
anything unexpected answers None, never an error: the caller then opens the diary the full way before showing
anything, which explains any problem.

Measured benefit (benchmarks/window.py, Xvfb, medians of 7 alternating starts, 2 shared cores under load ~10):
the whole window ready in 1.07 s with this read, 2.17 s when the diary is opened the full way first (1.66× the
time of CRON-o-Meter's first window instead of 0.82×): importing SQLAlchemy and mapping the models takes longer
than everything else the first frame needs. The SQL names the columns of :mod:`nutrigap.store.models` (tables
``profile``, ``diary_entry``, ``food``, ``food_nutrient``, ``personal_target``, ``day_status``);
``tests/integration/test_day_preview.py`` and ``tests/integration/test_day_panel.py`` check that what it reads
equals what the services read through the models, for every kind of food, entry and day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.store.clean_check import unchanged_since_clean_check
from nutrigap.store.revisions import HEAD
from nutrigap.store.sqlite_file import BUSY_TIMEOUT_S, DIARY_TABLES, check_sqlite_file, read_facts, ro_uri


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    sex: str
    birth_date: dt.date
    life_stage: str
    vitamin_d_unit: str


@dataclass(frozen=True, slots=True)
class EntryRecord:
    id: int
    day: dt.date
    meal: str
    position: int
    food_row: int
    food_ref: str
    food_name: str
    data_type: str
    kind: str
    quantity: float
    unit: str
    amount_g: float
    note: str | None
    #: the food's nominal-weight flag, serving label and grams (``domain.diary.weight_unknown``)
    nominal_weight: bool = False
    serving_label: str | None = None
    serving_grams: float | None = None


@dataclass(frozen=True, slots=True)
class DayRecords:
    """The profile (None until one is saved), the day's entries (by id), per food row its known values per 100 g
    by FoodData Central nutrient id (an absent id is unknown), the user's own targets and the day's flag."""

    profile: ProfileRecord | None
    entries: list[EntryRecord]
    per100: dict[int, dict[int, float]] = field(default_factory=dict)
    #: the user's own targets: amount [nutrient unit/day] and note, by nutrient name
    personal: dict[str, tuple[float, str | None]] = field(default_factory=dict)
    #: the day marked complete (True) or not complete (False) by the user; None: not marked
    complete: bool | None = None


def read_day(path: Path, day: dt.date, clean_record: Path | None = None) -> DayRecords | None:
    """The profile and the entries of ``day`` in the SQLite diary at ``path``, or None when this quick read
    cannot stand in for opening the diary: no diary yet, an older or newer schema, a damaged or foreign file.
    ``clean_record``: the record of the last clean check (:mod:`nutrigap.store.clean_check`); the file is checked
    unless its bytes are exactly those recorded there."""
    con = open_checked(path, clean_record)
    if con is None:
        return None
    try:
        return read_records(con, day)
    except (DiaryDatabaseError, sqlite3.Error, OSError, ValueError, TypeError):
        return None
    finally:
        con.close()


def open_checked(
    path: Path, clean_record: Path | None = None, tables: frozenset[str] = DIARY_TABLES
) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite diary at ``path``, or None when only the full open can tell: no diary
    yet, a damaged or foreign file, another schema revision, one of ``tables`` missing. ``clean_record``: the
    record of the last clean check (:mod:`nutrigap.store.clean_check`); the file is checked unless its bytes are
    exactly those recorded there. The one gate of every plain-sqlite3 reader (ARCHITECTURE.md)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        if clean_record is None or not unchanged_since_clean_check(path, clean_record):
            check_sqlite_file(path)  # quick_check: a damaged diary is explained by the full open, never shown
        facts = read_facts(path, count=False)
        if facts.revision != HEAD or not facts.tables >= tables:
            return None
        return sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
    except (DiaryDatabaseError, sqlite3.Error, OSError, ValueError, TypeError):
        return None


def read_records(con: sqlite3.Connection, day: dt.date) -> DayRecords:
    """What :func:`read_day` answers, read on a connection the caller opened and checked (also
    :mod:`nutrigap.store.quick_report`, for ``nutrigap report day``)."""
    profile = profile_record(con)
    entries = day_entries(con, day)
    per100: dict[int, dict[int, float]] = {e.food_row: {} for e in entries}
    if per100:
        marks = ",".join("?" * len(per100))
        for food, nutrient, amount in con.execute(
            f"SELECT food_id, nutrient_id, amount FROM food_nutrient WHERE food_id IN ({marks})",
            tuple(per100),
        ):
            per100[int(food)][int(nutrient)] = float(amount)
    personal = personal_records(con)
    flag = con.execute("SELECT complete FROM day_status WHERE day = ?", (day.isoformat(),)).fetchone()
    complete = None if flag is None else bool(flag[0])
    return DayRecords(profile=profile, entries=entries, per100=per100, personal=personal, complete=complete)


_ENTRY_SELECT = """SELECT e.id, e.day, e.meal, e.position, f.id, f.ref, f.name, f.data_type, f.kind, e.quantity,
                          e.unit, e.amount_g, e.note, f.nominal_weight, f.serving_label, f.serving_grams
                   FROM diary_entry e JOIN food f ON f.id = e.food_id"""


def _entry_record(r: tuple[Any, ...]) -> EntryRecord:
    return EntryRecord(
        id=int(r[0]),
        day=dt.date.fromisoformat(str(r[1])),
        meal=str(r[2]),
        position=int(r[3]),
        food_row=int(r[4]),
        food_ref=str(r[5]),
        food_name=str(r[6]),
        data_type=str(r[7]),
        kind=str(r[8]),
        quantity=float(r[9]),
        unit=str(r[10]),
        amount_g=float(r[11]),
        note=None if r[12] is None else str(r[12]),
        nominal_weight=bool(r[13]),
        serving_label=None if r[14] is None else str(r[14]),
        serving_grams=None if r[15] is None else float(r[15]),
    )


def day_entries(con: sqlite3.Connection, day: dt.date) -> list[EntryRecord]:
    """The entries of ``day`` with their foods' columns, by id (also ``nutrigap log copy``)."""
    rows = con.execute(f"{_ENTRY_SELECT} WHERE e.day = ? ORDER BY e.id", (day.isoformat(),)).fetchall()
    return [_entry_record(r) for r in rows]


def entry_record(con: sqlite3.Connection, entry_id: int) -> EntryRecord | None:
    """One entry with its food's columns (``EntryRepository.get``), None when there is none with this id (also
    ``nutrigap log rm`` and ``log edit``)."""
    row = con.execute(f"{_ENTRY_SELECT} WHERE e.id = ?", (entry_id,)).fetchone()
    return None if row is None else _entry_record(row)


def profile_record(con: sqlite3.Connection) -> ProfileRecord | None:
    """The saved profile (``ProfileRepository.get``), None until one is saved (also ``nutrigap profile show``)."""
    row = con.execute("SELECT sex, birth_date, life_stage, vitamin_d_unit FROM profile ORDER BY id LIMIT 1").fetchone()
    if row is None:
        return None
    return ProfileRecord(
        sex=str(row[0]),
        birth_date=dt.date.fromisoformat(str(row[1])),
        life_stage=str(row[2]),
        vitamin_d_unit=str(row[3]),
    )


def personal_records(con: sqlite3.Connection) -> dict[str, tuple[float, str | None]]:
    """The user's own targets: amount [nutrient unit/day] and note, by nutrient name."""
    return {
        str(nutrient): (float(amount), None if note is None else str(note))
        for nutrient, amount, note in con.execute("SELECT nutrient, amount, note FROM personal_target")
    }
