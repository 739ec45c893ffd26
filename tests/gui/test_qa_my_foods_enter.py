"""Enter in 'My foods, recipes and supplements' (issue 14 item 1, 'other dialogs where Enter does the wrong
thing'): with a food selected in the list, Enter opened 'New custom food' (the first auto-default button) instead
of changing the selected food as a double click does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.gui.foods.food_editors import CustomFoodDialog
from nutrigap.gui.foods.my_foods import MyFoodsDialog
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import my_foods
from nutrigap.services.context import AppContext


def test_enter_on_a_selected_food_changes_it(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    my_foods.create_custom_food(ctx, my_foods.CustomFoodInput("Rye bread", {1090: 40.0}))
    dialog = window.open_my_foods()
    assert isinstance(dialog, MyFoodsDialog)
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # nothing selected: nothing opens
    assert dialog.findChild(CustomFoodDialog) is None and dialog.isVisible()
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.findChild(CustomFoodDialog) is not None)
    editor = dialog.findChild(CustomFoodDialog)
    assert editor is not None and editor.name.text() == "Rye bread"
    assert len(dialog.findChildren(CustomFoodDialog)) == 1 and dialog.isVisible()
    editor.reject()
    dialog.reject()
    assert QApplication.activeModalWidget() is None or QApplication.activeModalWidget() is not editor
