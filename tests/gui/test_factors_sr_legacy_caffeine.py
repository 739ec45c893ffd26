"""The factors panel counts an SR Legacy drink's USDA caffeine (SR28, food_db/caffeine_generic.csv) and says so;
a logged coffee without a value is called unknown, never zero (issue #13)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.gui.formatting import number
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services.factors import get_factors
from tests.conftest import food_id
from tests.gui.conftest import DAY


def test_a_logged_sr_legacy_green_tea_counts_its_caffeine(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    panel = window.factors_panel()
    window.show_page("twitches")
    # USDA SR28 NDB 14278 "Beverages, tea, green, brewed, regular": 12 mg caffeine per 100 g
    tea = food_id(ctx, "Beverages, tea, green, brewed, regular", "sr_legacy_food")
    window.state.log_food(DAY, Meal.BREAKFAST, tea, 245, "g")
    qtbot.waitUntil(lambda: "Total caffeine" in panel.food_caffeine.text())
    text = panel.food_caffeine.text()
    assert f"Logged foods: {number(245 * 0.12)} mg, counted from those with a USDA caffeine value." in text
    assert f"Total caffeine: {number(245 * 0.12)} mg" in text
    assert get_factors(ctx, DAY).total_caffeine_mg == pytest.approx(245 * 0.12)


def test_a_coffee_without_a_value_is_unknown_not_zero(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    panel = window.factors_panel()
    window.show_page("twitches")
    blend = food_id(ctx, "Beverages, coffee, brewed, breakfast blend", "sr_legacy_food")
    window.state.log_food(DAY, Meal.BREAKFAST, blend, 248, "g")
    qtbot.waitUntil(lambda: "caffeine not known" in panel.food_caffeine.text())
    assert "Total caffeine" not in panel.food_caffeine.text()
    assert get_factors(ctx, DAY).food_caffeine_mg is None
