"""Suggestions people would eat (issue #13): no raw meat, fish or eggs, unusual foods only for those who already
eat them, commonly eaten foods first; on the fixture slice, which holds raw carp and eel, snails and conch."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from nutrigap.engine.suggest_common import commonness, eaten_as_suggested, rule_for
from nutrigap.paths import food_db_file
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.guide import nutrient_guide
from nutrigap.services.suggest import suggest_day
from tests.conftest import food_id

DAY = dt.date(2026, 11, 24)
UNUSUAL = re.compile(r"snail|escargot|conch|\beel\b|carp", re.IGNORECASE)
RAW_ANIMAL = re.compile(r"^(?:fish|mollusks|crustaceans|beef|pork|chicken|egg|eggs)\b.*\braw\b", re.IGNORECASE)


def log_small_day(ctx: AppContext) -> None:
    diary.log_food(ctx, DAY, "breakfast", food_id(ctx, "Bread, whole wheat", "survey_fndds_food"), 60)
    diary.log_food(ctx, DAY, "lunch", food_id(ctx, "Apple, raw", "survey_fndds_food"), 150)


def listed(ctx: AppContext) -> list[tuple[str, str, bool]]:
    """(name, data type, frequent) of every food of the day's suggestions and of each nutrient's guide page."""
    report = suggest_day(ctx, DAY)
    foods = [f for fs in report.foods.values() for f in fs]
    foods += [f for n in ("magnesium", "calcium", "potassium", "vitamin_d", "vitamin_b12")
              for f in nutrient_guide(ctx, n, today=DAY).foods]  # fmt: skip
    assert report.plan is not None
    plan = [(i.name, "", False) for i in report.plan.items]
    return [(f.name, f.data_type, f.frequent) for f in foods] + plan


def test_the_slice_holds_the_foods_that_used_to_top_the_lists(ctx: AppContext) -> None:
    for name, data_type in [("Mollusks, snail, raw", "sr_legacy_food"), ("Escargot", "survey_fndds_food"),
                            ("Fish, carp, raw", "sr_legacy_food"), ("Fish, eel, mixed species, raw", "sr_legacy_food"),
                            ("Mollusks, conch, baked or broiled", "sr_legacy_food")]:  # fmt: skip
        food_id(ctx, name, data_type)


def test_no_raw_meat_fish_or_eggs_and_no_unusual_foods(ctx: AppContext) -> None:
    log_small_day(ctx)
    names = [name for name, _, _ in listed(ctx)]
    assert names
    assert not [n for n in names if RAW_ANIMAL.search(n)]
    assert not [n for n in names if UNUSUAL.search(n)]


def test_an_unusual_food_is_suggested_to_someone_who_eats_it(ctx: AppContext) -> None:
    escargot = food_id(ctx, "Escargot", "survey_fndds_food")
    for i in range(3):
        diary.log_food(ctx, DAY - dt.timedelta(days=i + 1), "dinner", escargot, 30)
    log_small_day(ctx)
    assert "Escargot" in [name for name, _, _ in listed(ctx)]
    # raw fish stays out even for a fish eater
    carp = food_id(ctx, "Fish, carp, raw", "sr_legacy_food")
    diary.log_food(ctx, DAY - dt.timedelta(days=1), "dinner", carp, 100)
    assert "Fish, carp, raw" not in [name for name, _, _ in listed(ctx)]


def test_survey_foods_come_before_analysed_commodities(ctx: AppContext) -> None:
    log_small_day(ctx)
    for nutrient in ("magnesium", "vitamin_d", "vitamin_b12"):
        foods = [f for f in nutrient_guide(ctx, nutrient, today=DAY).foods if not f.frequent]
        kinds = [0 if f.data_type == "survey_fndds_food" else 1 for f in foods]
        assert kinds == sorted(kinds), nutrient


@pytest.mark.parametrize(
    ("name", "category", "rule"),
    [
        ("Fish, carp, raw", "Finfish and Shellfish Products", "never"),
        ("Egg, whole, raw, fresh", "Dairy and Egg Products", "never"),  # an egg whatever its category
        ("Fish, salmon, raw", None, "never"),  # a food without a category: by its name
        ("Sushi, NFS", "Sushi", "never"),
        ("Mollusks, snail, raw", "Finfish and Shellfish Products", "never"),
        ("Escargot", "Shellfish", "unusual"),
        ("Fish, eel", "Fish", "unusual"),
        ("Kidney", "Liver and organ meats", "unusual"),
        ("Beef, heart, cooked", "Beef Products", "unusual"),
        # a plant, not an organ; still a food few people eat (issue #13 leftover)
        ("Hearts of palm, raw", "Vegetables and Vegetable Products", "unusual"),
        ("Celery, raw", "Vegetables and Vegetable Products", None),
        ("Beans, kidney, mature seeds, cooked", "Legumes and Legume Products", None),
        ("Chicken, drumstick, cooked", "Poultry Products", None),
        ("Spinach, raw", "Vegetables and Vegetable Products", None),
        ("Fish, salmon, baked", "Fish", None),
    ],
)
def test_food_rules(name: str, category: str | None, rule: str | None) -> None:
    found = rule_for(name, category)
    assert (found[0] if found else None) == rule
    assert eaten_as_suggested(name, category, already_eaten=True)[0] == (rule != "never")


def test_commonness() -> None:
    assert commonness("Fish, trout, grilled", "Fish", "survey_fndds_food") == 0
    assert commonness("Fish, trout, rainbow, farmed, cooked", "Finfish and Shellfish Products", "sr_legacy_food") == 1
    assert commonness("Sardine sandwich", "Seafood sandwiches", "survey_fndds_food") == 2
    assert commonness("ALMONDS", "Popcorn, Peanuts, Seeds & Related Snacks", "branded_food") == 3


def test_every_rule_has_a_reason_and_a_source() -> None:
    with food_db_file("suggestion_food_rules.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["rule"] for r in rows} == {"never", "unusual"}
    for row in rows:
        re.compile(row["pattern"])
        assert row["scope"] in ("any", "animal") and row["reason"].strip() and row["source"].strip(), row
