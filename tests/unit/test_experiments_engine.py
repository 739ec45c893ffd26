"""Experiment adherence and the before/during comparison on hand-built timelines."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from nutrigap.engine.experiments import (
    KEPT,
    MISSED,
    UNKNOWN,
    ExperimentSpec,
    cutoff_adherence,
    evaluate,
    nutrient_adherence,
)

START = dt.date(2026, 11, 1)
SPEC = ExperimentSpec(
    "mg", "nutrient_target", START, 14, nutrient="magnesium", target_level="RDA", goal=320.0, unit="mg"
)


def timeline(before: list[int], during: list[int], *, logged: bool = True) -> pd.DataFrame:
    days = [START - dt.timedelta(days=14) + dt.timedelta(days=i) for i in range(28)]
    counts = np.array(before + during)
    return pd.DataFrame(
        {
            "entries": 2 if logged else 0,
            "magnesium": 300.0,
            "caffeine": 0.0,
            "caffeine_unknown_share": 1.0,
            "caffeine_mg": np.nan,
            "water_ml": 1500.0,
            "sleep_h": np.nan,
            "stress": np.nan,
            "exercise_min": np.nan,
            "twitches": counts,
            "twitch_max_intensity": np.where(counts > 0, 5.0, np.nan),
        },
        index=pd.Index(days, name="day"),
    )


def test_planted_effect_is_reported_with_effect_size_and_no_claim_of_cause() -> None:
    frame = timeline([2, 3, 1, 2, 2, 3, 2, 1, 2, 2, 3, 2, 2, 1], [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0])
    adherence = pd.Series(KEPT, index=frame.index)
    result = evaluate(SPEC, frame, adherence, today=dt.date(2026, 12, 1), seed=3)
    assert result.status == "finished"
    assert result.episodes is not None and result.intensity is not None
    assert result.episodes.p_value < 0.001 and result.episodes.delta < -0.8
    assert result.days_before == result.days_during == 14
    assert (result.twitch_days_before, result.twitch_days_during) == (14, 3)
    assert "seldom arise by chance alone" in result.text and "cannot show" in result.text


def test_no_effect_is_called_chance() -> None:
    pattern = [1, 0, 2, 0, 1, 1, 0, 0, 2, 1, 0, 1, 0, 1]
    frame = timeline(pattern, list(reversed(pattern)))
    result = evaluate(SPEC, frame, pd.Series(KEPT, index=frame.index), today=dt.date(2026, 12, 1))
    assert result.episodes is not None and result.episodes.p_value > 0.5
    assert "could easily be chance" in result.text


def test_too_few_days_and_poor_adherence_are_said_plainly() -> None:
    frame = timeline([1] * 14, [0] * 14)
    running = evaluate(SPEC, frame, pd.Series(KEPT, index=frame.index), today=START + dt.timedelta(days=3))
    assert running.status == "running" and running.episodes is None
    assert "Not enough days to compare yet: 14 observed days before and 4 during" in running.text
    mostly_missed = pd.Series(MISSED, index=frame.index)
    done = evaluate(SPEC, frame, mostly_missed, today=dt.date(2026, 12, 1))
    assert done.kept_days == 0 and done.known_days == 14
    assert "says little about the plan" in done.text
    planned = evaluate(SPEC, frame, mostly_missed, today=START - dt.timedelta(days=2))
    assert planned.status == "planned" and planned.during is None


def test_stopping_early_shortens_the_window() -> None:
    stopped = replace(SPEC, stopped_on=START + dt.timedelta(days=9))
    frame = timeline([1] * 14, [0] * 14)
    result = evaluate(stopped, frame, pd.Series(KEPT, index=frame.index), today=dt.date(2026, 12, 1))
    assert result.status == "stopped" and result.days_during == 10
    assert result.during == (START, START + dt.timedelta(days=9))


def test_nutrient_adherence() -> None:
    intake = pd.Series([400.0, 100.0, np.nan, 0.0])
    entries = pd.Series([3, 2, 0, 0])
    assert nutrient_adherence(intake, entries, 320.0).tolist() == [KEPT, MISSED, UNKNOWN, UNKNOWN]


def test_caffeine_cutoff_adherence() -> None:
    frame = timeline([0] * 14, [0] * 14).iloc[:5].copy()
    days = list(frame.index)
    frame["caffeine_mg"] = [95.0, 95.0, 0.0, 95.0, np.nan]
    last = pd.Series({days[0]: dt.time(9, 30), days[1]: dt.time(15, 0)}, dtype="object")
    dinner = pd.Series({days[3]: 40.0}, dtype="float64")
    states = cutoff_adherence(frame, last, dinner, dt.time(12, 0)).tolist()
    # 09:30 kept; 15:00 missed; zero caffeine kept; coffee at dinner missed; nothing known unknown
    assert states == [KEPT, MISSED, KEPT, MISSED, UNKNOWN]
    late = cutoff_adherence(frame, last, dinner, dt.time(20, 0)).tolist()
    assert late[3] == UNKNOWN  # dinner before 20:00 cannot be judged against a 20:00 cut-off


def test_descriptions() -> None:
    assert SPEC.description == "Raise magnesium to the RDA (320 mg/day) for 14 days"
    caffeine = ExperimentSpec("c", "caffeine_cutoff", START, 14, cutoff=dt.time(12, 0))
    assert caffeine.description == "No caffeine after 12:00 for 14 days"
    assert caffeine.baseline == (START - dt.timedelta(days=14), START - dt.timedelta(days=1))
