"""What ``nutrigap report day`` prints, read with the standard library's ``sqlite3`` alone.

The day's records are those the window's first frame reads (:func:`nutrigap.store.day_preview.read_records`:
entries, their foods' values, the profile, the user's own targets, the day's flag); this module adds the blood
test results of the year up to the day (``LabRepository.between``'s rows and order). The caller reads them in
one read transaction of one read-only connection (:func:`open_for_reading`), so they are one state of the diary.

Only a diary file at the newest schema revision with every table of the models, that passes ``quick_check``
(skipped, as for the window, when its bytes are exactly those checked clean when the window last closed), is
read here; anything else answers None and the caller opens the diary the full way, which explains any problem.
``tests/integration/test_quick_report.py`` compares the command's output both ways.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import NamedTuple

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.store.clean_check import unchanged_since_clean_check
from nutrigap.store.day_preview import DayRecords, read_records
from nutrigap.store.lab_rows import LabRow
from nutrigap.store.quick_entry import HEAD_TABLES
from nutrigap.store.quick_labs import lab_rows
from nutrigap.store.revisions import HEAD
from nutrigap.store.sqlite_file import BUSY_TIMEOUT_S, DIARY_TABLES, check_sqlite_file, read_facts, ro_uri


class ReportDay(NamedTuple):
    records: DayRecords
    #: the results from the first to the last day asked for, by date then id
    labs: list[LabRow]


def open_for_reading(path: Path, clean_record: Path | None = None) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite diary at ``path``, or None when only the full open can tell (no
    diary, a damaged file, another schema revision, a table missing). ``clean_record``: as for
    :func:`nutrigap.store.day_preview.read_day`."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        if clean_record is None or not unchanged_since_clean_check(path, clean_record):
            check_sqlite_file(path)  # quick_check: a damaged diary is explained by the full open, never shown
        facts = read_facts(path, count=False)
        if facts.revision != HEAD or not facts.tables >= DIARY_TABLES | HEAD_TABLES:
            return None
        return sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
    except (DiaryDatabaseError, sqlite3.Error, OSError, ValueError, TypeError):
        return None


def read_report_day(con: sqlite3.Connection, day: dt.date, labs_from: dt.date) -> ReportDay:
    """The records of ``day`` and the blood test results from ``labs_from`` to ``day``."""
    labs = lab_rows(con, labs_from, day)
    return ReportDay(read_records(con, day), labs)
