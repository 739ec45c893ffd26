"""Report periods beyond week and month (issue 14): a month whose last days are still to come shows a week with
food logged (never an empty week), a month with nothing logged says so, "the last four weeks" and any date range
are reports of their own, and the twitch summary names the days it covers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from nutrigap.domain.errors import InvalidInput
from nutrigap.report import pdf as pdf_module
from nutrigap.report import write_pdf
from nutrigap.services import demo, doctor_report
from nutrigap.services.context import AppContext

#: a Saturday, as on the day the issue was found: December has five days logged and 26 to come
DEMO_END = dt.date(2026, 12, 5)


@pytest.fixture
def demo_ctx(ctx: AppContext, isolated_home: Path) -> Iterator[AppContext]:
    info = demo.prepare_demo(user_home=isolated_home, end=DEMO_END)
    context = demo.demo_context(info.home)
    yield context
    context.close()


def flat_text(path: Path) -> str:
    return " ".join("\n".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def test_month_in_progress_shows_the_last_week_with_food_logged(demo_ctx: AppContext, tmp_path: Path) -> None:
    report = doctor_report.gather_report(demo_ctx, "month", dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    report = dataclasses.replace(report, generated_on=DEMO_END)
    # the week of 5 December starts on Monday 30 November; it was 25–31 December, every day "to come"
    assert pdf_module._shortfall_week(report) == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))
    text = flat_text(write_pdf(report, tmp_path / "dec.pdf"))
    assert "The last week with food logged (30 Nov – 6 Dec 2026)" in text
    assert "25–31 Dec" not in text


def test_month_without_food_says_so_instead_of_an_empty_chart(demo_ctx: AppContext, tmp_path: Path) -> None:
    report = doctor_report.gather_report(demo_ctx, "month", dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert pdf_module._shortfall_week(report) is None
    text = flat_text(write_pdf(report, tmp_path / "jan.pdf"))
    assert pdf_module.SECTION_SHORTFALL in text
    assert "No food was logged 1–31 Jan 2027, so there is no chart." in text


def test_last_four_weeks_report_covers_the_twitching_the_month_report_missed(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    start, end = doctor_report.last_weeks_bounds(DEMO_END)
    assert (start, end) == (dt.date(2026, 11, 8), DEMO_END)
    files = doctor_report.range_doctor_report(demo_ctx, start, end, pdf_path=tmp_path / "r.pdf")
    assert files.report.kind == "range" and files.report.period_label == "8 Nov – 5 Dec 2026"
    twitches = files.report.twitches
    assert twitches.episodes > 0 and twitches.days_in_period == 28
    text = flat_text(tmp_path / "r.pdf")
    assert "NutriGap report: 8 Nov – 5 Dec 2026" in text
    assert f"episodes on {twitches.days_with_twitches} of 28 days (8 Nov – 5 Dec 2026)" in text
    assert "The last week with food logged (29 Nov – 5 Dec 2026)" in text
    assert PdfReader(tmp_path / "r.pdf").metadata.title == "NutriGap report, 8 Nov – 5 Dec 2026"  # type: ignore[union-attr]


def test_twitch_summary_counts_only_the_days_so_far(demo_ctx: AppContext, tmp_path: Path) -> None:
    report = doctor_report.gather_report(demo_ctx, "month", dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    if dt.date.today() < dt.date(2026, 12, 31):  # the days to come are not days without twitching
        assert report.twitches.days_in_period == max(1, (dt.date.today() - dt.date(2026, 12, 1)).days + 1)
    report = dataclasses.replace(report, generated_on=DEMO_END)
    text = flat_text(write_pdf(report, tmp_path / "dec.pdf"))
    assert "(1–5 Dec 2026 so far)" in text or "No twitch episodes were logged 1–5 Dec 2026 so far." in text


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        ("2026-11-10", "2026-11-01", "ends"),
        ("2025-01-01", "2026-11-01", "at most 366 days"),
        ("x", "2026-11-01", "not a date"),
    ],
)
def test_bad_range_is_refused_and_writes_nothing(
    demo_ctx: AppContext, tmp_path: Path, start: str, end: str, reason: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidInput, match=reason):
        doctor_report.range_doctor_report(demo_ctx, start, end, pdf_path=out / "r.pdf")
    assert list(out.iterdir()) == []
