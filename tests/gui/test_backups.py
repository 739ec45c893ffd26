"""Backups from the window: Back up now, the status of the automatic backups, restoring (asked first, the diary
as it was kept, every view reloaded), start-up notices, and a diary changed outside the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.backup_actions import BackupsDialog, size_text
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import backup, diary
from nutrigap.services.context import AppContext
from tests.conftest import food_id
from tests.gui.conftest import DAY


def click_later(qtbot: QtBot, parent: QWidget, name: str, button_text: str) -> None:
    """Press a button of a message box as soon as it is shown (it runs its own event loop)."""

    def press() -> None:
        box = parent.findChild(QMessageBox, name)
        if box is None or not box.isVisible():
            QTimer.singleShot(20, press)
            return
        next(b for b in box.findChildren(QPushButton) if b.text() == button_text).click()

    QTimer.singleShot(0, press)


def test_back_up_now_and_the_status(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    titles = [a.text() for a in window.menu("file").actions()]
    assert titles.index("Back up now") < titles.index("Build food database…")
    assert "Backups and restore…" in titles
    window.state.log_food(DAY, Meal.LUNCH, food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100, "g")
    made = window.files.backups.back_up_now()
    assert made is not None and made.kind == "manual" and made.path.parent == ctx.paths.backups
    assert made.entries == 1 and "Backed up your diary (1 entry)" in window.statusBar().currentMessage()
    backup.auto_backup(ctx)
    dialog = window.files.backups.open_dialog()
    assert isinstance(dialog, BackupsDialog)
    text = dialog.status.text()
    assert "keeps the newest 14" in text and "The last automatic backup" in text and str(ctx.paths.backups) in text
    kinds = {dialog.tree.topLevelItem(i).text(1) for i in range(dialog.tree.topLevelItemCount())}  # type: ignore[union-attr]
    assert kinds == {"automatic", "made by you"}
    dialog.backup_button.click()
    assert dialog.tree.topLevelItemCount() == 3
    dialog.reject()
    assert size_text(2048) == "2.0 KB"


def test_restore_asks_keeps_the_diary_and_reloads(qtbot: QtBot, window: MainWindow) -> None:
    ctx, state = window.state.ctx, window.state
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    kept = window.files.backups.back_up_now()
    assert kept is not None
    state.log_food(DAY, Meal.DINNER, spinach, 50, "g")
    state.log.log_twitch(occurred_at="2026-11-24 09:00", location="calf", intensity=5)
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 2)

    assert window.files.backups.restore(kept.path, confirmed=False) is None  # "Cancel"
    assert len(diary.entries_for_day(ctx, DAY)) == 2

    dialog = window.files.backups.open_dialog()
    newest = dialog.tree.topLevelItem(0)
    assert newest is not None
    dialog.tree.setCurrentItem(newest)
    assert dialog.selected() == kept.path
    click_later(qtbot, dialog, "confirm-restore", "Restore")
    result = dialog.restore_selected()
    assert result is not None and result.previous is not None and result.previous.kind == "pre-restore"
    assert [e.amount_g for e in diary.entries_for_day(ctx, DAY)] == [100.0]
    assert result.previous.entries == 2  # the diary as it was, kept
    assert state.undo_stack.count() == 0
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 1)
    assert "saved as" in window.statusBar().currentMessage()
    kinds = {dialog.tree.topLevelItem(i).text(1) for i in range(dialog.tree.topLevelItemCount())}  # type: ignore[union-attr]
    assert "before a restore" in kinds
    dialog.reject()


def test_restoring_a_backup_with_a_foreign_trigger_says_what_was_left_out(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    import sqlite3

    window.state.log_food(DAY, Meal.LUNCH, food_id(window.state.ctx, "Spinach, raw", "sr_legacy_food"), 100, "g")
    made = window.files.backups.back_up_now()
    assert made is not None
    con = sqlite3.connect(made.path)
    con.execute("CREATE TRIGGER wipe AFTER INSERT ON diary_entry BEGIN DELETE FROM diary_entry; END")
    con.commit()
    con.close()
    result = window.files.backups.restore(made.path, confirmed=True)
    assert result is not None and result.left_out == ("trigger wipe",)
    assert "Left out, not NutriGap's: trigger wipe" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 1)  # the restored entry, not deleted by a trigger
    window.grab().save(str(tmp_path / "restored.png"))


def test_a_broken_backup_is_refused(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.state.log_food(DAY, Meal.LUNCH, food_id(window.state.ctx, "Spinach, raw", "sr_legacy_food"), 100, "g")
    broken = tmp_path / "diary-broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert window.files.backups.restore(broken, confirmed=True) is None
    box = window.findChild(QMessageBox, "error-message")
    assert box is not None and box.text()
    box.accept()
    assert len(diary.entries_for_day(window.state.ctx, DAY)) == 1


def test_start_up_notices_are_shown(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.notices.append("Today's automatic backup could not be made: No space left on device.")
    state = AppState(ctx, DAY)
    main = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.findChild(QMessageBox, "error-message") is not None)
    box = main.findChild(QMessageBox, "error-message")
    assert box is not None and "No space left on device" in box.text()
    assert ctx.notices == []
    box.accept()
    state.undo_stack.clear()


def test_a_diary_changed_elsewhere_is_read_again(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    window.check_for_outside_changes()  # the first look only takes the reading
    elsewhere = AppContext(ctx.paths)  # as the command line would
    elsewhere.auto_backup_enabled = False
    try:
        diary.log_food(elsewhere, DAY, "snacks", food_id(elsewhere, "Spinach, raw", "sr_legacy_food"), 30)
    finally:
        elsewhere.close()
    assert window.diary.model.entries() == []
    assert window.check_for_outside_changes()
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 1)
    assert not window.check_for_outside_changes()
