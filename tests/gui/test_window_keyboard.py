"""The window in daily use, keyboard first (issue 14): Enter in any field of Add food adds the food (never toggles
★ Favourite), focus returns where the next food is typed, and the View menu names its pages as written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import diary, quick_log
from nutrigap.services.context import AppContext
from tests.gui.conftest import DAY


@pytest.mark.parametrize("field", ["portion", "meal"])
def test_enter_on_portion_or_meal_adds_and_never_toggles_favourite(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, field: str
) -> None:
    dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Spinach, raw")
    assert not dialog.favourite.autoDefault() and not dialog.favourite.isDefault()
    assert dialog.add_button.isDefault()
    widget = dialog.amount.portion if field == "portion" else dialog.meal
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert not dialog.favourite.isChecked()
    assert not quick_log.favourite_ids(ctx)
    [entry] = diary.entries_for_day(ctx, DAY)
    assert entry.food_name == "Spinach, raw"


def test_after_adding_with_enter_typing_starts_the_next_search(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")
    qtbot.waitUntil(lambda: dialog.current is not None)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.amount.quantity, Qt.Key.Key_Return)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.diary.quick_search)
    qtbot.keyClicks(QApplication.focusWidget(), "m")
    nxt = window.diary.add_dialog
    assert nxt is not None and nxt.isVisible() and nxt.search.text() == "m"
    nxt.reject()


def test_view_menu_shows_twitches_and_factors_without_a_mnemonic(window: MainWindow) -> None:
    texts = [a.text() for a in window.menu("view").actions()]
    [twitches] = [t for t in texts if t.startswith("Twitches")]
    # "&&" is shown as "&"; a lone "&" would underline the space and show "Twitches _factors"
    assert QKeySequence.mnemonic(twitches).isEmpty()
    assert twitches.replace("&&", "&") == "Twitches & factors"


def test_keys_typed_while_add_food_opens_are_not_lost(qtbot: QtBot, window: MainWindow) -> None:
    """Typed as fast as a person types, through the window system: the first letter opens Add food, the next
    ones arrive at the main window before the dialog has the keyboard. A window-modal dialog made the window
    system drop them ('oatmeal' became 'otmeal' under Xvfb)."""
    from PySide6.QtTest import QTest

    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_O, Qt.KeyboardModifier.NoModifier)
    dialog = window.diary.add_dialog
    assert dialog is not None
    QTest.keyClick(handle, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)  # the dialog is not active yet
    QTest.keyClick(handle, Qt.Key.Key_T, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: dialog.search.text() == "oat")
    dialog.reject()
