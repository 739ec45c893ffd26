from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nutrigap.domain.diary import Meal, parse_date, week_bounds
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.units import check_entry_grams, parse_amount
from nutrigap.fooddb.text import (
    fold,
    fts_prefix_expression,
    matches_all_prefixes,
    parse_portion_label,
    pretty_portion_label,
    query_tokens,
)


def test_fold_removes_case_accents_and_punctuation() -> None:
    assert fold("Crème Brûlée, RAW!") == "creme brulee raw"
    assert fold("spinach, raw") == fold("Spinach raw")
    assert fold("  ") == ""


def test_query_tokens_become_prefix_terms_in_any_order() -> None:
    assert fts_prefix_expression(query_tokens("milk who")) == '"milk"* "who"*'
    assert fts_prefix_expression(query_tokens("Spinach, raw"), anchor_first=True) == '^"spinach"* "raw"*'
    assert matches_all_prefixes(fold("Milk, whole"), ["who", "mil"])
    assert not matches_all_prefixes(fold("Milk, whole"), ["skim"])


@pytest.mark.parametrize(
    ("label", "unit", "amount"),
    [
        ("2 Tbsp", "Tbsp", 2.0),
        ("1/2 cup", "cup", 0.5),
        ("1 1/2 cup", "cup", 1.5),
        ("2 ONZ", "oz", 2.0),
        ("8 OZA", "fl oz", 8.0),
        ("0.25 tsp", "tsp", 0.25),
        ("undetermined", "undetermined", 1.0),
    ],
)
def test_parse_portion_label(label: str, unit: str, amount: float) -> None:
    parsed = parse_portion_label(label)
    assert parsed.unit == unit
    assert parsed.unit_amount == pytest.approx(amount)


def test_pretty_label_only_renames_fdc_unit_codes() -> None:
    assert pretty_portion_label("2 ONZ") == "2 oz"
    assert pretty_portion_label("1/2 cup") == "1/2 cup"


@pytest.mark.parametrize("text", ["", "abc", "-1", "0", "nan", "inf", "1/0"])
def test_bad_amounts_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_amount(text)
    assert str(info.value)


def test_amounts_accept_comma_and_fractions() -> None:
    assert parse_amount("1,5") == 1.5
    assert parse_amount("3/4") == 0.75
    assert parse_amount(2) == 2.0


def test_entry_over_5_kg_is_refused() -> None:
    assert check_entry_grams(5000) == 5000
    with pytest.raises(InvalidInput, match="5 kg"):
        check_entry_grams(5000.1)
    with pytest.raises(InvalidInput):
        check_entry_grams(math.nan)


def test_dates_and_weeks() -> None:
    assert week_bounds(parse_date("2026-11-25"))[0].isoformat() == "2026-11-23"
    assert week_bounds(parse_date("2026-11-29"))[1].isoformat() == "2026-11-29"
    with pytest.raises(InvalidInput):
        parse_date("2026-13-01")
    with pytest.raises(InvalidInput):
        parse_date("1800-01-01")
    assert Meal.parse("Snack") is Meal.SNACKS
    with pytest.raises(InvalidInput, match="breakfast"):
        Meal.parse("brunch")


@given(st.text(max_size=40), st.lists(st.text(alphabet="abcdeé 1,", min_size=1, max_size=4), max_size=4))
def test_prefix_match_is_the_word_by_word_rule(name: str, raw_tokens: list[str]) -> None:
    """The substring shortcut answers exactly what checking every word of the folded name would."""
    folded = fold(name)
    tokens = [t for raw in raw_tokens for t in fold(raw).split()]
    words = folded.split()
    assert matches_all_prefixes(folded, tokens) == all(any(w.startswith(t) for w in words) for t in tokens)
