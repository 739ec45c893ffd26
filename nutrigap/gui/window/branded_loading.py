"""The second phase of a first start: branded foods load in the background while the user searches and logs
generic ones (issue #16). A quiet line in the status bar says so ("Branded foods: still loading (42%)"), and so
does the Add food dialog through :func:`branded_status`; no progress dialog. The phase runs in a child process
(:mod:`nutrigap.services.branded_child`), so the window's own interpreter stays free for the user. Quitting
cancels it (the child is killed and reaped): the generic database stays as it is, still waiting, and the next
start finishes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from nutrigap.gui.state import AppState
from nutrigap.gui.tasks import ProgressTask, TaskRunner

TITLE = "Loading branded foods"


def loading_text(fraction: float) -> str:
    """The status line while branded foods load, e.g. 'Branded foods: still loading (42%)'."""
    return f"Branded foods: still loading ({max(0, min(99, int(fraction * 100)))}%)"


def dialog_note(fraction: float) -> str:
    """The Add food dialog's line while branded foods load."""
    return f"Branded foods are still loading ({max(0, min(99, int(fraction * 100)))}%) — generic foods are all here."


#: added to "No food matches …" while branded foods load
NOT_IN_YET = "Branded foods are still loading, so a brand may not be in yet."


class BrandedStatus(QObject):
    """How far the branded phase is (``fraction``; None when it does not run), for whatever shows it. One per
    :class:`AppState`, its child (:func:`branded_status`)."""

    changed = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("branded-status")
        self.fraction: float | None = None

    def set(self, fraction: float | None) -> None:
        if fraction != self.fraction:
            self.fraction = fraction
            self.changed.emit()


def branded_status(state: AppState) -> BrandedStatus:
    """The branded phase's status of ``state``'s window (made on first use)."""
    found = state.findChild(BrandedStatus, "branded-status")
    return found if found is not None else BrandedStatus(state)


class BrandedLoading:
    """Starts the branded phase on the window's task runner and shows its progress in the status bar."""

    def __init__(self, runner: TaskRunner, state: AppState, status_bar: QStatusBar) -> None:
        self._runner = runner
        self._state = state
        self._status_bar = status_bar
        self.label = QLabel()
        self.label.setObjectName("branded-loading")
        self.label.setAccessibleName("Branded foods")
        status_bar.addPermanentWidget(self.label)
        self.label.hide()

    def start(self, csv_path: Path | None = None) -> ProgressTask | None:
        """Load the branded foods the food database waits for; None when it waits for none, or other long work
        (a build, an import) is under way (the first start then finishes them the next time)."""
        from nutrigap.services import food_database
        from nutrigap.services.branded_child import finish_branded_in_child

        ctx = self._state.ctx
        if self._runner.task is not None or not food_database.pending_layers(ctx):
            return None
        # In a child process, not in this one's worker thread: there the phase slowed typing and logging 1.6-2x
        # and left its memory in the window (963 MB at the peak; README "First start")
        task = self._runner.run_task(
            TITLE,
            lambda progress: finish_branded_in_child(ctx, csv_path=csv_path, progress=progress),
            quiet=True,
        )
        status = branded_status(self._state)
        task.progressed.connect(lambda _message, fraction: self._progressed(status, fraction))
        task.succeeded.connect(self._loaded)
        task.finished.connect(self.label.hide)
        task.finished.connect(lambda: status.set(None))
        self.label.setText(loading_text(0.0))
        self.label.show()
        status.set(0.0)
        task.start()
        return task

    def _progressed(self, status: BrandedStatus, fraction: float) -> None:
        self.label.setText(loading_text(fraction))
        status.set(fraction)

    def _loaded(self, _result: object) -> None:
        self._state.food_db_changed.emit()
        food_db = self._state.ctx.optional_food_db()
        total = food_db.info()["total"] if food_db is not None else 0
        self._status_bar.showMessage(f"Branded foods loaded: {total:,} foods in all.", 10000)
