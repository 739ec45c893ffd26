"""``nutrigap med list`` without SQLAlchemy, for the plain SQLite diary.

It took 0.36 s or more, whole process, on a two-core machine, most of the difference importing SQLAlchemy and
the models, over the daily commands' 0.35 s; here it takes what ``lab list`` takes (README "Performance",
``benchmarks/startup.py``). The rows become the same plain :class:`~nutrigap.domain.medicines.Medicine` the full
path hands the command (its notes and JSON are then the same functions), read after the start-up steps and with
the fall-backs of :func:`nutrigap.services.quick_report.quick_read`; the SQL is
:mod:`nutrigap.store.quick_medicines`.
"""

from __future__ import annotations

from nutrigap.domain.medicines import Medicine
from nutrigap.services.context import AppContext
from nutrigap.services.quick_report import quick_read
from nutrigap.store.quick_medicines import all_medicines


def quick_list_medicines(ctx: AppContext) -> list[Medicine] | None:
    """:func:`~nutrigap.services.medicines.list_medicines`, or None when only the full open can tell."""
    return quick_read(ctx, all_medicines)
