"""Personal experiments through the services on a real diary (table ``experiment``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.services import diary, twitches
from nutrigap.services.context import AppContext
from nutrigap.services.experiments import (
    delete_experiment,
    experiment_report,
    list_experiments,
    start_experiment,
    stop_experiment,
)
from tests.conftest import food_id

START = dt.date(2026, 10, 15)
AFTER = START + dt.timedelta(days=20)


def test_magnesium_experiment_with_a_planted_effect(ctx: AppContext) -> None:
    almonds = food_id(ctx, "Almonds, unsalted", "survey_fndds_food")
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    for i in range(-14, 14):
        day = START + dt.timedelta(days=i)
        diary.log_food(ctx, day, "breakfast", bread, 60)
        if i >= 0 and i % 5 != 4:  # kept on 4 of 5 days during
            diary.log_food(ctx, day, "lunch", almonds, 90)
            diary.log_food(ctx, day, "dinner", spinach, 200)
        if i < 0 or i % 7 == 3:  # twitching every day before, twice during
            twitches.log_twitch(ctx, dt.datetime.combine(day, dt.time(20)), "eyelid", 5)
    view = start_experiment(ctx, "Magnesium RDA", nutrient="magnesium", target="RDA", days=14, start=START)
    assert view.kind == "nutrient_target" and view.goal == 320.0 and view.unit == "mg"
    assert view.description == "Raise magnesium to the RDA (320 mg/day) for 14 days"
    report = experiment_report(ctx, "magnesium rda", today=AFTER, seed=2)  # names match without case
    r = report.result
    assert report.experiment.status == "finished"
    assert (r.kept_days, r.known_days) == (12, 14)
    assert (r.twitch_days_before, r.twitch_days_during) == (14, 2)
    assert r.episodes is not None and r.episodes.p_value < 0.001 and r.episodes.delta < -0.7
    assert "seldom arise by chance alone" in r.text and "cannot show" in r.text
    data = json.loads(json.dumps(report.to_json()))
    assert data["episodes_per_day"]["cliffs_delta_ci95"][1] < 0
    assert len(data["adherence"]) == 14 and data["disclaimer"]


def test_caffeine_cutoff_experiment_uses_the_time_of_the_last_caffeine(ctx: AppContext) -> None:
    for i in range(0, 7):
        twitches.set_factors(
            ctx, START + dt.timedelta(days=i), caffeine_mg=95, last_caffeine_at="10:00" if i else "16:00"
        )
    view = start_experiment(ctx, "noon", no_caffeine_after="12:00", start=START, days=14)
    assert view.kind == "caffeine_cutoff" and view.cutoff == dt.time(12, 0)
    report = experiment_report(ctx, "noon", today=START + dt.timedelta(days=6))
    states = [s for _, s in report.result.adherence]
    assert states == ["missed"] + ["kept"] * 6
    assert report.experiment.status == "running" and report.result.episodes is None
    assert any("last caffeinated drink" in n for n in report.notes)


def test_list_stop_delete(ctx: AppContext) -> None:
    start_experiment(ctx, "a", nutrient="vitamin_d", target="RDA", start=START)
    start_experiment(ctx, "b", nutrient="potassium", target="AI", start=START + dt.timedelta(days=3), days=21)
    assert [e.name for e in list_experiments(ctx, today=START)] == ["a", "b"]
    stopped = stop_experiment(ctx, "a", on=START + dt.timedelta(days=5))
    assert stopped.stopped_on == START + dt.timedelta(days=5) and stopped.status == "stopped"
    overlap = experiment_report(ctx, "b", today=AFTER)
    assert any("Overlaps with a" in n for n in overlap.notes)
    with pytest.raises(InvalidInput, match="already stopped"):
        stop_experiment(ctx, "a")
    assert delete_experiment(ctx, "a").name == "a"
    assert [e.name for e in list_experiments(ctx)] == ["b"]
    with pytest.raises(NotFound):
        experiment_report(ctx, "a")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"nutrient": "potassium", "target": "RDA"}, "Potassium has an AI, not an RDA"),
        ({"nutrient": "iron"}, "Unknown nutrient 'iron'"),
        ({"nutrient": "magnesium", "target": "UL"}, "Unknown target"),
        ({"nutrient": "magnesium", "no_caffeine_after": "12:00"}, "Choose one kind"),
        ({}, "Choose one kind"),
        ({"nutrient": "magnesium", "days": 3}, "7 to 366 days"),
        ({"no_caffeine_after": "noonish"}, "not a time of day"),
        ({"nutrient": "magnesium", "start": "2099-01-01"}, "at most 60 days ahead"),
    ],
)
def test_bad_experiments_are_refused(ctx: AppContext, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        start_experiment(ctx, "x", **kwargs)
    assert list_experiments(ctx) == []


def test_names_are_unique(ctx: AppContext) -> None:
    start_experiment(ctx, "Mg", nutrient="magnesium")
    with pytest.raises(InvalidInput, match="already an experiment called 'mg'"):
        start_experiment(ctx, "mg", nutrient="calcium")
    with pytest.raises(InvalidInput, match="needs a name"):
        start_experiment(ctx, "  ", nutrient="calcium")


def test_a_profile_change_does_not_move_a_running_experiments_goal(ctx: AppContext) -> None:
    """Issue #14 item 10: the goal is fixed at the start; past days keep their marks."""
    from nutrigap.services.experiments import set_experiment_goal
    from nutrigap.services.profile import set_profile

    set_profile(ctx, sex="female", birth_date="1988-05-03")
    almonds = food_id(ctx, "Almonds, unsalted", "survey_fndds_food")
    for i in range(5):
        diary.log_food(ctx, START + dt.timedelta(days=i), "lunch", almonds, 140)  # about 360 mg: above 320
    start_experiment(ctx, "mg", nutrient="magnesium", target="RDA", days=14, start=START)
    before = experiment_report(ctx, "mg", today=START + dt.timedelta(days=4))
    assert before.experiment.goal == 320.0
    assert [s for _, s in before.result.adherence] == ["kept"] * 5
    set_profile(ctx, sex="male", birth_date="1988-05-03")  # a man's RDA is 420 mg
    after = experiment_report(ctx, "mg", today=START + dt.timedelta(days=4))
    assert after.experiment.goal == 320.0
    assert after.result.adherence == before.result.adherence
    assert list_experiments(ctx, START)[0].goal == 320.0
    # the user may change it on purpose
    edited = set_experiment_goal(ctx, "mg", "420")
    assert edited.goal == 420.0 and "420 mg/day" in edited.description
    with pytest.raises(InvalidInput, match="above 0"):
        set_experiment_goal(ctx, "mg", "-1")
    assert list_experiments(ctx, START)[0].goal == 420.0
