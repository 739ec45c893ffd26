"""The JSON of a period report (``nutrigap report … --json``), built from plain values: one function for the
full report (:meth:`nutrigap.services.reports.PeriodReport.to_json`, over its pandas frames) and the day report
read without pandas (:mod:`nutrigap.services.quick_report`), so both print the same."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from nutrigap.domain.diary import Profile
from nutrigap.domain.labs import LabResult, blood_json
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.engine.nutrient_summary import NutrientSummary


def maybe(value: object, digits: int) -> float | None:
    """A rounded float, or None for a missing value."""
    if not isinstance(value, int | float) or math.isnan(value):
        return None
    return round(float(value), digits)


def day_json(
    day: dt.date, entries: int, complete: bool, totals: Mapping[Any, object], percents: Mapping[Any, object]
) -> dict[str, object]:
    """One day of the report: its entries, whether it is complete, the five totals (None unless something is
    logged, or unknown) and their percent of the target."""
    logged = entries > 0
    return {
        "date": day.isoformat(),
        "entries": entries,
        "complete": complete,
        "nutrients": {n.value: maybe(totals[n.value], 2) if logged else None for n in TRACKED},
        "percent": {n.value: maybe(percents[n.value], 1) for n in TRACKED},
    }


def report_json(
    *,
    start: dt.date,
    end: dt.date,
    logged_days: int,
    complete_days: int,
    profile: Profile,
    profile_is_default: bool,
    energy_kcal: float | None,
    summaries: Mapping[Nutrient, NutrientSummary],
    days: Sequence[dict[str, object]],
    blood: Iterable[LabResult],
) -> dict[str, object]:
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "logged_days": logged_days,
        "complete_days": complete_days,
        "profile": {
            "sex": profile.sex.value,
            "age": profile.age_years(end),
            "life_stage": profile.life_stage.value,
            "is_default": profile_is_default,
        },
        "energy_kcal": None if energy_kcal is None else round(energy_kcal, 1),
        "nutrients": {n.value: s.to_json() for n, s in summaries.items()},
        "days": list(days),
        "blood_tests": [blood_json(r) for r in blood],
    }
