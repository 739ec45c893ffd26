"""The diary through the services, on a real SQLite file and the fixture food database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any, cast

import pytest

from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.domain.nutrients import Nutrient
from nutrigap.services import diary, food_search, my_foods, profile, reports
from nutrigap.services.context import AppContext
from tests.conftest import food_id

DAY = dt.date(2026, 11, 24)


@pytest.fixture
def spinach(ctx: AppContext) -> str:
    return food_id(ctx, "Spinach, raw", "sr_legacy_food")


@pytest.fixture
def milk(ctx: AppContext) -> str:
    return food_id(ctx, "Milk, whole", "survey_fndds_food")


def test_log_and_total_by_hand(ctx: AppContext, spinach: str, milk: str) -> None:
    milk_record = ctx.food_db.get(milk)
    assert milk_record is not None
    diary.log_food(ctx, DAY, "lunch", spinach, 150)
    diary.log_food(ctx, DAY, "breakfast", milk, 244)
    report = reports.day_report(ctx, DAY)
    mg = report.summaries[Nutrient.MAGNESIUM]
    # by hand: spinach SR Legacy 79 mg/100 g x 1.5 + milk (FNDDS) value x 2.44
    expected_mg = 79 * 1.5 + milk_record.nutrients[1090] * 2.44
    assert mg.intake == pytest.approx(expected_mg)
    assert mg.percent == pytest.approx(100 * expected_mg / 320)  # default profile: woman, RDA 320 mg
    expected_ca = 99 * 1.5 + milk_record.nutrients[1087] * 2.44
    assert report.summaries[Nutrient.CALCIUM].intake == pytest.approx(expected_ca)
    assert report.summaries[Nutrient.MAGNESIUM].unknown_share == 0.0
    assert report.logged_days == 1


def test_units_and_portions(ctx: AppContext, spinach: str) -> None:
    entry = diary.log_food(ctx, DAY, "lunch", spinach, 2, "oz")
    assert entry.amount_g == pytest.approx(56.699, abs=1e-3)
    entry = diary.log_food(ctx, DAY, "lunch", spinach, 1, "serving")  # the source's 30 g portion
    assert entry.amount_g == 30.0
    my_foods.add_user_portion(ctx, spinach, "my bowl", 85)
    entry = diary.log_food(ctx, DAY, "dinner", spinach, 2, "my bowl")
    assert entry.amount_g == 170.0 and entry.unit == "my bowl"
    assert diary.log_food(ctx, DAY, "lunch", spinach, 1, "cup").amount_g == 30.0  # USDA household portion
    with pytest.raises(InvalidInput, match="Unknown unit 'scoop'"):
        diary.log_food(ctx, DAY, "lunch", spinach, 1, "scoop")


@pytest.mark.parametrize("amount", ["-1", "0", "nan", "abc", "6000", ""])
def test_bad_amounts_write_nothing(ctx: AppContext, spinach: str, amount: str) -> None:
    with pytest.raises(InvalidInput):
        diary.log_food(ctx, DAY, "lunch", spinach, amount)
    assert diary.entries_for_day(ctx, DAY) == []


def test_unknown_food_and_meal_write_nothing(ctx: AppContext) -> None:
    with pytest.raises(NotFound):
        diary.log_food(ctx, DAY, "lunch", "pf:000000000000", 100)
    with pytest.raises(InvalidInput):
        diary.log_food(ctx, DAY, "brunch", "pf:000000000000", 100)
    assert diary.entries_for_day(ctx, DAY) == []


def test_edit_move_remove_restore_copy(ctx: AppContext, spinach: str, milk: str) -> None:
    a = diary.log_food(ctx, DAY, "lunch", spinach, 100)
    b = diary.log_food(ctx, DAY, "lunch", milk, 200)
    changed = diary.update_entry(ctx, a.id, quantity="3", unit="oz", meal="dinner")
    assert changed.meal == "dinner" and changed.amount_g == pytest.approx(85.05, abs=0.01)
    removed = diary.remove_entry(ctx, b.id)
    assert [e.id for e in diary.entries_for_day(ctx, DAY)] == [a.id]
    restored = diary.restore_entry(ctx, removed)
    assert (restored.food_id, restored.amount_g, restored.meal) == (milk, 200.0, "lunch")
    copies = diary.copy_day(ctx, DAY, DAY + dt.timedelta(days=1))
    assert sorted(c.food_id for c in copies) == sorted([spinach, milk])
    lunch_only = diary.copy_day(ctx, DAY, DAY + dt.timedelta(days=2), meal="lunch")
    assert [c.food_id for c in lunch_only] == [milk]
    with pytest.raises(InvalidInput, match="Nothing logged"):
        diary.copy_day(ctx, DAY - dt.timedelta(days=5), DAY)
    with pytest.raises(NotFound):
        diary.remove_entry(ctx, 99999)


def test_custom_food_per_serving_is_stored_per_100g(ctx: AppContext) -> None:
    details = my_foods.create_custom_food(
        ctx,
        my_foods.CustomFoodInput(
            name="Grandma's muesli",
            nutrients={1090: 60.0, 1087: 40.0, 1008: 210.0, 1092: None},
            per_serving=True,
            serving_label="bowl",
            serving_grams=60,
        ),
    )
    assert details.id.startswith("custom:")
    per100 = details.per100()
    assert per100[1090] == pytest.approx(100.0) and per100[1008] == pytest.approx(350.0)
    assert 1092 not in per100  # left empty: unknown
    entry = diary.log_food(ctx, DAY, "breakfast", details.id, 1, "bowl")
    assert entry.nutrients[Nutrient.MAGNESIUM] == pytest.approx(60.0)
    assert entry.nutrients[Nutrient.POTASSIUM] is None
    report = reports.day_report(ctx, DAY)
    assert report.summaries[Nutrient.POTASSIUM].unknown_share == 1.0
    assert next(h.id for h in food_search.search_foods(ctx, "grand mues")) == details.id


def test_supplement_counts_toward_the_magnesium_ul_only_as_supplement(ctx: AppContext, spinach: str) -> None:
    supp = my_foods.create_supplement(
        ctx,
        my_foods.SupplementInput(name="Magnesium glycinate", unit_label="capsule", nutrients_per_unit={1090: 200.0}),
    )
    diary.log_food(ctx, DAY, "supplements", supp.id, 2, "capsule")
    diary.log_food(ctx, DAY, "lunch", spinach, 100)
    summary = reports.day_report(ctx, DAY).summaries[Nutrient.MAGNESIUM]
    assert summary.intake == pytest.approx(479.0)
    assert summary.supplemental == pytest.approx(400.0)
    assert summary.assessment.ul_verdict.value == "above_ul"
    assert reports.day_report(ctx, DAY).summaries[Nutrient.CALCIUM].unknown_share == 0.0


def test_a_supplement_whose_unit_weight_changes_keeps_its_entries_at_the_same_units(ctx: AppContext) -> None:
    data = my_foods.SupplementInput(name="Magnesium", unit_label="tablet", nutrients_per_unit={1090: 100.0})
    supp = my_foods.create_supplement(ctx, data)
    entry = diary.log_food(ctx, DAY, "supplements", supp.id, 2, "tablet")
    assert entry.amount_g == pytest.approx(2.0)
    my_foods.update_supplement(ctx, supp.id, dataclasses.replace(data, unit_grams=0.6))
    [after] = diary.entries_for_day(ctx, DAY)
    assert after.amount_g == pytest.approx(1.2)
    assert reports.day_report(ctx, DAY).summaries[Nutrient.MAGNESIUM].intake == pytest.approx(200.0)


def test_recipe_sums_ingredients_and_splits_servings(ctx: AppContext, spinach: str, milk: str) -> None:
    milk_record = ctx.food_db.get(milk)
    assert milk_record is not None
    milk_mg = milk_record.nutrients[1090]
    recipe = my_foods.create_recipe(
        ctx,
        my_foods.RecipeInput(
            name="Green smoothie",
            items=[my_foods.RecipeItemInput(spinach, 60), my_foods.RecipeItemInput(milk, 240)],
            servings=2,
        ),
    )
    assert recipe.serving_grams == 150.0
    entry = diary.log_food(ctx, DAY, "snacks", recipe.id, 1, "serving")
    assert entry.nutrients[Nutrient.MAGNESIUM] == pytest.approx((79 * 0.6 + milk_mg * 2.4) / 2)
    assert [i.food_id for i in food_search.food_details(ctx, recipe.id).ingredients] == [spinach, milk]
    with pytest.raises(InvalidInput):
        my_foods.create_recipe(ctx, my_foods.RecipeInput(name="Empty", items=[], servings=1))


def test_deleting_a_used_custom_food_archives_it(ctx: AppContext) -> None:
    food = my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="Oat bar", nutrients={1090: 50.0}))
    diary.log_food(ctx, DAY, "snacks", food.id, 40)
    assert my_foods.delete_user_food(ctx, food.id) == "archived"
    assert all(h.id != food.id for h in food_search.search_foods(ctx, "oat bar"))
    assert reports.day_report(ctx, DAY).summaries[Nutrient.MAGNESIUM].intake == pytest.approx(20.0)
    unused = my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="Unused", nutrients={}))
    assert my_foods.delete_user_food(ctx, unused.id) == "deleted"


def test_recent_foods_come_first_in_search(ctx: AppContext, spinach: str) -> None:
    baby = next(
        h for h in food_search.search_foods(ctx, "spinach", 20) if h.id != spinach and h.data_type != "branded_food"
    )
    diary.log_food(ctx, DAY, "lunch", baby.id, 50)
    hits = food_search.search_foods(ctx, "spin", 5)
    assert hits[0].id == baby.id and hits[0].origin == "recent"
    assert food_search.search_foods(ctx, "", 5)[0].id == baby.id


def test_rebuilding_the_food_database_does_not_change_past_entries(
    ctx: AppContext, spinach: str, tmp_path: Path
) -> None:
    diary.log_food(ctx, DAY, "lunch", spinach, 100)
    before = reports.day_report(ctx, DAY).to_json()
    # replace the food database by one without that food (a different source)
    con = sqlite3.connect(ctx.paths.food_db)
    con.execute("DELETE FROM food WHERE id = ?", (spinach,))
    con.commit()
    con.close()
    ctx.food_db_replaced()
    assert reports.day_report(ctx, DAY).to_json() == before
    assert diary.entries_for_day(ctx, DAY)[0].food_name == "Spinach, raw"
    # and with no food database at all
    ctx.food_db_replaced()
    shutil.move(ctx.paths.food_db, tmp_path / "gone.sqlite")
    assert reports.day_report(ctx, DAY).to_json() == before
    # the food can still be logged again from its stored values
    assert diary.log_food(ctx, DAY, "dinner", spinach, 50).nutrients[Nutrient.MAGNESIUM] == pytest.approx(39.5)


def test_profile_retargets_reports(ctx: AppContext, spinach: str) -> None:
    diary.log_food(ctx, DAY, "lunch", spinach, 100)
    assert profile.get_profile(ctx).is_default
    profile.set_profile(ctx, sex="male", birth_date="1950-03-01")
    report = reports.day_report(ctx, DAY)
    assert report.targets[Nutrient.VITAMIN_D].target == 20.0
    assert report.targets[Nutrient.MAGNESIUM].target == 420.0
    with pytest.raises(InvalidInput):
        profile.set_profile(ctx, sex="male", birth_date="1990-01-01", life_stage="pregnant")
    with pytest.raises(InvalidInput):
        profile.set_profile(ctx, sex="female", birth_date="2999-01-01")


def test_week_report_averages_logged_days_only(ctx: AppContext, spinach: str) -> None:
    monday = dt.date(2026, 11, 23)
    diary.log_food(ctx, monday, "lunch", spinach, 100)
    diary.log_food(ctx, monday + dt.timedelta(days=2), "lunch", spinach, 300)
    week = reports.week_report(ctx, monday + dt.timedelta(days=5))
    assert (week.start, week.end, week.logged_days) == (monday, monday + dt.timedelta(days=6), 2)
    assert week.summaries[Nutrient.MAGNESIUM].intake == pytest.approx(79 * 2)
    data = cast(dict[str, Any], week.to_json())
    assert len(data["days"]) == 7 and data["days"][1]["nutrients"]["magnesium"] is None
    assert set(data["nutrients"]["magnesium"]) >= {
        "intake",
        "unit",
        "target",
        "target_kind",
        "ear",
        "ul",
        "percent",
        "verdict",
        "unknown_share",
    }
