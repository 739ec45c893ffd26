"""Summaries of the twitch log and the lifestyle factors of a period, from plain frames (pandas only)."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from nutrigap.domain.symptoms import FACTORS, SYMPTOM_LABELS, SYMPTOMS
from nutrigap.report.model import FactorSummary, TwitchSummary

FACTOR_LABELS: dict[str, str] = {
    "water_ml": "Water",
    "caffeine_mg": "Caffeine",
    "sleep_h": "Sleep",
    "stress": "Stress",
    "exercise_min": "Exercise",
    "sun_min": "Sunlight",
}


def twitch_summary(episodes: pd.DataFrame, days_in_period: int) -> TwitchSummary:
    """Count, days, locations, sides, intensities (1–10) and symptoms of the episodes of a period.

    episodes : one row per episode with ``occurred_at``, ``location``, ``location_other``, ``side``,
        ``intensity``, ``duration_s`` and the boolean symptom columns (as from ``read_episodes``).
    """
    if episodes.empty:
        return TwitchSummary(0, 0, days_in_period, (), (), None, None, (), 0.0)
    days = pd.to_datetime(episodes["occurred_at"]).dt.date
    places: Counter[str] = Counter()
    for location, other in zip(
        episodes["location"], episodes.get("location_other", [None] * len(episodes)), strict=True
    ):
        label = str(location).replace("_", " ")
        if location == "other" and isinstance(other, str) and other.strip():
            label = f"other: {other.strip()}"
        places[label] += 1
    sides = Counter(str(s) for s in episodes["side"] if isinstance(s, str) and s)
    symptoms = tuple(
        (SYMPTOM_LABELS[name], int(episodes[name].astype(bool).sum()))
        for name in SYMPTOMS
        if name in episodes and bool(episodes[name].astype(bool).any())
    )
    durations = pd.to_numeric(episodes["duration_s"], errors="coerce") if "duration_s" in episodes else None
    return TwitchSummary(
        episodes=len(episodes),
        days_with_twitches=int(days.nunique()),
        days_in_period=days_in_period,
        locations=tuple(places.most_common()),
        sides=tuple(sides.most_common()),
        intensity_mean=float(episodes["intensity"].astype(float).mean()),
        intensity_max=int(episodes["intensity"].max()),
        symptoms=symptoms,
        total_duration_s=0.0 if durations is None else float(durations.fillna(0).sum()),
        episodes_with_duration=0 if durations is None else int(durations.notna().sum()),
    )


def factor_summaries(timeline: pd.DataFrame) -> tuple[FactorSummary, ...]:
    """Mean, range and number of days recorded of each factor (days without a value are left out)."""
    out = []
    for key, unit in FACTORS.items():
        values = pd.to_numeric(timeline[key], errors="coerce").dropna() if key in timeline else pd.Series([])
        days = len(values)
        out.append(
            FactorSummary(
                key=key,
                label=FACTOR_LABELS.get(key, key),
                unit=unit,
                mean=_finite(values.mean()) if days else None,
                minimum=_finite(values.min()) if days else None,
                maximum=_finite(values.max()) if days else None,
                days_recorded=days,
            )
        )
    return tuple(out)


def _finite(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number
