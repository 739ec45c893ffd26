"""The diary of a period for charts, insights and reports: entries with their intakes, twitch episodes and
daily factors, read in one unit of work (:func:`read_period`), then cut into the day-by-day timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from nutrigap.domain.symptoms import FACTORS, SYMPTOMS
from nutrigap.engine.timeline import daily_twitches, timeline
from nutrigap.services.context import AppContext
from nutrigap.services.reports import read_intakes, totals_of

if TYPE_CHECKING:
    from nutrigap.store.db import UnitOfWork

EPISODE_COLUMNS = ["id", "occurred_at", "location", "location_other", "side", "intensity", "duration_s", "note"]


@dataclass(frozen=True, slots=True)
class DiaryPeriod:
    """What the diary holds from ``start`` to ``end``, as read in one transaction. A use case that needs
    several views of overlapping periods (the doctor's report) reads the widest once and cuts it."""

    start: dt.date
    end: dt.date
    intakes: pd.DataFrame
    episodes: pd.DataFrame
    factors: pd.DataFrame

    def _within(self, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
        first, last = start or self.start, end or self.end
        if first < self.start or last > self.end:
            raise ValueError(f"{first}..{last} is not within the period read ({self.start}..{self.end})")
        return first, last

    def totals(self, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        """Daily nutrient totals of every day from ``start`` to ``end`` (default: the whole period)."""
        first, last = self._within(start, end)
        intakes = self.intakes
        if (first, last) != (self.start, self.end):
            intakes = intakes.loc[[first <= d <= last for d in intakes["day"]]]
        return totals_of(intakes, first, last)

    def episodes_between(self, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        """Twitch episodes from ``start`` 00:00 to the end of ``end``, one row each."""
        first, last = self._within(start, end)
        if (first, last) == (self.start, self.end):
            return self.episodes
        begin, stop = _day_bounds(first, last)
        keep = [begin <= t < stop for t in self.episodes["occurred_at"]]
        return self.episodes.loc[keep].reset_index(drop=True)

    def timeline(self, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        """Every day from ``start`` to ``end``: nutrient totals, twitch counts and intensities, factors."""
        first, last = self._within(start, end)
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        factors = self.factors.loc[[first <= d <= last for d in self.factors.index]]
        twitches = daily_twitches(self.episodes_between(first, last), days)
        return timeline(self.totals(first, last), twitches, factors)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(start, dt.time()), dt.datetime.combine(end + dt.timedelta(days=1), dt.time())


def read_period(uow: UnitOfWork, start: dt.date, end: dt.date) -> DiaryPeriod:
    """Entries, twitch episodes and factors from ``start`` to ``end`` in the caller's unit of work."""
    return DiaryPeriod(
        start, end, read_intakes(uow, start, end), read_episodes(uow, start, end), _factors(uow, start, end)
    )


def read_episodes(uow: UnitOfWork, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Twitch episodes from ``start`` 00:00 to the end of ``end``, one row each."""
    # plain rows, not ORM objects: ten years of episodes read in a tenth of the time (insights, issue #16)
    width = len(EPISODE_COLUMNS)
    records = [
        (*row[:width], *(bool(flag) for flag in row[width:]))
        for row in uow.twitches.rows_between(*_day_bounds(start, end), [*EPISODE_COLUMNS, *SYMPTOMS])
    ]
    return pd.DataFrame.from_records(records, columns=[*EPISODE_COLUMNS, *SYMPTOMS])


def _factors(uow: UnitOfWork, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Daily factors indexed by day (only days the user recorded something)."""
    columns = ["day", *FACTORS, "exercise_intensity"]
    frame = pd.DataFrame.from_records(uow.factors.rows_between(start, end, columns), columns=columns)
    return frame.set_index("day")


def load_timeline(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Every day from ``start`` to ``end`` (nutrient totals, twitch counts and intensities, factors), read in
    one unit of work."""
    with ctx.uow() as uow:
        period = read_period(uow, start, end)
    return period.timeline()
