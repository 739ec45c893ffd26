"""One row per day: nutrient totals, twitch episodes and lifestyle factors side by side (pandas only).

This is the frame charts, insights and reports share. Twitches arrive as a frame with ``occurred_at`` and
``intensity`` (and symptom columns); factors as a frame indexed by ``day``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from nutrigap.domain.symptoms import FACTORS, SYMPTOMS

TWITCH_COLUMNS = ("twitches", "twitch_max_intensity", "twitch_mean_intensity", "twitch_seconds")


def daily_twitches(episodes: pd.DataFrame, days: list[dt.date]) -> pd.DataFrame:
    """Per day: episode count, max and mean intensity (1–10), total duration [s], and any ticked symptoms.

    episodes : DataFrame with ``occurred_at`` (datetime), ``intensity`` and optional ``duration_s`` and symptom
    columns. Days without episodes have count 0 and NaN intensities; episodes on other days are left out.
    """
    # one pass of numpy over the episodes: a pandas groupby per column (ten of them) took ~10 ms for a week
    index = pd.Index(days, name="day")
    position = {day: i for i, day in enumerate(days)}
    n = len(days)
    if episodes.empty:
        rows = np.zeros(0, dtype=np.int64)
        keep = np.zeros(0, dtype=bool)
    else:
        episode_days = pd.to_datetime(episodes["occurred_at"]).dt.date
        found = np.array([position.get(day, -1) for day in episode_days], dtype=np.int64)
        keep = found >= 0
        rows = found[keep]
    counts = np.bincount(rows, minlength=n).astype("int64")
    intensity = episodes["intensity"].to_numpy(dtype="float64")[keep] if not episodes.empty else np.zeros(0)
    rated = ~np.isnan(intensity)
    rated_counts = np.bincount(rows[rated], minlength=n)
    highest = np.full(n, -np.inf)
    np.maximum.at(highest, rows[rated], intensity[rated])
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(rows[rated], weights=intensity[rated], minlength=n) / rated_counts
    unrated = rated_counts == 0
    highest[unrated] = np.nan
    mean[unrated] = np.nan
    if "duration_s" in episodes and not episodes.empty:
        seconds = np.nan_to_num(episodes["duration_s"].to_numpy(dtype="float64")[keep], nan=0.0)
    else:
        seconds = np.zeros(len(rows))
    columns: dict[str, np.ndarray] = {
        "twitches": counts,
        "twitch_max_intensity": highest,
        "twitch_mean_intensity": mean,
        "twitch_seconds": np.bincount(rows, weights=seconds, minlength=n).astype("float64"),
    }
    for name in SYMPTOMS:
        ticked = np.zeros(n, dtype=bool)
        if name in episodes and not episodes.empty:
            # astype(bool) as pandas does it: a missing value (NaN) counts as ticked, None as not
            np.logical_or.at(ticked, rows, episodes[name].to_numpy().astype(bool)[keep])
        columns[name] = ticked
    return pd.DataFrame(columns, index=index)


def timeline(totals: pd.DataFrame, twitches: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Join daily nutrient totals (:func:`~nutrigap.engine.intake.daily_totals`), daily twitches
    (:func:`daily_twitches`) and factors (indexed by day; missing days NaN) on the same day index."""
    frame = totals.join(twitches, how="left")
    factor_cols = [*FACTORS, "exercise_intensity"]
    factors = factors.reindex(columns=factor_cols)
    return frame.join(factors.reindex(frame.index), how="left")
