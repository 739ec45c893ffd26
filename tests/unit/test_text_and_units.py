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


@pytest.mark.parametrize("text", ["1,000", "12,500", "1,000.5", "1.000,5", "2,500,000"])
def test_amounts_with_a_thousands_separator_are_refused_as_ambiguous(text: str) -> None:
    """Issue #12: `log add … 1,000 g` logged 1 g. Without a locale the amount cannot be read safely."""
    with pytest.raises(InvalidInput, match=r"ambiguous.*Write 1000 or 1\.5"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.125", 0.125), ("1,5", 1.5), ("10,50", 10.5), ("1000", 1000.0), ("1.125", 1.125), ("1.000", 1.0)],
)
def test_unambiguous_amounts_still_pass(text: str, value: float) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("400iu", "µg vitamin D", 10.0), ("400 IU", "µg vitamin D", 10.0), ("10ug", "µg vitamin D", 10.0),
        ("10µg", "µg vitamin D", 10.0), ("10 mcg", "µg vitamin D", 10.0), ("10", "µg vitamin D", 10.0),
        ("0", "µg vitamin D", 0.0), ("200mg", "mg", 200.0), ("0.2 g", "mg", 200.0), ("418.4kJ", "kcal", 100.0),
    ],
)  # fmt: skip
def test_nutrient_amounts_take_a_unit(text: str, kind: str, value: float) -> None:
    from nutrigap.domain.units import parse_nutrient_amount

    assert parse_nutrient_amount(text, kind) == pytest.approx(value)


def test_nutrient_amount_with_a_wrong_unit_is_refused() -> None:
    from nutrigap.domain.units import parse_nutrient_amount

    with pytest.raises(InvalidInput, match="unknown unit 'mg'; use one of µg, ug, mcg, iu"):
        parse_nutrient_amount("400mg", "µg vitamin D")


def test_vitamin_d_reads_in_iu_and_back_the_rest_unchanged() -> None:
    """1 µg vitamin D = 40 IU (IOM 1998 p.566; domain.nutrients.IU_PER_UG_VITAMIN_D), in one place."""
    from nutrigap.domain.nutrients import Nutrient
    from nutrigap.domain.units import display_unit, from_display, to_display

    assert to_display(Nutrient.VITAMIN_D, 15.0, "IU") == 600.0 and display_unit(Nutrient.VITAMIN_D, "IU") == "IU"
    assert from_display(Nutrient.VITAMIN_D, 600.0, "IU") == 15.0
    assert to_display(Nutrient.VITAMIN_D, 15.0, "µg") == 15.0 and display_unit(Nutrient.VITAMIN_D, "µg") == "µg"
    assert to_display(Nutrient.MAGNESIUM, 320.0, "IU") == 320.0 and display_unit(Nutrient.MAGNESIUM, "IU") == "mg"
