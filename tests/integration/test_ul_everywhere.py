"""Above the upper limit shows everywhere (issue #12): the text report, the doctor's PDF and the CSV.

The issue's case: a woman of 40 taking a 400 mg magnesium supplement daily (the magnesium UL of 350 mg counts
supplements only), calcium 2,700 mg/d (UL 2,500 mg for 19–50 y) and vitamin D 110 µg/d (UL 100 µg = 4,000 IU);
and 16,000 IU (400 µg) of vitamin D a day. ULs: IOM 1997 (Ca, Mg, D; D revised 2011), see food_db DRI tables.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from nutrigap.cli import main
from nutrigap.services import diary, my_foods, profile
from nutrigap.services.context import AppContext
from nutrigap.services.doctor_report import week_doctor_report

MONDAY = dt.date(2026, 11, 16)


def log_ul_case(
    ctx: AppContext, *, vitamin_d_ug: float = 110.0, unit: str = "µg", days: int = 7, start: dt.date = MONDAY
) -> None:
    """The woman of 40 and her daily supplements, every day for ``days`` days from ``start``."""
    profile.set_profile(ctx, sex="female", birth_date="1986-06-01", vitamin_d_unit=unit)
    pills = [
        my_foods.SupplementInput(name="Magnesium citrate 400", unit_label="capsule", nutrients_per_unit={1090: 400.0}),
        my_foods.SupplementInput(name="Calcium 2700", unit_label="tablet", nutrients_per_unit={1087: 2700.0}),
        my_foods.SupplementInput(name="Vitamin D drops", unit_label="dose", nutrients_per_unit={1114: vitamin_d_ug}),
    ]
    made = [(my_foods.create_supplement(ctx, pill).id, pill.unit_label) for pill in pills]
    for i in range(days):
        for food, unit_label in made:
            diary.log_food(ctx, start + dt.timedelta(days=i), "supplements", food, 1, unit_label)


def test_text_report_shows_the_ul_verdict_with_its_scope(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    log_ul_case(ctx)
    assert main(["report", "week", MONDAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "vs UL" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.split()}
    assert "ABOVE (suppl. only)" in lines["Magnesium"]
    assert "ABOVE" in lines["Calcium"] and "suppl. only" not in lines["Calcium"]
    assert "no UL" in lines["Potassium"]
    assert (
        "WARNING: Magnesium: 400 mg/day from supplements is above the tolerable upper intake level (UL) of "
        "350 mg/day (for magnesium the UL counts supplements only)." in out
    )
    assert "WARNING: Calcium: 2,700 mg/day is above the tolerable upper intake level (UL) of 2,500 mg/day." in out
    assert "WARNING: Vitamin D: 110 µg/day is above the tolerable upper intake level (UL) of 100 µg/day." in out


def test_pdf_puts_the_ul_warning_first_and_marks_the_table(ctx: AppContext, tmp_path: Path) -> None:
    log_ul_case(ctx)
    files = week_doctor_report(ctx, MONDAY, pdf_path=tmp_path / "week.pdf", csv_path=tmp_path / "week.csv")
    assert files.pdf is not None
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(files.pdf).pages).split())
    heading = "Above the tolerable upper intake level (UL)"
    assert heading in text
    # the warning comes before the table, right under the section heading
    assert text.index(heading) < text.index("Nutrient Intake EAR")
    assert "Magnesium: 400 mg/day from supplements is above the tolerable upper intake level" in text
    assert "Calcium: 2,700 mg/day is above" in text and "Vitamin D: 110 µg/day is above" in text
    assert text.count("ABOVE UL") == 3 and text.count("above the upper limit") >= 3
    # CSV: a ul_verdict column, same codes as the JSON report
    with (tmp_path / "week.csv").open(encoding="utf-8") as handle:
        summary = {r["measure"]: r for r in csv.DictReader(handle) if r["section"] == "summary"}
    assert {m: summary[m]["ul_verdict"] for m in ("magnesium", "calcium", "vitamin_d", "potassium")} == {
        "magnesium": "above_ul",
        "calcium": "above_ul",
        "vitamin_d": "above_ul",
        "potassium": "no_ul",
    }
    assert summary["magnesium"]["ul_scope"] == "supplemental"


def test_16000_iu_of_vitamin_d_a_day_is_above_the_ul_in_iu(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_ul_case(ctx, vitamin_d_ug=400.0, unit="IU")
    assert main(["report", "week", MONDAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "WARNING: Vitamin D: 16,000 IU/day is above the tolerable upper intake level (UL) of 4,000 IU/day." in out
    files = week_doctor_report(ctx, MONDAY, pdf_path=tmp_path / "d.pdf", csv_path=tmp_path / "d.csv")
    assert files.pdf is not None
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(files.pdf).pages).split())
    assert "Vitamin D: 16,000 IU/day is above the tolerable upper intake level (UL) of 4,000 IU/day." in text
    with (tmp_path / "d.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["section"] == "summary" and r["measure"] == "vitamin_d"]
    assert rows[0]["ul_verdict"] == "above_ul" and float(rows[0]["value"]) == pytest.approx(400.0)
