"""The editors for custom foods, supplements and recipes, the My foods list, and the profile dialog (which
re-targets the nutrient panel at once)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import LifeStage, Meal, Sex
from nutrigap.domain.nutrients import Nutrient
from nutrigap.gui.diary.add_food import AddFoodDialog
from nutrigap.gui.foods.food_editors import CustomFoodDialog, SupplementDialog, _EditorDialog
from nutrigap.gui.foods.my_foods import MyFoodsDialog
from nutrigap.gui.foods.recipe_editor import RecipeDialog
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.gui.window.profile_dialog import ProfileDialog
from nutrigap.services import diary, food_search, my_foods
from nutrigap.services.context import AppContext
from tests.conftest import food_id
from tests.gui.conftest import DAY


def save_button(dialog: QWidget) -> QPushButton:
    assert isinstance(dialog, _EditorDialog)
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    return button


def test_custom_food_from_a_label_per_serving(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    dialog = window.open_food_editor("custom")
    assert isinstance(dialog, CustomFoodDialog)
    assert not save_button(dialog).isEnabled()  # no name yet
    qtbot.keyClicks(dialog.name, "Oat muesli")
    dialog.per_serving.setChecked(True)
    assert not save_button(dialog).isEnabled()  # per serving needs the serving's weight
    qtbot.keyClicks(dialog.serving_label, "")
    qtbot.keyClicks(dialog.serving_grams.edit, "40")
    qtbot.keyClicks(dialog.nutrients.fields[Nutrient.MAGNESIUM].edit, "-5")
    field = dialog.nutrients.fields[Nutrient.MAGNESIUM]
    assert field.problem_label.isVisible() and "cannot be negative" in field.problem_label.text()
    assert not save_button(dialog).isEnabled()
    field.edit.setText("100")
    dialog.nutrients.fields["energy"].edit.setText("150")
    assert save_button(dialog).isEnabled()
    with qtbot.waitSignal(dialog.saved) as saved:
        save_button(dialog).click()
    details = saved.args[0]
    per100 = details.per100()
    assert per100[1090] == pytest.approx(250.0)  # 100 mg per 40 g serving
    assert per100[1008] == pytest.approx(375.0)
    assert 1087 not in per100  # calcium left empty: unknown, not zero
    # it appears in search like any food, first
    dialog2 = window.diary.add_food(Meal.BREAKFAST, query="oat mues")
    assert dialog2.results_model.results[0].id == details.id
    assert dialog2.results_model.results[0].origin == "mine"
    qtbot.waitUntil(lambda: dialog2.current is not None)
    assert dialog2.amount.unit() == "serving"  # its serving is offered first
    dialog2.reject()


def test_custom_food_refuses_non_numbers_and_absurd_values(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.open_food_editor("custom")
    assert isinstance(dialog, CustomFoodDialog)
    dialog.name.setText("Bad")
    for typed, reason in (("abc", "not a number"), ("1e9", "not plausible"), ("nan", "finite")):
        dialog.nutrients.fields[Nutrient.CALCIUM].edit.setText(typed)
        assert reason in dialog.nutrients.fields[Nutrient.CALCIUM].problem_label.text()
        assert not save_button(dialog).isEnabled()
    dialog.reject()
    assert my_foods.list_user_foods(window.state.ctx) == []


def test_supplement_per_unit_and_logging_it(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    dialog = window.open_food_editor("supplement")
    assert isinstance(dialog, SupplementDialog)
    dialog.name.setText("Magnesium glycinate")
    dialog.unit.setCurrentText("capsule")
    assert not save_button(dialog).isEnabled()  # a supplement needs an amount
    dialog.nutrients.fields[Nutrient.MAGNESIUM].edit.setText("200")
    vitamin_d = dialog.nutrients.fields[Nutrient.VITAMIN_D]
    assert vitamin_d.unit_choice is not None
    vitamin_d.unit_choice.setCurrentText("IU")
    vitamin_d.edit.setText("1000")
    with qtbot.waitSignal(dialog.saved) as saved:
        save_button(dialog).click()
    supplement = saved.args[0]
    entry = state.log_food(DAY, Meal.SUPPLEMENTS, supplement.id, 2, "capsule")
    assert entry.nutrients[Nutrient.MAGNESIUM] == pytest.approx(400.0)
    assert entry.nutrients[Nutrient.VITAMIN_D] == pytest.approx(50.0)  # 2 × 1000 IU = 50 µg
    assert entry.nutrients[Nutrient.CALCIUM] == 0.0  # a label lists what a supplement contains


def test_recipe_from_foods_with_servings(qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext) -> None:
    dialog = window.open_food_editor("recipe")
    assert isinstance(dialog, RecipeDialog)
    dialog.name.setText("Green smoothie")
    # ingredients are picked with the same search as logging
    for query, amount in (("spinach raw", "60"), ("milk whole", "240")):
        picker = dialog.add_ingredient()
        assert isinstance(picker, AddFoodDialog) and picker.pick
        qtbot.keyClicks(picker.search, query)
        qtbot.waitUntil(lambda p=picker, q=query: p.current is not None and p.search.text() == q)  # type: ignore[misc]
        picker.amount.portion.setCurrentIndex(picker.amount.portion.findData("g"))
        picker.amount.quantity.setText(amount)
        with qtbot.waitSignal(picker.finished):
            qtbot.keyClick(picker.amount.quantity, Qt.Key.Key_Return)
    assert [i.details.name for i in dialog.model.items] == ["Spinach, raw", "Milk, whole"]
    dialog.servings.edit.setText("2")
    milk = food_search.food_details(ctx, food_id(ctx, "Milk, whole", "survey_fndds_food")).per100()
    expected_mg = (0.6 * 79 + 2.4 * milk[1090]) / 2
    assert dialog.preview.values[Nutrient.MAGNESIUM].text() == f"{expected_mg:.1f} mg"
    # an amount typed in the table is checked like any other
    assert not dialog.model.setData(dialog.model.index(0, 1), "-3")
    assert "more than zero" in dialog.problem.text()
    with qtbot.waitSignal(dialog.saved) as saved:
        save_button(dialog).click()
    recipe = saved.args[0]
    assert recipe.servings == 2 and recipe.serving_grams == pytest.approx(150.0)
    entry = state.log_food(DAY, Meal.DINNER, recipe.id, 1, "serving")
    assert entry.nutrients[Nutrient.MAGNESIUM] == pytest.approx(expected_mg)


def test_my_foods_lists_changes_and_deletes(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    food = my_foods.create_custom_food(ctx, my_foods.CustomFoodInput("Rye bread", {1090: 40.0}))
    dialog = window.open_my_foods()
    assert isinstance(dialog, MyFoodsDialog)
    assert [r.name for r in dialog.model.rows] == ["Rye bread"]
    dialog.table.selectRow(0)
    dialog.edit()
    editor = dialog.findChild(CustomFoodDialog)
    assert editor is not None and editor.name.text() == "Rye bread"
    assert editor.nutrients.fields[Nutrient.MAGNESIUM].edit.text() == "40"
    editor.name.setText("Rye bread, dark")
    with qtbot.waitSignal(editor.saved):
        save_button(editor).click()
    qtbot.waitUntil(lambda: [r.name for r in dialog.model.rows] == ["Rye bread, dark"])
    dialog.table.selectRow(0)
    box = dialog.delete()
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: dialog.model.rows == [])
    assert "was deleted" in dialog.status.text()
    with pytest.raises(Exception, match="No food"):
        food_search.food_details(ctx, food.id)
    dialog.reject()


def test_profile_change_retargets_the_panel_at_once(
    qtbot: QtBot, window: MainWindow, state: AppState, ctx: AppContext
) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    state.log_food(DAY, Meal.LUNCH, spinach, 100, "g")
    panel = window.diary.panel
    qtbot.waitUntil(lambda: "79 / 320 mg RDA" in panel.rows[Nutrient.MAGNESIUM].amount.text())
    assert "default profile" in panel.profile_line.text()
    dialog = window.open_profile()
    assert isinstance(dialog, ProfileDialog)
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    assert not dialog.life_stage.isEnabled()  # pregnancy and breastfeeding: female profile only
    dialog.birth_date.setDate(dialog.birth_date.date().fromString("1980-03-01", "yyyy-MM-dd"))
    dialog.iu.setChecked(True)
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    # a man of 46: RDA 420 mg magnesium; vitamin D in IU everywhere
    qtbot.waitUntil(lambda: "79 / 420 mg RDA" in panel.rows[Nutrient.MAGNESIUM].amount.text())
    assert "IU" in panel.rows[Nutrient.VITAMIN_D].amount.text()
    assert "600 IU" in panel.rows[Nutrient.VITAMIN_D].amount.text()  # RDA 15 µg
    assert "man of 46" in panel.profile_line.text()
    qtbot.waitUntil(lambda: window.diary.model.headerData(6, Qt.Orientation.Horizontal) == "Vit D (IU)")


def test_profile_pregnancy_changes_targets(qtbot: QtBot, window: MainWindow, state: AppState) -> None:
    dialog = window.open_profile()
    assert isinstance(dialog, ProfileDialog)
    dialog.birth_date.setDate(dialog.birth_date.date().fromString("1999-06-01", "yyyy-MM-dd"))
    dialog.life_stage.setCurrentIndex(dialog.life_stage.findData(LifeStage.PREGNANT))
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    panel = window.diary.panel
    # pregnancy 19–30 y: magnesium RDA 350 mg (IOM 1997)
    qtbot.waitUntil(lambda: "/ 350 mg RDA" in panel.rows[Nutrient.MAGNESIUM].amount.text())
    assert "pregnant" in panel.profile_line.text()
    assert diary.entries_for_day(state.ctx, DAY) == []
