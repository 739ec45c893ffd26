"""The child of :mod:`benchmarks.pages`: one NutriGap window, one user action, the seconds to its content painted.

Run as a script (``python benchmarks/pages_driver.py CASE``, by ``benchmarks/pages.py``) so that ``--before``
runs an older source tree's ``nutrigap`` (on ``PYTHONPATH``) with this driver: it imports nothing from the
``benchmarks`` package. Prints ``case <seconds>``; ``NUTRIGAP_PAGES_SHOT=FILE`` also saves a PNG of what was
timed, ``NUTRIGAP_PAGES_PROFILE=FILE`` a cProfile of the main thread from the action on.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

#: A moment for the started window to settle before the user's action (the first run's timers, the full icon)
SETTLE_MS = 400


def child(case: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0], "-platform", os.environ.get("QT_QPA_PLATFORM", "offscreen")])
    driver = _Driver(app, case)
    QTimer.singleShot(0, driver.wait_for_window)
    from nutrigap.gui.window import app as window_app

    code = window_app.run([])
    if driver.result is None:
        print(f"failed {driver.problem or 'no result'}", file=sys.stderr, flush=True)
        return 1
    print(f"case {driver.result:.4f}", flush=True)
    return code


class _Driver:
    """Waits for the window, does the case's action, polls the case's condition, reports and quits."""

    def __init__(self, app: Any, case: str) -> None:
        self.app = app
        self.case = case
        self.window: Any = None
        self.result: float | None = None
        self.problem = ""
        self.started = 0.0
        self.profiler: Any = None

    # polling on the event loop: one repeating 2 ms timer per wait (no sleeps). Not a QTimer.singleShot
    # per check: thousands of those in a few seconds crashed Python 3.11 ("none_dealloc", PySide6 6.x)
    def poll(self, condition: Callable[[], object], then: Callable[[object], None], limit_s: float = 120.0) -> None:
        from PySide6.QtCore import QTimer

        deadline = time.perf_counter() + limit_s
        timer = QTimer(self.app)
        timer.setInterval(2)  # 0 would hog the interpreter lock the page's worker needs

        def check() -> None:
            try:
                value = condition()
            except Exception as exc:  # the benchmark reports it and quits
                timer.stop()
                self.fail(f"{type(exc).__name__}: {exc}")
                return
            if value:
                timer.stop()
                timer.deleteLater()
                then(value)
            elif time.perf_counter() > deadline:
                timer.stop()
                self.fail("timed out")

        timer.timeout.connect(check)
        timer.start()

    def fail(self, problem: str) -> None:
        self.problem = problem
        self.quit()

    def quit(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def close() -> None:
            for widget in QApplication.topLevelWidgets():
                if widget is not self.window and widget.isVisible():
                    widget.close()
            if self.window is not None:
                self.window.tabs.setCurrentIndex(0)  # the next start opens on the Diary, as every case expects
                self.window.close()
            QTimer.singleShot(0, lambda: QApplication.exit(0))

        QTimer.singleShot(0, close)

    def wait_for_window(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from nutrigap.gui.window.main_window import MainWindow

        def ready() -> object:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, MainWindow) and widget.isVisible() and not widget.state.starting:
                    return widget if widget.diary.whole_day_shown() and settled() else None
            return None

        def go(window: object) -> None:
            self.window = window
            QTimer.singleShot(SETTLE_MS, lambda: self.poll(lambda: settled() and window, self.act))

        self.poll(ready, go)

    def act(self, _window: object) -> None:
        if any(holder.built for holder in self.window.pages.values()):
            self.fail("a page was built before the action (a restored page?)")
            return
        action, condition = _cases(self)[self.case]
        profile = os.environ.get("NUTRIGAP_PAGES_PROFILE")  # cProfile of the main thread from the action on
        if profile:
            import cProfile

            self.profiler = cProfile.Profile()
            self.profiler.enable()
        self.poll(condition, self.done)  # first: an action may run a nested event loop (the calendar's menu)
        self.started = time.perf_counter()
        action()

    def done(self, painted: object) -> None:
        from PySide6.QtWidgets import QWidget

        if isinstance(painted, QWidget):
            painted.repaint()
        self.result = time.perf_counter() - self.started
        if self.profiler is not None:
            self.profiler.disable()
            self.profiler.dump_stats(os.environ["NUTRIGAP_PAGES_PROFILE"])
        shot = os.environ.get("NUTRIGAP_PAGES_SHOT")  # a PNG of what was timed, to look at
        if shot and isinstance(painted, QWidget):
            painted.grab().save(shot)
        self.quit()


def settled() -> bool:
    """No pool work waiting to answer."""
    from nutrigap.gui.background import pending_work

    return pending_work() == 0


def _page_ready(window: Any, key: str) -> object:
    """The page built, shown, nothing stale or pending in it, no pool work waiting: the page itself (to paint)."""
    from nutrigap.gui.page_base import LivePage
    from nutrigap.gui.state import NextTurn

    holder = window.pages[key]
    if not holder.built or window.tabs.currentWidget() is not holder or not settled():
        return None
    inner = holder.page()
    # a page added to a shown tab becomes visible one turn later (Qt shows it on a queued call)
    if not inner.isVisible():
        return None
    if any(p.stale for p in [inner, *inner.findChildren(LivePage)] if isinstance(p, LivePage) and p.isVisible()):
        return None
    if any(t.pending for t in holder.findChildren(NextTurn)):
        return None
    return window


def _dialog_ready(kind: str) -> Callable[[], object]:
    """A visible top-level widget of this class name, nothing pending in it."""

    def condition() -> object:
        from PySide6.QtWidgets import QApplication

        from nutrigap.gui.state import NextTurn

        for widget in QApplication.topLevelWidgets():
            if (
                type(widget).__name__ == kind
                and widget.isVisible()
                and settled()
                and not any(t.pending for t in widget.findChildren(NextTurn))
            ):
                return widget
        return None

    return condition


def _cases(d: _Driver) -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    w = d.window
    page_numbers = {key: n for n, key in enumerate(
        ("twitches", "charts", "insights", "experiments", "suggestions", "guide", "labs"), start=2)}  # fmt: skip

    def view_action(key: str) -> Callable[[], object]:
        from PySide6.QtGui import QKeySequence

        wanted = QKeySequence(f"Ctrl+{page_numbers[key]}")
        for action in w.menu("view").actions():
            if action.shortcut() == wanted:
                return action.trigger
        return lambda: w.show_page(key)

    def page(key: str) -> tuple[Callable[[], object], Callable[[], object]]:
        return view_action(key), lambda: _page_ready(w, key)

    def again(key: str) -> tuple[Callable[[], object], Callable[[], object]]:
        # opened once and back to the Diary (not timed), then the second switch is timed
        view_action(key)()
        return _second_time(d, view_action(key), lambda: _page_ready(w, key))

    def add_food_search() -> tuple[Callable[[], object], Callable[[], object]]:
        dialog = w.diary.add_food()
        return _after_ready(d, _dialog_ready("AddFoodDialog"), lambda: _type(dialog.search, "spinach"),
                            lambda: dialog.results_model.rowCount() > 0 and "spinach" in dialog.search.text()
                            and not dialog._timer.isActive() and dialog)  # fmt: skip

    def report_pdf() -> tuple[Callable[[], object], Callable[[], object]]:
        dialog = w.files.open_report_dialog()
        return _after_ready(d, _dialog_ready("DoctorReportDialog"), dialog.save,
                            _dialog_ready("QMessageBox"))  # fmt: skip

    def previous_steady() -> tuple[Callable[[], object], Callable[[], object]]:
        return _repeated(d, w.diary.navigator.previous_action.trigger, 5)

    day_before = w.state.day

    return {
        **{key: page(key) for key in page_numbers},
        "suggestions_foods": (view_action("suggestions"), lambda: _suggestions_shown(w)),
        "medicines": (w.medicines_action.trigger, _dialog_ready("MedicinesDialog")),
        "report": (w.files.report_action.trigger, _dialog_ready("DoctorReportDialog")),
        "report_pdf": report_pdf() if d.case == "report_pdf" else (lambda: None, lambda: None),
        "import_app": (w.files.import_app_action.trigger, _dialog_ready("ImportFromAppDialog")),
        "profile": (w.open_profile, _dialog_ready("ProfileDialog")),
        "add_food": (w.diary.add_action.trigger, _dialog_ready("AddFoodDialog")),
        "add_food_search": add_food_search() if d.case == "add_food_search" else (lambda: None, lambda: None),
        "recipe": (lambda: w.open_food_editor("recipe"), _dialog_ready("RecipeDialog")),
        "my_foods": (w.open_my_foods, _dialog_ready("MyFoodsDialog")),
        "backups": (w.files.backups.restore_action.trigger, _dialog_ready("BackupsDialog")),
        "about": (w.about, _dialog_ready("AboutDialog")),
        "calendar": (w.diary.navigator.go_to_action.trigger, lambda: _calendar_shown(w)),
        "previous_day": (w.diary.navigator.previous_action.trigger,
                         lambda: w.state.day != day_before and w.diary.whole_day_shown() and settled() and w),
        "previous_day_steady": previous_steady() if d.case == "previous_day_steady" else (lambda: None, lambda: None),
        "twitches_again": again("twitches") if d.case == "twitches_again" else (lambda: None, lambda: None),
        "charts_again": again("charts") if d.case == "charts_again" else (lambda: None, lambda: None),
    }  # fmt: skip


def _suggestions_shown(window: Any) -> object:
    """The gaps and their foods in the tree (the plan may still be worked out)."""
    holder = window.pages["suggestions"]
    if not holder.built:
        return None
    page = holder.page()
    return page.isVisible() and page.report is not None and page.tree.topLevelItemCount() > 0 and window


def _type(field: Any, text: str) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClicks(field, text)


def _calendar_shown(window: Any) -> object:
    menu = window.diary.navigator.calendar_menu
    return menu.isVisible() and window.diary.navigator._calendar is not None and menu


def _after_ready(
    d: _Driver, ready: Callable[[], object], act: Callable[[], object], condition: Callable[[], object]
) -> tuple[Callable[[], object], Callable[[], object]]:
    """A case timed after a set-up (not timed) is ready: the driver's timing starts at ``act``."""
    state = {"acted": False}

    def action() -> None:
        pass  # the clock starts here, but the real action waits for ``ready``: restart it then

    def cond() -> object:
        if not state["acted"]:
            if ready():
                state["acted"] = True
                d.started = time.perf_counter()
                act()
            return None
        return condition()

    return action, cond


def _second_time(
    d: _Driver, show: Callable[[], object], ready: Callable[[], object]
) -> tuple[Callable[[], object], Callable[[], object]]:
    """The page was asked for (set-up); once ready, back to the Diary, then the timed second switch."""
    state = {"phase": 0}

    def cond() -> object:
        if state["phase"] == 0 and ready():
            d.window.tabs.setCurrentIndex(0)
            state["phase"] = 1
            return None
        if state["phase"] == 1 and settled():
            state["phase"] = 2
            d.started = time.perf_counter()
            show()
            return None
        return ready() if state["phase"] == 2 else None

    return (lambda: None), cond


def _repeated(d: _Driver, act: Callable[[], object], times: int) -> tuple[Callable[[], object], Callable[[], object]]:
    """The action once (set-up), then ``times`` more, each timed; the median is the case's result."""
    w = d.window
    state: dict[str, Any] = {"n": -1, "day": w.state.day, "times": []}

    def shown() -> bool:
        return bool(w.state.day != state["day"] and w.diary.whole_day_shown() and settled())

    def cond() -> object:
        if state["n"] == -1 or shown():
            if state["n"] >= 1:  # the first press is the set-up (the "first" case times it)
                state["times"].append(time.perf_counter() - d.started)
                w.repaint()
            state["n"] += 1
            if state["n"] > times:
                d.started = time.perf_counter() - statistics.median(state["times"])
                return w
            state["day"] = w.state.day
            d.started = time.perf_counter()
            act()
        return None

    return (lambda: None), cond


if __name__ == "__main__":
    raise SystemExit(child(sys.argv[1]))
