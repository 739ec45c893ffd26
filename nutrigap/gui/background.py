"""The one background worker (:class:`Job`), and quiet background work for pages: a chart, the insights or the
suggestions are computed on the thread pool while the window stays responsive, and only the newest request's
answer is shown (a page asked again while the first answer was on its way drops the older one).

:class:`~nutrigap.gui.tasks.ProgressTask` is the same worker plus a progress dialog; here there is no dialog: the
page shows its own "Working…" line. The main window waits for the pool when it closes, so no work outlives the
diary it reads.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.progress import Cancelled

log = logging.getLogger(__name__)

#: Work started on the thread pool whose answer has not reached the main thread yet (see :func:`pending_work`).
_pending = [0]
_pending_lock = threading.Lock()


def work_started() -> None:
    with _pending_lock:
        _pending[0] += 1


def work_answered() -> None:
    """The answer of one piece of work reached the main thread, or nobody was left to receive it."""
    with _pending_lock:
        _pending[0] = max(0, _pending[0] - 1)


def pending_work(*, reset: bool = False) -> int:
    """How many pieces of pool work (pages' and progress tasks') have not answered yet; ``reset`` forgets
    them (tests start from zero)."""
    with _pending_lock:
        count = _pending[0]
        if reset:
            _pending[0] = 0
        return count


#: How a piece of work ended, as :class:`Job` reports it.
DONE, FAILED, CANCELLED = "done", "failed", "cancelled"


class Job(QRunnable):
    """The one worker: runs ``work`` on the thread pool and hands its outcome to ``report`` exactly once, as
    ``(outcome, result or message, details)``: ``DONE`` with the result; ``FAILED`` with a message for the user
    and a traceback ("" for an expected :class:`~nutrigap.domain.errors.NutriGapError` such as bad input);
    ``CANCELLED`` with the message when the work raised :class:`~nutrigap.domain.progress.Cancelled`.

    ``report`` runs on the worker thread and emits a signal; when its receiver is gone (the window closed)
    nobody waits for the answer any more and the work counts as answered."""

    def __init__(self, work: Callable[[], object], report: Callable[[str, object, str], None]) -> None:
        super().__init__()
        self._work = work
        self._report = report

    def run(self) -> None:
        try:
            result: object = self._work()
        except Cancelled as exc:
            self._send(CANCELLED, str(exc), "")
        except NutriGapError as exc:
            self._send(FAILED, str(exc), "")
        except Exception as exc:  # shown to the user with details, never lost in a terminal
            log.exception("background work failed")
            self._send(FAILED, f"{type(exc).__name__}: {exc}", traceback.format_exc())
        else:
            self._send(DONE, result, "")

    def _send(self, outcome: str, payload: object, details: str) -> None:
        try:
            self._report(outcome, payload, details)
        except RuntimeError:
            work_answered()


class _Signals(QObject):
    finished = Signal(int, str, object, str)  # generation, outcome, result or message, details


class BackgroundWork(QObject):
    """Runs one kind of work for a page; :attr:`done` carries the newest result, :attr:`failed` its error."""

    #: the result of the newest request
    done = Signal(object)
    #: a message for the user and technical details ("" for an expected error such as bad input)
    failed = Signal(str, str)
    #: True while a request is under way
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self._generation = 0
        self._running = 0

    @property
    def busy(self) -> bool:
        return self._running > 0

    def start(self, work: Callable[[], object]) -> None:
        """Run ``work`` on the thread pool; an answer to an earlier request that arrives later is dropped."""
        self._generation += 1
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        work_started()
        generation, finished = self._generation, self._signals.finished
        QThreadPool.globalInstance().start(Job(work, lambda *outcome: finished.emit(generation, *outcome)))

    def _finished(self, generation: int, outcome: str, payload: object, details: str) -> None:
        work_answered()
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)
        if generation != self._generation:
            return
        if outcome == DONE:
            self.done.emit(payload)
        else:
            self.failed.emit(str(payload), details)


def drain_background_work() -> None:
    """Wait until no work runs on the thread pool: called before the application ends, so that no worker
    reports to objects Qt has deleted or reads a diary that is closed. Running work was cancelled by the
    window's close and stops at its next progress report."""
    QThreadPool.globalInstance().waitForDone()
