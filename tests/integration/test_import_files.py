"""MyFitnessPal zip, mapped CSV, and every oddity of a file from another app (issue #18): a BOM and decimal commas
are read; a wrong encoding, a cut-off file, a 100 MB file, a broken zip and the wrong app get one clear line and
change nothing. Fixture sources: ``import_fixtures``."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from nutrigap.domain.nutrients import ENERGY_KCAL, Nutrient
from nutrigap.services.context import AppContext
from nutrigap.services.importers.apply import apply_plan, list_imports
from nutrigap.services.importers.csv_mapped import parse_csv_mapped, parse_map
from nutrigap.services.importers.myfitnesspal import parse_myfitnesspal
from nutrigap.services.transfer import diary_is_empty
from tests.integration.import_fixtures import SERVINGS_HEADER, csv_text, mfp_zip, serving, write
from tests.safety.helpers import run_cli

MG, CA, K, VD = (n.fdc_id for n in (Nutrient.MAGNESIUM, Nutrient.CALCIUM, Nutrient.POTASSIUM, Nutrient.VITAMIN_D))


def test_myfitnesspal_meals_with_energy_potassium_and_calcium_from_percent(tmp_path: Path) -> None:
    rows = [
        {"Date": "2026-11-02", "Meal": "Breakfast", "Calories": "350", "Potassium": "420", "Calcium": "25",
         "Note": "first day"},
        {"Date": "2026-11-02", "Meal": "Dinner", "Calories": "610.5", "Potassium": "", "Calcium": "12"},
        {"Date": "2026-11-03", "Meal": "Meal 5", "Calories": "120", "Potassium": "90", "Calcium": ""},
    ]  # fmt: skip
    archive = mfp_zip(tmp_path / "File-Export-2026-11-02-to-2026-11-08.zip", rows,
                      {"Exercise-Summary-2026-11-02-to-2026-11-08.csv": "Date,Exercise,Calories\r\n"})  # fmt: skip
    plan = parse_myfitnesspal([archive])
    breakfast, dinner, extra = plan.entries
    assert breakfast.values == {ENERGY_KCAL: 350.0, K: 420.0, CA: pytest.approx(250.0)}  # 25 % of 1,000 mg
    assert dinner.values == {ENERGY_KCAL: 610.5, CA: pytest.approx(120.0)}  # potassium empty: unknown
    assert MG not in breakfast.values and VD not in breakfast.values  # not in MFP's export at all
    assert extra.meal.value == "snacks" and extra.note == "MyFitnessPal meal: Meal 5"
    assert plan.day_notes == {dt.date(2026, 11, 2): "first day"}
    assert any("not in MyFitnessPal's export" in n for n in plan.notices)
    assert [s.file for s in plan.skipped] == ["Exercise-Summary-2026-11-02-to-2026-11-08.csv"]


def test_myfitnesspal_calcium_dv_is_a_choice_named_in_the_report(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MyFitnessPal does not say which label DV its calcium % uses (1,000 mg before the FDA 2016 rule, 1,300 mg
    after): ``--mfp-calcium-dv`` chooses, 1,000 by default, and the report's data sources say which one."""
    from nutrigap.services.doctor_report import gather_report

    rows = [{"Date": "2026-11-02", "Meal": "Breakfast", "Calories": "350", "Potassium": "420", "Calcium": "20"}]
    archive = mfp_zip(tmp_path / "File-Export-2026-11-02-to-2026-11-08.zip", rows)
    assert parse_myfitnesspal([archive]).entries[0].values[CA] == pytest.approx(200.0)
    assert parse_myfitnesspal([archive], calcium_dv=1300).entries[0].values[CA] == pytest.approx(260.0)
    code, out, err = run_cli(["import", "myfitnesspal", str(archive), "--mfp-calcium-dv", "1200"], capsys)
    assert code != 0 and "1000, 1300" in err and diary_is_empty(ctx)
    code, out, err = run_cli(["import", "myfitnesspal", str(archive), "--dry-run", "--mfp-calcium-dv", "1300"], capsys)
    assert code == 0 and "1 % = 13 mg (a DV of 1,300 mg" in out
    code, out, err = run_cli(["import", "myfitnesspal", str(archive), "--mfp-calcium-dv", "1300", "--json"], capsys)
    assert code == 0, err
    report = gather_report(ctx, "week", dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    [line] = [s for s in report.data_sources if s.startswith("Imported from MyFitnessPal")]
    assert line.endswith("; calcium from MyFitnessPal's % Daily Value × 1,300 mg.")
    assert report.logged_days == 1


def test_mapped_csv_with_units_grams_and_a_preview(ctx: AppContext, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    log = write(tmp_path / "log.csv", csv_text(["When", "What", "Meal", "Weight", "Mg", "Vit D"], [
        {"When": "02/11/2026", "What": "Oats", "Meal": "Breakfast", "Weight": "50", "Mg": "69", "Vit D": ""},
        {"When": "03/11/2026", "What": "Salmon", "Meal": "tea", "Weight": "120", "Mg": "35", "Vit D": "600"},
        {"When": "31/02/2026", "What": "Ghost", "Meal": "", "Weight": "", "Mg": "", "Vit D": ""},
    ]))  # fmt: skip
    spec = "date=When:%d/%m/%Y,food=What,meal=Meal,grams=Weight,magnesium=Mg:mg,vitamin_d=Vit D:IU"
    assert ("Vit D", "vitamin d [IU]") in parse_map(spec).describe()
    plan = parse_csv_mapped(log, spec)
    oats, salmon = plan.entries
    assert (oats.day, oats.grams, oats.values) == (dt.date(2026, 11, 2), 50.0, {MG: 69.0})
    assert oats.per_100g() == {MG: pytest.approx(138.0)}
    assert salmon.values[VD] == pytest.approx(15.0) and salmon.note == "meal in the file: tea"
    assert [s.line for s in plan.skipped] == [4] and "not a date" in plan.skipped[0].reason
    code, out, err = run_cli(["import", "csv-mapped", str(log), "--map", spec, "--json"], capsys)
    assert code == 0, err and json.loads(out)["entries"] == 2
    code, out, err = run_cli(["import", "csv-mapped", "--help"], capsys)
    assert "date=Day:%d/%m/%Y" in out and "vitamin_d" in out
    code, out, err = run_cli(["import", "csv-mapped", str(log), "--map", "food=What"], capsys)
    assert code != 0 and "needs date=Column" in err


def test_bom_semicolons_and_decimal_commas_are_read(tmp_path: Path) -> None:
    from nutrigap.services.importers.cronometer import parse_cronometer

    rows = [serving("2026-11-02", "Lunch", "Lentils", "1,00 cup", kcal="230", mg_mg="71,3"),
            serving("2026-11-02", "Lunch", "Cheese", "1.00 oz", kcal="113", ca="1,125")]  # fmt: skip
    text = "\ufeff" + csv_text(SERVINGS_HEADER, rows, delimiter=";")
    plan = parse_cronometer([write(tmp_path / "servings.csv", text)])
    [lentils] = plan.entries
    assert lentils.values[MG] == pytest.approx(71.3) and lentils.quantity == 1.0
    assert plan.skipped[0].line == 3 and "ambiguous" in plan.skipped[0].reason  # 1,125: thousands or decimals?


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = csv_text(SERVINGS_HEADER, [serving("2026-11-02", "Lunch", "Crème fraîche", "2.00 tbsp", kcal="104")])
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:  # a sparse 100 MB file: refused by its size before a byte is read
        fh.write(good.encode())
        fh.truncate(100 * 1000 * 1000)
    broken_zip = tmp_path / "export.zip"
    broken_zip.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    return {
        "wrong encoding": (write(tmp_path / "latin1.csv", good, "cp1252"), "not UTF-8"),
        "truncated": (write(tmp_path / "cut.csv", good[: good.rindex(",Lunch,") + 7]), "incomplete"),
        "100 MB": (huge, "limit 64 MB"),
        "wrong app": (
            mfp_zip(tmp_path / "mfp.zip", [{"Date": "2026-11-02", "Meal": "Lunch", "Calories": "1"}]),
            "not a Cronometer export",
        ),
        "broken zip": (broken_zip, "not"),
        "binary": (write(tmp_path / "junk.csv", "Day,Food Name\r\n\x00\x01\x02,\x00\r\n"), "not a readable CSV"),
    }


def test_bad_files_get_one_clear_line_and_change_nothing(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for what, (path, message) in _bad_files(tmp_path).items():
        code, out, err = run_cli(["import", "cronometer", str(path)], capsys)
        assert code != 0, what
        assert message in err, (what, err)
        assert len(err.strip().splitlines()) == 1, (what, err)
        assert "Traceback" not in err
        assert diary_is_empty(ctx) and list_imports(ctx) == [], what


def test_nothing_to_import_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    from nutrigap.domain.errors import InvalidInput
    from nutrigap.services.importers.cronometer import parse_cronometer

    only_bad = write(tmp_path / "s.csv", csv_text(SERVINGS_HEADER, [serving("yesterday", "Lunch", "X", "1 g")]))
    with pytest.raises(InvalidInput, match="nothing to import"):
        apply_plan(ctx, parse_cronometer([only_bad]))
    assert diary_is_empty(ctx)
    assert zipfile.is_zipfile(tmp_path / "s.csv") is False
