"""Honest statistics on the user's own days: how twitching goes with intake and lifestyle factors (pandas, numpy).

For each exposure (the five nutrients, water, caffeine, sleep, stress, exercise) and each time window (the same
day, the day before, the mean of the three days before) NutriGap computes Spearman's rank correlation with

* **twitch day**: 1 on a day with at least one episode, 0 on a logged day without, and
* **twitch intensity**: the day's strongest episode (1–10), 0 on a logged day without,

a two-sided p-value that allows for spells, the number of days it rests on, and a Benjamini–Hochberg q-value
over all the comparisons made, because with 60 comparisons about three would reach p < 0.05 by chance alone.

**How insights handle spells.** Twitching comes in spells and intake runs in habits, so neighbouring days are
alike and a month of days is not thirty independent observations. So the p-value comes from Student's t on the
*effective* number of days, which shrinks with the autocorrelation of both series (Pyper & Peterman 1998, Can. J.
Fish. Aquat. Sci. 55:2127–2140; :func:`nutrigap.engine.insights_stats.spearman_effective_n`); how often it
reports chance in simulated diaries with spells is measured by ``benchmarks/insights_null.py``. It is
deterministic, so the same diary always gives the same numbers.

When the data cannot support a test NutriGap says so instead of testing: fewer than :data:`MIN_LOGGED_DAYS`
logged days, fewer than :data:`MIN_TWITCH_DAYS` twitch days, fewer than :data:`MIN_SWITCHES` switches between
twitching and not (one long spell cannot be told apart from anything else that changed at the time), or, per
comparison, fewer than :data:`MIN_EFFECTIVE_DAYS` effective days.

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
from nutrigap.engine.insights_rules import (
    DEFAULT_SEED,
    FIRST_PASS,
    MIN_EFFECTIVE_DAYS,
    MIN_LOGGED_DAYS,
    MIN_SWITCHES,
    MIN_TWITCH_DAYS,
    N_RESAMPLES,
    NULLS,
    Q_LEVEL,
    REFINE_BELOW,
    method_text,
    summary_text,
)
from nutrigap.engine.insights_stats import (
    bh_qvalues,
    format_p,
    format_q,
    spearman_effective_n,
    spearman_permutation,
)

__all__ = [
    "DEFAULT_SEED",
    "DISCLAIMER",
    "EXPOSURES",
    "FIRST_PASS",
    "LOOKBACK_DAYS",
    "MIN_EFFECTIVE_DAYS",
    "MIN_LOGGED_DAYS",
    "MIN_SWITCHES",
    "MIN_TWITCH_DAYS",
    "NULLS",
    "N_RESAMPLES",
    "OUTCOMES",
    "Q_LEVEL",
    "REFINE_BELOW",
    "WINDOWS",
    "Analysis",
    "Exposure",
    "InsightItem",
    "Window",
    "analyse",
    "exposures",
    "observed_days",
    "outcomes",
    "total_caffeine",
    "twitch_switches",
    "windowed",
]  # fmt: skip

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
    Exposure("sun_min", "factor", "Sunlight", "min", "time outdoors in daylight"),
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
    status: str  # "ok", "not_enough_data", "too_few_effective_days" or "no_variation"
    notable: bool
    text: str
    effective_days: float | None = None  # independent days the p-value rests on (None without a test)

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
            "effective_days": _r(self.effective_days, 1),
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
    switches: int = 0


# --- frames ------------------------------------------------------------------------------------------------
def observed_days(timeline: pd.DataFrame) -> pd.Series:
    """True on days with a diary entry, a recorded factor or a twitch episode."""
    factor_cols = [c for c in FACTORS if c in timeline]
    any_factor = timeline[factor_cols].notna().any(axis=1) if factor_cols else False
    return (timeline["entries"] > 0) | any_factor | (timeline["twitches"] > 0)


def twitch_switches(timeline: pd.DataFrame, seen: pd.Series) -> int:
    """How often twitching switched on or off between two consecutive logged days."""
    day = (timeline["twitches"] > 0).astype("int64").where(seen)
    changed = day.diff().abs()
    return int((changed == 1).sum())


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
        elif exposure.key in timeline:
            out[exposure.key] = timeline[exposure.key].astype("float64")
        else:  # a factor the timeline does not carry (sunlight in a frame built before issue #17): unknown
            out[exposure.key] = np.nan
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
    null: str = "effective_n",
    seed: int = DEFAULT_SEED,
    n_resamples: int = N_RESAMPLES,
) -> Analysis:
    """Every exposure × window × outcome on the days of ``timeline`` from ``start`` on.

    timeline : one row per consecutive day (:func:`nutrigap.engine.timeline.timeline`); rows before ``start``
    only feed the "day before" windows. null : "effective_n" (default) or "day_shuffle" (see :data:`NULLS`);
    ``seed`` and ``n_resamples`` matter only for "day_shuffle".
    """
    if null not in NULLS:
        raise ValueError(f"unknown null {null!r}; choose one of {', '.join(NULLS)}")
    index = timeline.index
    keep = pd.Series(True, index=index) if start is None else pd.Series([d >= start for d in index], index=index)
    expo = exposures(timeline)
    outs = outcomes(timeline)
    seen = observed_days(timeline) & keep
    logged = int(seen.sum())
    twitch_total = int(((timeline["twitches"] > 0) & seen).sum())
    switches = twitch_switches(timeline, seen)
    enough = logged >= MIN_LOGGED_DAYS and twitch_total >= MIN_TWITCH_DAYS
    if null == "effective_n":  # "day_shuffle" reproduces the first version whole, without the switches rule
        enough = enough and switches >= MIN_SWITCHES
    day_no = np.arange(len(index), dtype=np.int64)

    drafts: list[dict[str, object]] = []
    test_no = 0
    for exposure in EXPOSURES:
        for window in WINDOWS:
            x_all = windowed(expo[exposure.key], window)
            for outcome, outcome_label in OUTCOMES.items():
                test_no += 1
                mask = (keep & x_all.notna() & outs[outcome].notna()).to_numpy()
                x = x_all.to_numpy(dtype=np.float64)[mask]
                y = outs[outcome].to_numpy(dtype=np.float64)[mask]
                n = len(x)
                k = int(np.count_nonzero(outs["twitch_day"].to_numpy()[mask] > 0))
                draft: dict[str, object] = {
                    "exposure": exposure, "window": window, "outcome": outcome, "outcome_label": outcome_label,
                    "n": n, "k": k, "rho": None, "p": None, "n_eff": None, "status": "not_enough_data",
                    "switches": switches,
                }  # fmt: skip
                if enough and n >= MIN_LOGGED_DAYS and k >= MIN_TWITCH_DAYS:
                    _test(draft, x, y, day_no[mask], null, seed + test_no, n_resamples)
                drafts.append(draft)

    tested = [d for d in drafts if d["status"] == "ok"]
    qs = bh_qvalues([float(d["p"]) for d in tested])  # type: ignore[arg-type]
    for draft, q in zip(tested, qs, strict=True):
        draft["q"] = float(q)
        draft["n_tests"] = len(tested)
    items = tuple(_item(d) for d in drafts)
    return Analysis(
        items=items,
        logged_days=logged,
        twitch_days=twitch_total,
        enough_data=enough,
        n_tests=len(tested),
        summary=summary_text(logged, twitch_total, switches, enough, len(tested), sum(1 for i in items if i.notable)),
        method=method_text(null, seed, n_resamples),
        switches=switches,
    )


def _test(
    draft: dict[str, object], x: np.ndarray, y: np.ndarray, days: np.ndarray, null: str, seed: int, n_resamples: int
) -> None:
    """Fill the draft's rho, p, effective days and status from one comparison."""
    if null == "day_shuffle":
        first = min(FIRST_PASS, n_resamples)
        result = spearman_permutation(x, y, n_resamples=first, seed=seed)
        if result is not None and result[1] < REFINE_BELOW and n_resamples > first:
            result = spearman_permutation(x, y, n_resamples=n_resamples, seed=seed)
        if result is None:
            draft["status"] = "no_variation"
        else:
            draft["rho"], draft["p"], draft["status"] = result[0], result[1], "ok"
        return
    found = spearman_effective_n(x, y, days)
    if found is None:
        draft["status"] = "no_variation"
        return
    draft["n_eff"] = found.effective_days
    if found.effective_days < MIN_EFFECTIVE_DAYS:
        draft["status"] = "too_few_effective_days"
        return
    draft["rho"], draft["p"], draft["status"] = found.rho, found.p_value, "ok"


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
    what = "more twitch days" if outcome == "twitch_day" else "stronger twitching"
    subject = f"{exposure.phrase} {window.phrase}"
    n_eff = d.get("n_eff")
    if status == "not_enough_data":
        if int(d.get("switches", MIN_SWITCHES)) < MIN_SWITCHES and n >= MIN_LOGGED_DAYS and k >= MIN_TWITCH_DAYS:  # type: ignore[call-overload]
            switched = plural(int(d["switches"]), "time")  # type: ignore[call-overload]
            text = (
                f"Not enough data yet for {subject}: twitching switched on or off only {switched} "
                f"between logged days (needs {MIN_SWITCHES}); one long spell cannot be told apart from anything "
                "else that changed at the time."
            )
        else:
            text = (
                f"Not enough data yet for {subject}: {n} days with both values, {k} of them with twitches "
                f"(needs {MIN_LOGGED_DAYS} days with at least {MIN_TWITCH_DAYS} twitch days)."
            )
    elif status == "too_few_effective_days":
        assert isinstance(n_eff, float)
        text = (
            f"Not enough data yet for {subject}: neighbouring days are so alike that the {n} days count as about "
            f"{n_eff:.0f} independent ones (needs {MIN_EFFECTIVE_DAYS})."
        )
    elif status == "no_variation":
        text = f"No comparison for {subject}: the values did not vary over the {n} days."
    else:
        assert isinstance(rho, float) and isinstance(p, float) and isinstance(q, float)
        effective = f", ≈ {n_eff:.0f} independent" if isinstance(n_eff, float) and n_eff < n - 0.5 else ""
        numbers = f"ρ = {rho:+.2f}, {format_p(p)}, {format_q(q)}, {n} days{effective}"
        more_or_less = "More" if rho > 0 else "Less"
        if exposure.key == "stress":
            more_or_less = "Higher" if rho > 0 else "Lower"
        n_tests = d.get("n_tests", "all")
        if notable:
            text = f"{more_or_less} {subject} was associated with {what} ({numbers})."
        elif p < Q_LEVEL:
            text = (
                f"{more_or_less} {subject} went with {what} in these days ({numbers}), but this failed the "
                f"false-discovery check (q ≥ {Q_LEVEL:g} across {n_tests} comparisons): among that many, a "
                "result like it can arise by chance, so it is not reported as an association."
            )
        else:
            text = (
                f"No clear association between {subject} and {OUTCOMES[outcome]} ({numbers}); "
                "a result like this is what chance alone often gives."
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
        effective_days=n_eff if isinstance(n_eff, float) else None,
    )
