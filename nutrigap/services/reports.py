"""Day and week reports: totals, targets, shortfalls and verdicts for the five nutrients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nutrigap.domain.diary import Profile, parse_date, week_bounds
from nutrigap.domain.labs import LabResult
from nutrigap.domain.nutrients import SNAPSHOT_NUTRIENT_IDS, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.daily import percent_of_target
from nutrigap.engine.intake import daily_totals, entries_from_tables, entry_intakes
from nutrigap.engine.summary import NutrientSummary, summarize_period
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import read_complete_days
from nutrigap.services.profile import profile_in, targets_in
from nutrigap.services.report_json import day_json, report_json
from nutrigap.services.views import ProfileView
from nutrigap.store.db import UnitOfWork


def read_intakes(uow: UnitOfWork, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per diary entry between two dates (inclusive) with its nutrient intakes (NaN = unknown)."""
    entries = uow.entries.entry_rows(start, end)
    values = uow.entries.food_values({row.food_id for row in entries}, SNAPSHOT_NUTRIENT_IDS)
    return entry_intakes(entries_from_tables(entries, values))


def totals_of(intakes: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Daily totals for every day from ``start`` to ``end`` (days with nothing logged have ``entries`` 0)."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return daily_totals(intakes, days)


def load_totals(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    """:func:`totals_of` the diary's entries from ``start`` to ``end``, in a unit of work of its own."""
    with ctx.uow() as uow:
        intakes = read_intakes(uow, start, end)
    return totals_of(intakes, start, end)


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """The five nutrients over a period (a day, a week or a month)."""

    start: dt.date
    end: dt.date
    profile: Profile
    profile_is_default: bool
    targets: dict[Nutrient, Target]
    summaries: dict[Nutrient, NutrientSummary]
    totals: pd.DataFrame
    percent: pd.DataFrame
    #: True for each complete day (a past day by default; today once marked); verdicts use complete days only
    complete: pd.Series
    #: blood test results of the year up to ``end`` (issue #17; ``services.labs.recent_results_in``)
    blood: tuple[LabResult, ...] = ()

    @property
    def logged_days(self) -> int:
        return int((self.totals["entries"] > 0).sum())

    @property
    def complete_logged_days(self) -> int:
        """Logged days that are complete: the days the verdicts judge."""
        logged = (self.totals["entries"] > 0).to_numpy()
        return int((logged & self.complete.reindex(self.totals.index).fillna(True).to_numpy(dtype=bool)).sum())

    @property
    def in_progress(self) -> bool:
        """Something is logged but no logged day is complete: numbers are progress so far, not a verdict."""
        return self.logged_days > 0 and self.complete_logged_days == 0

    @property
    def energy_kcal(self) -> float | None:
        logged = self.totals[self.totals["entries"] > 0]
        if logged.empty:
            return None
        return float(logged["energy"].mean())

    def to_json(self) -> dict[str, object]:
        totals = self.totals.to_dict("index")
        percents = self.percent.to_dict("index")
        days = []
        for day, row in totals.items():
            assert isinstance(day, dt.date)
            days.append(day_json(day, int(row["entries"]), bool(self.complete.get(day, True)), row, percents[day]))
        return report_json(
            start=self.start, end=self.end, logged_days=self.logged_days, complete_days=self.complete_logged_days,
            profile=self.profile, profile_is_default=self.profile_is_default, energy_kcal=self.energy_kcal,
            summaries=self.summaries, days=days, blood=self.blood,
        )  # fmt: skip


def period_report(ctx: AppContext, start: dt.date, end: dt.date) -> PeriodReport:
    from dataclasses import replace

    from nutrigap.services.labs import recent_results_in

    with ctx.uow() as uow:
        basis = read_basis(ctx, uow, start, end)
        intakes = read_intakes(uow, start, end)
        blood = recent_results_in(uow, end)
    return replace(build_period_report(basis, totals_of(intakes, start, end), start, end), blood=blood)


@dataclass(frozen=True, slots=True)
class ReportBasis:
    """What a period's totals are judged by: the profile, its targets on the last day (the user's own targets
    beside the DRI) and which days are complete (verdicts use complete days only)."""

    profile: ProfileView
    targets: dict[Nutrient, Target]
    complete: pd.Series


def read_basis(ctx: AppContext, uow: UnitOfWork, start: dt.date, end: dt.date) -> ReportBasis:
    """:class:`ReportBasis` of ``start``..``end`` in the caller's unit of work (profile and targets cached)."""
    return ReportBasis(profile_in(ctx, uow), targets_in(ctx, uow, end), read_complete_days(uow, start, end))


def build_period_report(basis: ReportBasis, totals: pd.DataFrame, start: dt.date, end: dt.date) -> PeriodReport:
    """The report of ``start``..``end`` from the daily totals of those days."""
    profile_view, targets, complete = basis.profile, basis.targets, basis.complete
    return PeriodReport(
        start=start,
        end=end,
        profile=profile_view.profile,
        profile_is_default=profile_view.is_default,
        targets=targets,
        summaries=summarize_period(totals, targets, complete),
        totals=totals,
        percent=percent_of_target(totals, targets),
        complete=complete,
    )


def day_report(ctx: AppContext, day: dt.date | str) -> PeriodReport:
    day = parse_date(day)
    return period_report(ctx, day, day)


def week_report(ctx: AppContext, day: dt.date | str) -> PeriodReport:
    """The Monday-to-Sunday week that holds ``day``."""
    monday, sunday = week_bounds(parse_date(day))
    return period_report(ctx, monday, sunday)


def month_report(ctx: AppContext, year: int, month: int) -> PeriodReport:
    start = dt.date(year, month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return period_report(ctx, start, end)
