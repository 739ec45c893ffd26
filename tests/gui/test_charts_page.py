"""The Charts tab on the demo diary: a real FigureCanvasQTAgg, switching week / trend / calendar, the dark theme
following the palette, and export to PNG, SVG and PDF (and a refused format)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.colors import to_hex
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from nutrigap.charts.theme import DARK, LIGHT
from nutrigap.gui.page_base import LazyPage
from nutrigap.gui.pages.charts_page import ChartsPage
from nutrigap.gui.theme import dark_palette
from nutrigap.gui.window.main_window import MainWindow
from tests.gui.conftest import wait_for


def charts_page(qtbot: QtBot, window: MainWindow) -> ChartsPage:
    holder = window.pages["charts"]
    assert isinstance(holder, LazyPage) and not holder.built  # nothing drawn before the tab is opened
    page = window.show_page("charts")
    assert isinstance(page, ChartsPage)
    wait_for(qtbot, page)
    return page


def title(page: ChartsPage) -> str:
    canvas = page.view.canvas
    assert isinstance(canvas, FigureCanvasQTAgg) and canvas.isVisible()
    return str(canvas.accessibleName())


def test_week_trend_calendar(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = charts_page(qtbot, demo_window)
    assert page.kind == "week" and title(page).startswith("Week of 23–29 Nov 2026")
    canvas = page.view.canvas
    assert canvas is not None and canvas.width() >= 700 and canvas.height() > 300
    assert canvas.figure.get_facecolor()[:3] == (1.0, 1.0, 1.0)  # light theme on a light palette
    assert not page.span.isVisible()
    page.kind_buttons["trend"].click()
    wait_for(qtbot, page)
    assert title(page).startswith("Trend 28 Oct – 24 Nov 2026") and page.span.isVisible()
    page.water.setChecked(True)
    wait_for(qtbot, page)
    axes_labels = " ".join(ax.get_ylabel() for ax in page.view.canvas.figure.axes)  # type: ignore[union-attr]
    assert "water, L/day" in axes_labels and "caffeine, mg/day" in axes_labels
    page.kind_buttons["calendar"].click()
    wait_for(qtbot, page)
    assert title(page) == "Adequacy by day, November 2026"
    # the charts follow the shown day
    demo_window.diary.navigator.previous_action.trigger()
    page.set_kind("week")
    wait_for(qtbot, page)
    assert title(page).startswith("Week of 23–29 Nov 2026")
    for _ in range(2):
        demo_window.diary.navigator.previous_action.trigger()
    wait_for(qtbot, page)
    assert title(page).startswith("Week of 16–22 Nov 2026")


def test_export_writes_the_chart_shown(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    page = charts_page(qtbot, demo_window)
    png = page.export(tmp_path / "week.png")
    assert png is not None and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.set_kind("calendar")
    svg = page.export(tmp_path / "calendar.svg")
    assert svg is not None and b"<svg" in svg.read_bytes()[:400] and b"November 2026" in svg.read_bytes()
    pdf = page.export(tmp_path / "calendar.pdf")
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"
    assert "Chart saved to" in demo_window.statusBar().currentMessage()
    assert page.export(tmp_path / "week.gif") is None
    box = page.findChild(QMessageBox, "error-message")
    assert box is not None and "use .png, .svg or .pdf" in box.text()
    box.accept()
    assert not (tmp_path / "week.gif").exists()
    assert page.default_file_name() == "nutrigap-demo-calendar-2026-11.png"  # the demo diary


def test_dark_palette_draws_the_dark_theme(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = charts_page(qtbot, demo_window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    try:
        app.setPalette(dark_palette())
        qtbot.waitUntil(lambda: page.theme == "dark")
        wait_for(qtbot, page)
        canvas = page.view.canvas
        assert canvas is not None
        assert to_hex(canvas.figure.get_facecolor()).upper() == DARK.background.upper()
    finally:
        app.setPalette(light)
    qtbot.waitUntil(lambda: page.theme == "light")
    wait_for(qtbot, page)
    assert LIGHT.background == "#FFFFFF"


def test_mouse_wheel_over_the_chart_scrolls_it(qtbot: QtBot, demo_window: MainWindow) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    demo_window.resize(1000, 600)  # the trend chart is taller than the page: it scrolls down
    page = charts_page(qtbot, demo_window)
    page.kind_buttons["trend"].click()
    wait_for(qtbot, page)
    bar = page.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    canvas = page.view.canvas
    assert canvas is not None
    at = QPointF(canvas.width() / 2, 100)
    wheel = QWheelEvent(
        at,
        canvas.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, -120),  # one notch down
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, wheel)
    assert bar.value() > 0


def test_appearance_light_dark_follow_system_and_the_charts_follow(qtbot: QtBot, demo_window: MainWindow) -> None:
    from nutrigap.gui.settings import open_settings
    from nutrigap.gui.theme import SETTING, apply_appearance, is_dark

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    page = charts_page(qtbot, demo_window)
    actions = {str(a.data()): a for a in demo_window.appearance.actions()}
    assert list(actions) == ["system", "light", "dark"] and actions["system"].isChecked()
    menu_texts = [a.text() for a in demo_window.menu("view").actions()]
    assert "&Appearance" in menu_texts
    try:
        actions["dark"].trigger()
        assert is_dark(app.palette()) and actions["dark"].isChecked()
        qtbot.waitUntil(lambda: page.theme == "dark")
        wait_for(qtbot, page)
        canvas = page.view.canvas
        assert canvas is not None
        assert to_hex(canvas.figure.get_facecolor()).upper() == DARK.background.upper()
        assert open_settings(demo_window.state.ctx.paths).value(SETTING) == "dark"  # kept for the next start
        actions["light"].trigger()
        assert not is_dark(app.palette())
        qtbot.waitUntil(lambda: page.theme == "light")
        actions["system"].trigger()
        assert not is_dark(app.palette())  # the offscreen desktop reports no dark scheme
    finally:
        apply_appearance(app, "system")


def test_trend_shows_the_demos_sunlight_under_vitamin_d(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = charts_page(qtbot, demo_window)
    page.kind_buttons["trend"].click()
    wait_for(qtbot, page)
    canvas = page.view.canvas
    assert canvas is not None
    titles = [ax.get_title(loc="left") for ax in canvas.figure.axes if ax.get_title(loc="left")]
    sun = titles.index("Sunlight  (minutes outdoors, not micrograms)")
    assert titles[sun - 1].startswith("Vitamin D") and titles[sun + 1].startswith("Vitamin B12")
