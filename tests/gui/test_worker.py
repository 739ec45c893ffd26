"""The GUI's one way of doing each thing (#15 item 4): one worker reports every outcome the same way for the
pages' quiet work and for progress dialogs, and one scheduler merges refreshes asked for in one go."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.progress import Cancelled, Progress
from nutrigap.gui.background import CANCELLED, DONE, FAILED, BackgroundWork, Job
from nutrigap.gui.state import AppState
from nutrigap.gui.tasks import ProgressTask


def _outcome(work: object) -> tuple[str, object, str]:
    seen: list[tuple[str, object, str]] = []
    Job(work, lambda *outcome: seen.append(outcome)).run()  # type: ignore[arg-type]
    assert len(seen) == 1
    return seen[0]


def _refuse() -> object:
    raise NutriGapError("That amount is not a number.")


def _crash() -> object:
    raise ValueError("boom")


def _cancel() -> object:
    raise Cancelled("Cancelled; nothing was changed.")


def test_the_worker_reports_each_outcome_once() -> None:
    assert _outcome(lambda: 42) == (DONE, 42, "")
    assert _outcome(_refuse) == (FAILED, "That amount is not a number.", "")  # bad input: no traceback
    outcome, message, details = _outcome(_crash)
    assert (outcome, message) == (FAILED, "ValueError: boom")
    assert "Traceback" in details and "boom" in details
    assert _outcome(_cancel) == (CANCELLED, "Cancelled; nothing was changed.", "")


def test_pages_and_progress_dialogs_report_a_crash_alike(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    work = BackgroundWork(holder)
    with qtbot.waitSignal(work.failed, timeout=10_000) as quiet:
        work.start(_crash)

    def crash(_progress: Progress) -> object:
        raise ValueError("boom")

    task = ProgressTask(holder, "Build", crash)
    with qtbot.waitSignal(task.failed, timeout=10_000) as loud:
        task.start()
    assert quiet.args[0] == loud.args[0] == "ValueError: boom"
    assert "Traceback" in quiet.args[1] and "Traceback" in loud.args[1]


def test_a_refresh_asked_many_times_runs_once(qtbot: QtBot, state: AppState) -> None:
    calls: list[str] = []
    refresh = state.next_turn(lambda: calls.append("refresh"))
    refresh()
    refresh()
    refresh()
    assert refresh.pending and calls == []
    state.later(lambda: calls.append("after"))
    qtbot.waitUntil(lambda: "after" in calls)
    assert calls == ["refresh", "after"] and not refresh.pending
    refresh()  # asked again after it ran: runs again
    qtbot.waitUntil(lambda: calls.count("refresh") == 2)


def test_a_deleted_panel_no_longer_refreshes(qtbot: QtBot, state: AppState) -> None:
    """The scheduler goes with its widget: once the widget is deleted, the state's announcements and a refresh
    already asked for no longer reach it (no call into a deleted C++ object)."""
    import datetime as dt

    import shiboken6

    from nutrigap.gui.diary.day_summary import DaySummary

    summary = DaySummary(state)
    qtbot.waitUntil(lambda: not summary.schedule_refresh.pending)
    summary.schedule_refresh()  # asked, then the widget goes before the next turn
    shiboken6.delete(summary)
    state.set_day(state.day + dt.timedelta(days=1))  # announces day_changed
    state.twitches_changed.emit(frozenset({state.day}))
    done: list[bool] = []
    state.later(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done))  # the turn in which a refresh would have run has passed without error
