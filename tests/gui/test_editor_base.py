"""The three editors of one's own foods share one frame (#15 item 4, ``_EditorDialog``): the name and its problem
at the top, Save only while the form is acceptable, and a refused save shown in the dialog with nothing changed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from nutrigap.gui.foods.food_editors import CustomFoodDialog, SupplementDialog, _EditorDialog
from nutrigap.gui.foods.recipe_editor import RecipeDialog
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import my_foods
from nutrigap.services.context import AppContext

KINDS = [("custom", CustomFoodDialog, "A food needs a name."), ("supplement", SupplementDialog,
         "A supplement needs a name."), ("recipe", RecipeDialog, "A recipe needs a name.")]  # fmt: skip


@pytest.mark.parametrize(("kind", "cls", "missing"), KINDS)
def test_an_emptied_name_is_said_under_it_and_save_stays_off(
    qtbot: QtBot, window: MainWindow, kind: str, cls: type[_EditorDialog], missing: str
) -> None:
    dialog = window.open_food_editor(kind)
    assert isinstance(dialog, cls)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not dialog.name_problem.isVisible()  # nothing typed yet: no reproach
    first_field = dialog.form.itemAt(0, dialog.form.ItemRole.FieldRole)
    assert dialog.form.rowCount() >= 3 and first_field is not None and first_field.widget() is dialog.name
    qtbot.keyClicks(dialog.name, "x")
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, " ")
    assert dialog.name_problem.isVisible() and dialog.name_problem.text() == missing
    assert not save.isEnabled()
    assert (dialog.brand is not None) == (kind != "recipe")  # a recipe has no brand
    dialog.reject()


def test_a_refused_save_is_shown_in_the_dialog_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    dialog = window.open_food_editor("supplement")
    assert isinstance(dialog, SupplementDialog)
    before = my_foods.list_user_foods(ctx)
    qtbot.keyClicks(dialog.name, "Magnesium")
    dialog.nutrients.fields[next(iter(dialog.nutrients.fields))].edit.setText("100")
    dialog.unit.setCurrentText("tablet" * 20)  # a unit name of 120 characters: the service refuses it
    dialog.save()
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert dialog.problem.text() == "The unit name may have at most 100 characters."
    assert dialog.result_details is None
    assert my_foods.list_user_foods(ctx) == before
    dialog.reject()
