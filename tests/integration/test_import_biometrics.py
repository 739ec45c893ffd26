"""Cronometer biometrics → blood test results (issue #18 with #17): the metrics of
``food_db/cronometer_biometrics.csv`` become ``lab_result`` rows in the row's own unit, checked as the window
checks them (a bad value is skipped with its reason, shown in the dry run), listed by ``lab list --json`` with
their canonical values, not doubled by an overlapping export, removed by ``import undo``; other metrics
(Weight, Body Fat, blood pressure "120/80", Garmin vitals: names real exports carry) stay skipped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from nutrigap.domain import labs
from nutrigap.paths import food_db_file
from nutrigap.services.context import AppContext
from nutrigap.services.importers.apply import apply_plan, list_imports, undo_import
from nutrigap.services.importers.cronometer import parse_cronometer
from nutrigap.services.labs import list_results
from tests.integration.import_fixtures import BIOMETRICS_HEADER, csv_text, write
from tests.safety.helpers import run_cli


def bio(day: str, metric: str, unit: str, amount: str) -> dict[str, str]:
    return {"Day": day, "Time": "7:30 AM", "Group": "", "Metric": metric, "Unit": unit, "Amount": amount}


ROWS = [
    bio("2026-10-01", "Magnesium (Serum)", "mg/dL", "1.7"),
    bio("2026-10-01", "Vitamin D (25-OH)", "ng/mL", "18"),
    bio("2026-10-01", "Vitamin B12", "pg/mL", "310"),
    bio("2026-10-01", "Potassium (Serum)", "mEq/L", "4.1"),
    bio("2026-10-01", "Ionized Calcium", "mmol/L", "1.18"),
    bio("2026-10-01", "Calcium (Serum)", "mg/dL", "9,4"),  # a decimal comma
    bio("2026-10-01", "Weight", "lbs", "154.2"),
    bio("2026-10-01", "Blood Pressure", "mmHg", "120/80"),
    bio("2026-10-01", "Heart Rate (Garmin)", "bpm", "58"),
    bio("2026-10-02", "Magnesium (Serum)", "mg/dL", "170"),  # a typo for 1.70: not a plausible level
    bio("2026-10-02", "Potassium (Serum)", "mg/dL", "4.0"),  # a unit potassium is not printed in
    bio("2026-10-02", "Vitamin B12", "", "400"),  # no unit
]


def bio_file(tmp_path: Path, rows: list[dict[str, str]] | None = None, name: str = "biometrics.csv") -> Path:
    return write(tmp_path / name, csv_text(BIOMETRICS_HEADER, ROWS if rows is None else rows))


def test_the_name_table_covers_every_blood_test_each_name_once_with_a_source() -> None:
    from nutrigap.services.importers.biometrics import name_key

    with food_db_file("cronometer_biometrics.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["analyte"] for r in rows} == set(labs.analytes())  # every blood test NutriGap knows, no other
    keys = [name_key(r["name"]) for r in rows]
    assert len(set(keys)) == len(keys) and all(keys)
    assert all(r["source"].strip() and "GUESS" not in r["source"] for r in rows)


@pytest.mark.parametrize(
    ("metric", "unit", "analyte"),
    [
        ("Magnesium (Serum)", "mg/dL", "magnesium"), ("Serum Magnesium", "mmol/L", "magnesium"),
        ("magnesium, serum", "mEq/L", "magnesium"), ("Magnesium level", "mg/dL", "magnesium"),
        ("Calcium, Ionised", "mmol/L", "ionized_calcium"), ("Total Calcium", "mg/dL", "calcium"),
        ("Vitamin D, 25-Hydroxy", "ng/mL", "vitamin_d_25oh"), ("25-OH Vitamin D", "nmol/L", "vitamin_d_25oh"),
        ("25(OH)D", "ng/mL", "vitamin_d_25oh"), ("Vitamin D", "ng/mL", "vitamin_d_25oh"),
        ("Vitamin B-12", "pg/mL", "vitamin_b12"), ("Cobalamin", "pmol/L", "vitamin_b12"),
        ("Serum potassium", "mEq/L", "potassium"),
    ],
)  # fmt: skip
def test_a_metric_is_matched_by_its_words_and_a_unit_the_test_is_reported_in(
    tmp_path: Path, metric: str, unit: str, analyte: str
) -> None:
    plan = parse_cronometer([bio_file(tmp_path, [bio("2026-10-01", metric, unit, "1.1")])])
    assert [(r.analyte, r.unit, r.metric) for r in plan.lab_results] == [(analyte, unit, metric)]


def test_a_blood_metric_not_recognised_is_listed_with_how_to_map_it_and_imports_once_mapped(tmp_path: Path) -> None:
    rows = [
        bio("2026-10-01", "Ferritin", "ng/mL", "35"),
        bio("2026-10-08", "Ferritin", "µg/L", "41"),
        bio("2026-10-01", "Vitamin D", "pg/mL", "48"),  # 1,25-dihydroxyvitamin D: not 25(OH)D
        bio("2026-10-01", "Magnesium, RBC", "mg/dL", "5.1"),  # red-cell magnesium: not serum magnesium
        bio("2026-10-01", "Vitamin D", "IU", "2000"),  # a dose, not a blood value
        bio("2026-10-01", "Weight", "lbs", "154"),
    ]
    plan = parse_cronometer([bio_file(tmp_path, rows)])
    assert plan.lab_results == []
    listed = {u.metric: u for u in plan.unrecognised}
    assert set(listed) == {"Ferritin", "Vitamin D", "Magnesium, RBC"}
    assert listed["Ferritin"].units == ["ng/mL", "µg/L"] and listed["Ferritin"].rows == 2
    assert listed["Ferritin"].choices() == ["vitamin_d_25oh"] and listed["Ferritin"].own_test() == "other:Ferritin"
    assert "magnesium" in listed["Magnesium, RBC"].choices()
    reasons = {s.line: s.reason for s in plan.skipped}
    assert reasons[2] == (
        "Ferritin (ng/mL) is not a blood test NutriGap recognises; not imported unless you say which test it is"
    )
    assert listed["Ferritin"].how_to_map() == (
        '--biometric "Ferritin=ANALYTE" (ANALYTE: vitamin_d_25oh, other:Ferritin, or skip)'
    )
    assert reasons[4].startswith("Vitamin D: 'pg/mL' is not a unit 25-hydroxyvitamin d is reported in")
    assert reasons[6].startswith("Vitamin D: 'IU' is not a unit")  # named, but a dose: not offered
    assert reasons[7] == "Weight is not something NutriGap records"

    mapped = parse_cronometer(
        [bio_file(tmp_path, rows)], ["Ferritin=other:Ferritin", "Magnesium, RBC=skip", "vitamin d=other:calcitriol"]
    )
    got = sorted((r.analyte, r.value, r.unit) for r in mapped.lab_results)
    assert got == [
        ("other:Ferritin", 35.0, "ng/mL"),
        ("other:Ferritin", 41.0, "µg/L"),
        ("other:calcitriol", 48.0, "pg/mL"),
    ]
    assert mapped.unrecognised == []
    assert any(s.reason == "Magnesium, RBC: not imported, as you chose" for s in mapped.skipped)
    # a mapping takes the metric's rows in blood units: "Vitamin D" in IU (a dose) stays skipped
    assert {s.line: s.reason for s in mapped.skipped}[6].startswith("Vitamin D: 'IU' is not a unit")


def test_the_biometric_option_on_the_command_line(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bio_file(tmp_path, [bio("2026-10-01", "Ferritin", "ng/mL", "35"), bio("2026-10-01", "RBC Mg", "mg/dL", "5")])
    code, out, err = run_cli(["import", "cronometer", str(path), "--dry-run"], capsys)
    assert code == 0, err
    assert "not recognised as a blood test (not imported unless you map it):" in out
    assert '  Ferritin (ng/mL), 1 row: --biometric "Ferritin=ANALYTE"' in out
    code, out, err = run_cli(["import", "cronometer", str(path), "--dry-run", "--json"], capsys)
    assert [u["metric"] for u in json.loads(out)["unrecognised_metrics"]] == ["Ferritin", "RBC Mg"]
    code, out, err = run_cli(["import", "cronometer", str(path), "--biometric", "Serum Iron=other:iron"], capsys)
    assert code != 0 and "no such metric in the biometrics file" in err and "Ferritin" in err
    code, out, err = run_cli(["import", "cronometer", str(path), "--biometric", "Ferritin=ferritin"], capsys)
    assert code != 0 and "is not a blood test NutriGap knows" in err
    assert list_results(ctx) == [] and list_imports(ctx) == []
    code, out, err = run_cli(
        [
            "import",
            "cronometer",
            str(path),
            "--biometric",
            "Ferritin=other:ferritin",
            "--biometric",
            "RBC Mg=magnesium",
        ],
        capsys,
    )
    assert code == 0, err
    assert sorted((r.analyte, r.value, r.unit) for r in list_results(ctx)) == [
        ("magnesium", 5.0, "mg/dL"), ("other:ferritin", 35.0, "ng/mL")
    ]  # fmt: skip


def test_blood_values_become_results_and_bad_ones_are_skipped_with_the_reason(tmp_path: Path) -> None:
    plan = parse_cronometer([bio_file(tmp_path)])
    got = {(r.analyte, r.value, r.unit) for r in plan.lab_results}
    assert got == {
        ("magnesium", 1.7, "mg/dL"), ("vitamin_d_25oh", 18.0, "ng/mL"), ("vitamin_b12", 310.0, "pg/mL"),
        ("potassium", 4.1, "mEq/L"), ("ionized_calcium", 1.18, "mmol/L"), ("calcium", 9.4, "mg/dL"),
    }  # fmt: skip
    assert plan.has_data and not plan.entries
    reasons = {s.line: s.reason for s in plan.skipped}
    assert reasons[8] == "Weight is not something NutriGap records"
    assert reasons[9] == "Blood Pressure is not something NutriGap records"
    assert reasons[10] == "Heart Rate (Garmin) is not something NutriGap records"
    assert reasons[11].startswith("Magnesium (Serum): The value 170 mg/dL is not a plausible serum magnesium")
    assert reasons[12].startswith("Potassium (Serum): 'mg/dL' is not a unit serum potassium is reported in")
    assert reasons[13] == "Vitamin B12: the value 400 has no unit, so it cannot be converted."
    assert "6 blood test results" in plan.summary()


def test_dry_run_import_lab_list_overlap_and_undo(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bio_file(tmp_path)
    code, out, err = run_cli(["import", "cronometer", str(path), "--dry-run", "--json"], capsys)
    assert code == 0, err
    dry = json.loads(out)
    assert len(dry["lab_results"]) == 6 and dry["entries"] == []
    vitd = next(r for r in dry["lab_results"] if r["analyte"] == "vitamin_d_25oh")
    assert vitd["canonical_value"] == pytest.approx(18 * 2.496) and vitd["canonical_unit"] == "nmol/L"
    assert any("not a plausible serum magnesium" in s["reason"] for s in dry["skipped"])
    code, out, err = run_cli(["import", "cronometer", str(path), "--dry-run"], capsys)
    assert code == 0 and "blood test: 2026-10-01 Vitamin D (25-OH) 18 ng/mL (= 44.93 nmol/L)" in out
    assert "not a plausible serum magnesium" in out
    assert list_results(ctx) == []  # a dry run writes nothing

    code, out, err = run_cli(["import", "cronometer", str(path)], capsys)
    assert code == 0, err
    assert "6 blood test results" in out
    code, out, err = run_cli(["lab", "list", "--json"], capsys)
    assert code == 0, err
    listed = {r["analyte"]: r for r in json.loads(out)}
    assert set(listed) == {"magnesium", "vitamin_d_25oh", "vitamin_b12", "potassium", "ionized_calcium", "calcium"}
    # canonical values are the cited factors of food_db/lab_analytes.csv, worked out here by hand
    assert listed["magnesium"]["canonical_value"] == pytest.approx(1.7 / 2.43)
    assert listed["magnesium"]["canonical_unit"] == "mmol/L"
    assert listed["vitamin_d_25oh"]["canonical_value"] == pytest.approx(18 * 2.496)
    assert listed["vitamin_b12"]["canonical_value"] == pytest.approx(310 * 0.738)
    assert listed["calcium"]["canonical_value"] == pytest.approx(9.4 * 0.2495)
    assert listed["potassium"]["canonical_value"] == pytest.approx(4.1)
    assert listed["vitamin_d_25oh"]["date"] == "2026-10-01"
    assert listed["vitamin_d_25oh"]["flag"] == "below"  # 44.9 nmol/L: under the IOM 2011 default range
    [first] = list_imports(ctx)
    assert first.lab_results == 6

    # an overlapping export (one result already in the diary, one new): only the new one comes across
    more = bio_file(tmp_path, [ROWS[1], bio("2026-11-05", "Vitamin D (25-OH)", "nmol/L", "61")], "more.csv")
    result = apply_plan(ctx, parse_cronometer([more]))
    assert (result.lab_results, result.labs_already_there) == (1, 1)
    assert len(list_results(ctx)) == 7

    code, out, err = run_cli(["import", "undo", str(first.id)], capsys)
    assert code == 0 and "6 blood test results" in out
    assert [(r.analyte, r.value, r.unit) for r in list_results(ctx)] == [("vitamin_d_25oh", 61.0, "nmol/L")]
    undone = undo_import(ctx, result.import_id)
    assert undone.lab_results == 1 and list_results(ctx) == [] and list_imports(ctx) == []


def test_a_file_of_only_bad_or_unknown_metrics_imports_nothing(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bio_file(tmp_path, ROWS[6:])
    code, out, err = run_cli(["import", "cronometer", str(path)], capsys)
    assert code != 0 and "nothing to import" in err
    assert list_results(ctx) == [] and list_imports(ctx) == []


def test_a_deleted_imported_result_restored_by_undo_keeps_its_import(ctx: AppContext, tmp_path: Path) -> None:
    """The Blood tests page's delete + Ctrl+Z (``services.labs.restore_result``) puts the row back exactly, its
    import id included, so ``import undo`` still removes it; editing it keeps the import id too."""
    from nutrigap.services.labs import delete_result, edit_result, restore_result

    result = apply_plan(ctx, parse_cronometer([bio_file(tmp_path, ROWS[:2])]))
    vitd = next(r for r in list_results(ctx) if r.analyte == "vitamin_d_25oh")
    gone = delete_result(ctx, vitd.id)
    restore_result(ctx, gone)
    assert vitd in list_results(ctx)  # the same row: id, values and import
    edit_result(ctx, vitd.id, vitd.day, vitd.analyte, 19, vitd.unit, note=vitd.note)
    assert list_imports(ctx)[0].lab_results == 2
    undone = undo_import(ctx, result.import_id)
    assert undone.lab_results == 2 and list_results(ctx) == []


def test_a_deleted_imported_result_restored_after_its_import_was_undone_stays(ctx: AppContext, tmp_path: Path) -> None:
    """Undo of a delete after the import itself was undone: the result comes back as the person's own."""
    from nutrigap.services.labs import delete_result, restore_result

    result = apply_plan(ctx, parse_cronometer([bio_file(tmp_path, ROWS[:2])]))
    first = list_results(ctx)[0]
    gone = delete_result(ctx, first.id)
    undo_import(ctx, result.import_id)
    restore_result(ctx, gone)
    assert [(r.id, r.analyte, r.value) for r in list_results(ctx)] == [(first.id, first.analyte, first.value)]
    assert list_imports(ctx) == []
