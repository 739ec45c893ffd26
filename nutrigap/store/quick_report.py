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

from nutrigap.store.day_preview import DayRecords, open_checked, read_records
from nutrigap.store.lab_rows import LabRow
from nutrigap.store.quick_entry import HEAD_TABLES
from nutrigap.store.quick_labs import lab_rows
from nutrigap.store.sqlite_file import DIARY_TABLES


class ReportDay(NamedTuple):
    records: DayRecords
    #: the results from the first to the last day asked for, by date then id
    labs: list[LabRow]


def open_for_reading(path: Path, clean_record: Path | None = None) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite diary at ``path``, or None when only the full open can tell (no
    diary, a damaged file, another schema revision, a table missing). ``clean_record``: as for
    :func:`nutrigap.store.day_preview.read_day`."""
    return open_checked(path, clean_record, DIARY_TABLES | HEAD_TABLES)


def read_report_day(con: sqlite3.Connection, day: dt.date, labs_from: dt.date) -> ReportDay:
    """The records of ``day`` and the blood test results from ``labs_from`` to ``day``."""
    labs = lab_rows(con, labs_from, day)
    return ReportDay(read_records(con, day), labs)
