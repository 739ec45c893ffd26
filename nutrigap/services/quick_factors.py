"""``nutrigap factors set``, ``factors show`` and ``log complete`` without SQLAlchemy, for the plain SQLite diary.

Both took 0.36–0.38 s, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the
models (``python -X importtime``), over the daily commands' 0.35 s. Here they take what ``log add`` takes (README
"Performance", ``benchmarks/startup.py``). They share the full path's parts: the checks and messages
(:func:`nutrigap.services.factors.factor_changes`), the view (``factors_view``, ``food_caffeine_of``), the
start-up steps and fall-backs of :func:`nutrigap.services.quick_add.quick_write` (a write) and
:func:`nutrigap.services.quick_report.quick_read` (a read); the SQL is :mod:`nutrigap.store.quick_factors`.
``tests/integration/test_quick_factors.py`` runs both paths on twin diaries and compares tables and output.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from nutrigap.domain.diary import parse_date
from nutrigap.domain.nutrients import CAFFEINE
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import DayState, check_day_complete
from nutrigap.services.factors import RECORDED, FactorsView, factor_changes, factors_view, food_caffeine_of
from nutrigap.services.quick_add import quick_write
from nutrigap.services.quick_report import quick_read
from nutrigap.store.quick_factors import caffeine_rows, factors_of, save_day_flag, save_factors


def quick_set_factors(ctx: AppContext, day: dt.date | str, **given: object) -> FactorsView | None:
    """Set factors as :func:`~nutrigap.services.factors.set_factors` does (checked before anything is opened,
    with the same messages), or None (nothing written) when this diary needs the full path."""
    on = parse_date(day)
    changes = factor_changes(**given)

    def work(con: sqlite3.Connection) -> FactorsView:
        stored = factors_of(con, on, RECORDED)
        save_factors(con, on, stored, changes)
        values = {**(stored or dict.fromkeys(RECORDED)), **changes}
        return factors_view(on, values, food_caffeine_of(caffeine_rows(con, on, CAFFEINE)))

    return quick_write(ctx, work)


def quick_get_factors(ctx: AppContext, day: dt.date | str) -> FactorsView | None:
    """:func:`~nutrigap.services.factors.get_factors`, or None when only the full open can tell."""
    on = parse_date(day)

    def work(con: sqlite3.Connection) -> FactorsView:
        return factors_view(on, factors_of(con, on, RECORDED), food_caffeine_of(caffeine_rows(con, on, CAFFEINE)))

    return quick_read(ctx, work)


def quick_set_day_complete(ctx: AppContext, day: dt.date | str, complete: bool = True) -> DayState | None:
    """Mark a day as :func:`~nutrigap.services.day_status.set_day_complete` does (checked first, with the same
    message), or None (nothing written) when this diary needs the full path."""
    on = check_day_complete(day, complete)

    def work(con: sqlite3.Connection) -> DayState:
        save_day_flag(con, on, complete)
        return DayState(on, complete, True)

    return quick_write(ctx, work)
