"""Diet filters, typical portions and realism rules, from the category table and USDA names."""

from __future__ import annotations

import csv

from nutrigap.engine.suggest_rules import category_rules, diet_fit, name_rules, suggestable, typical_portion
from nutrigap.paths import food_db_file


def test_category_table_is_complete_and_valid() -> None:
    rules = category_rules()
    assert len(rules) >= 190
    for rule in rules.values():
        assert {rule.flesh, rule.dairy, rule.egg} <= {"yes", "maybe", "no"}
        assert rule.portion_g >= 0 and rule.racc
    with food_db_file("food_categories.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(rules)  # no duplicate categories
    assert len(name_rules()) > 20


def test_diet_fit_from_category_and_cholesterol() -> None:
    assert diet_fit("Beef Products", 60.0) == diet_fit("Beef Products", None)
    assert not diet_fit("Beef Products", 60.0).vegetarian and diet_fit("Beef Products", 60.0).dairy_free
    milk = diet_fit("Milk, whole", 10.0)
    assert milk.vegetarian and not milk.vegan and not milk.dairy_free
    omelet = diet_fit("Eggs and omelets", 300.0, "Egg omelet or scrambled egg, with ham")
    assert not omelet.vegan and not omelet.vegetarian  # omelets may hold ham: left out when unsure
    eggs = diet_fit("Eggs and omelets", 411.0, "Egg, whole, boiled or poached")
    assert eggs.vegetarian and not eggs.vegan and not eggs.dairy_free  # may be fried in butter: unclear
    nuts = diet_fit("Nuts and seeds", 0.0)
    assert nuts.vegan and nuts.vegetarian and nuts.dairy_free
    # a vegetable dish with cholesterol holds something animal: unclear, so it passes no filter
    dish = diet_fit("Vegetable dishes", 16.0)
    assert not dish.vegan and not dish.vegetarian and not dish.dairy_free
    # the same category without cholesterol is plant-only
    assert diet_fit("Vegetable dishes", 0.0).vegan
    # a plant-only category with cholesterol turns unclear
    assert not diet_fit("Broccoli", 2.0).vegan and not diet_fit("Broccoli", 2.0).dairy_free
    # unknown cholesterol never passes vegan
    assert not diet_fit("Nuts and seeds", None).vegan and diet_fit("Nuts and seeds", None).dairy_free
    # no category (branded or custom food): cholesterol alone
    assert diet_fit(None, 0.0).vegan and not diet_fit(None, 5.0).vegetarian and not diet_fit(None, None).dairy_free


def test_realistic_suggestions_only() -> None:
    assert suggestable("Spinach, raw", "Vegetables and Vegetable Products") == (True, "")
    assert not suggestable("Milk, dry, nonfat", "Dairy and Egg Products")[0]
    assert not suggestable("Beans, black, mature seeds, raw", "Legumes and Legume Products")[0]
    assert not suggestable("Liver, beef", "Beef Products")[0]
    assert not suggestable("Tomatoes, sun-dried", "Vegetables and Vegetable Products")[0]
    assert suggestable("Apricots, dried", "Fruits and Fruit Juices")[0]
    assert not suggestable("Spices, basil, dried", "Spices and Herbs")[0]
    assert not suggestable("Beer, light", "Beer")[0]
    assert not suggestable("Coffee, brewed", "Coffee")[0]
    assert not suggestable("Magnesium glycinate", None, "supplement")[0]
    assert not suggestable("Cookie, chocolate chip", "Cookies and brownies")[0]


def test_typical_portions() -> None:
    assert typical_portion("Milk, whole", "Milk, whole", "survey_fndds_food").grams == 240
    assert typical_portion("Nuts, almonds", "Nut and Seed Products", "sr_legacy_food").grams == 30
    cheddar = typical_portion("Cheese, cheddar", "Dairy and Egg Products", "sr_legacy_food")
    assert cheddar.grams == 30 and cheddar.basis == "RACC" and "21 CFR" not in cheddar.label
    assert typical_portion("Fish, salmon, pink, raw", "Finfish and Shellfish Products", "sr_legacy_food").grams == 110
    assert typical_portion("Fish, salmon, grilled", "Fish", "survey_fndds_food").grams == 85
    assert typical_portion("Quinoa, uncooked", "Cereal Grains and Pasta", "sr_legacy_food").grams == 45
    assert typical_portion("Quinoa, cooked", "Cereal Grains and Pasta", "sr_legacy_food").grams == 140
    assert (
        typical_portion("Spinach, raw", "Vegetables and Vegetable Products", "sr_legacy_food", usual_grams=150).label
        == "your usual 150 g"
    )
    own = typical_portion("Muesli", None, "custom", serving_grams=60, serving_label="bowl")
    assert (own.grams, own.basis) == (60, "serving")
    branded = typical_portion("SNACK BAR", "Snacks", "branded_food", household=(("1 serving", 28.35), ("1 bar", 45.0)))
    assert branded.grams == 45.0 and branded.basis == "household"  # the 1-oz placeholder is skipped
    assert typical_portion("Mystery", None, "branded_food").grams == 100
