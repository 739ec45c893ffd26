"""Honest statistics on the user's own days: how twitching goes with intake and lifestyle factors (pandas, scipy).

For each exposure (the five nutrients, water, caffeine, sleep, stress, exercise) and each time window (the same
day, the day before, the mean of the three days before) NutriGap computes Spearman's rank correlation with

* **twitch day**: 1 on a day with at least one episode, 0 on a logged day without, and
* **twitch intensity**: the day's strongest episode (1–10), 0 on a logged day without,

a two-sided permutation p-value (seeded, so the same diary gives the same numbers), the number of days it rests
on, and a Benjamini–Hochberg q-value over all the comparisons made, because with 60 comparisons about three
would reach p < 0.05 by chance alone. Below :data:`MIN_LOGGED_DAYS` days with :data:`MIN_TWITCH_DAYS` twitch days
an item says "not enough data yet" instead of a number.

A day counts as logged ("observed") when it has a diary entry, a recorded factor or a twitch episode; a day with
nothing at all is left out rather than counted as twitch-free. Wording is always "associated with", never cause.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED
from nutrigap.domain.symptoms import FACTORS
from nutrigap.domain.wording import plural
from nutrigap.engine.insights_stats import bh_qvalues, format_p, format_q, spearman_permutation

#: The issue's minimum: 14 logged days with at least 3 twitch days.
MIN_LOGGED_DAYS = 14
MIN_TWITCH_DAYS = 3
#: False-discovery level at which an association is called notable.
Q_LEVEL = 0.05
#: Re-pairings of the days for a p-value; a first pass of :data:`FIRST_PASS` is refined to N_RESAMPLES where
#: p < :data:`REFINE_BELOW`, where the precision matters (with 60 comparisons the Benjamini–Hochberg threshold
#: of the smallest p is 0.05 / 60 ≈ 0.0008, below what 999 re-pairings can show).
N_RESAMPLES = 9999
FIRST_PASS = 999
REFINE_BELOW = 0.02
DEFAULT_SEED = 20261124
#: How many days before the analysed period the windows need.
LOOKBACK_DAYS = 3

DISCLAIMER = (
    "NutriGap shows associations in your own records, not causes, and it does not diagnose. Twitching is common "
    "and rarely a sign of anything serious, but see a doctor if it lasts more than two weeks, spreads, or comes "
    "with weakness, muscle wasting, or trouble swallowing, speaking or breathing. Take supplements only on a "
    "doctor's advice and never above the upper limit."
)


@dataclass(frozen=True, slots=True)
class Exposure:
    key: str
    kind: str  # "nutrient" or "factor"
    label: str
    unit: str
    phrase: str  # how a sentence names it: "magnesium intake", "sleep"


EXPOSURES: tuple[Exposure, ...] = (
    *(Exposure(n.value, "nutrient", n.label, n.unit, f"{n.label.lower()} intake") for n in TRACKED),
    Exposure("water_ml", "factor", "Water", "ml", "water"),
    Exposure("caffeine", "factor", "Caffeine", "mg", "caffeine"),
    Exposure("sleep_h", "factor", "Sleep", "h", "sleep"),
    Exposure("stress", "factor", "Stress", "1–5", "stress"),
    Exposure("exercise_min", "factor", "Exercise", "min", "exercise"),
)


@dataclass(frozen=True, slots=True)
class Window:
    key: str
    label: str
    phrase: str
    first_lag: int
    last_lag: int


WINDOWS: tuple[Window, ...] = (
    Window("same_day", "same day", "on the same day", 0, 0),
    Window("previous_day", "day before", "the day before", 1, 1),
    Window("previous_3_days", "mean of the 3 days before", "over the 3 days before", 1, 3),
)

OUTCOMES: dict[str, str] = {
    "twitch_day": "twitch days",
    "twitch_intensity": "twitch intensity",
}


@dataclass(frozen=True, slots=True)
class InsightItem:
    """One exposure × window × outcome comparison. ``rho``, ``p_value`` and ``q_value`` are None without data."""

    key: str
    kind: str
    label: str
    unit: str
    lag: str
    lag_label: str
    outcome: str
    outcome_label: str
    rho: float | None
    p_value: float | None
    q_value: float | None
    n_days: int
    twitch_days: int
    status: str  # "ok", "not_enough_data" or "no_variation"
    notable: bool
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind,
            "label": self.label,
            "unit": self.unit,
            "lag": self.lag,
            "lag_label": self.lag_label,
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "rho": _r(self.rho, 3),
            "p_value": _r(self.p_value, 4),
            "q_value": _r(self.q_value, 4),
            "n_days": self.n_days,
            "twitch_days": self.twitch_days,
            "status": self.status,
            "notable": self.notable,
            "text": self.text,
        }


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


@dataclass(frozen=True, slots=True)
class Analysis:
    items: tuple[InsightItem, ...]
    logged_days: int
    twitch_days: int
    enough_data: bool
    n_tests: int
    summary: str
    method: str


# --- frames ------------------------------------------------------------------------------------------------
def observed_days(timeline: pd.DataFrame) -> pd.Series:
    """True on days with a diary entry, a recorded factor or a twitch episode."""
    factor_cols = [c for c in FACTORS if c in timeline]
    any_factor = timeline[factor_cols].notna().any(axis=1) if factor_cols else False
    return (timeline["entries"] > 0) | any_factor | (timeline["twitches"] > 0)


def total_caffeine(timeline: pd.DataFrame) -> pd.Series:
    """Typed caffeine plus caffeine of logged foods [mg/day].

    Known when the user typed a value, when some logged food carries caffeine, or when every logged food has a
    caffeine value (then 0 is a real zero); NaN otherwise.
    """
    typed = timeline["caffeine_mg"].astype("float64")
    food = timeline["caffeine"].astype("float64").fillna(0.0)
    share = timeline["caffeine_unknown_share"].astype("float64")
    food_known = (timeline["entries"] > 0) & ((food > 0) | (share == 0))
    total = typed.fillna(0.0) + food.where(food_known, 0.0)
    return total.where(typed.notna() | food_known)


def exposures(timeline: pd.DataFrame) -> pd.DataFrame:
    """One column per exposure key; NaN where not known (nutrients on days without entries)."""
    out = pd.DataFrame(index=timeline.index)
    has_entries = timeline["entries"] > 0
    for exposure in EXPOSURES:
        if exposure.kind == "nutrient":
            out[exposure.key] = timeline[exposure.key].astype("float64").where(has_entries)
        elif exposure.key == "caffeine":
            out[exposure.key] = total_caffeine(timeline)
        else:
            out[exposure.key] = timeline[exposure.key].astype("float64")
    return out


def outcomes(timeline: pd.DataFrame) -> pd.DataFrame:
    """twitch_day (0/1) and twitch_intensity (day's maximum, 0 without episodes); NaN on unobserved days."""
    seen = observed_days(timeline)
    twitch_day = (timeline["twitches"] > 0).astype("float64")
    intensity = timeline["twitch_max_intensity"].astype("float64").fillna(0.0)
    return pd.DataFrame({"twitch_day": twitch_day.where(seen), "twitch_intensity": intensity.where(seen)})


def windowed(series: pd.Series, window: Window) -> pd.Series:
    """The exposure of each day for a window: the value itself, the day before's, or the mean of the 3 before.

    The 3-day mean needs at least 2 known days of the 3. ``series`` must be indexed by consecutive days.
    """
    if window.first_lag == 0 and window.last_lag == 0:
        return series
    shifted = series.shift(window.first_lag)
    span = window.last_lag - window.first_lag + 1
    if span == 1:
        return shifted
    return shifted.rolling(span, min_periods=math.ceil(span / 2)).mean()


# --- analysis ----------------------------------------------------------------------------------------------
def analyse(
    timeline: pd.DataFrame,
    *,
    start: object = None,
    seed: int = DEFAULT_SEED,
    n_resamples: int = N_RESAMPLES,
) -> Analysis:
    """Every exposure × window × outcome on the days of ``timeline`` from ``start`` on.

    timeline : one row per consecutive day (:func:`nutrigap.engine.timeline.timeline`); rows before ``start``
    only feed the "day before" windows.
    """
    index = timeline.index
    keep = pd.Series(True, index=index) if start is None else pd.Series([d >= start for d in index], index=index)
    expo = exposures(timeline)
    outs = outcomes(timeline)
    seen = observed_days(timeline) & keep
    logged = int(seen.sum())
    twitch_total = int(((timeline["twitches"] > 0) & seen).sum())
    enough = logged >= MIN_LOGGED_DAYS and twitch_total >= MIN_TWITCH_DAYS

    drafts: list[dict[str, object]] = []
    test_no = 0
    for exposure in EXPOSURES:
        for window in WINDOWS:
            x_all = windowed(expo[exposure.key], window)
            for outcome, outcome_label in OUTCOMES.items():
                test_no += 1
                mask = keep & x_all.notna() & outs[outcome].notna()
                x = x_all[mask].to_numpy(dtype=np.float64)
                y = outs[outcome][mask].to_numpy(dtype=np.float64)
                n = len(x)
                k = int((outs["twitch_day"][mask] > 0).sum())
                draft: dict[str, object] = {
                    "exposure": exposure, "window": window, "outcome": outcome, "outcome_label": outcome_label,
                    "n": n, "k": k, "rho": None, "p": None, "status": "not_enough_data",
                }  # fmt: skip
                if n >= MIN_LOGGED_DAYS and k >= MIN_TWITCH_DAYS:
                    first = min(FIRST_PASS, n_resamples)
                    result = spearman_permutation(x, y, n_resamples=first, seed=seed + test_no)
                    if result is not None and result[1] < REFINE_BELOW and n_resamples > first:
                        result = spearman_permutation(x, y, n_resamples=n_resamples, seed=seed + test_no)
                    if result is None:
                        draft["status"] = "no_variation"
                    else:
                        draft["rho"], draft["p"], draft["status"] = result[0], result[1], "ok"
                drafts.append(draft)

    tested = [d for d in drafts if d["status"] == "ok"]
    qs = bh_qvalues([float(d["p"]) for d in tested])  # type: ignore[arg-type]
    for draft, q in zip(tested, qs, strict=True):
        draft["q"] = float(q)
    items = tuple(_item(d) for d in drafts)
    return Analysis(
        items=items,
        logged_days=logged,
        twitch_days=twitch_total,
        enough_data=enough,
        n_tests=len(tested),
        summary=_summary(logged, twitch_total, enough, items),
        method=(
            f"Spearman rank correlation of each exposure with twitch days (yes/no) and with the day's strongest "
            f"twitch (0 on days without); two-sided permutation p-value from {min(FIRST_PASS, n_resamples):,} random "
            f"re-pairings of the days, {n_resamples:,} where p < {REFINE_BELOW:g} (seed {seed}); "
            "Benjamini–Hochberg q-values over all comparisons. Neighbouring days tend "
            "to be alike, which the re-pairing ignores, so p-values may look somewhat smaller than they should."
        ),
    )


def _item(d: dict[str, object]) -> InsightItem:
    exposure = d["exposure"]
    window = d["window"]
    assert isinstance(exposure, Exposure) and isinstance(window, Window)
    rho = d["rho"]
    p = d["p"]
    q = d.get("q")
    n = int(d["n"])  # type: ignore[call-overload]
    k = int(d["k"])  # type: ignore[call-overload]
    status = str(d["status"])
    outcome = str(d["outcome"])
    notable = status == "ok" and q is not None and float(q) < Q_LEVEL  # type: ignore[arg-type]
    what = "twitch days" if outcome == "twitch_day" else "stronger twitching"
    subject = f"{exposure.phrase} {window.phrase}"
    if status == "not_enough_data":
        text = (
            f"Not enough data yet for {subject}: {n} days with both values, {k} of them with twitches "
            f"(needs {MIN_LOGGED_DAYS} days with at least {MIN_TWITCH_DAYS} twitch days)."
        )
    elif status == "no_variation":
        text = f"No comparison for {subject}: the values did not vary over the {n} days."
    else:
        assert isinstance(rho, float) and isinstance(p, float) and isinstance(q, float)
        numbers = f"ρ = {rho:+.2f}, {format_p(p)}, {format_q(q)}, {n} days"
        more_or_less = "More" if rho > 0 else "Less"
        if exposure.key == "stress":
            more_or_less = "Higher" if rho > 0 else "Lower"
        if notable:
            text = f"{more_or_less} {subject} was associated with more {what} ({numbers})."
        else:
            text = (
                f"No clear association between {subject} and {OUTCOMES[outcome]} ({numbers}); "
                "a pattern this weak could easily be chance."
            )
    return InsightItem(
        key=exposure.key,
        kind=exposure.kind,
        label=exposure.label,
        unit=exposure.unit,
        lag=window.key,
        lag_label=window.label,
        outcome=outcome,
        outcome_label=str(d["outcome_label"]),
        rho=rho if isinstance(rho, float) else None,
        p_value=p if isinstance(p, float) else None,
        q_value=q if isinstance(q, float) else None,
        n_days=n,
        twitch_days=k,
        status=status,
        notable=notable,
        text=text,
    )


def _summary(logged: int, twitch_days: int, enough: bool, items: tuple[InsightItem, ...]) -> str:
    if not enough:
        return (
            f"Not enough data yet: {plural(logged, 'logged day')} with {plural(twitch_days, 'twitch day')}. "
            "Insights need at least "
            f"{MIN_LOGGED_DAYS} logged days with at least {MIN_TWITCH_DAYS} twitch days; keep logging."
        )
    tested = [i for i in items if i.status == "ok"]
    notable = [i for i in tested if i.notable]
    expected = 0.05 * len(tested)
    found = (
        "None of them holds once that is allowed for."
        if not notable
        else f"{plural(len(notable), 'association')} {'holds' if len(notable) == 1 else 'hold'} at q < {Q_LEVEL:g}."
    )
    return (
        f"{logged} logged days, {twitch_days} with twitches. {len(tested)} comparisons were made; with that many, "
        f"about {expected:.0f} would reach p < 0.05 by chance alone even if nothing were going on, so each "
        f"comparison also has a q-value (Benjamini–Hochberg false discovery rate). {found} "
        "These are associations in your records, not causes."
    )
