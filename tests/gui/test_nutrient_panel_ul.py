"""The nutrient panel says when the day's intake is above the upper limit, with what the UL counts (issue #12)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nutrigap.domain.nutrients import Nutrient
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services.context import AppContext
from tests.gui.conftest import DAY
from tests.integration.test_ul_everywhere import log_ul_case


def test_panel_shows_above_the_upper_limit_with_its_scope(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    log_ul_case(ctx, days=1, start=DAY)
    window.state.reload_all()  # the diary was written outside the window, as by the CLI
    rows = window.diary.panel.rows
    qtbot.waitUntil(lambda: "above the upper limit" in rows[Nutrient.CALCIUM].verdict.text(), timeout=10_000)
    magnesium = rows[Nutrient.MAGNESIUM].verdict.text()
    assert "above the upper limit" in magnesium and "(UL 350 mg, supplements only)" in magnesium
    assert "(UL 2,500 mg)" in rows[Nutrient.CALCIUM].verdict.text()
    assert "above the upper limit</b> (UL 100 µg)" in rows[Nutrient.VITAMIN_D].verdict.text()
    assert "upper limit" not in rows[Nutrient.POTASSIUM].verdict.text()
