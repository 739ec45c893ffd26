"""Wording and formats in the window (issue 14): plural portions and counts, sources numbered in order of
appearance, one locale date style, the demo told apart, and the report dialog's CSV following the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.domain.wording import plural, portion_unit_text
from nutrigap.gui.formatting import date_range_text, date_text, long_date, quantity_text
from nutrigap.gui.pages.insights_page import SourceNumbers
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.gui.window.report_dialog import DoctorReportDialog
from nutrigap.services.context import AppContext
from tests.conftest import food_id
from tests.gui.conftest import DAY


def test_portions_and_counts_read_as_english() -> None:
    assert quantity_text(2, "cup", 60) == "2 cups (60 g)"
    assert quantity_text(1, "cup", 30) == "1 cup (30 g)"
    assert quantity_text(0.5, "cup, chopped", 15) == "0.5 cups, chopped (15 g)"
    assert portion_unit_text("SLICE", 3) == "SLICES" and portion_unit_text("NLEA serving", 2) == "NLEA servings"
    assert portion_unit_text("oz", 4) == "oz" and portion_unit_text("large", 2) == "large"
    assert (plural(1, "food"), plural(2, "food"), plural(0, "day"), plural(3, "entry", "entries")) == (
        "1 food",
        "2 foods",
        "0 days",
        "3 entries",
    )


def test_day_view_shows_plural_portions(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    state.log_food(DAY, Meal.LUNCH, spinach, 2, "cup")
    qtbot.waitUntil(lambda: len(window.diary.model.entries(Meal.LUNCH)) == 1)
    model = window.diary.model
    texts = [
        str(model.index(r, c, model.index(row, 0)).data())
        for row in range(model.rowCount())
        for r in range(model.rowCount(model.index(row, 0)))
        for c in range(model.columnCount())
    ]
    assert "2 cups (60 g)" in texts


def test_sources_are_numbered_in_order_of_appearance() -> None:
    numbers = SourceNumbers()
    assert numbers.cite("[R1] [R2]") == "[1] [2]"
    assert numbers.cite("[R6]") == "[3]"  # was [R6] right after [R2]
    assert numbers.cite("[R2] [R7]") == "[2] [4]"
    listing = numbers.listing(["R1", "R2", "R6", "R7"])
    assert "[1] NHS" in listing and "[3] Benign fasciculation" in listing and "[R" not in listing


@pytest.mark.parametrize(
    ("locale", "day", "short", "no_year", "long"),
    [
        ("en_GB", "Tue, 24 Nov 2026", "Tue, 24 Nov", "24 Nov 2026", "Tuesday, 24 November 2026"),
        ("en_US", "Tue, Nov 24, 2026", "Tue, Nov 24", "Nov 24, 2026", "Tuesday, November 24, 2026"),
        ("de_DE", "Di., 24. Nov. 2026", "Di., 24. Nov.", "24. Nov. 2026", "Dienstag, 24. November 2026"),
    ],
)
def test_one_date_style_from_the_locale(locale: str, day: str, short: str, no_year: str, long: str) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        assert date_text(DAY) == day
        assert date_text(DAY, year=False) == short
        assert date_text(DAY, weekday=False) == no_year
        assert long_date(DAY, today=DAY + dt.timedelta(days=10)) == long
        assert date_range_text(DAY, DAY + dt.timedelta(days=6)).endswith(
            date_text(DAY + dt.timedelta(days=6), weekday=False)
        )
    finally:
        QLocale.setDefault(before)


def test_report_dialog_csv_follows_the_pdf_until_set_apart(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = DoctorReportDialog(DAY, tmp_path / "docs")
    qtbot.addWidget(dialog)
    assert Path(dialog.csv.text()) == tmp_path / "docs" / "nutrigap-week-2026-11-23.csv"
    elsewhere = tmp_path / "doctor" / "for-dr-lee.pdf"
    dialog.pdf.selectAll()
    qtbot.keyClicks(dialog.pdf, str(elsewhere))
    assert Path(dialog.csv.text()) == elsewhere.with_suffix(".csv")  # was still in the old default folder
    # a new period keeps the name the user gave and the folder
    dialog.month.setChecked(True)
    assert Path(dialog.pdf.text()) == elsewhere and Path(dialog.csv.text()) == elsewhere.with_suffix(".csv")
    # set apart: the CSV keeps its own path
    dialog.with_csv.setChecked(True)
    dialog.csv.selectAll()
    qtbot.keyClicks(dialog.csv, str(tmp_path / "numbers.csv"))
    dialog.pdf.selectAll()
    qtbot.keyClicks(dialog.pdf, str(tmp_path / "other.pdf"))
    assert Path(dialog.csv.text()) == tmp_path / "numbers.csv"


def test_report_dialog_offers_the_last_four_weeks_and_any_range(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    dialog = DoctorReportDialog(DAY, tmp_path / "docs")
    qtbot.addWidget(dialog)
    assert dialog.last_weeks.text() == f"The last 4 weeks: {date_range_text(dt.date(2026, 10, 28), DAY)}"
    dialog.last_weeks.setChecked(True)
    assert Path(dialog.pdf.text()).name == "nutrigap-2026-10-28-to-2026-11-24.pdf"
    dialog.save()
    assert dialog.request is not None and dialog.request.kind == "range"
    assert dialog.request.bounds() == (dt.date(2026, 10, 28), DAY)
    again = DoctorReportDialog(DAY, tmp_path / "docs")
    qtbot.addWidget(again)
    again.range.setChecked(True)
    assert again.range_from.isEnabled() and not again.day.isEnabled()
    again.range_from.setDate(again.range_from.date().addDays(40))  # after the end
    again.save()
    assert again.request is None and "before it starts" in again.message.text()


def test_demo_says_demo_and_one_click_returns_to_your_diary(
    qtbot: QtBot, demo_window: MainWindow, isolated_home: Path
) -> None:
    assert demo_window.windowTitle().startswith("NutriGap Demo — ")
    banner = demo_window.demo_banner
    assert banner is not None and banner.isVisible() and "Demo diary" in banner.label.text()
    dialog = demo_window.files.open_report_dialog()
    assert Path(dialog.pdf.text()).name.startswith("nutrigap-demo-")  # never the user's real report file
    dialog.reject()
    charts = demo_window.show_page("charts")
    assert charts.default_file_name().startswith("nutrigap-demo-")  # type: ignore[attr-defined]
    banner.back.click()
    own = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w is not demo_window and w.isVisible()
    )
    try:
        qtbot.waitUntil(lambda: not demo_window.isVisible())
        assert own.state.ctx.paths.home == isolated_home.resolve()
        assert own.demo_banner is None and not own.windowTitle().startswith("NutriGap Demo")
    finally:
        own.close()
        own.state.ctx.close()
        own.deleteLater()


def test_own_diary_has_no_demo_banner(window: MainWindow) -> None:
    assert window.demo_banner is None and window.windowTitle().startswith("NutriGap — ")
