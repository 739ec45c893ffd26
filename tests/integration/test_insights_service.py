"""compute_insights on a real SQLite diary with the fixture food database."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np

from nutrigap.services import diary, twitches
from nutrigap.services.context import AppContext
from nutrigap.services.insights import DISCLAIMER, compute_insights, insights_for_weeks
from tests.conftest import food_id

START = dt.date(2026, 10, 1)


def build_diary(ctx: AppContext, days: int, *, apples: bool = False) -> None:
    """Half the days, in a seeded random order, rich in magnesium (almonds and spinach) without twitches; the
    others poor, with an evening twitch. (Strictly alternating days would be one period-2 pattern in both series,
    which the spell-aware test rightly counts as very few independent days.)"""
    poor_days = set(np.random.default_rng(3).permutation(days)[: days // 2].tolist())
    almonds = food_id(ctx, "Almonds, unsalted", "survey_fndds_food")
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    apple = food_id(ctx, "Apples, fuji, with skin, raw", "foundation_food")
    for i in range(days):
        day = START + dt.timedelta(days=i)
        diary.log_food(ctx, day, "breakfast", bread, 60)
        if apples:
            diary.log_food(ctx, day, "snacks", apple, 300)
        if i not in poor_days:
            diary.log_food(ctx, day, "lunch", almonds, 50)
            diary.log_food(ctx, day, "dinner", spinach, 150)
        else:
            twitches.log_twitch(ctx, dt.datetime.combine(day, dt.time(21, 0)), "eyelid", 4 + i % 3, side="left")
        twitches.set_factors(ctx, day, sleep_h=7.0 + (i % 3) / 2, water_ml=1500)


def test_planted_association_red_flags_and_missing_data(ctx: AppContext) -> None:
    build_diary(ctx, 28, apples=True)
    report = compute_insights(ctx, START, START + dt.timedelta(days=27))
    assert report.enough_data and report.logged_days == 28 and report.twitch_days == 14
    magnesium = next(i for i in report.items if (i.key, i.lag, i.outcome) == ("magnesium", "same_day", "twitch_day"))
    assert magnesium.notable and magnesium.rho is not None and magnesium.rho < -0.9
    assert magnesium.n_days == 28 and magnesium.text.startswith("Less magnesium intake on the same day was associated")
    assert report.notable[0].q_value is not None and report.notable[0].q_value < 0.05
    assert magnesium.effective_days is not None and magnesium.effective_days > 20
    assert {f.key for f in report.red_flags} >= {"persistent"}
    vitamin_d = next(m for m in report.missing_data if m.nutrient == "vitamin_d")
    assert vitamin_d.unknown_share > 0.2 and "possibly missing data" in vitamin_d.text
    assert "imported days" in vitamin_d.text  # an MFP import lacks Mg, D, B12: not the food database's gap
    assert report.disclaimer == DISCLAIMER
    data = json.loads(json.dumps(report.to_json()))
    # 11 exposures (sunlight since issue #17) × 6 windows
    assert data["enough_data"] and len(data["items"]) == 66 and data["red_flags"][0]["source"]
    assert {"rho", "p_value", "q_value", "n_days", "text", "lag", "key", "label"} <= set(data["items"][0])


def test_not_enough_data_yet(ctx: AppContext) -> None:
    build_diary(ctx, 10)
    report = compute_insights(ctx, START, START + dt.timedelta(days=9))
    assert not report.enough_data and report.logged_days == 10
    assert report.summary.startswith("Not enough data yet: 10 logged days with 5 twitch days")
    assert all(i.rho is None and "Not enough data yet" in i.text for i in report.items)
    assert report.notable == ()


def test_empty_diary_and_week_helper(ctx: AppContext) -> None:
    report = insights_for_weeks(ctx, 2, end=START)
    assert (report.start, report.end) == (START - dt.timedelta(days=13), START)
    assert not report.enough_data and report.red_flags == () and report.missing_data == ()
