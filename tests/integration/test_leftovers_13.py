"""Leftovers of issue #13: a frozen juice concentrate starts at a household measure, not a whole can; unusual
foods (wild mushrooms, palm hearts, soybean curd cheese) are suggested only to those who already eat them."""

from __future__ import annotations

import datetime as dt

import pytest

from nutrigap.domain.nutrients import Nutrient
from nutrigap.engine.suggest_common import eaten_as_suggested
from nutrigap.services import diary, food_search
from nutrigap.services.context import AppContext
from nutrigap.services.portions import default_amount
from tests.conftest import food_id


def test_a_frozen_lemonade_concentrate_starts_at_one_fl_oz_not_a_whole_can(ctx: AppContext) -> None:
    lemonade = food_search.food_details(ctx, food_id(ctx, "Lemonade, frozen concentrate, pink", "sr_legacy_food"))
    quantity, unit = default_amount(lemonade)
    grams, _ = food_search.grams_for(lemonade.portions, quantity, unit)
    # SR Legacy measures, in USDA's order: 1 fl oz 36.4 g, 1 can (12 fl oz) 437 g, 1 can (6 fl oz) 218 g. A
    # concentrate's RACC is the amount that makes one RACC of the drink (21 CFR 101.12(c)), not the 360 mL of a
    # drink, so USDA's first measure is the default: 1 fl oz.
    assert (quantity, unit) == (1.0, "fl oz")
    assert grams == pytest.approx(36.4)


@pytest.mark.parametrize(
    "name",
    [
        "Mushrooms, Chanterelle, raw",
        "Palm hearts, cooked",
        "Hearts of palm, raw",
        "Soybean curd cheese",  # FNDDS
        "Soybean, curd cheese",  # SR Legacy: the one-day plan picked it
    ],
)
def test_unusual_plants_are_suggested_only_to_those_who_eat_them(name: str) -> None:
    assert eaten_as_suggested(name, None, already_eaten=False)[0] is False
    assert eaten_as_suggested(name, None, already_eaten=True)[0] is True


def test_close_the_gaps_and_the_plan_leave_out_unusual_plants(ctx: AppContext) -> None:
    from nutrigap.services.suggest import candidates, suggest_day

    day = dt.date(2026, 12, 3)
    diary.log_food(ctx, day, "breakfast", food_id(ctx, "Milk, whole", "survey_fndds_food"), 1, "cup")
    names = set(candidates(ctx, [Nutrient.MAGNESIUM, Nutrient.CALCIUM, Nutrient.POTASSIUM], None, day)["name"])
    unusual = {"Mushrooms, Chanterelle, raw", "Palm hearts, cooked", "Hearts of palm, raw", "Soybean curd cheese"}
    assert names & unusual == set()
    report = suggest_day(ctx, day)
    assert report.gaps  # a cup of milk leaves gaps to close
    shown = {food.name for foods in report.foods.values() for food in foods}
    plan = {item.name for item in report.plan.items} if report.plan is not None else set()
    assert (shown | plan) & unusual == set()


def test_an_unusual_plant_the_user_eats_may_be_suggested(ctx: AppContext) -> None:
    from nutrigap.services.suggest import candidates

    day = dt.date(2026, 12, 3)
    palm = food_id(ctx, "Palm hearts, cooked", "survey_fndds_food")
    diary.log_food(ctx, day - dt.timedelta(days=3), "dinner", palm, 85, "g")
    names = set(candidates(ctx, [Nutrient.POTASSIUM], None, day)["name"])
    assert "Palm hearts, cooked" in names


def test_a_dry_mix_keeps_usdas_amount_that_makes_one_serving() -> None:
    """Guard: the drink-concentrate rule leaves other mixes at the measure closest to their RACC."""
    from nutrigap.services.food_search import mass_portions
    from nutrigap.services.portions import ordered_source_portions
    from nutrigap.services.views import FoodDetails, PortionOption

    def measure(label: str, unit: str, grams: float) -> PortionOption:
        return PortionOption(f"{label} ({grams:g} g)", unit, grams, "source", measure_amount=1.0)

    # SR Legacy "Puddings, tapioca, dry mix": 1 package (3.5 oz) 92 g, 1 portion, amount to make 1/2 cup 23 g
    measures = ordered_source_portions(
        [
            measure("1 package (3.5 oz)", "package (3.5 oz)", 92.0),
            measure("1 portion, amount to make 1/2 cup", "portion, amount to make 1/2 cup", 23.0),
        ]
    )
    name = "Puddings, tapioca, dry mix"
    portions = (*measures, *mass_portions())
    details = FoodDetails(name, name, "sr_legacy_food", "reference", "Sweets", None, "test", (), portions)
    assert default_amount(details) == (1.0, "portion, amount to make 1/2 cup")
