"""Day-by-day analysis of a timeline: which days were logged, each day's intake as % of target, its adequacy,
the days whose values rest mostly on unknowns, and the rolling mean of intake.

A *timeline* has one row per day, indexed by ``datetime.date``, with the nutrient totals of
:func:`nutrigap.engine.intake.daily_totals` [nutrient unit/day], ``entries`` [count], ``<nutrient>_unknown_share``
[0..1] and, from :func:`nutrigap.engine.timeline.timeline`, the twitch and factor columns. The charts draw what
these functions return; the report and the CSV export use :func:`percent_of_target` too.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.targets import Target

#: A day's value for a nutrient is flagged "possibly missing data" when more than this share of the grams
#: eaten that day come from foods that have no value for the nutrient (``<nutrient>_unknown_share``). Half is
#: where the known part can no longer stand for the day: the true total could be twice what is shown.
#: (Over a whole period the insights use a lower share, ``engine.insights_completeness.UNKNOWN_SHARE_FLAG``.)
UNKNOWN_SHARE_FLAG = 0.5

#: The 7-day rolling mean is drawn only where at least this many of the last 7 days were logged; fewer would
#: let one or two days pass for a week.
MIN_LOGGED_IN_WINDOW = 4


def days_of(timeline: pd.DataFrame) -> list[dt.date]:
    """The timeline's days, checked to be ``datetime.date`` values."""
    days = list(timeline.index)
    for day in days:
        if not isinstance(day, dt.date):
            raise TypeError("a timeline is indexed by datetime.date")
    return days


def logged_mask(timeline: pd.DataFrame) -> pd.Series:
    """True for days with at least one diary entry (a day without entries was not logged, not zero)."""
    if "entries" not in timeline:
        return pd.Series(False, index=timeline.index)
    return timeline["entries"].fillna(0).astype("int64") > 0


def future_mask(timeline: pd.DataFrame, today: dt.date | None) -> np.ndarray:
    """True for days after ``today`` (still to come: neither logged nor missed)."""
    if today is None:
        return np.zeros(len(timeline), dtype=bool)
    return np.array([day > today for day in timeline.index], dtype=bool)


def percent_of_target(timeline: pd.DataFrame, targets: dict[Nutrient, Target]) -> pd.DataFrame:
    """Each day's intake of each nutrient as % of its target (RDA or AI) [%]; NaN on days with nothing logged."""
    # built from numpy columns in one go: a pandas operation per column cost more than the week chart's bars
    logged = logged_mask(timeline).to_numpy()
    columns = {
        n.value: np.where(logged, 100.0 * timeline[n.value].astype("float64").to_numpy() / targets[n].target, np.nan)
        for n in TRACKED
    }
    return pd.DataFrame(columns, index=timeline.index)


def unknown_flags(timeline: pd.DataFrame) -> pd.DataFrame:
    """True where a logged day's value for a nutrient rests mostly on unknown values (see UNKNOWN_SHARE_FLAG)."""
    logged = logged_mask(timeline).to_numpy()
    columns = {}
    for nutrient in TRACKED:
        column = f"{nutrient.value}_unknown_share"
        if column in timeline:
            share = np.nan_to_num(timeline[column].astype("float64").to_numpy(), nan=0.0)
            columns[nutrient.value] = (share > UNKNOWN_SHARE_FLAG) & logged
        else:
            columns[nutrient.value] = np.zeros(len(timeline), dtype=bool)
    return pd.DataFrame(columns, index=timeline.index)


def daily_adequacy(timeline: pd.DataFrame, targets: dict[Nutrient, Target]) -> pd.Series:
    """Adequacy of each day [%]: the mean over the five nutrients of intake as % of target, each capped at
    100 % (so a surplus of one nutrient cannot hide the shortfall of another). NaN when nothing was logged."""
    capped = percent_of_target(timeline, targets).clip(upper=100.0)
    return capped.mean(axis=1, skipna=False)


def min_logged_days(window: int) -> int:
    """Logged days a ``window``-day rolling mean needs: MIN_LOGGED_IN_WINDOW of 7, scaled to the window."""
    return max(1, round(MIN_LOGGED_IN_WINDOW * window / 7))


def rolling_intake(timeline: pd.DataFrame, window: int = 7) -> pd.DataFrame:
    """The mean daily intake of each nutrient over the last ``window`` days [nutrient unit/day], counting only
    logged days; NaN where fewer than :func:`min_logged_days` of them were logged."""
    days = days_of(timeline)
    full = pd.Index([days[0] + dt.timedelta(days=i) for i in range((days[-1] - days[0]).days + 1)], name="day")
    logged = logged_mask(timeline).reindex(full, fill_value=False)
    min_periods = min_logged_days(window)
    out = pd.DataFrame(index=full)
    for nutrient in TRACKED:
        daily = timeline[nutrient.value].astype("float64").reindex(full).where(logged, np.nan)
        out[nutrient.value] = daily.rolling(window, min_periods=min_periods).mean()
    return out.reindex(timeline.index)
