"""Insights: associations between twitching and intake or lifestyle, red flags, and missing-data warnings.

``compute_insights(ctx, start, end)`` is what the window and the CLI call; the doctor's report calls
:func:`insights_of` on the period it already read. The data comes from :func:`nutrigap.services.timeline.read_period`;
the statistics live in :mod:`nutrigap.engine.insights`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nutrigap.domain.diary import Profile, parse_date
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.medicines import Medicine
from nutrigap.engine.insights import (
    DEFAULT_SEED,
    DISCLAIMER,
    LOOKBACK_DAYS,
    MIN_LOGGED_DAYS,
    MIN_TWITCH_DAYS,
    Q_LEVEL,
    InsightItem,
    analyse,
)
from nutrigap.engine.insights_completeness import UNKNOWN_SHARE_FLAG, MissingDataFlag, missing_data_flags
from nutrigap.engine.medicine_periods import WINDOW_DAYS, MedicineFinding, medicine_findings
from nutrigap.engine.red_flags import WATCH_FOR, DayText, RedFlag, red_flags
from nutrigap.engine.summary import summarize_period
from nutrigap.engine.targets import targets_for
from nutrigap.services.context import AppContext
from nutrigap.services.medicines import list_medicines_in
from nutrigap.services.profile import profile_in
from nutrigap.services.timeline import DiaryPeriod, read_period

__all__ = ["DISCLAIMER", "InsightItem", "InsightsReport", "MissingDataFlag", "RedFlag", "compute_insights"]

#: Longest period analysed at once.
MAX_DAYS = 3 * 366


@dataclass(frozen=True, slots=True)
class InsightsReport:
    """Everything the insight screen and the report show for a period."""

    start: dt.date
    end: dt.date
    enough_data: bool
    logged_days: int
    twitch_days: int
    items: tuple[InsightItem, ...]
    red_flags: tuple[RedFlag, ...]
    missing_data: tuple[MissingDataFlag, ...]
    summary: str
    method: str
    n_tests: int
    disclaimer: str = DISCLAIMER
    watch_for: tuple[tuple[str, str], ...] = WATCH_FOR
    #: medicines taken in the period: what the ODS sheets say, and twitching before/after a start (issue #17)
    medicines: tuple[MedicineFinding, ...] = ()

    @property
    def notable(self) -> tuple[InsightItem, ...]:
        """Associations that hold at q < 0.05, strongest evidence first."""
        found = [i for i in self.items if i.notable]
        return tuple(sorted(found, key=lambda i: (i.q_value or 1.0, -abs(i.rho or 0.0))))

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "enough_data": self.enough_data,
            "logged_days": self.logged_days,
            "twitch_days": self.twitch_days,
            "minimum": {"logged_days": MIN_LOGGED_DAYS, "twitch_days": MIN_TWITCH_DAYS},
            "q_level": Q_LEVEL,
            "n_tests": self.n_tests,
            "summary": self.summary,
            "method": self.method,
            "notable": [i.to_json() for i in self.notable],
            "items": [i.to_json() for i in self.items],
            "red_flags": [f.to_json() for f in self.red_flags],
            "missing_data": [m.to_json() for m in self.missing_data],
            "missing_data_threshold": UNKNOWN_SHARE_FLAG,
            "watch_for": [{"sign": sign, "source": source} for sign, source in self.watch_for],
            "disclaimer": self.disclaimer,
            "medicines": [m.to_json() for m in self.medicines],
        }


def compute_insights(
    ctx: AppContext,
    start: dt.date | str,
    end: dt.date | str,
    *,
    seed: int = DEFAULT_SEED,
    day_text: DayText = dt.date.isoformat,
) -> InsightsReport:
    """Associations, red flags and missing-data flags for the days from ``start`` to ``end`` (inclusive)."""
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise InvalidInput(f"The period ends ({last}) before it starts ({first}).")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"Insights cover at most {MAX_DAYS} days at once; choose a shorter period.")
    # three days more at the front so that "the day before" windows have data on the first days
    with ctx.uow() as uow:
        profile = profile_in(ctx, uow).profile
        medicines = list_medicines_in(uow)
        period = read_period(uow, medicine_read_from(medicines, first - dt.timedelta(days=LOOKBACK_DAYS), last), last)
    return insights_of(period, profile, first, last, seed=seed, day_text=day_text, medicines=medicines)


def medicine_read_from(medicines: Sequence[Medicine], first: dt.date, last: dt.date) -> dt.date:
    """The first day to read so that every medicine started by ``last`` (and not before ``first`` less the
    window) has its four weeks before the start: ``first`` when none needs more."""
    starts = [m.start for m in medicines if m.start is not None and first - dt.timedelta(WINDOW_DAYS) < m.start <= last]
    return min([first, *(s - dt.timedelta(days=WINDOW_DAYS) for s in starts)])


def insights_of(
    period: DiaryPeriod,
    profile: Profile,
    first: dt.date,
    last: dt.date,
    *,
    seed: int = DEFAULT_SEED,
    day_text: DayText = dt.date.isoformat,
    medicines: Sequence[Medicine] = (),
) -> InsightsReport:
    """The insights of ``first``..``last`` from a diary period read with :data:`LOOKBACK_DAYS` days before
    (and :func:`medicine_read_from` for the ``medicines``); ``day_text`` writes the days the red flags name (ISO
    by default, the report's style in the PDF)."""
    frame = period.timeline(first - dt.timedelta(days=LOOKBACK_DAYS), last)
    analysis = analyse(frame, start=first, seed=seed)
    days = frame.loc[[d >= first for d in frame.index]]
    targets = targets_for(profile, last)
    missing = missing_data_flags(summarize_period(days, targets), vitamin_d_unit=profile.vitamin_d_unit)
    flags = red_flags(period.episodes_between(first, last), end=last, day_text=day_text)
    return InsightsReport(
        start=first,
        end=last,
        enough_data=analysis.enough_data,
        logged_days=analysis.logged_days,
        twitch_days=analysis.twitch_days,
        items=analysis.items,
        red_flags=tuple(flags),
        missing_data=tuple(missing),
        summary=analysis.summary,
        method=analysis.method,
        n_tests=analysis.n_tests,
        medicines=_medicine_findings(period, medicines, first, last, seed, day_text),
    )


def _medicine_findings(
    period: DiaryPeriod, medicines: Sequence[Medicine], first: dt.date, last: dt.date, seed: int, day_text: DayText
) -> tuple[MedicineFinding, ...]:
    if not medicines:
        return ()
    read_from = medicine_read_from(medicines, first - dt.timedelta(days=LOOKBACK_DAYS), last)
    timeline = period.timeline(read_from, last)
    return medicine_findings(list(medicines), timeline, first, last, seed=seed, day_text=day_text)


def insights_for_weeks(ctx: AppContext, weeks: int = 8, end: dt.date | str | None = None) -> InsightsReport:
    """The last ``weeks`` weeks up to ``end`` (default today)."""
    if not 1 <= weeks <= 156:
        raise InvalidInput(f"Choose between 1 and 156 weeks (got {weeks}).")
    last = dt.date.today() if end is None else parse_date(end)
    return compute_insights(ctx, last - dt.timedelta(days=7 * weeks - 1), last)
