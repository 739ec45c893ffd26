"""Whether a day is complete: a day in progress shows progress, never a verdict on usual intake (issue #13).

A past day counts as complete unless the user says it is not (a day they stopped logging half-way); today
counts as in progress until the user marks it complete (Cronometer's "day complete" flag does the same).
A day that has not begun cannot be marked complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nutrigap.domain.diary import default_complete, parse_date
from nutrigap.domain.errors import InvalidInput
from nutrigap.services.context import AppContext
from nutrigap.services.unit import write

if TYPE_CHECKING:
    # pandas is imported where a series is built: `nutrigap log complete` needs none (issue #16)
    import pandas as pd

    from nutrigap.store.db import UnitOfWork


@dataclass(frozen=True, slots=True)
class DayState:
    day: dt.date
    complete: bool
    #: True when the user set it; False when it is the default (past: complete, today: in progress)
    set_by_user: bool

    def to_json(self) -> dict[str, object]:
        return {"date": self.day.isoformat(), "complete": self.complete, "set_by_user": self.set_by_user}


def complete_days(ctx: AppContext, start: dt.date, end: dt.date, today: dt.date | None = None) -> pd.Series:
    """True for each complete day from ``start`` to ``end`` (inclusive), indexed by date."""
    with ctx.uow() as uow:
        return read_complete_days(uow, start, end, today)


def read_complete_days(uow: UnitOfWork, start: dt.date, end: dt.date, today: dt.date | None = None) -> pd.Series:
    """:func:`complete_days` in the caller's unit of work."""
    import pandas as pd

    today = today or dt.date.today()
    flags = uow.entries.day_flags(start, end)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return pd.Series([flags.get(d, default_complete(d, today)) for d in days], index=days, dtype=bool)


def day_state(ctx: AppContext, day: dt.date | str, today: dt.date | None = None) -> DayState:
    on = parse_date(day)
    today = today or dt.date.today()
    with ctx.uow() as uow:
        flag = uow.entries.day_flags(on, on).get(on)
    return DayState(on, default_complete(on, today) if flag is None else flag, flag is not None)


def set_day_complete(ctx: AppContext, day: dt.date | str, complete: bool = True) -> DayState:
    """Mark a day complete (everything eaten is logged) or, with ``complete=False``, not complete."""
    on = check_day_complete(day, complete)
    with write(ctx) as uow:
        uow.entries.set_day_flag(on, complete)
    return DayState(on, complete, True)


def check_day_complete(day: dt.date | str, complete: bool) -> dt.date:
    """The day :func:`set_day_complete` may mark so; InvalidInput for a bad date or a day not begun yet."""
    on = parse_date(day)
    if complete and on > dt.date.today():
        raise InvalidInput(f"{on.isoformat()} has not come yet; only a day that has begun can be complete.")
    return on
