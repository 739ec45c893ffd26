"""The pieces of search that need no database: spellings, typo distance and vocabulary, common forms."""

from __future__ import annotations

import csv

import pytest

from nutrigap.fooddb.ranking import form_rank, rank_key
from nutrigap.fooddb.spelling import spelling_table, spelling_variants
from nutrigap.fooddb.typos import Vocabulary, osa_distance
from nutrigap.paths import food_db_file


def test_every_spelling_row_has_a_source() -> None:
    with food_db_file("spelling_variants.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 30
    for row in rows:
        assert row["typed"].strip() and row["also_search"].strip() and row["source"].strip(), row


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["yoghurt"], [["yoghurt"], ["yogurt"]]),
        (["prawns", "curry"], [["prawns", "curry"], ["shrimp", "curry"]]),  # plural of a listed word
        (["semi", "skimmed", "milk"], [["semi", "skimmed", "milk"], ["reduced", "fat", "2", "milk"]]),  # phrase first
        (["courgette"], [["courgette"], ["zucchini"], ["summer", "squash", "green"]]),
        (["milk"], [["milk"]]),
    ],
)
def test_spelling_variants(tokens: list[str], expected: list[list[str]]) -> None:
    assert spelling_variants(tokens) == expected


def test_the_named_british_words_are_in_the_table() -> None:
    keys = {" ".join(k) for k in spelling_table()}
    for word in ("yoghurt", "porridge", "courgette", "aubergine", "crisp", "prawn", "coriander", "rocket", "mince",
                 "biscuit"):  # fmt: skip
        assert word in keys, word


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("spinach", "spinach", 0), ("spinnach", "spinach", 1), ("yougurt", "yogurt", 1), ("brocoli", "broccoli", 1),
     ("avacado", "avocado", 1), ("aple", "apple", 1), ("teh", "the", 1), ("kale", "milk", 3)],
)  # fmt: skip
def test_osa_distance(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b, 3) == distance


VOCAB = Vocabulary(
    ["spinach", "raw", "spinach", "cooked", "yogurt", "plain", "yogurt", "greek", "broccoli", "raw", "avocado",
     "cherries", "chicken", "breast", "cheese", "cheddar"]
)  # fmt: skip


@pytest.mark.parametrize(
    ("token", "corrected"),
    [
        ("spinnach", "spinach"),
        ("yougurt", "yogurt"),
        ("brocoli", "broccoli"),
        ("spinn", "spina"),  # a word still being typed: corrected to a word beginning
        ("chiken", "chicken"),
        ("spinach", None),  # a known word is never corrected
        ("spin", None),  # nor the beginning of one
        ("kiwi", None),  # too short to correct safely
        ("kirkland", None),  # nothing near: a brand, left as typed
    ],
)
def test_vocabulary_corrects_near_misses_only(token: str, corrected: str | None) -> None:
    assert VOCAB.correct(token) == corrected


def test_strict_correction_allows_one_edit_only() -> None:
    assert VOCAB.correct("cheerios") == "cherries"  # two edits
    assert VOCAB.correct("cheerios", max_edits=1) is None


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (("Chicken breast, rotisserie, skin eaten", "Chicken, whole pieces"),
         ("Chicken breast, roll, oven-roasted", "Sausages and Luncheon Meats")),
        (("Chicken breast, stewed, skin eaten", "Chicken, whole pieces"),
         ("Chicken, breast, meat and skin, raw", "Poultry Products")),
        (("Egg, whole, boiled or poached", "Eggs and omelets"), ("Egg, whole, raw, fresh", "Dairy and Egg Products")),
        (("Soft drink, cola", "Soft drinks"), ("Rum and cola", "Liquor and cocktails")),
    ],
)  # fmt: skip
def test_form_rank_puts_the_cooked_plain_food_first(better: tuple[str, str], worse: tuple[str, str]) -> None:
    assert form_rank(*better) < form_rank(*worse)


def test_raw_is_no_penalty_for_plants() -> None:
    assert form_rank("Spinach, raw", "Vegetables and Vegetable Products") == 0


def test_a_plain_form_comes_first_within_a_tier() -> None:
    tokens = ["greek", "yogurt"]
    assert rank_key("Yogurt, Greek, plain, lowfat", tokens, True) < rank_key("Yogurt, Greek, with oats", tokens, True)
    assert rank_key("Bread, egg", ["bread"], True) == rank_key("Bread, sticks, plain", ["bread"], True)
