"""The Add food dialog's portions (issue #13): milk starts at USDA's cup, never at an undetermined serving; a
coffee is logged in ml; long USDA labels carry their whole text in a tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.domain.units import ML_PER_US_FL_OZ
from nutrigap.fooddb.text import UNDETERMINED_LABEL
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from tests.gui.conftest import DAY


def test_milk_starts_at_one_cup(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.diary.add_food(Meal.BREAKFAST, query="milk whole")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Milk, whole")
    # FNDDS 2021-2023 FDC 2705385: 1 cup = 244 g
    assert (dialog.amount.quantity_text(), dialog.amount.unit(), dialog.amount.grams()) == ("1", "cup", 244.0)
    assert dialog.amount.portion.currentText() == "1 cup (244 g)"
    dialog.reject()


def test_almonds_never_start_at_an_undetermined_serving(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.diary.add_food(Meal.SNACKS, query="nuts almonds")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Nuts, almonds")
    assert not dialog.amount.portion.currentText().startswith(UNDETERMINED_LABEL)
    assert dialog.amount.grams() == pytest.approx(28.35)  # SR Legacy 170567: 1 oz (23 whole kernels)
    labels = [dialog.amount.portion.itemText(i) for i in range(dialog.amount.portion.count())]
    assert not labels[0].startswith(UNDETERMINED_LABEL)
    dialog.reject()


def test_a_coffee_logged_in_ml(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    dialog = window.diary.add_food(Meal.BREAKFAST, query="coffee brewed")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Coffee, brewed")
    combo = dialog.amount.portion
    combo.setCurrentIndex(combo.findData("ml"))
    dialog.amount.quantity.setText("250")
    assert combo.toolTip() == combo.currentText() == "ml (from 1 fl oz = 30 g)"
    assert combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) == combo.currentText()
    dialog.add(keep_open=False)
    [entry] = diary.entries_for_day(ctx, DAY)
    assert (entry.quantity, entry.unit) == (250.0, "ml")
    assert entry.amount_g == pytest.approx(250 * 30 / ML_PER_US_FL_OZ)


def test_a_long_usda_label_is_elided_with_its_whole_text_in_the_tooltip(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.diary.add_food(Meal.BREAKFAST, query="coffee brewed")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Coffee, brewed")
    combo = dialog.amount.portion
    combo.setCurrentIndex(combo.findData("large pot (60 FO, 12 servings)"))  # FNDDS 2710375: 1,800 g
    combo.setFixedWidth(160)
    full = "1 large pot (60 FO, 12 servings) (1800 g)"
    assert combo.currentText() == combo.toolTip() == full
    assert combo.shown_text().endswith("…") and len(combo.shown_text()) < len(full)
    combo.grab()  # paints through the eliding path without error
    dialog.reject()


def test_an_imported_food_is_logged_in_its_serving_with_no_weight_shown(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, tmp_path: Path
) -> None:
    """Cronometer gave no weight (issue #18): its almonds are offered only as Cronometer's serving, what it adds is
    Cronometer's values, and the nominal 100 g behind it is not shown as a weight."""
    from nutrigap.services.importers.apply import apply_plan
    from nutrigap.services.importers.cronometer import parse_cronometer
    from tests.integration.import_fixtures import SERVINGS_HEADER, csv_text, serving, write

    row = serving("2026-11-02", "Snacks", "Almonds", "1.00 oz", kcal="164", mg_mg="76", ca="75", k="208")
    apply_plan(ctx, parse_cronometer([write(tmp_path / "servings.csv", csv_text(SERVINGS_HEADER, [row]))]))
    window.state.diary_replaced.emit()
    dialog = window.diary.add_food(Meal.SNACKS, query="almonds")
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.name == "Almonds")
    labels = [dialog.amount.portion.itemText(i) for i in range(dialog.amount.portion.count())]
    assert labels == ["serving (1 oz in Cronometer)"]
    assert dialog.amount.weight.text() == "weight not known"
    dialog.amount.quantity.setText("2")
    dialog.add(keep_open=False)
    [entry] = diary.entries_for_day(ctx, DAY)
    assert entry.energy_kcal == pytest.approx(2 * 164) and entry.unit == "serving (1 oz in Cronometer)"
