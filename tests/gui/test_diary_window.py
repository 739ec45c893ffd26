"""The diary window driven like a user would: keyboard search and add, refused amounts, edit, delete, undo and
redo, copy a day, drag to another meal. Real widgets offscreen, a real SQLite diary, the fixture food database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.domain.nutrients import Nutrient
from nutrigap.gui.diary.add_food import AddFoodDialog
from nutrigap.gui.diary.day_model import DayModel
from nutrigap.gui.diary.entry_dialogs import CopyDialog, EditEntryDialog
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from tests.conftest import food_id
from tests.gui.conftest import DAY


def open_add_dialog_by_typing(qtbot: QtBot, window: MainWindow, first_letter: str) -> AddFoodDialog:
    qtbot.keyClicks(window.diary.quick_search, first_letter)
    dialog = window.diary.findChild(AddFoodDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Give the window the keyboard again (offscreen, closing a dialog leaves no window active)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_title_names_app_and_day(window: MainWindow) -> None:
    assert window.windowTitle() == "NutriGap — Tue, 24 Nov 2026"
    window.diary.navigator.next_action.trigger()
    assert window.windowTitle() == "NutriGap — Wed, 25 Nov 2026"
    window.diary.navigator.previous_action.trigger()
    assert window.state.day == DAY


def test_search_and_add_by_keyboard_only(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    window.diary.tree.select_meal(Meal.LUNCH)
    dialog = open_add_dialog_by_typing(qtbot, window, "s")
    assert dialog.search.text() == "s"
    qtbot.keyClicks(dialog.search, "pinach raw")
    qtbot.waitUntil(lambda: dialog.results_model.rowCount() > 0 and dialog.search.text() == "spinach raw")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Spinach, raw")
    # the arrows move through the results while typing stays in the search box
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.results.currentIndex().row() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == 0
    assert dialog.current is not None and dialog.current.id == food_id(ctx, "Spinach, raw", "sr_legacy_food")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.amount.quantity.hasFocus()
    assert dialog.amount.unit() == "cup"  # the food's own household portion (USDA: 1 cup = 30 g) comes first
    qtbot.keyClicks(dialog.amount.quantity, "2")  # replaces the selected default
    # the preview shows what 2 cups (60 g) add before anything is written
    assert dialog.preview.values[Nutrient.MAGNESIUM].text() == "47.4 mg"
    assert diary.entries_for_day(ctx, DAY) == []
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.amount.quantity, Qt.Key.Key_Return)
    [entry] = diary.entries_for_day(ctx, DAY)
    assert (entry.food_name, entry.meal, entry.quantity, entry.unit, entry.amount_g) == (
        "Spinach, raw",
        "lunch",
        2.0,
        "cup",
        60.0,
    )
    # the day view and the nutrient panel follow
    qtbot.waitUntil(lambda: len(window.diary.model.entries(Meal.LUNCH)) == 1)
    row = window.diary.panel.rows[Nutrient.MAGNESIUM]
    qtbot.waitUntil(lambda: row.bar.fraction is not None)
    assert row.bar.fraction == pytest.approx(79 * 0.6 / 320)
    assert "47.4 / 320 mg RDA" in row.amount.text()
    assert window.diary.tree.selected_entry_ids() == [entry.id]


def test_recent_foods_come_first_with_an_empty_query(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    state.log_food(DAY - dt.timedelta(days=1), Meal.BREAKFAST, milk, 244, "g")
    dialog = window.diary.add_food(Meal.BREAKFAST)
    assert dialog.results_model.results[0].id == milk
    assert dialog.results_model.results[0].origin == "recent"
    # the amount last used is offered again (details follow the highlight a moment later)
    qtbot.waitUntil(lambda: dialog.current is not None)
    assert dialog.amount.quantity_text() == "244" and dialog.amount.unit() == "g"
    dialog.reject()


def test_the_empty_query_says_recent_foods_however_many_there_are(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    """With 60 or more recent foods the empty query said "60+ foods", as if it had searched."""
    from nutrigap.gui.diary.add_food import RESULT_LIMIT

    ids = [r[0] for r in ctx.food_db._con.execute("SELECT id FROM food ORDER BY rowid LIMIT ?", (RESULT_LIMIT + 5,))]
    for i, food in enumerate(ids):
        diary.log_food(ctx, DAY - dt.timedelta(days=1 + i % 20), Meal.SNACKS.value, food, 10, "g")
    dialog = window.diary.add_food(Meal.BREAKFAST)
    assert len(dialog.results_model.results) == RESULT_LIMIT
    assert dialog.status.text() == "Recent and favourite foods — type to search all foods"
    dialog.search.setText("s")
    dialog.run_search()
    assert dialog.status.text() == f"{RESULT_LIMIT}+ foods"
    dialog.reject()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-1", "more than zero"),
        ("0", "more than zero"),
        ("abc", "not a number"),
        ("", "empty"),
        ("400", "5 kg"),  # 400 servings of 30 g = 12 kg
    ],
)
def test_bad_amount_is_refused_where_typed(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, typed: str, reason: str
) -> None:
    dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")
    qtbot.waitUntil(lambda: dialog.current is not None)
    dialog.amount.quantity.setText(typed)
    assert dialog.amount.problem_label.isVisible()
    assert reason in dialog.amount.problem_label.text()
    assert not dialog.add_button.isEnabled()
    assert dialog.preview.values[Nutrient.MAGNESIUM].text() == "–"
    qtbot.keyClick(dialog.amount.quantity, Qt.Key.Key_Return)
    dialog.add(keep_open=False)
    assert dialog.isVisible()
    assert diary.entries_for_day(ctx, DAY) == []
    # fixing the amount clears the reason
    dialog.amount.quantity.setText("1")
    assert not dialog.amount.problem_label.isVisible() and dialog.add_button.isEnabled()
    dialog.reject()


def test_add_and_next_keeps_the_dialog_open(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    dialog = window.diary.add_food(Meal.DINNER, query="milk whole")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Milk, whole")
    dialog.amount.quantity.setText("200")
    dialog.amount.portion.setCurrentIndex(dialog.amount.portion.findData("g"))
    qtbot.keyClick(dialog.amount.quantity, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.search.text() == "" and dialog.focusWidget() is dialog.search
    assert "Added Milk, whole to dinner" in dialog.status.text()
    dialog.reject()
    [entry] = diary.entries_for_day(ctx, DAY)
    assert entry.amount_g == 200.0 and entry.meal == "dinner"


def test_edit_delete_undo_redo(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    first = state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 1)

    dialog = window.diary.edit_entry(first.id)
    assert isinstance(dialog, EditEntryDialog)
    dialog.amount.quantity.setText("250")
    dialog.meal.setCurrentIndex(dialog.meal.findData(Meal.DINNER))
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    [changed] = diary.entries_for_day(ctx, DAY)
    assert (changed.amount_g, changed.meal) == (250.0, "dinner")
    qtbot.waitUntil(lambda: len(window.diary.model.entries(Meal.DINNER)) == 1)

    window.undo_action.trigger()
    [undone] = diary.entries_for_day(ctx, DAY)
    assert (undone.amount_g, undone.meal) == (100.0, "lunch")
    window.redo_action.trigger()
    assert diary.entries_for_day(ctx, DAY)[0].meal == "dinner"

    # delete with the Delete key, undo with Ctrl+Z, redo with Ctrl+Shift+Z
    qtbot.waitUntil(lambda: len(window.diary.model.entries(Meal.DINNER)) == 1)
    activate(qtbot, window)
    window.diary.tree.select_entry(changed.id)
    window.diary.tree.setFocus()
    qtbot.keyClick(window.diary.tree, Qt.Key.Key_Delete)
    assert diary.entries_for_day(ctx, DAY) == []
    assert "Undo (Ctrl+Z) brings it back" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [restored] = diary.entries_for_day(ctx, DAY)
    assert (restored.amount_g, restored.meal, restored.food_id) == (250.0, "dinner", spinach)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert diary.entries_for_day(ctx, DAY) == []

    # all the way back: the restored entry has a new id, and the older edit still finds it
    window.undo_action.trigger()  # undelete
    window.undo_action.trigger()  # un-edit
    [back] = diary.entries_for_day(ctx, DAY)
    assert (back.amount_g, back.meal) == (100.0, "lunch")
    window.undo_action.trigger()  # un-add
    assert diary.entries_for_day(ctx, DAY) == []
    for _ in range(3):
        window.redo_action.trigger()
    assert diary.entries_for_day(ctx, DAY) == []  # added, edited, deleted again
    assert state.undo_stack.count() == 3


def test_a_failing_undo_is_reported_not_lost(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    entry = state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    state.edit_entry(entry.id, quantity="150")
    diary.remove_entry(ctx, entry.id)  # e.g. the command line deleted it meanwhile
    with qtbot.waitSignal(state.error_occurred) as signal:
        window.undo_action.trigger()
    assert "No diary entry" in signal.args[0]
    box = window.findChild(QMessageBox, "error-message")
    assert box is not None and box.isVisible() and "No diary entry" in box.text()
    assert state.undo_stack.count() == 1  # the impossible step was dropped; the add remains
    box.accept()


def test_copy_day_to_another_date_and_undo(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    state.log_food(DAY, Meal.BREAKFAST, milk, 244, "g")
    state.log_food(DAY, Meal.LUNCH, spinach, 2, "serving")
    dialog = window.diary.copy_to(None)
    assert isinstance(dialog, CopyDialog)
    target = DAY + dt.timedelta(days=3)
    dialog.target.setDate(dialog.target.date().addDays(2))  # the dialog proposes the next day
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    copied = diary.entries_for_day(ctx, target)
    assert [(e.food_id, e.meal, e.unit, e.amount_g) for e in copied] == [
        (milk, "breakfast", "g", 244.0),
        (spinach, "lunch", "serving", 60.0),
    ]
    window.undo_action.trigger()
    assert diary.entries_for_day(ctx, target) == []
    window.redo_action.trigger()
    assert len(diary.entries_for_day(ctx, target)) == 2
    assert len(diary.entries_for_day(ctx, DAY)) == 2


def test_copy_one_meal(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    state.log_food(DAY, Meal.BREAKFAST, milk, 244, "g")
    state.log_food(DAY, Meal.LUNCH, spinach, 2, "serving")
    dialog = window.diary.copy_to(Meal.LUNCH)
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    [copied] = diary.entries_for_day(ctx, DAY + dt.timedelta(days=1))
    assert copied.food_id == spinach


def test_copy_of_an_empty_day_is_refused_in_the_dialog(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    dialog = window.diary.copy_to(None)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "Nothing logged" in dialog.problem.text()
    dialog.reject()


def test_drag_entry_to_another_meal(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    entry = state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    model: DayModel = window.diary.model
    qtbot.waitUntil(lambda: model.index_of_entry(entry.id).isValid())
    data = model.mimeData([model.index_of_entry(entry.id)])
    dinner = model.meal_index(Meal.DINNER)
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, dinner)
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, dinner)
    qtbot.waitUntil(lambda: diary.entries_for_day(ctx, DAY)[0].meal == "dinner")
    qtbot.waitUntil(lambda: len(model.entries(Meal.DINNER)) == 1)
    window.undo_action.trigger()
    assert diary.entries_for_day(ctx, DAY)[0].meal == "lunch"


def test_nutrient_sources_on_click_and_hover(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    state.log_food(DAY, Meal.BREAKFAST, milk, 244, "g")
    row = window.diary.panel.rows[Nutrient.CALCIUM]
    qtbot.waitUntil(lambda: "Spinach" in row.toolTip())
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    popup = window.diary.panel.popup
    assert popup.isVisible()
    text = popup.label.text()
    assert "Milk, whole" in text and "Spinach, raw" in text
    assert text.index("Milk, whole") < text.index("Spinach, raw")  # milk supplied more calcium
    popup.hide()


def test_day_navigation_shows_each_days_entries(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    state.log_food(DAY + dt.timedelta(days=1), Meal.LUNCH, spinach, 100, "g")
    qtbot.waitUntil(lambda: window.diary.model.entries() == [])
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert state.day == DAY + dt.timedelta(days=1)
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 1)
    assert window.diary.navigator.date_button.text().endswith("Wednesday, 25 November 2026")
    window.diary.navigator.today_action.trigger()
    assert state.day == dt.date.today()


def test_window_remembers_its_geometry(qtbot: QtBot, ctx: AppContext, state: AppState) -> None:
    from nutrigap.gui.settings import open_settings

    first = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(first)
    first.show()
    first.resize(900, 640)
    qtbot.waitUntil(lambda: first.width() == 900)
    first.close()
    assert ctx.paths.settings_file.exists()
    second = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.width() == 900 and second.height() == 640)
    QApplication.processEvents()


def test_copy_selected_entries_and_undo_shows_that_day(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    a = state.log_food(DAY, Meal.BREAKFAST, milk, 244, "g")
    state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    c = state.log_food(DAY, Meal.DINNER, spinach, 50, "g")
    tree = window.diary.tree
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 3)
    tree.select_entry(a.id)
    tree.selectionModel().select(
        window.diary.model.index_of_entry(c.id),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    window.diary.copy_day_action.trigger()
    dialog = window.diary.findChild(CopyDialog)
    assert dialog is not None and dialog.what.currentText() == "The 2 selected entries"
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    tomorrow = DAY + dt.timedelta(days=1)
    assert [(e.meal, e.amount_g) for e in diary.entries_for_day(ctx, tomorrow)] == [
        ("breakfast", 244.0),
        ("dinner", 50.0),
    ]
    assert "Copied 2 entries" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert diary.entries_for_day(ctx, tomorrow) == []
    assert state.day == tomorrow  # the window shows the day the undo changed
    assert window.windowTitle() == "NutriGap — Wed, 25 Nov 2026"


def test_a_fast_typist_never_waits_for_the_search(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    """Keys arrive faster than the debounce: Enter still picks the food for what was typed."""
    dialog = window.diary.add_food(Meal.SNACKS)
    qtbot.keyClicks(dialog.search, "milk whole")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # no wait: the search and the details are flushed
    assert dialog.current is not None and dialog.current.name == "Milk, whole"
    dialog.amount.portion.setCurrentIndex(dialog.amount.portion.findData("g"))
    qtbot.keyClicks(dialog.amount.quantity, "250")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.amount.quantity, Qt.Key.Key_Return)
    [entry] = diary.entries_for_day(ctx, DAY)
    assert (entry.food_name, entry.amount_g, entry.meal) == ("Milk, whole", 250.0, "snacks")
