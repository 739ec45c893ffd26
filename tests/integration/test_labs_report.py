"""Blood tests in the doctor's report (issue #17): the PDF's "Blood tests" section beside the intake (pypdf text),
the trend chart in it marks them, and the text and JSON reports list them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.report.blood import SECTION_BLOOD
from nutrigap.services import demo, doctor_report, labs
from nutrigap.services.context import AppContext
from tests.integration.test_doctor_report import flat, pdf_text
from tests.safety.helpers import run_cli

DEMO_END = dt.date(2026, 11, 29)


@pytest.fixture
def demo_ctx(ctx: AppContext, isolated_home: Path) -> Iterator[AppContext]:
    info = demo.prepare_demo(user_home=isolated_home, end=DEMO_END)
    context = demo.demo_context(info.home)
    yield context
    context.close()


def test_the_demo_has_a_low_vitamin_d_that_rises(demo_ctx: AppContext) -> None:
    d = [r for r in labs.list_results(demo_ctx) if r.analyte == "vitamin_d_25oh"]
    assert [r.flag for r in d] == ["below", "below"] and d[0].canonical_value < 30 < d[1].canonical_value
    assert {r.analyte for r in labs.list_results(demo_ctx)} >= {"magnesium", "potassium", "vitamin_b12"}


def test_pdf_has_a_blood_tests_section_after_the_intake(demo_ctx: AppContext, tmp_path: Path) -> None:
    start = DEMO_END - dt.timedelta(days=27)
    files = doctor_report.range_doctor_report(demo_ctx, start, DEMO_END, pdf_path=tmp_path / "r.pdf")
    assert files.pdf is not None
    text = flat(pdf_text(files.pdf))
    assert SECTION_BLOOD in text
    assert text.index("Average intake vs reference intakes") < text.index(SECTION_BLOOD) < text.index("Insights")
    section = text[text.index(SECTION_BLOOD) :]
    assert "11.2 ng/mL = 28 nmol/L" in section and "20.03–50.08 ng/mL (IOM 2011)" in section
    assert "below the default range (IOM 2011: at risk of deficiency)" in section
    assert "0.71 mmol/L" in section and "0.7–1 mmol/L (lab)" in section and "within the lab's range" in section
    assert "412 pg/mL = 304 pmol/L" in section
    assert "mg/day" in section  # the period's intake of the nutrient beside its results


def test_no_results_no_section(ctx: AppContext, tmp_path: Path) -> None:
    files = doctor_report.range_doctor_report(ctx, "2026-11-01", "2026-11-07", pdf_path=tmp_path / "r.pdf")
    assert files.pdf is not None and SECTION_BLOOD not in flat(pdf_text(files.pdf))


def test_text_and_json_reports_list_them(
    isolated_home: Path, ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    labs.add_result(ctx, "2026-11-02", "magnesium", "1.7", "mg/dL", range_text="1.6-2.6")
    labs.add_result(ctx, "2025-10-01", "vitamin_b12", "150", "pmol/L")  # over a year before: left out
    code, out, err = run_cli(["report", "week", "2026-11-18", "--json"], capsys)
    assert code == 0, err
    [row] = json.loads(out)["blood_tests"]
    assert row | {"canonical_value": 0} == {
        "date": "2026-11-02", "analyte": "magnesium", "name": "Serum magnesium", "nutrient": "magnesium",
        "value": 1.7, "unit": "mg/dL", "canonical_value": 0, "canonical_unit": "mmol/L", "range_low": 1.6,
        "range_high": 2.6, "range_unit": "mg/dL", "range_source": "lab", "flag": "within",
        "compared": "within the lab's range", "note": None,
    }  # fmt: skip
    assert row["canonical_value"] == pytest.approx(1.7 / 2.43)
    code, out, _ = run_cli(["report", "week", "2026-11-18"], capsys)
    assert code == 0 and "Blood tests (the 12 months up to the end of the period):" in out
    assert "Serum magnesium  1.7 mg/dL" in out and "within the lab's range" in out and "150 pmol/L" not in out
