"""The Insights page writes the red flags' dates in the window's one style (issue 14 item 12): it said 'from
2026-11-08 to 2026-11-22' and 'since 2026-11-10' under 'up to Sat, 5 Dec 2026'."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from nutrigap.gui.pages.insights_page import InsightsPage
from nutrigap.gui.window.main_window import MainWindow
from tests.gui.conftest import wait_for


def test_red_flags_on_the_insights_page_use_the_window_date_style(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = demo_window.show_page("insights")
    assert isinstance(page, InsightsPage)
    wait_for(qtbot, page)
    assert page.report is not None and page.report.red_flags
    text = page.browser.toPlainText()
    assert "See a doctor" in text
    assert re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text) == []
