"""Day and period summaries: intake against targets, shortfalls and verdicts for each of the five nutrients."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.assessment import Assessment, assess


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
    n_days: int
    supplemental: float | None

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
            "age_group": t.age_group,
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


def summarize_period(totals: pd.DataFrame, targets: dict[Nutrient, Target]) -> dict[Nutrient, NutrientSummary]:
    """Summaries over the logged days of ``totals`` (a :func:`daily_totals` frame)."""
    mask = (totals["entries"] > 0).to_numpy()
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
        )
    return out
