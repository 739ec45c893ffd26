"""Search finds what people type (issue #13), on the fixture slice: British names, typos, the commonly eaten form
first, and branded rows a person can tell apart."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.fdc_source import read_fdc
from nutrigap.services.context import AppContext
from nutrigap.services.food_search import search_foods
from tests.conftest import FIXTURES

GENERIC = {"sr_legacy_food", "survey_fndds_food", "foundation_food"}


@pytest.fixture
def db(slice_food_db: Path) -> Iterator[FoodDatabase]:
    database = FoodDatabase(slice_food_db)
    yield database
    database.close()


def first_generic(db: FoodDatabase, query: str) -> str:
    hits = [h for h in db.search(query, 20) if h.data_type in GENERIC]
    assert hits, f"no generic food for {query!r}"
    return hits[0].name


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
        ("coke", "Beverages, carbonated, cola, regular"),  # a trademark people type, not only British
    ],
)
def test_british_names_find_the_usda_food(db: FoodDatabase, query: str, first: str) -> None:
    hits = db.search(query, 20)
    assert hits[0].name == first and hits[0].data_type in GENERIC


def test_a_british_spelling_still_finds_what_is_spelled_that_way(db: FoodDatabase) -> None:
    names = [h.name for h in db.search("yoghurt", 200)]
    assert any("YOGHURT" in n for n in names)  # branded products sold as "yoghurt"
    assert "Coriander (cilantro) leaves, raw" in [h.name for h in db.search("coriander", 20)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("spinnach", "Spinach, raw"),
        ("yougurt", "Yogurt, NFS"),
        ("brocoli", "Broccoli, raw"),
        ("spinn", "Spinach, raw"),  # still typing, one letter wrong
        ("brocoli raw", "Broccoli, raw"),
        ("chiken breast", "Chicken breast, stewed, skin eaten"),
    ],
)
def test_typos_find_the_food(db: FoodDatabase, query: str, first: str) -> None:
    assert db.search(query, 20)[0].name == first


def test_no_typo_fallback_when_the_words_match(db: FoodDatabase) -> None:
    # "spin" starts a word: nothing is corrected, and a word nothing resembles finds nothing
    assert all("spin" in h.name.lower() for h in db.search("spin", 20))
    assert db.search("zzzzqqqq", 20) == []


def test_chicken_breast_puts_a_cooked_breast_before_the_deli_roll_and_raw_meat(db: FoodDatabase) -> None:
    names = [h.name for h in db.search("chicken breast", 20)]
    first = names[0]
    assert first.startswith("Chicken breast, ") and "roll" not in first and "raw" not in first
    roll = names.index("Chicken breast, roll, oven-roasted")
    raw = names.index("Chicken, breast, meat and skin, raw")
    cooked = [i for i, n in enumerate(names) if n.startswith(("Chicken breast, rotisserie", "Chicken breast, stewed"))]
    assert max(cooked) < min(roll, raw)


def test_yoghurt_puts_generic_plain_yogurt_before_flavours_and_brands(db: FoodDatabase) -> None:
    hits = db.search("yoghurt", 20)
    assert [h.name for h in hits[:2]] == ["Yogurt, NFS", "Yogurt, plain, nonfat"]
    assert all(h.data_type in GENERIC for h in hits)


def test_branded_rows_show_serving_energy_and_category(ctx: AppContext) -> None:
    hits = [h for h in search_foods(ctx, "almonds", 60) if h.name == "ALMONDS"]
    assert len(hits) >= 10
    shown = [f"{h.name} — {h.distinction}" for h in hits]
    assert all(h.serving and h.serving_kcal is not None and h.category for h in hits)
    assert any(h.serving == "1 oz (28 g)" for h in hits)
    # none of them looks the same as another any more
    assert len(set(shown)) == len(shown)


def test_the_serving_label_is_not_given_its_weight_twice(db: FoodDatabase) -> None:
    servings = [h.serving for h in db.search("almonds", 60) if h.serving]
    assert servings and not any(s.count("g)") > 1 for s in servings)


def _with_copies(tmp_path: Path) -> Path:
    """The Branded fixture release with the chicken breast product listed twice more: once identical under another
    FDC id (as Branded releases do), once with a different energy value."""
    release = tmp_path / "branded"
    shutil.copytree(FIXTURES / "fdc" / "branded", release)
    folder = next(release.rglob("food.csv")).parent
    original, copy, changed = "2187885", "9900001", "9900002"
    for name in ("food.csv", "branded_food.csv", "food_nutrient.csv"):
        path = folder / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        key = header.index("fdc_id")
        extra = []
        for row in body:
            if row[key] != original:
                continue
            for new_id in (copy, changed):
                clone = list(row)
                clone[key] = new_id
                if name == "food_nutrient.csv":
                    clone[0] = f"{new_id}{clone[0]}"
                    if new_id == changed and clone[header.index("nutrient_id")] == "1008":
                        clone[header.index("amount")] = str(float(clone[header.index("amount")]) + 7)
                extra.append(clone)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, quoting=csv.QUOTE_ALL).writerows([header, *body, *extra])
    return release


def test_identical_branded_rows_are_listed_once(tmp_path: Path) -> None:
    target = tmp_path / "food.sqlite"
    build_food_db(target, [read_fdc(_with_copies(tmp_path))])
    with FoodDatabase(target) as db:
        ids = {h.id for h in db.search("chicken breast", 20)}
        assert "fdc:2187885" in ids and "fdc:9900002" in ids  # a different energy value is another product
        assert "fdc:9900001" not in ids  # the identical copy is not listed again
        assert db.get("fdc:9900001") is not None  # it stays in the database (a diary may name it)
        hit = next(h for h in db.search("chicken breast", 20) if h.id == "fdc:2187885")
        assert hit.brand == "GIANT EAGLE" and hit.serving == "1 CHICKEN BREAST (284 g)"


def test_cli_search_shows_serving_and_energy(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    from nutrigap.cli import main

    assert main(["food", "search", "almonds", "--limit", "30"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["id", "name", "type", "category", "brand", "serving"]
    assert "1 oz (28 g), 160 kcal" in out
    assert main(["food", "search", "almonds", "--limit", "30", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    branded = [r for r in rows if r["data_type"] == "branded_food"]
    assert branded and all(r["serving"] and isinstance(r["serving_kcal"], int) for r in branded)


def test_a_recent_food_is_found_by_its_british_name(ctx: AppContext) -> None:
    import datetime as dt

    from nutrigap.services import diary
    from tests.conftest import food_id

    yogurt = food_id(ctx, "Yogurt, Greek, plain, nonfat", "foundation_food")
    diary.log_food(ctx, dt.date(2026, 11, 23), "breakfast", yogurt, 170)
    first = search_foods(ctx, "greek yoghurt", 10)[0]
    assert (first.id, first.origin) == (yogurt, "recent")
