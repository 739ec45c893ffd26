"""``nutrigap twitch list`` without SQLAlchemy, for the plain SQLite diary.

It took 0.36 s, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the models
(``python -X importtime``), over the daily commands' 0.35 s; here it takes what ``log show`` takes (README
"Performance", ``benchmarks/startup.py``). The checks and messages are the full path's
(``domain.twitch_input.episode_range``), the view is ``TwitchView``, the start-up steps and fall-backs those of
:func:`nutrigap.services.quick_report.quick_read`; the SQL is :mod:`nutrigap.store.quick_twitches`.
"""

from __future__ import annotations

import datetime as dt

from nutrigap.domain.twitch_input import episode_range
from nutrigap.services.context import AppContext
from nutrigap.services.quick_report import quick_read
from nutrigap.services.twitch_view import TwitchView
from nutrigap.store.quick_twitches import episodes_between


def quick_list_twitches(
    ctx: AppContext, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> list[TwitchView] | None:
    """:func:`~nutrigap.services.twitches.list_twitches`, or None when only the full open can tell."""
    first, until = episode_range(start, end)
    lines = quick_read(ctx, lambda con: episodes_between(con, first, until))
    if lines is None:
        return None
    return [TwitchView(**line._asdict()) for line in lines]
