"""The daily factors panel: the glass and bottle buttons, a caffeine preset with its source, refused values
that change nothing, the caffeine of logged foods shown apart, and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.gui.diary.factors_panel import FactorsPanel
from nutrigap.gui.formatting import number
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import diary
from nutrigap.services.factors import get_factors
from tests.conftest import food_id
from tests.gui.conftest import DAY


def panel_of(window: MainWindow) -> FactorsPanel:
    panel = window.factors_panel()
    window.show_page("twitches")
    return panel


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)  # replaces the selection
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_water_buttons_and_caffeine_presets(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    panel = panel_of(window)
    assert "Tue, 24 Nov 2026" in panel.title()
    panel.water_buttons["glass"].click()
    panel.water_buttons["glass"].click()
    panel.water_buttons["bottle"].click()
    assert get_factors(ctx, DAY).water_ml == 980  # 2 × 240 ml + 500 ml
    qtbot.waitUntil(lambda: panel.fields["water_ml"].text() == "980")
    qtbot.waitUntil(lambda: "water 980 ml" in window.diary.day_summary.text())
    coffee = panel.caffeine_buttons["coffee"]
    assert "95 mg" in coffee.text() and "USDA FoodData Central" in coffee.toolTip()
    assert "63" in panel.caffeine_buttons["espresso"].text()
    coffee.click()
    assert get_factors(ctx, DAY).caffeine_mg == 95
    qtbot.waitUntil(lambda: "Total caffeine: 95 mg" in panel.food_caffeine.text())
    # each press is one undo step
    window.undo_action.trigger()
    assert get_factors(ctx, DAY).caffeine_mg is None
    window.undo_action.trigger()
    assert get_factors(ctx, DAY).water_ml == 480
    qtbot.waitUntil(lambda: panel.fields["water_ml"].text() == "480")


def test_typed_values_are_saved_and_bad_ones_refused(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    panel = panel_of(window)
    type_into(qtbot, panel.fields["sleep_h"], "7,5")
    assert get_factors(ctx, DAY).sleep_h == 7.5
    type_into(qtbot, panel.fields["water_ml"], "-5")
    assert panel.message.isVisible() and "Water must be between 0 and 20000 ml" in panel.message.text()
    assert get_factors(ctx, DAY).water_ml is None  # nothing written ...
    assert panel.fields["water_ml"].text() == ""  # ... and the stored value is back in the box
    type_into(qtbot, panel.fields["sleep_h"], "lots")
    assert "is not a number" in panel.message.text()
    assert get_factors(ctx, DAY).sleep_h == 7.5
    type_into(qtbot, panel.last_caffeine, "25:99")
    assert "is not a time of day" in panel.message.text()
    type_into(qtbot, panel.fields["exercise_min"], "45")
    assert not panel.message.isVisible()
    panel.stress.setCurrentIndex(4)
    panel.stress.activated.emit(4)
    panel.intensity.setCurrentIndex(panel.intensity.findData("vigorous"))
    panel.intensity.activated.emit(panel.intensity.currentIndex())
    saved = get_factors(ctx, DAY)
    assert (saved.exercise_min, saved.stress, saved.exercise_intensity) == (45, 4, "vigorous")
    type_into(qtbot, panel.fields["sleep_h"], "")  # an emptied box clears the value
    assert get_factors(ctx, DAY).sleep_h is None


def test_food_caffeine_is_shown_apart_and_follows_the_day(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    panel = panel_of(window)
    assert panel.food_caffeine.text() == "No food logged on this day."
    window.state.log_food(DAY, Meal.BREAKFAST, food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100, "g")
    qtbot.waitUntil(lambda: "caffeine not known" in panel.food_caffeine.text())
    window.diary.navigator.next_action.trigger()
    qtbot.waitUntil(lambda: "Wed, 25 Nov 2026" in panel.title())
    assert panel.food_caffeine.text() == "No food logged on this day."
    panel.water_buttons["glass"].click()
    assert get_factors(ctx, "2026-11-25").water_ml == 240 and get_factors(ctx, DAY).water_ml is None
    assert diary.entries_for_day(ctx, DAY)  # the food entry stays where it was


def test_a_logged_coffee_counts_its_usda_caffeine(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    panel = panel_of(window)
    # FNDDS 2021-2023 "Coffee, brewed" (FDC 2710375): 40 mg caffeine per 100 g; 1 fl oz = 30 g
    coffee = food_id(ctx, "Coffee, brewed", "survey_fndds_food")
    window.state.log_food(DAY, Meal.BREAKFAST, coffee, 250, "ml")
    grams = 250 * 30 / 29.5735295625
    qtbot.waitUntil(lambda: "Total caffeine" in panel.food_caffeine.text())
    assert f"Logged foods: {number(grams * 0.4)} mg, counted from those with a USDA caffeine value." in (
        panel.food_caffeine.text()
    )
    assert get_factors(ctx, DAY).total_caffeine_mg == pytest.approx(grams * 0.4)


def test_log_menu_adds_water_from_anywhere(qtbot: QtBot, window: MainWindow) -> None:
    log_menu = window.menu("log")
    glass = next(a for a in log_menu.actions() if a.text().startswith("Add a glass of water"))
    glass.trigger()
    assert get_factors(window.state.ctx, DAY).water_ml == 240
    assert window.tabs.currentIndex() == 0  # logged without leaving the Diary


def test_sunlight_minutes_and_bare_skin_with_the_vitamin_d_caveat(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Issue #17: sunlight beside the other factors, saved, refused when absurd, undoable, with its caveat."""
    ctx = window.state.ctx
    panel = panel_of(window)
    assert "sunlight" in panel.title()
    assert "latitude" in panel.sun_note.text() and "does not turn minutes into micrograms" in panel.sun_note.text()
    type_into(qtbot, panel.fields["sun_min"], "40")
    assert get_factors(ctx, DAY).sun_min == 40
    panel.sun_exposure.setCurrentIndex(panel.sun_exposure.findData("arms_legs"))
    panel.sun_exposure.activated.emit(panel.sun_exposure.currentIndex())
    assert get_factors(ctx, DAY).sun_exposure == "arms_legs"
    qtbot.waitUntil(lambda: "sunlight 40 min" in window.diary.day_summary.text())
    type_into(qtbot, panel.fields["sun_min"], "2000")
    assert "Sunlight must be between 0 and 1440 min" in panel.message.text()
    assert get_factors(ctx, DAY).sun_min == 40
    qtbot.waitUntil(lambda: panel.fields["sun_min"].text() == "40")
    window.undo_action.trigger()
    assert get_factors(ctx, DAY).sun_exposure is None and get_factors(ctx, DAY).sun_min == 40
    qtbot.waitUntil(lambda: panel.sun_exposure.currentData() is None)
