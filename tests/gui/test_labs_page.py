"""The Blood tests page (issue #17): add a result through the form, a bad value refused with its reason while
the form stays open, change, delete, undo and redo. Real widgets offscreen, a real SQLite diary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from nutrigap.gui.pages.labs_dialog import LabDialog
from nutrigap.gui.pages.labs_page import LabsPage
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import labs


def _page(qtbot, window: MainWindow) -> LabsPage:  # type: ignore[no-untyped-def]
    page = window.show_page("labs")
    assert isinstance(page, LabsPage)
    qtbot.waitUntil(page.isVisible)
    return page


def _fill(dialog: LabDialog, analyte: str, value: str, unit: str, range_text: str = "") -> None:
    dialog.analyte.setCurrentIndex(dialog.analyte.findData(analyte))
    dialog.unit.setCurrentText(unit)
    dialog.value.setText(value)
    dialog.range.setText(range_text)


def test_add_refuse_change_delete_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx = window.state.ctx
    page = _page(qtbot, window)
    assert page.model.rowCount() == 0 and page.empty.isVisible()

    dialog = page.add_result()
    _fill(dialog, "magnesium", "-0.7", "mmol/L")
    dialog.save_button.click()
    assert dialog.isVisible() and "negative" in dialog.message.text()  # the form stays open with the reason
    _fill(dialog, "potassium", "4.1", "mmol/L")
    assert dialog.unit.findText("mg/dL") == -1  # only units potassium is printed in are offered
    _fill(dialog, "vitamin_d_25oh", "2000", "ng/mL")
    dialog.save_button.click()
    assert dialog.isVisible() and "not a plausible" in dialog.message.text()
    _fill(dialog, "magnesium", "0,72", "mmol/L", "0.80-1.00")
    with qtbot.waitSignal(dialog.finished):
        dialog.save_button.click()
    [saved] = labs.list_results(ctx)
    assert (saved.analyte, saved.value, saved.range_low, saved.flag) == ("magnesium", 0.72, 0.8, "below")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 4).data() == "below the lab's range"
    assert not page.empty.isVisible()

    # change it: the form opens with the result's values, in the result's unit
    changed = page.edit_result(saved.id)
    assert changed is not None and changed.value.text() == "0.72" and changed.range.text() == "0.8-1"
    changed.value.setText("0.85")
    with qtbot.waitSignal(changed.finished):
        changed.save_button.click()
    assert labs.get_result(ctx, saved.id).flag == "within"
    window.state.undo_stack.undo()
    assert labs.get_result(ctx, saved.id).value == 0.72
    window.state.undo_stack.redo()
    assert labs.get_result(ctx, saved.id).value == 0.85

    # delete by keyboard, undo brings it back with its id, redo deletes it again
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert labs.list_results(ctx) == []
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    window.state.undo_stack.undo()
    assert [r.id for r in labs.list_results(ctx)] == [saved.id]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    window.state.undo_stack.redo()
    assert labs.list_results(ctx) == []
    # undoing the first add (after the edit and the delete were undone) removes it
    window.state.undo_stack.undo()
    window.state.undo_stack.undo()
    window.state.undo_stack.undo()
    assert labs.list_results(ctx) == []
    assert window.state.undo_stack.index() == 0


def test_other_tests_take_their_own_unit(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, window)
    dialog = page.add_result()
    dialog.analyte.setCurrentIndex(dialog.analyte.findData("other"))
    assert dialog.other.isVisible() and dialog.unit.isEditable()
    dialog.other.setText("ferritin")
    dialog.unit.setCurrentText("µg/L")
    dialog.value.setText("35")
    dialog.range.setText("15-150")
    dialog.day.setDate(dialog.day.date().addDays(-3))
    with qtbot.waitSignal(dialog.finished):
        dialog.save_button.click()
    [saved] = labs.list_results(window.state.ctx)
    assert (saved.analyte, saved.unit, saved.flag) == ("other:ferritin", "µg/L", "within")
    assert saved.day == min(window.state.day, dt.date.today()) - dt.timedelta(days=3)


def test_the_buttons_have_keys_that_no_menu_takes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Keyboard only (driven under Xvfb): Alt+A adds a result; the menus use Alt+F, E, V, O, L and H."""
    page = _page(qtbot, window)
    keys = {QKeySequence.mnemonic(b.text()).toString() for b in (page.add_button, page.edit_button, page.delete_button)}
    menus = {QKeySequence.mnemonic(a.text()).toString() for a in window.menuBar().actions()}
    assert keys == {"Alt+A", "Alt+C", "Alt+D"} and not keys & menus
