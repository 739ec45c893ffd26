"""Long work (building the food database, importing FoodData Central) on a worker thread, with a progress
dialog that moves and can be cancelled: the one worker (:class:`~nutrigap.gui.background.Job`) plus a dialog, as
Anki's ``with_progress``; success, failure or cancellation is reported back on the main thread.

The work is a callable taking a :class:`~nutrigap.domain.progress.Progress` callback; cancelling makes the next
progress report raise :class:`~nutrigap.domain.progress.Cancelled`, and the services promise that cancelled
work changes nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nutrigap.domain.progress import Cancelled, Progress
from nutrigap.gui.background import CANCELLED, DONE, Job, work_answered, work_started

log = logging.getLogger(__name__)

#: The progress bar has this many steps (fractions 0..1 are scaled to it).
STEPS = 1000
#: Reports closer together than this [s] are merged, so a chatty worker cannot flood the event loop.
MIN_REPORT_INTERVAL = 0.05


class _Signals(QObject):
    progressed = Signal(str, float)
    finished = Signal(str, object, str)  # outcome, result or message, details


class _Reporter:
    """The progress callback handed to the work: merges chatty reports and turns a cancel into
    :class:`~nutrigap.domain.progress.Cancelled` at the next report."""

    def __init__(self, signals: _Signals, cancel: threading.Event) -> None:
        self._signals = signals
        self._cancel = cancel
        self._last_report = 0.0

    def __call__(self, message: str, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled("Cancelled; nothing was changed.")
        now = time.monotonic()
        if now - self._last_report >= MIN_REPORT_INTERVAL or fraction >= 1.0:
            self._last_report = now
            try:
                self._signals.progressed.emit(message, fraction)
            except RuntimeError:  # the task is gone (the window closed): nobody waits for this work any more
                self._cancel.set()
                raise Cancelled("Cancelled; nothing was changed.") from None


class TaskRunner(Protocol):
    """What runs long work with a progress dialog, one piece at a time (the main window)."""

    @property
    def task(self) -> ProgressTask | None:
        """The work under way, or None."""
        ...

    def run_task(
        self, title: str, work: Callable[[Progress], object], note: str = "", *, quiet: bool = False
    ) -> ProgressTask:
        """A task for ``work``, its failure shown to the user; connect to it, then ``start()``."""
        ...


class ProgressTask(QObject):
    """One piece of long work with its progress dialog. Connect to the signals, then call :meth:`start`."""

    #: the work's result
    succeeded = Signal(object)
    #: a message for the user, and technical details (a traceback) or ""
    failed = Signal(str, str)
    cancelled = Signal()
    #: emitted last, whatever the outcome
    finished = Signal()
    #: each progress report that reaches the main thread: what is being done, and the fraction done (0..1)
    progressed = Signal(str, float)

    def __init__(
        self, parent: QWidget, title: str, work: Callable[[Progress], object], note: str = "", *, quiet: bool = False
    ) -> None:
        super().__init__(parent)
        #: no dialog is shown: the window follows :attr:`progressed` in a quiet status line (the branded foods
        #: of a first start load while the user logs generic ones)
        self.quiet = quiet
        #: a line under the current step saying what this is and how long it takes
        self.note = note
        self._cancel = threading.Event()
        self._signals = _Signals(self)
        progress = _Reporter(self._signals, self._cancel)
        self._runnable = Job(lambda: work(progress), self._signals.finished.emit)
        self._runnable.setAutoDelete(False)  # the Python side keeps it until it has reported
        self.dialog = QProgressDialog(title, "Cancel", 0, STEPS, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAccessibleName(title)
        self.dialog.canceled.connect(self.cancel)
        if quiet:
            # QProgressDialog shows itself once its minimum duration has passed, setValue or not (the branded
            # foods' quiet phase popped up an empty "Loading branded foods" box); reset() stops that timer
            self.dialog.reset()
        self._signals.progressed.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self.running = False
        self._refused = False

    def refuse(self) -> None:
        """Make :meth:`start` run nothing and report ``cancelled`` (the window is closing)."""
        self._refused = True

    def start(self) -> None:
        if self._refused:
            QTimer.singleShot(0, self._on_cancelled)
            return
        self.running = True
        if self.note:
            self.dialog.setLabelText(f"Starting…\n\n{self.note}")
        if not self.quiet:
            self.dialog.setValue(0)
            self.dialog.show()
        work_started()
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (nothing is changed)."""
        if self.running:
            self._cancel.set()
            if self.quiet:
                return
            self.dialog.setLabelText("Cancelling…")
            self.dialog.setCancelButtonText("Cancelling…")

    def _on_progress(self, message: str, fraction: float) -> None:
        self.progressed.emit(message, fraction)
        if self.quiet:
            return  # a quiet task's dialog never shows (QProgressDialog shows itself on setValue)
        if not self._cancel.is_set():
            self.dialog.setLabelText(f"{message}…\n\n{self.note}" if self.note else message)
        self.dialog.setValue(max(0, min(STEPS, round(fraction * STEPS))))

    def _on_finished(self, outcome: str, payload: object, details: str) -> None:
        if outcome == DONE:
            self._finish_with(lambda: self.succeeded.emit(payload))
        elif outcome == CANCELLED:
            self._finish_with(self.cancelled.emit)
        else:
            self._finish_with(lambda: self.failed.emit(str(payload), details))

    def _on_cancelled(self) -> None:
        self._finish_with(self.cancelled.emit)

    def _finish_with(self, report: Callable[[], None]) -> None:
        if self.running:
            work_answered()
        self.running = False
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        try:
            report()
        finally:
            self.finished.emit()
            self.deleteLater()
