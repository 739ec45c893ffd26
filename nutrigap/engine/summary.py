"""Day and period summaries: intake against targets, shortfalls and verdicts for each of the five nutrients."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.nutrient_summary import NutrientSummary, opt, summarize_nutrient

__all__ = ["NutrientSummary", "summarize_period"]


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
        key = nutrient.value
        out[nutrient] = summarize_nutrient(
            targets[nutrient],
            intake=opt(column(key).mean()) if n else None,
            n_days=n,
            supplemental=(
                opt(column("magnesium_supplemental").mean()) if n and nutrient is Nutrient.MAGNESIUM else None
            ),
            unknown_share=opt(float((column(f"{key}_unknown_share") * day_grams).sum()) / grams) if grams else None,
            so_far=bool(so_far),
            in_progress_days=waiting,
        )
    return out
