"""The table both record pages share (gui/record_table.py): the selection survives a reload caused by another
change, the Change/Delete buttons follow the selection, and a double-click asks to change the record under it.
Real widgets offscreen, a real SQLite diary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from nutrigap.gui.pages.labs_page import LabsPage
from nutrigap.gui.pages.twitch_page import TwitchPage
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import labs, twitches


def test_blood_tests_selection_kept_across_a_reload(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx = window.state.ctx
    first = labs.add_result(ctx, "2026-11-02", "magnesium", "0.72", "mmol/L")
    labs.add_result(ctx, "2026-11-20", "potassium", "4.1", "mmol/L")
    page = window.show_page("labs")
    assert isinstance(page, LabsPage)
    page.reload()
    assert page.model.rowCount() == 2 and not page.edit_button.isEnabled() and not page.delete_button.isEnabled()
    row = next(r for r in range(2) if page.model.index(r, 0).data(Qt.ItemDataRole.UserRole) == first.id)
    page.table.selectRow(row)
    assert page.edit_button.isEnabled() and page.delete_button.isEnabled()

    labs.add_result(ctx, "2026-12-01", "vitamin_b12", "350", "pg/mL")  # newest: shifts every row down
    page.reload()
    assert page.model.rowCount() == 3
    assert page.table.selected_ids() == [first.id]  # the same result, now on another row
    assert page.edit_button.isEnabled()

    page.table.clearSelection()
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()


def test_twitch_log_double_click_changes_the_row_under_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx = window.state.ctx
    day = window.state.day
    older = twitches.log_twitch(ctx, dt.datetime.combine(day, dt.time(8, 5)), "eyelid", 3)
    twitches.log_twitch(ctx, dt.datetime.combine(day, dt.time(9, 40)), "calf", 6)
    page = window.show_page("twitches")
    assert isinstance(page, TwitchPage)
    page.reload()
    assert page.model.rowCount() == 2
    assert page.model.index(0, 2).data() == "6/10"  # newest first
    assert page.model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == Qt.AlignmentFlag.AlignCenter
    assert page.model.record(older.id) is not None and page.model.record(-1) is None

    with qtbot.waitSignal(page.table.edit_requested) as asked:
        page.table.doubleClicked.emit(page.model.index(1, 3))
    assert asked.args == [older.id]
