"""The window runs the branded phase in a child process (issue #16, "logging possible meanwhile"): its status line
and the Add food dialog follow the child's progress, quitting mid-phase kills and reaps the child and leaves the
generic database usable and still waiting, a crashed child leaves the window usable with one clear line and the
next start finishes the phase. Real window, real child (``python -m nutrigap``), the slice fixture; the child waits
at each progress report until the window has taken it (Qt's blocking connection, no sleeps)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox

from nutrigap.domain.diary import Meal
from nutrigap.fooddb.build_lock import lock_path
from nutrigap.gui.background import drain_background_work, pending_work
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.tasks import ProgressTask
from nutrigap.gui.window.branded_loading import branded_status, dialog_note, loading_text
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services import food_database
from nutrigap.services.context import AppContext
from tests.gui.conftest import DAY
from tests.gui.test_first_start_phases import SLICE_CSV, branded_task
from tests.integration.test_branded_child import builder_pid, gone
from tests.integration.test_fooddb_same_content import SLICE_DIGESTS, digests


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


def at_each_report(task: ProgressTask, look: object) -> None:
    """Call ``look(message, fraction)`` on the main thread at each progress report, the child held meanwhile."""
    task._signals.progressed.connect(look, Qt.ConnectionType.BlockingQueuedConnection)


def test_the_status_line_and_add_food_follow_the_childs_progress(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window, ctx = fresh_window, fresh_window.state.ctx
    task = branded_task(qtbot, window)
    seen: list[float] = []
    dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")

    builders: set[int] = set()

    def look(_message: str, fraction: float) -> None:
        if lock_path(ctx.paths.food_db).exists():  # between the child's start and its end
            builders.add(builder_pid(ctx))
        # this report reaches the window after the status line has taken it (connected first)
        assert window.branded.label.isVisible() and window.branded.label.text() == loading_text(fraction)
        assert branded_status(window.state).fraction == fraction
        assert dialog.loading_note.isVisibleTo(dialog) and dialog.loading_note.text() == dialog_note(fraction)
        assert dialog.results_model.results[0].name == "Spinach, raw"  # generic foods meanwhile
        seen.append(fraction)

    at_each_report(task, look)
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    assert len(seen) >= 2 and seen == sorted(seen)  # reports closer than 50 ms are merged (gui/tasks.py)
    assert len(builders) == 1 and os.getpid() not in builders  # the phase ran in another process
    assert food_database.pending_layers(ctx) == ()
    assert digests(ctx.paths.food_db) == SLICE_DIGESTS
    qtbot.waitUntil(lambda: not window.branded.label.isVisible() and not dialog.loading_note.isVisibleTo(dialog))
    assert "Branded foods loaded" in window.statusBar().currentMessage()
    dialog.reject()


def test_quitting_mid_phase_kills_and_reaps_the_child(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window, ctx = fresh_window, fresh_window.state.ctx
    task = branded_task(qtbot, window)
    before = digests(ctx.paths.food_db)
    pids: list[int] = []

    def quit_soon(_message: str, fraction: float) -> None:
        if not pids and fraction < 0.9 and lock_path(ctx.paths.food_db).exists():
            pids.append(builder_pid(ctx))
            # what closing the window does first; the close itself waits for the worker, which waits here
            task.cancel()

    at_each_report(task, quit_soon)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    window.close()
    drain_background_work()
    assert pending_work() == 0 and QThreadPool.globalInstance().activeThreadCount() == 0
    assert pids and pids[0] != os.getpid() and gone(pids[0])  # killed and reaped: not even a zombie
    assert digests(ctx.paths.food_db) == before and food_database.pending_layers(ctx) == ("branded_food",)
    assert [h.name for h in ctx.food_db.search("spinach raw", 1)] == ["Spinach, raw"]
    assert_the_next_start_finishes(qtbot, ctx.paths.home)


def test_a_crashed_child_leaves_the_window_usable_and_the_next_start_finishes(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window, ctx = fresh_window, fresh_window.state.ctx
    task = branded_task(qtbot, window)
    killed: list[int] = []

    def crash_it(_message: str, _fraction: float) -> None:
        if not killed and lock_path(ctx.paths.food_db).exists():  # the child is under way
            killed.append(builder_pid(ctx))
            assert killed[0] != os.getpid()  # never this process: the phase must run in a child
            os.kill(killed[0], signal.SIGKILL)

    at_each_report(task, crash_it)
    with qtbot.waitSignal(task.failed, timeout=60_000) as failed:
        pass
    message = failed.args[0]
    assert message == (
        "Loading the branded foods stopped: its process was ended (SIGKILL). "
        "The generic foods are all here; the branded foods load again at the next start."
    )
    qtbot.waitUntil(lambda: not window.branded.label.isVisible())
    boxes = [b for b in window.findChildren(QMessageBox, "error-message") if b.isVisible()]
    assert [b.text() for b in boxes] == [message]  # one box, one line
    boxes[0].accept()
    assert killed and gone(killed[0])
    assert food_database.pending_layers(ctx) == ("branded_food",)
    dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")  # still usable: search and log
    assert dialog.results_model.results[0].name == "Spinach, raw"
    assert not dialog.loading_note.isVisibleTo(dialog)
    dialog.reject()
    window.close()
    drain_background_work()
    assert_the_next_start_finishes(qtbot, ctx.paths.home)


def assert_the_next_start_finishes(qtbot, home: Path) -> None:  # type: ignore[no-untyped-def]
    state = AppState(AppContext(DataPaths.from_environment(home)), DAY)
    again = MainWindow(state, open_settings(state.ctx.paths))
    qtbot.addWidget(again)
    task = again.start_first_run(SLICE_CSV)
    assert task is not None and task.quiet
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    assert food_database.pending_layers(state.ctx) == ()
    assert digests(state.ctx.paths.food_db) == SLICE_DIGESTS
    assert sorted(p.name for p in home.glob("food.sqlite*")) == ["food.sqlite"]  # the crash's copy is gone
    again.close()
    drain_background_work()
    state.ctx.close()


def test_the_quiet_phase_never_pops_up_a_progress_box(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """QProgressDialog shows itself when its minimum duration has passed, without any setValue: the quiet phase's
    box must have no such timer running (an empty "Loading branded foods" box came up over the window)."""
    window = fresh_window
    task = branded_task(qtbot, window)
    assert task.quiet and not task.dialog.isVisible()
    assert [t for t in task.dialog.findChildren(QTimer) if t.isActive()] == []
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
