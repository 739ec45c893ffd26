"""Cronometer export → diary (issue #18): one entry per servings row with the row's own values, groups → meals,
units from headers (IU ÷ 40), unknown stays unknown, daily summary for days without servings and Completed,
notes → day notes, biometrics reported as skipped; no duplicates on a second import; undo as a whole; the week
report's totals equal the rows' sums recomputed here by hand. Fixture sources: ``import_fixtures``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient
from nutrigap.services.context import AppContext
from nutrigap.services.importers.apply import apply_plan, list_imports, undo_import
from nutrigap.services.importers.cronometer import parse_cronometer
from tests.integration.import_fixtures import (
    BIOMETRICS_HEADER,
    DAILY_HEADER,
    NOTES_HEADER,
    OLD_SERVINGS_HEADER,
    SERVINGS_HEADER,
    csv_text,
    serving,
    write,
)
from tests.safety.helpers import run_cli

MG, CA, K, VD, B12 = (n.fdc_id for n in (Nutrient.MAGNESIUM, Nutrient.CALCIUM, Nutrient.POTASSIUM,
                                          Nutrient.VITAMIN_D, Nutrient.VITAMIN_B12))  # fmt: skip

ROWS = [
    serving("2026-11-02", "Breakfast", "Milk, 2%", "1.00 cup", kcal="122", mg_mg="27", ca="293", k="366",
            vd_iu="120", b12="1.3"),
    serving("2026-11-02", "Lunch", "Spinach, raw", "2.00 cup", kcal="14", mg_mg="47.4", ca="59.4", k="334",
            b12=""),
    serving("2026-11-02", "Pre-workout", "Banana", "1.00 medium", kcal="105", mg_mg="31.9", ca="5.9", k="422"),
    serving("2026-11-03", "Breakfast", "Milk, 2%", "1.00 cup", kcal="122", mg_mg="27", ca="293", k="366",
            vd_iu="120", b12="1.3"),
    serving("2026-11-03", "Dinner", "Salmon", "8.00 fl oz", kcal="412", mg_mg="61", ca="27", k="816",
            vd_iu="1056", b12="6.4"),
]  # fmt: skip


def servings_file(tmp_path: Path, rows: list[dict[str, str]] | None = None) -> Path:
    return write(tmp_path / "servings.csv", csv_text(SERVINGS_HEADER, ROWS if rows is None else rows))


def test_servings_become_entries_with_their_own_values(tmp_path: Path) -> None:
    plan = parse_cronometer([servings_file(tmp_path)])
    assert len(plan.entries) == 5 and plan.skipped == []
    milk = plan.entries[0]
    assert milk.meal.value == "breakfast" and (milk.quantity, milk.unit) == (1.0, "cup")
    assert milk.values[VD] == pytest.approx(120 / 40)  # IU ÷ 40 = µg
    assert milk.values[B12] == 1.3 and milk.note == "Cronometer amount: 1.00 cup"
    spinach = plan.entries[1]
    assert B12 not in spinach.values and VD not in spinach.values  # empty or absent: unknown, never 0
    banana = plan.entries[2]
    assert banana.meal.value == "snacks" and "Cronometer group: Pre-workout" in (banana.note or "")
    assert plan.entries[4].unit == "fl oz" and plan.entries[4].quantity == 8.0
    assert plan.food_count == 4  # the same milk twice is one food


def test_years_of_the_same_servings_share_their_values_and_keep_their_own_days(tmp_path: Path) -> None:
    """Memory (benchmarks/imports.py): a repeated serving shares the earlier entry's objects; its day, and a
    value that differs, stay its own."""
    rows = [
        serving("2026-11-02", "Breakfast", "Oatmeal", "1.00 cup", kcal="166", mg_mg="63"),
        serving("2026-11-03", "Breakfast", "Oatmeal", "1.00 cup", kcal="166", mg_mg="63"),
        serving("2026-11-04", "Breakfast", "Oatmeal", "1.00 cup", kcal="166", mg_mg="64"),  # corrected in the app
        serving("2026-11-05", "Breakfast", "Oatmeal", "1.00 cup", kcal="166", mg_mg="63"),
        serving("2026-11-05", "Lunch", "Oatmeal", "1.00 cup", kcal="166", mg_mg="63"),
    ]
    entries = parse_cronometer([servings_file(tmp_path, rows)]).entries
    assert [e.day.day for e in entries] == [2, 3, 4, 5, 5]
    assert [e.values[MG] for e in entries] == [63, 63, 64, 63, 63]
    assert entries[1].values is entries[0].values and entries[3].values is entries[0].values
    assert entries[2].values is not entries[0].values and entries[4].meal.value == "lunch"


def test_sharing_forgets_the_oldest_servings_and_stays_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nutrigap.services.importers import cronometer

    monkeypatch.setattr(cronometer, "SHARED_FOODS", 1)
    rows = [
        serving(f"2026-11-0{d}", "Lunch", name, "1.00 cup", kcal=str(kcal), mg_mg=str(mg))
        for d in (2, 3) for name, kcal, mg in (("Oatmeal", 166, 63), ("Rice", 205, 19), ("Oatmeal", 166, 63))
    ]  # fmt: skip
    entries = parse_cronometer([servings_file(tmp_path, rows)]).entries
    assert [(e.day.day, e.food_name, e.values[MG]) for e in entries] == [
        (d, name, mg) for d in (2, 3) for name, mg in (("Oatmeal", 63), ("Rice", 19), ("Oatmeal", 63))
    ]


def test_header_variants_units_and_unknown_headers(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old.csv",
        csv_text(OLD_SERVINGS_HEADER, [{"Day": "2026-11-02", "Food Name": "Egg", "Amount": "1.00 large",
                                        "Vitamin D (IU)": "44", "Magnesium (mg)": "6", "Alcohol (g)": "0"}]),
    )  # fmt: skip
    entry = parse_cronometer([old]).entries[0]
    assert entry.meal.value == "snacks" and entry.values == {VD: pytest.approx(1.1), MG: 6.0}
    header = ["Day", "Group", "Food Name", "Amount", "Vitamin D (µg)", "B12 (Cobalamin) (μg)", "Magnesium (mg)",
              "Mystery (zz)"]  # fmt: skip
    row = {"Day": "2026-11-02", "Group": "Dinner", "Food Name": "Egg", "Amount": "1 large", "Vitamin D (µg)": "1.1",
           "B12 (Cobalamin) (μg)": "0.45", "Mystery (zz)": "9"}  # fmt: skip
    new = write(tmp_path / "new.csv", csv_text(header, [row]))
    entry = parse_cronometer([new]).entries[0]
    assert entry.values == {VD: 1.1, B12: 0.45}  # Greek mu read as µg; the unknown column ignored; Mg unknown


def test_daily_summary_notes_and_biometrics(tmp_path: Path) -> None:
    daily = write(tmp_path / "dailysummary.csv", csv_text(DAILY_HEADER, [
        {"Date": "2026-11-02", "Energy (kcal)": "241", "Magnesium (mg)": "106.3", "Completed": "true"},
        {"Date": "2026-11-04", "Energy (kcal)": "1800", "Magnesium (mg)": "250", "Vitamin D (IU)": "400",
         "Completed": "false"},
    ]))  # fmt: skip
    notes = write(tmp_path / "notes.csv", csv_text(NOTES_HEADER, [
        {"Day": "2026-11-02", "Time": "", "Group": "Breakfast", "Note": "eyelid twitch after coffee"},
        {"Day": "2026-11-02", "Time": "", "Group": "Dinner", "Note": "slept 5 h"},
    ]))  # fmt: skip
    bio = write(tmp_path / "biometrics.csv", csv_text(BIOMETRICS_HEADER, [
        {"Day": "2026-11-02", "Time": "", "Group": "", "Metric": "Magnesium (Serum)", "Unit": "mg/dL", "Amount": "1.9"},
        {"Day": "2026-11-02", "Time": "", "Group": "", "Metric": "Weight", "Unit": "kg", "Amount": "70"},
    ]))  # fmt: skip
    plan = parse_cronometer([servings_file(tmp_path), daily, notes, bio])
    day_totals = [e for e in plan.entries if e.food_name == "Cronometer daily total"]
    assert [e.day for e in day_totals] == [dt.date(2026, 11, 4)]  # 2 Nov has servings: no double count
    assert day_totals[0].values[VD] == pytest.approx(10.0)
    # "false" is what Cronometer writes for every day nobody marked: NutriGap's default reads those days
    assert plan.completed == {dt.date(2026, 11, 2): True}
    assert plan.day_notes[dt.date(2026, 11, 2)] == "eyelid twitch after coffee\nslept 5 h"
    [magnesium] = plan.lab_results
    assert (magnesium.analyte, magnesium.value, magnesium.unit) == ("magnesium", 1.9, "mg/dL")
    reasons = [s.reason for s in plan.skipped]
    assert "Weight is not something NutriGap records" in reasons


def test_import_writes_once_undoes_as_a_whole_and_reports_by_hand(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.csv", csv_text(NOTES_HEADER, [
        {"Day": "2026-11-03", "Time": "", "Group": "", "Note": "calf cramps at night"}]))  # fmt: skip
    paths = [servings_file(tmp_path), notes]
    code, out, err = run_cli(["import", "cronometer", *map(str, paths), "--dry-run", "--json"], capsys)
    assert code == 0, err
    dry = json.loads(out)
    assert dry["dry_run"] and len(dry["entries"]) == 5 and dry["foods"] == 4
    assert list_imports(ctx) == []  # a dry run writes nothing

    code, out, err = run_cli(["import", "cronometer", *map(str, paths)], capsys)
    assert code == 0, err
    assert "5 entries" in out and "4 new foods" in out
    [batch] = list_imports(ctx)
    assert out.startswith(f"import {batch.id}: imported 5 entries")  # was "imported import 1: …"
    assert "0 days marked complete" not in out  # nothing to say when no day's flag changed
    assert batch.entries == 5 and batch.foods == 4 and batch.app == "cronometer"

    # the same files again: refused, nothing doubled; an overlapping export adds only its new rows
    code, out, err = run_cli(["import", "cronometer", *map(str, paths)], capsys)
    assert code != 0 and "already imported" in err
    overlap = write(tmp_path / "more.csv", csv_text(SERVINGS_HEADER, [*ROWS[3:], serving(
        "2026-11-04", "Lunch", "Almonds", "28.00 g", kcal="164", mg_mg="76.5", ca="75", k="208")]))  # fmt: skip
    result = apply_plan(ctx, parse_cronometer([overlap]))
    assert (result.entries, result.already_there, result.foods_reused) == (1, 2, 2)

    # report week --json: totals are the rows' values summed by hand
    code, out, err = run_cli(["report", "week", "2026-11-02", "--json"], capsys)
    assert code == 0, err
    report = json.loads(out)
    days = {d["date"]: d["nutrients"] for d in report["days"]}
    assert days["2026-11-02"]["magnesium"] == pytest.approx(27 + 47.4 + 31.9)
    assert days["2026-11-02"]["calcium"] == pytest.approx(293 + 59.4 + 5.9)
    assert days["2026-11-02"]["potassium"] == pytest.approx(366 + 334 + 422)
    assert days["2026-11-03"]["magnesium"] == pytest.approx(27 + 61)
    assert days["2026-11-03"]["vitamin_d"] == pytest.approx((120 + 1056) / 40)  # IU ÷ 40
    assert days["2026-11-03"]["vitamin_b12"] == pytest.approx(1.3 + 6.4)
    assert days["2026-11-04"]["magnesium"] == pytest.approx(76.5)
    assert days["2026-11-05"]["magnesium"] is None
    assert report["logged_days"] == 3

    # undo the first import: its entries go, the foods the second still uses stay, the note goes back
    undone = undo_import(ctx, batch.id)
    assert undone.entries == 5 and undone.days_restored == 1
    [left] = list_imports(ctx)
    assert left.entries == 1  # the two rows it found already in the diary went with the first import
    code, out, err = run_cli(["import", "undo", str(left.id)], capsys)
    assert code == 0 and "undone" in out
    assert list_imports(ctx) == []


def test_wrong_app_is_one_clear_line(ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write(tmp_path / "Nutrition-Summary.csv", "Date,Meal,Calories\r\n2026-11-02,Breakfast,300\r\n")
    code, out, err = run_cli(["import", "cronometer", str(other)], capsys)
    assert code != 0 and "not a Cronometer export" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(InvalidInput):
        parse_cronometer([other])


def test_the_doctors_report_counts_imported_days_and_lists_the_import(ctx: AppContext, tmp_path: Path) -> None:
    from nutrigap.services.doctor_report import gather_report

    apply_plan(ctx, parse_cronometer([servings_file(tmp_path)]))
    report = gather_report(ctx, "week", dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    assert report.logged_days == 2
    [line] = [s for s in report.data_sources if s.startswith("Imported from")]
    assert line.startswith("Imported from Cronometer (servings.csv) on ") and "5 entries on 2 days" in line
    assert not any("Imported" in s for s in gather_report(ctx, "week", dt.date(2026, 11, 9),
                                                          dt.date(2026, 11, 15)).data_sources)  # fmt: skip


def test_the_export_zip_reads_like_its_files(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "cronometer-export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export/servings.csv", csv_text(SERVINGS_HEADER, ROWS))
        zf.writestr("export/notes.csv", csv_text(NOTES_HEADER, [{"Day": "2026-11-02", "Note": "tired"}]))
        zf.writestr("export/exercises.csv", "Day,Exercise,Minutes,Calories Burned\r\n2026-11-02,Walk,30,120\r\n")
    plan = parse_cronometer([archive])
    assert len(plan.entries) == 5 and plan.day_notes == {dt.date(2026, 11, 2): "tired"}
    assert [(s.file, s.reason) for s in plan.skipped] == [
        ("exercises.csv", "exercise is not something NutriGap records")
    ]
    assert plan.file_hash != parse_cronometer([servings_file(tmp_path)]).file_hash
