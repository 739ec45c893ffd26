"""daily_twitches on hand-built episode frames: counts, intensities, durations and symptoms per day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from nutrigap.domain.symptoms import SYMPTOMS
from nutrigap.engine.timeline import TWITCH_COLUMNS, daily_twitches

DAYS = [dt.date(2026, 11, 23) + dt.timedelta(days=i) for i in range(3)]


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(DAYS[0], dt.time(hour)) + dt.timedelta(days=day)


def test_counts_intensities_durations_and_symptoms_per_day() -> None:
    episodes = pd.DataFrame(
        {
            "occurred_at": [at(0, 9), at(0, 21), at(2, 8), at(2, 9), at(-1, 23), at(3, 0)],
            "intensity": [3, 7, np.nan, np.nan, 9, 9],
            "duration_s": [10.0, np.nan, 5.0, 2.5, 60.0, 60.0],
            "cramp": [False, True, False, False, True, True],
            "weakness": [False, False, np.nan, False, False, False],  # missing counts as ticked, as astype(bool)
        }
    )
    out = daily_twitches(episodes, DAYS)
    assert list(out.index) == DAYS and out.index.name == "day"
    assert list(out.columns) == [*TWITCH_COLUMNS, *SYMPTOMS]
    assert out["twitches"].tolist() == [2, 0, 2] and out["twitches"].dtype == "int64"  # days outside left out
    assert out["twitch_max_intensity"].iloc[0] == 7 and out["twitch_mean_intensity"].iloc[0] == 5
    assert out["twitch_max_intensity"].iloc[1:].isna().all()  # nothing logged, or no intensity given
    assert out["twitch_mean_intensity"].iloc[1:].isna().all()
    assert out["twitch_seconds"].tolist() == [10.0, 0.0, 7.5]
    assert out["cramp"].tolist() == [True, False, False] and out["weakness"].tolist() == [False, False, True]
    assert not out["tingling"].any() and out["tingling"].dtype == bool  # a column the frame does not have


def test_no_episodes_gives_zero_counts_and_no_intensities() -> None:
    empty = pd.DataFrame(columns=["occurred_at", "intensity", "duration_s", *SYMPTOMS])
    out = daily_twitches(empty, DAYS)
    assert out["twitches"].tolist() == [0, 0, 0] and out["twitch_seconds"].tolist() == [0.0, 0.0, 0.0]
    assert out["twitch_max_intensity"].isna().all() and not out[list(SYMPTOMS)].any().any()
    assert out.dtypes["twitch_max_intensity"] == "float64" and out.dtypes["twitches"] == "int64"
