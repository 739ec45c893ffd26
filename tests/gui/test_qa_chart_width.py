"""The Charts page at 900 px in Trend mode (issue 14 item 8, seen under Xvfb): the trend's 'over 4 weeks' and
'Water and caffeine' controls made the top row wider than the window, so 'Export…' fell off its right edge."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nutrigap.gui.pages.charts_page import ChartsPage
from nutrigap.gui.window.main_window import MainWindow


def test_trend_controls_and_export_fit_at_900(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = demo_window.show_page("charts")
    assert isinstance(page, ChartsPage)
    qtbot.waitUntil(page.isVisible)
    for kind in ("trend", "calendar", "week"):
        page.kind_buttons[kind].click()
        _activate(demo_window)
        assert demo_window.minimumSizeHint().width() <= 900, kind
        demo_window.resize(900, 600)
        qtbot.waitUntil(lambda: demo_window.width() == 900)
        assert page.minimumSizeHint().width() <= page.width(), kind
        _activate(page)
        button = page.export_button
        right = button.mapTo(page, button.rect().topRight()).x()
        assert button.isVisible() and right < page.width(), (kind, right, page.width())


def test_no_page_is_wider_than_the_window_at_900(qtbot: QtBot, demo_window: MainWindow) -> None:
    """The window's own minimum width is set, so it can be 900 px while a page inside needs more (and is cut)."""
    from nutrigap.gui.window.window_pages import PAGES

    too_wide = {}
    for key, _title in PAGES:
        page = demo_window.show_page(key)
        qtbot.waitUntil(page.isVisible)
        demo_window.resize(900, 600)
        qtbot.waitUntil(lambda: demo_window.width() == 900)
        if page.minimumSizeHint().width() > page.width():
            too_wide[key] = (page.minimumSizeHint().width(), page.width())
    assert too_wide == {}


def _activate(widget: QWidget) -> None:
    layout = widget.layout()
    assert layout is not None
    layout.activate()
