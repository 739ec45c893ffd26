"""The day-by-day analysis the charts draw (nutrigap.engine.daily), on hand-built frames."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from nutrigap.domain.diary import DEFAULT_PROFILE
from nutrigap.domain.nutrients import TRACKED
from nutrigap.engine.daily import (
    UNKNOWN_SHARE_FLAG,
    days_of,
    future_mask,
    logged_mask,
    min_logged_days,
    percent_of_target,
    rolling_intake,
    unknown_flags,
)
from nutrigap.engine.targets import targets_for

D1 = dt.date(2026, 11, 23)
DAYS = pd.Index([D1 + dt.timedelta(days=i) for i in range(3)], name="day")
TARGETS = targets_for(DEFAULT_PROFILE, D1)  # woman 35: Mg RDA 320, Ca 1000, K AI 2600, D 15 µg, B12 2.4 µg


def timeline(entries: list[int], share: float = 0.0) -> pd.DataFrame:
    """Three days, every nutrient at half its target; ``share`` of each day's grams without a value."""
    frame = pd.DataFrame({"entries": entries}, index=DAYS)
    for n in TRACKED:
        frame[n.value] = 0.5 * TARGETS[n].target
        frame[f"{n.value}_unknown_share"] = share
    return frame


def test_percent_of_target_is_nan_on_days_with_nothing_logged() -> None:
    percent = percent_of_target(timeline([2, 0, 1]), TARGETS)
    expected = pd.DataFrame({n.value: [50.0, np.nan, 50.0] for n in TRACKED}, index=DAYS)
    pdt.assert_frame_equal(percent, expected)


def test_a_timeline_without_an_entries_column_has_no_logged_day() -> None:
    frame = timeline([1, 1, 1]).drop(columns="entries")
    assert not logged_mask(frame).any()
    assert percent_of_target(frame, TARGETS).isna().all().all()


def test_unknown_flags_only_on_logged_days_over_the_share() -> None:
    over = timeline([1, 0, 1], share=UNKNOWN_SHARE_FLAG + 0.01)
    assert unknown_flags(over)["calcium"].tolist() == [True, False, True]
    at = timeline([1, 1, 1], share=UNKNOWN_SHARE_FLAG)
    assert not unknown_flags(at).any().any()  # "more than half", not half


def test_future_days_and_the_rolling_window() -> None:
    assert future_mask(timeline([1, 1, 1]), D1).tolist() == [False, True, True]
    assert future_mask(timeline([1, 1, 1]), None).tolist() == [False, False, False]
    assert (min_logged_days(7), min_logged_days(14), min_logged_days(1)) == (4, 8, 1)
    rolling = rolling_intake(timeline([1, 1, 1]), window=2)
    assert rolling["magnesium"].tolist() == pytest.approx([160.0, 160.0, 160.0])


def test_a_timeline_must_be_indexed_by_dates() -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        days_of(pd.DataFrame({"entries": [1]}, index=["2026-11-23"]))
