"""Long work (building the food database, importing FoodData Central) on a worker thread, with a progress
dialog that moves and can be cancelled. The Anki shape: a small operation object runs the work off the main
thread and reports success, failure or cancellation back on the main thread.

The work is a callable taking a :class:`~nutrigap.domain.progress.Progress` callback; cancelling makes the next
progress report raise :class:`~nutrigap.domain.progress.Cancelled`, and the services promise that cancelled
work changes nothing.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.progress import Cancelled, Progress
from nutrigap.gui.background import work_answered, work_started

log = logging.getLogger(__name__)

#: The progress bar has this many steps (fractions 0..1 are scaled to it).
STEPS = 1000
#: Reports closer together than this [s] are merged, so a chatty worker cannot flood the event loop.
MIN_REPORT_INTERVAL = 0.05


class _Signals(QObject):
    progressed = Signal(str, float)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], object], signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Python side keeps it until it has reported
        self._work = work
        self._signals = signals
        self._cancel = cancel
        self._last_report = 0.0

    def _progress(self, message: str, fraction: float) -> None:
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

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self._report(self._signals.cancelled.emit)
        except NutriGapError as exc:
            message = str(exc)
            self._report(lambda: self._signals.failed.emit(message, ""))
        except Exception as exc:  # reported to the user with details, never lost in a terminal
            log.exception("background work failed")
            message, details = f"{type(exc).__name__}: {exc}", traceback.format_exc()
            self._report(lambda: self._signals.failed.emit(message, details))
        else:
            self._report(lambda: self._signals.succeeded.emit(result))

    @staticmethod
    def _report(emit: Callable[[], None]) -> None:
        # the task may be gone (the window closed while the work finished): then nobody waits for the answer
        try:
            emit()
        except RuntimeError:
            work_answered()


class ProgressTask(QObject):
    """One piece of long work with its progress dialog. Connect to the signals, then call :meth:`start`."""

    #: the work's result
    succeeded = Signal(object)
    #: a message for the user, and technical details (a traceback) or ""
    failed = Signal(str, str)
    cancelled = Signal()
    #: emitted last, whatever the outcome
    finished = Signal()

    def __init__(self, parent: QWidget, title: str, work: Callable[[Progress], object], note: str = "") -> None:
        super().__init__(parent)
        #: a line under the current step saying what this is and how long it takes
        self.note = note
        self._cancel = threading.Event()
        self._signals = _Signals(self)
        self._runnable = _Runnable(work, self._signals, self._cancel)
        self.dialog = QProgressDialog(title, "Cancel", 0, STEPS, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.setAccessibleName(title)
        self.dialog.canceled.connect(self.cancel)
        self._signals.progressed.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
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
        self.dialog.setValue(0)
        self.dialog.show()
        work_started()
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (nothing is changed)."""
        if self.running:
            self._cancel.set()
            self.dialog.setLabelText("Cancelling…")
            self.dialog.setCancelButtonText("Cancelling…")

    def _on_progress(self, message: str, fraction: float) -> None:
        if not self._cancel.is_set():
            self.dialog.setLabelText(f"{message}…\n\n{self.note}" if self.note else message)
        self.dialog.setValue(max(0, min(STEPS, round(fraction * STEPS))))

    def _on_succeeded(self, result: object) -> None:
        self._finish_with(lambda: self.succeeded.emit(result))

    def _on_failed(self, message: str, details: str) -> None:
        self._finish_with(lambda: self.failed.emit(message, details))

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
