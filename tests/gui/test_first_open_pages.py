"""Pages whose first open was made quicker (issue #16, benchmarks/pages.py) show exactly what they showed before:
the Close-the-gaps page shows the gaps and their foods first and the plan after (its solver is most of the first
open), and ends with the same content as the one-step report, on the first open, after a day change, an undo and
a reload."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from nutrigap.gui.pages.suggestions_page import PLAN_PENDING, SuggestionsPage
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services.suggest import suggest_day
from tests.gui.conftest import wait_for


def shown(page: SuggestionsPage) -> tuple[object, ...]:
    """Everything the page shows: every row of the tree (with its children), the plan, the status, the button."""

    def row(item: QTreeWidgetItem | None) -> tuple[object, ...]:
        assert item is not None
        cells = tuple(item.text(c) for c in range(item.columnCount()))
        return cells, tuple(row(item.child(i)) for i in range(item.childCount()))

    tree = tuple(row(page.tree.topLevelItem(i)) for i in range(page.tree.topLevelItemCount()))
    return tree, page.plan.text(), page.status.text(), page.plan_button.isVisibleTo(page)


def same_as_one_step(qtbot: QtBot, page: SuggestionsPage) -> None:
    wait_for(qtbot, page)
    two_steps = shown(page)
    assert page.report is not None and page.report.plan is not None and page.report.end == page.state.day
    page._show_report(suggest_day(page.state.ctx, page.state.day, page.diet.currentData()))  # the old way
    assert shown(page) == two_steps


def test_suggestions_show_the_foods_first_then_the_same_page(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = demo_window.show_page("suggestions")
    assert isinstance(page, SuggestionsPage)
    # the foods are shown while the plan is still worked out
    qtbot.waitUntil(lambda: page.report is not None and page.plan_work.busy, timeout=30_000)
    assert page.report is not None and page.report.plan is None and page.report.gaps
    assert page.tree.topLevelItemCount() == len(page.report.gaps)
    assert "Working out a plan" in page.plan.text() and page.plan.text().startswith(PLAN_PENDING)
    assert not page.plan_button.isVisibleTo(page)
    same_as_one_step(qtbot, page)

    demo_window.diary.navigator.previous_action.trigger()  # a day change
    page.mark_stale()
    same_as_one_step(qtbot, page)

    item = page.food_items()[0]  # an undo
    page.tree.setCurrentItem(item)
    page.add_button.click()
    wait_for(qtbot, page)
    demo_window.undo_action.trigger()
    same_as_one_step(qtbot, page)

    demo_window.state.reload_all()  # a reload
    same_as_one_step(qtbot, page)


def test_a_hidden_page_works_out_its_plan_when_shown_again(qtbot: QtBot, demo_window: MainWindow) -> None:
    """The foods arriving while the page is hidden start no plan (a hidden page computes nothing); showing the
    page again does, and ends with the same page."""
    page = demo_window.show_page("suggestions")
    assert isinstance(page, SuggestionsPage)
    qtbot.waitUntil(lambda: page.work.busy, timeout=30_000)
    demo_window.tabs.setCurrentIndex(0)  # away while the foods are still being worked out
    qtbot.waitUntil(lambda: page.report is not None and not page.work.busy, timeout=30_000)
    assert not page.plan_work.busy and page.report is not None and page.report.plan is None
    assert page.plan.text().startswith(PLAN_PENDING)
    demo_window.show_page("suggestions")
    same_as_one_step(qtbot, page)
