"""At 900 × 600 the factors panel's number boxes show their whole "not recorded" placeholder on a day without
factors (issue #13 leftover: the water box showed "not recor")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QStyle

from nutrigap.gui.pages.twitch_page import TwitchPage
from nutrigap.gui.window.main_window import MainWindow
from tests.gui.conftest import DAY


def test_placeholders_fit_at_900_by_600(qtbot, demo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = demo_window.show_page("twitches")
    assert isinstance(page, TwitchPage)
    demo_window.state.set_day(DAY + dt.timedelta(days=1))  # after the demo's four weeks: nothing recorded
    demo_window.resize(900, 600)
    qtbot.waitUntil(lambda: demo_window.width() == 900 and demo_window.height() == 600)
    panel = page.factors
    qtbot.waitUntil(lambda: all(edit.text() == "" for edit in panel.fields.values()))
    for name, edit in panel.fields.items():
        frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 2 * frame + 4  # Qt's 2 px margins
        assert edit.isVisible() and edit.width() >= needed, (name, edit.width(), needed)
