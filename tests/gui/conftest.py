"""Fixtures for the window tests: real widgets (pytest-qt, offscreen), a real SQLite diary and the fixture food
database; settings in the test's own NUTRIGAP_HOME; and a check that no top-level widget outlives its test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.gui.background import pending_work
from nutrigap.gui.page_base import LivePage
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services.context import AppContext

DAY = dt.date(2026, 11, 24)

#: Qt's own singletons that live as long as the application (the shared tooltip label).
_QT_SINGLETONS = {"QTipLabel"}


def flush_deletions() -> None:
    """Deliver pending events and deleteLater() calls."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def leaked_widgets(before: set[int]) -> list[str]:
    """Top-level widgets that exist now but did not before (ids from :func:`top_level_ids`)."""
    return sorted(
        f"{type(w).__name__} {w.objectName()!r} {w.windowTitle()!r}"
        for w in QApplication.topLevelWidgets()
        if id(w) not in before and w.metaObject().className() not in _QT_SINGLETONS
    )


def top_level_ids() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets()}


@pytest.fixture(scope="session")
def qapp_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A 1920×1080 virtual screen instead of the offscreen plugin's 800×600, so the window has its real size."""
    config = tmp_path_factory.mktemp("qt") / "screens.json"
    screen = {"name": "test", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    return ["nutrigap-tests", "-platform", f"offscreen:configfile={config}"]


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp: QApplication) -> Iterator[None]:
    """Fail the test if a top-level widget it created is still alive after pytest-qt closed its widgets."""
    flush_deletions()
    before = top_level_ids()
    yield
    flush_deletions()
    leaked = leaked_widgets(before)
    for widget in QApplication.topLevelWidgets():
        if id(widget) not in before:
            widget.close()
            widget.deleteLater()
    flush_deletions()
    assert not leaked, f"top-level widgets leaked by this test: {leaked}"


#: How long draining the pool after a test may take [ms] (only reached when work is stuck).
POOL_DRAIN_MS = 30_000


@pytest.fixture(autouse=True)
def no_leftover_pool_work(qapp: QApplication) -> Iterator[None]:
    """Fail a test that ends while work it started on the thread pool has not answered (napari's
    ``dangling_qthread_pool``): such work reports to deleted objects or reads a closed diary. The pool is
    drained either way, so nothing runs into the next test."""
    pending_work(reset=True)
    yield
    flush_deletions()  # answers already on their way are delivered
    left = pending_work()
    pool = QThreadPool.globalInstance()
    pool.waitForDone(POOL_DRAIN_MS)
    flush_deletions()
    assert left == 0, f"this test left {left} piece(s) of work running on the thread pool"
    assert pool.activeThreadCount() == 0, "work on the thread pool did not stop"


@pytest.fixture
def state(ctx: AppContext) -> Iterator[AppState]:
    app_state = AppState(ctx, DAY)
    yield app_state
    app_state.undo_stack.clear()
    app_state.deleteLater()


@pytest.fixture
def window(qtbot: QtBot, state: AppState, ctx: AppContext) -> MainWindow:
    main = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()  # keyboard shortcuts (Ctrl+Z, Alt+Right) act in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    return main


@pytest.fixture
def demo_ctx(ctx: AppContext, isolated_home: Path) -> Iterator[AppContext]:
    """The demo diary (four weeks up to DAY, with its sample experiment) on the fixture food database."""
    from nutrigap.services.demo import add_demo_experiment, demo_context, prepare_demo

    info = prepare_demo(user_home=isolated_home, end=DAY)
    add_demo_experiment(info.home, info.end)
    context = demo_context(info.home)
    yield context
    context.close()


@pytest.fixture
def demo_window(qtbot: QtBot, demo_ctx: AppContext) -> Iterator[MainWindow]:
    """The window on the demo diary, showing DAY."""
    state = AppState(demo_ctx, DAY)
    main = MainWindow(state, open_settings(demo_ctx.paths))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main
    state.undo_stack.clear()


def wait_for(qtbot: QtBot, page: LivePage, timeout: int = 30_000) -> None:
    """Wait until a page's background work (chart, insights, suggestions ...) has answered."""
    work = page.work  # type: ignore[attr-defined]
    more = getattr(page, "plan_work", work)  # the suggestions' plan follows their foods
    qtbot.waitUntil(lambda: not page.stale and not work.busy and not more.busy, timeout=timeout)
