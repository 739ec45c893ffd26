"""Load the day-by-day timeline (nutrients, twitches, factors) for charts, insights and reports."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nutrigap.domain.symptoms import FACTORS, SYMPTOMS
from nutrigap.engine.timeline import daily_twitches, timeline
from nutrigap.services.context import AppContext
from nutrigap.services.reports import load_totals


def load_episodes(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Twitch episodes from ``start`` 00:00 to the end of ``end``, one row each."""
    begin = dt.datetime.combine(start, dt.time())
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    with ctx.uow() as uow:
        rows = uow.twitches.between(begin, stop)
        records = [
            {
                "id": r.id,
                "occurred_at": r.occurred_at,
                "location": r.location,
                "location_other": r.location_other,
                "side": r.side,
                "intensity": r.intensity,
                "duration_s": r.duration_s,
                "note": r.note,
                **{name: bool(getattr(r, name)) for name in SYMPTOMS},
            }
            for r in rows
        ]
    columns = ["id", "occurred_at", "location", "location_other", "side", "intensity", "duration_s", "note", *SYMPTOMS]
    return pd.DataFrame.from_records(records, columns=columns)


def load_factors(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Daily factors indexed by day (only days the user recorded something)."""
    with ctx.uow() as uow:
        rows = uow.factors.between(start, end)
        records = [
            {"day": r.day, **{k: getattr(r, k) for k in FACTORS}, "exercise_intensity": r.exercise_intensity}
            for r in rows
        ]
    frame = pd.DataFrame.from_records(records, columns=["day", *FACTORS, "exercise_intensity"])
    return frame.set_index("day")


def load_timeline(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Every day from ``start`` to ``end``: nutrient totals, twitch counts and intensities, factors."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    totals = load_totals(ctx, start, end)
    twitches = daily_twitches(load_episodes(ctx, start, end), days)
    return timeline(totals, twitches, load_factors(ctx, start, end))
