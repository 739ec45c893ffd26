"""What the window's nutrient panel shows for one day: the five totals against the profile's targets, with the
engine's verdicts, computed without pandas (:mod:`nutrigap.engine.day_totals`).

:func:`day_panel` reads the day in one unit of work; the window's first frame builds the same
:class:`DayPanel` from the day read with ``sqlite3`` (:mod:`nutrigap.services.day_preview`) through
:func:`build_day_panel`. The panel's numbers and verdicts equal the day report's
(:func:`nutrigap.services.reports.day_report`), which the command line and the PDF use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nutrigap.domain.diary import FoodKind, Profile, default_complete, parse_date
from nutrigap.domain.nutrients import SNAPSHOT_NUTRIENT_IDS, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.day_totals import DayTotals, EntryAmount, day_totals, summarize_day
from nutrigap.engine.nutrient_summary import NutrientSummary
from nutrigap.engine.targets import targets_for, with_personal
from nutrigap.services.context import AppContext
from nutrigap.services.views import ProfileView


@dataclass(frozen=True, slots=True)
class DayPanel:
    """The five nutrients of one day (``summaries``), whose targets (``profile``) and whether it is complete."""

    day: dt.date
    profile_view: ProfileView
    targets: dict[Nutrient, Target]
    summaries: dict[Nutrient, NutrientSummary]
    totals: DayTotals
    #: the day's completeness by date (one date), as a period report gives it
    complete: dict[dt.date, bool]

    @property
    def end(self) -> dt.date:
        return self.day

    @property
    def profile(self) -> Profile:
        return self.profile_view.profile

    @property
    def profile_is_default(self) -> bool:
        return self.profile_view.is_default

    @property
    def logged_days(self) -> int:
        return 1 if self.totals.logged else 0

    @property
    def in_progress(self) -> bool:
        """Something is logged but the day is not complete: the numbers are progress so far, not a verdict."""
        return self.totals.logged and not self.complete[self.day]

    @property
    def energy_kcal(self) -> float | None:
        return self.totals.known["energy"] if self.totals.logged else None


def build_day_panel(
    day: dt.date,
    profile: ProfileView,
    personal: Mapping[Nutrient, tuple[float, str | None]],
    complete: bool,
    entries: Iterable[EntryAmount],
) -> DayPanel:
    """The panel of ``day`` from the profile, the user's own targets, whether the day is complete and its entries
    (in the diary's order, by id)."""
    targets = with_personal(targets_for(profile.profile, day), personal)
    totals = day_totals(entries)
    return DayPanel(day, profile, targets, summarize_day(totals, targets, complete), totals, {day: complete})


def day_panel(ctx: AppContext, day: dt.date | str, today: dt.date | None = None) -> DayPanel:
    """The panel of ``day``, read in one unit of work."""
    from nutrigap.services.profile import personal_targets_in, profile_in

    on = parse_date(day)
    with ctx.uow() as uow:
        profile = profile_in(ctx, uow)
        personal = personal_targets_in(ctx, uow)
        flag = uow.entries.day_flags(on, on).get(on)
        rows = uow.entries.entry_rows(on, on)
        values = uow.entries.food_values({row.food_id for row in rows}, SNAPSHOT_NUTRIENT_IDS)
    per100: dict[int, dict[int, float]] = {row.food_id: {} for row in rows}
    for value in values:
        per100[value.food_id][value.nutrient_id] = value.amount
    complete = default_complete(on, today or dt.date.today()) if flag is None else flag
    entries = [EntryAmount(row.amount_g, row.kind == FoodKind.SUPPLEMENT, per100[row.food_id]) for row in rows]
    return build_day_panel(on, profile, personal, complete, entries)
