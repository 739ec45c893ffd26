"""The window's pages beyond the Diary and the actions that reach them: each page is a tab built the first time
it is shown (its module, and matplotlib, scipy or pandas behind it, are imported only then), the View menu and
Ctrl+1 … Ctrl+7 switch pages, and the Log menu holds the quick entries (Ctrl+T: twitching now; water; caffeine).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from nutrigap.gui.page_base import LazyPage

if TYPE_CHECKING:
    from nutrigap.gui.window.main_window import MainWindow
    from nutrigap.services.presets import Preset

#: (key, tab title) in tab order after the Diary
PAGES: tuple[tuple[str, str], ...] = (
    ("twitches", "Twitches && factors"),
    ("charts", "Charts"),
    ("insights", "Insights"),
    ("experiments", "Experiments"),
    ("suggestions", "Close the gaps"),
    ("guide", "Nutrient guide"),
    ("labs", "Blood tests"),
)


def _factories(window: MainWindow) -> dict[str, Callable[[], QWidget]]:
    state = window.state
    day_actions = window.diary.navigator.actions_for_menu()[:3]  # previous, next, today: one shortcut each

    def twitches() -> QWidget:
        from nutrigap.gui.pages.twitch_page import TwitchPage

        return TwitchPage(state, day_actions)

    def charts() -> QWidget:
        from nutrigap.gui.pages.charts_page import ChartsPage

        return ChartsPage(state, day_actions)

    def insights() -> QWidget:
        from nutrigap.gui.pages.insights_page import InsightsPage

        return InsightsPage(state)

    def experiments() -> QWidget:
        from nutrigap.gui.pages.experiments_page import ExperimentsPage

        return ExperimentsPage(state)

    def suggestions() -> QWidget:
        from nutrigap.gui.pages.suggestions_page import SuggestionsPage

        return SuggestionsPage(state, day_actions)

    def guide() -> QWidget:
        from nutrigap.gui.pages.guide_page import GuidePage

        return GuidePage(state)

    def blood_tests() -> QWidget:
        from nutrigap.gui.pages.labs_page import LabsPage

        return LabsPage(state)

    return {
        "labs": blood_tests,
        "twitches": twitches,
        "charts": charts,
        "insights": insights,
        "experiments": experiments,
        "suggestions": suggestions,
        "guide": guide,
    }


def install_pages(window: MainWindow) -> dict[str, LazyPage]:
    """Add the pages as tabs (built when first shown) and their View-menu actions; returns them by key."""
    factories = _factories(window)
    pages: dict[str, LazyPage] = {}
    view = window.menu("view")
    view.addSeparator()
    diary_action = view.addAction("Diary", lambda: window.tabs.setCurrentIndex(0))
    diary_action.setShortcut(QKeySequence("Ctrl+1"))
    for number, (key, title) in enumerate(PAGES, start=2):
        page = LazyPage(title.replace("&&", "&"), factories[key], later=window.state.later)
        page.setObjectName(f"page-{key}")
        pages[key] = page
        window.add_page(page, title)
        action = view.addAction(title)  # "&&" shows as "&" in a menu too; a single "&" would be a mnemonic
        action.triggered.connect(partial(window.show_page, key))
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
    return pages


def install_log_menu(window: MainWindow) -> QAction:
    """The Log menu: twitching now (Ctrl+T), an earlier twitch, a glass or bottle of water, caffeine presets.
    Returns the "twitching now" action."""
    from nutrigap.services.presets import caffeine_presets, water_sizes

    menu = window.menu("Log")
    menu.setTitle("&Log")
    now = menu.addAction("Twitching now…", window.twitching_now)
    now.setShortcut(QKeySequence("Ctrl+T"))
    now.setToolTip("Log a twitch at this minute: the last episode's place and intensity are offered")
    menu.addAction("Log an earlier twitch…", window.log_earlier_twitch)
    menu.addSeparator()
    for preset in water_sizes():
        water = menu.addAction(f"Add a {preset.key} of water ({preset.amount:g} ml)")
        water.triggered.connect(partial(_add_water, window, preset))
    for preset in caffeine_presets():
        drink = menu.addAction(
            f"Add {preset.label.split(' (')[0].split(',')[0].lower()} ({preset.amount:g} mg caffeine)"
        )
        drink.triggered.connect(partial(_add_caffeine, window, preset))
    menu.addSeparator()
    menu.addAction("Water, sleep, stress, exercise…", lambda: window.show_page("twitches"))
    return now


def _add_water(window: MainWindow, preset: Preset) -> None:
    window.factors_panel().add_water(preset)


def _add_caffeine(window: MainWindow, preset: Preset) -> None:
    window.factors_panel().add_caffeine(preset)
