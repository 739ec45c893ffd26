"""``nutrigap twitch list`` and ``twitch rm`` without SQLAlchemy, for the plain SQLite diary.

It took 0.36 s, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the models
(``python -X importtime``), over the daily commands' 0.35 s; here it takes what ``log show`` takes (README
"Performance", ``benchmarks/startup.py``). The checks and messages are the full path's
(``domain.twitch_input.episode_range``), the view is ``TwitchView``, the start-up steps and fall-backs those of
:func:`nutrigap.services.quick_report.quick_read`; the SQL is :mod:`nutrigap.store.quick_twitches`.
``twitch rm`` likewise, through :func:`nutrigap.services.quick_add.quick_write` (its start-up steps and
fall-backs; an unknown id takes the full path for its message), leaving the rows
:func:`nutrigap.services.twitches.remove_twitch` leaves (``tests/integration/test_quick_twitches.py``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from nutrigap.domain.twitch_input import episode_range
from nutrigap.services.context import AppContext
from nutrigap.services.quick_add import quick_write
from nutrigap.services.quick_report import quick_read
from nutrigap.services.twitch_view import TwitchView
from nutrigap.store.quick_twitches import delete_episode, episode, episodes_between


def quick_list_twitches(
    ctx: AppContext, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> list[TwitchView] | None:
    """:func:`~nutrigap.services.twitches.list_twitches`, or None when only the full open can tell."""
    first, until = episode_range(start, end)
    lines = quick_read(ctx, lambda con: episodes_between(con, first, until))
    if lines is None:
        return None
    return [TwitchView(**line._asdict()) for line in lines]


def quick_remove_twitch(ctx: AppContext, episode_id: int) -> TwitchView | None:
    """:func:`~nutrigap.services.twitches.remove_twitch`, or None (nothing written) when this diary or episode
    needs the full path."""

    def work(con: sqlite3.Connection) -> TwitchView | None:
        line = episode(con, episode_id)
        if line is None:
            return None  # the full path says so
        delete_episode(con, episode_id)
        return TwitchView(**line._asdict())

    return quick_write(ctx, work)
