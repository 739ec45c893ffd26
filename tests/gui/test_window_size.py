"""The window at 900 × 600 (issue 14): once Twitches & factors was opened it could not be narrower than about
1,043 px, and at 1,036 px that page scrolled sideways with "+ Bottle" and "+ Black tea" cut. Every page now fits."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QPushButton, QScrollArea
from pytestqt.qtbot import QtBot

from nutrigap.gui.pages.twitch_page import TwitchPage
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.gui.window.window_pages import PAGES


def test_every_page_works_at_900_by_600(qtbot: QtBot, demo_window: MainWindow) -> None:
    for key, _title in PAGES:
        page = demo_window.show_page(key)
        qtbot.waitUntil(page.isVisible)
        layout = demo_window.layout()
        assert layout is not None
        layout.activate()  # the minimum size follows the page just built
        assert demo_window.minimumSizeHint().width() <= 900, key
        demo_window.resize(900, 600)
        qtbot.waitUntil(lambda: demo_window.width() == 900 and demo_window.height() == 600)
    page = demo_window.show_page("twitches")
    assert isinstance(page, TwitchPage)
    panel_viewport = page.factors.parentWidget()
    assert panel_viewport is not None
    scroll = panel_viewport.parentWidget()  # the panel's viewport, then its scroll area
    assert isinstance(scroll, QScrollArea)
    qtbot.waitUntil(lambda: demo_window.width() == 900 and page.factors.width() <= scroll.viewport().width())
    assert not scroll.horizontalScrollBar().isVisible()
    viewport = QRect(0, 0, scroll.viewport().width(), scroll.viewport().height())
    buttons = page.factors.findChildren(QPushButton)
    assert len(buttons) >= 7  # two water sizes, five caffeine drinks
    qtbot.waitUntil(lambda: all(b.isVisible() and b.width() < 400 for b in buttons))
    for button in buttons:
        top_left = button.mapTo(scroll.viewport(), button.rect().topLeft())
        right = top_left.x() + button.width()
        assert top_left.x() >= 0 and right <= viewport.width(), (button.text(), button.width(), page.factors.width())
