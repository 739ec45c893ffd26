"""One nutrient's summary over a period: intake against its reference intakes, the shortfall and the verdict.

Plain Python (no numpy, no pandas): the period summaries of :mod:`nutrigap.engine.summary` and the window's
day totals (:mod:`nutrigap.engine.day_totals`) both end here, so a day judged either way gets the same words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.assessment import Assessment, assess, in_progress


@dataclass(frozen=True, slots=True)
class NutrientSummary:
    """One nutrient over a period: mean daily intake [unit/day] against its reference intakes."""

    nutrient: Nutrient
    intake: float | None
    unit: str
    target: Target
    assessment: Assessment
    percent: float | None
    shortfall: float | None
    shortfall_percent: float | None
    unknown_share: float | None
    #: the days the intake and the verdict come from: logged days that are complete, or (when none is) the
    #: logged days still in progress, whose intake is progress so far and gets no verdict
    n_days: int
    supplemental: float | None
    #: logged days left out of the verdict because they are still in progress (today, not marked complete)
    in_progress_days: int = 0

    def to_json(self) -> dict[str, object]:
        t = self.target
        a = self.assessment
        return {
            "intake": _round(self.intake),
            "unit": self.unit,
            "target": t.target,
            "target_kind": t.target_kind,
            "ear": t.ear,
            "ul": t.ul,
            "ul_scope": t.ul_scope,
            "percent": _round(self.percent, 1),
            "verdict": a.verdict.value,
            "verdict_text": a.text,
            "confidence": _round(a.confidence, 3),
            "z": _round(a.z, 2),
            "method": a.method,
            "indicative_only": a.indicative_only,
            "ul_verdict": a.ul_verdict.value,
            "unknown_share": _round(self.unknown_share, 3),
            "shortfall": _round(self.shortfall),
            "shortfall_percent": _round(self.shortfall_percent, 1),
            "days": self.n_days,
            "days_in_progress": self.in_progress_days,
            "age_group": t.age_group,
            # the user's own target (a doctor's advice) beside the DRI; the verdict stays against the DRI
            "personal_target": t.personal,
            "personal_target_note": t.personal_note,
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def opt(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def summarize_nutrient(
    target: Target,
    *,
    intake: float | None,
    n_days: int,
    supplemental: float | None,
    unknown_share: float | None,
    so_far: bool,
    in_progress_days: int,
) -> NutrientSummary:
    """The summary of a mean daily ``intake`` [target.unit/day] over ``n_days`` days (None: nothing known).

    ``so_far``: the days are still in progress (no logged day is complete), so the intake is progress so far and
    gets no verdict on usual intake, only a UL already exceeded."""
    if so_far and intake is not None:
        assessment = in_progress(target, intake, supplemental)
    else:
        assessment = assess(target, intake, n_days, supplemental_mean=supplemental)
    percent = None if intake is None else 100.0 * intake / target.target
    shortfall = None if intake is None else max(0.0, target.target - intake)
    return NutrientSummary(
        nutrient=target.nutrient,
        intake=intake,
        unit=target.unit,
        target=target,
        assessment=assessment,
        percent=percent,
        shortfall=shortfall,
        shortfall_percent=None if shortfall is None else 100.0 * shortfall / target.target,
        unknown_share=unknown_share,
        n_days=n_days,
        supplemental=supplemental,
        in_progress_days=in_progress_days,
    )
