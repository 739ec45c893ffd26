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
    columns. Days without episodes have count 0 and NaN intensities.
    """
    index = pd.Index(days, name="day")
    out = pd.DataFrame(index=index)
    if episodes.empty:
        out["twitches"] = 0
        out["twitch_max_intensity"] = np.nan
        out["twitch_mean_intensity"] = np.nan
        out["twitch_seconds"] = 0.0
        for name in SYMPTOMS:
            out[name] = False
        return out
    day = pd.to_datetime(episodes["occurred_at"]).dt.date
    grouped = episodes.assign(day=day).groupby("day")
    out["twitches"] = grouped.size().reindex(index).fillna(0).astype("int64")
    out["twitch_max_intensity"] = grouped["intensity"].max().reindex(index).astype("float64")
    out["twitch_mean_intensity"] = grouped["intensity"].mean().reindex(index)
    seconds = episodes["duration_s"] if "duration_s" in episodes else pd.Series(0.0, index=episodes.index)
    out["twitch_seconds"] = seconds.fillna(0).groupby(day).sum().reindex(index).fillna(0.0).astype("float64")
    for name in SYMPTOMS:
        if name in episodes:
            out[name] = episodes[name].astype(bool).groupby(day).any().reindex(index).fillna(False).astype(bool)
        else:
            out[name] = False
    return out


def timeline(totals: pd.DataFrame, twitches: pd.DataFrame, factors: pd.DataFrame) -> pd.DataFrame:
    """Join daily nutrient totals (:func:`~nutrigap.engine.intake.daily_totals`), daily twitches
    (:func:`daily_twitches`) and factors (indexed by day; missing days NaN) on the same day index."""
    frame = totals.join(twitches, how="left")
    factor_cols = [*FACTORS, "exercise_intensity"]
    factors = factors.reindex(columns=factor_cols)
    return frame.join(factors.reindex(frame.index), how="left")
