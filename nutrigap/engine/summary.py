"""Day and period summaries: intake against targets, shortfalls and verdicts for each of the five nutrients."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED, Nutrient
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


def _opt(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def summarize_period(
    totals: pd.DataFrame, targets: dict[Nutrient, Target], complete: pd.Series | None = None
) -> dict[Nutrient, NutrientSummary]:
    """Summaries over the logged days of ``totals`` (a :func:`daily_totals` frame).

    ``complete`` (bool by day, default every day complete): the IOM verdicts judge usual intake, so only
    complete days count. When no logged day is complete (today after breakfast), the summary is the progress
    so far with the verdict :attr:`Verdict.IN_PROGRESS`, never "likely inadequate" from half a day.
    """
    logged = (totals["entries"] > 0).to_numpy()
    done = np.ones(len(totals), dtype=bool) if complete is None else complete.reindex(totals.index).fillna(True)
    done = np.asarray(done, dtype=bool)
    judged = logged & done
    waiting = int((logged & ~done).sum())
    so_far = not judged.any() and logged.any()
    mask = logged if so_far else judged
    n = int(mask.sum())
    day_grams = totals["grams"].to_numpy(dtype="float64")[mask]
    grams = float(day_grams.sum())

    def column(name: str) -> np.ndarray:
        values: np.ndarray = totals[name].to_numpy(dtype="float64")[mask]
        return values

    out: dict[Nutrient, NutrientSummary] = {}
    for nutrient in TRACKED:
        target = targets[nutrient]
        key = nutrient.value
        intake = _opt(column(key).mean()) if n else None
        supplemental = _opt(column("magnesium_supplemental").mean()) if n and nutrient is Nutrient.MAGNESIUM else None
        unknown = _opt(float((column(f"{key}_unknown_share") * day_grams).sum()) / grams) if grams else None
        if so_far and intake is not None:
            assessment = in_progress(target, intake, supplemental)
        else:
            assessment = assess(target, intake, n, supplemental_mean=supplemental)
        percent = None if intake is None else 100.0 * intake / target.target
        shortfall = None if intake is None else max(0.0, target.target - intake)
        out[nutrient] = NutrientSummary(
            nutrient=nutrient,
            intake=intake,
            unit=target.unit,
            target=target,
            assessment=assessment,
            percent=percent,
            shortfall=shortfall,
            shortfall_percent=None if shortfall is None else 100.0 * shortfall / target.target,
            unknown_share=unknown,
            n_days=n,
            supplemental=supplemental,
            in_progress_days=waiting,
        )
    return out
