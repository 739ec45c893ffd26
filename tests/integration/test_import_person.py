"""Moving records as a person would (issue #18: "nothing lost, nothing doubled, and a clear account of what could
not come across"): a diary that already holds some of the same days, logged by hand in NutriGap while the person
still used the other app, keeps those days as they are (the import adds nothing to them and says so, in the dry
run and afterwards); undo removes the import and nothing else; the same files import again after the undo.
Fixture sources: ``import_fixtures``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nutrigap.fooddb.values import value_rows
from nutrigap.services.context import AppContext
from nutrigap.services.diary import log_food
from nutrigap.services.importers.apply import apply_plan, list_imports, undo_import
from nutrigap.services.importers.cronometer import parse_cronometer
from tests.integration.import_fixtures import SERVINGS_HEADER, csv_text, serving, write
from tests.safety.helpers import run_cli


def _servings(tmp_path: Path) -> Path:
    rows = [
        serving(day, "Breakfast", "Oatmeal, cooked", "1.00 cup", kcal="166", mg_mg="63", ca="21", k="164")
        for day in ("2026-11-02", "2026-11-03", "2026-11-04")
    ] + [serving("2026-11-03", "Dinner", "Salmon, farmed", "6.00 oz", kcal="350", mg_mg="51", vd_iu="880")]
    return write(tmp_path / "servings.csv", csv_text(SERVINGS_HEADER, rows))


def _day_magnesium(capsys: pytest.CaptureFixture[str]) -> dict[str, float | None]:
    code, out, err = run_cli(["report", "week", "2026-11-02", "--json"], capsys)
    assert code == 0, err
    return {d["date"]: d["nutrients"]["magnesium"] for d in json.loads(out)["days"]}


def test_days_logged_by_hand_are_kept_not_doubled_and_said_so(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rowid = next(food for food, nutrient, amount in value_rows(ctx.food_db._con) if nutrient == 1090 and amount > 0)
    food = ctx.food_db._con.execute("SELECT id FROM food WHERE rowid = ?", (rowid,)).fetchone()[0]
    log_food(ctx, "2026-11-03", "breakfast", str(food), 100)  # the same morning, logged in NutriGap
    by_hand = _day_magnesium(capsys)["2026-11-03"]
    assert by_hand is not None and by_hand > 0
    path = _servings(tmp_path)

    code, out, err = run_cli(["import", "cronometer", str(path), "--dry-run"], capsys)
    assert code == 0, err
    assert "would import 3 days, 4 entries" in out
    assert (
        "1 day you had logged in NutriGap kept as it was (2026-11-03): the file's 2 entries of it are not added" in out
    )
    code, out, err = run_cli(["import", "cronometer", str(path), "--dry-run", "--json"], capsys)
    assert json.loads(out)["days_already_logged"] == ["2026-11-03"]

    code, out, err = run_cli(["import", "cronometer", str(path)], capsys)
    assert code == 0, err
    assert "2 entries" in out and "1 day you had logged in NutriGap kept as it was (2026-11-03)" in out
    after = _day_magnesium(capsys)
    assert after["2026-11-03"] == pytest.approx(by_hand)  # not doubled
    assert after["2026-11-02"] == pytest.approx(63) and after["2026-11-04"] == pytest.approx(63)

    [batch] = list_imports(ctx)
    undone = undo_import(ctx, batch.id)
    assert undone.entries == 2
    assert _day_magnesium(capsys) == {**after, "2026-11-02": None, "2026-11-04": None}  # the hand day stays

    again = apply_plan(ctx, parse_cronometer([path]))  # importing again after the undo works
    assert again.entries == 2 and again.days_kept == (dt.date(2026, 11, 3),)
    assert _day_magnesium(capsys) == after


def test_the_report_lists_an_import_that_brought_only_blood_test_results(ctx: AppContext, tmp_path: Path) -> None:
    """Its results are in the report's blood section, so its source is in the data sources too."""
    from nutrigap.services.doctor_report import gather_report
    from tests.integration.import_fixtures import BIOMETRICS_HEADER

    bio = write(tmp_path / "biometrics.csv", csv_text(BIOMETRICS_HEADER, [
        {"Day": "2026-11-03", "Metric": "Magnesium (Serum)", "Unit": "mg/dL", "Amount": "1.7"},
        {"Day": "2026-11-03", "Metric": "Vitamin D", "Unit": "ng/mL", "Amount": "21"}]))  # fmt: skip
    apply_plan(ctx, parse_cronometer([bio, _servings(tmp_path)]))
    report = gather_report(ctx, "week", dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    [line] = [s for s in report.data_sources if s.startswith("Imported from")]
    assert "4 entries on 3 days of this period and 2 blood test results" in line
    later = gather_report(ctx, "week", dt.date(2026, 11, 30), dt.date(2026, 12, 6))  # blood only: a year back
    [line] = [s for s in later.data_sources if s.startswith("Imported from")]
    assert "Imported from Cronometer (biometrics.csv, servings.csv) on " in line and ": 2 blood test results" in line
