"""``nutrigap lab add`` and ``lab list`` without SQLAlchemy, for the plain SQLite diary.

Both took 0.36–0.39 s, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the
models (``python -X importtime``); here they take what ``log add`` takes (README "Performance",
``benchmarks/startup.py``). The checks and messages are the full path's (``services.lab_checks.check_result``,
``domain.labs.check_period``), the result the same ``LabResult`` (``store.lab_rows.result_of``), the start-up
steps and fall-backs those of :func:`nutrigap.services.quick_add.quick_write` and
:func:`nutrigap.services.quick_report.quick_read`; the SQL is :mod:`nutrigap.store.quick_labs`.
``tests/integration/test_quick_labs.py`` runs both paths on twin diaries and compares tables and output.
"""

from __future__ import annotations

import datetime as dt

from nutrigap.domain.labs import LabResult, check_period
from nutrigap.services.context import AppContext
from nutrigap.services.lab_checks import check_result
from nutrigap.services.quick_add import quick_write
from nutrigap.services.quick_report import quick_read
from nutrigap.store.lab_rows import result_of
from nutrigap.store.quick_labs import add_lab, lab_rows


def quick_add_result(
    ctx: AppContext,
    day: dt.date | str,
    analyte: str,
    value: str | float,
    unit: str,
    *,
    range_text: str | None = None,
    note: str | None = None,
) -> LabResult | None:
    """Store a result as :func:`~nutrigap.services.labs.add_result` does (checked before anything is opened,
    with the same messages), or None (nothing written) when this diary needs the full path."""
    row = check_result(day, analyte, value, unit, range_text=range_text, note=note)
    stored = quick_write(ctx, lambda con: add_lab(con, row))
    return None if stored is None else result_of(stored)


def quick_list_results(
    ctx: AppContext, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> list[LabResult] | None:
    """:func:`~nutrigap.services.labs.list_results`, or None when only the full open can tell."""
    first, last = check_period(start, end)
    rows = quick_read(ctx, lambda con: lab_rows(con, first, last))
    return None if rows is None else [result_of(row) for row in rows]
