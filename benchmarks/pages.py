"""The first open, in a session, of every page and dialog a user opens (issue #16: "pages without the one-time
waits").

Each case is a fresh ``nutrigap`` window (the real start-up of :func:`nutrigap.gui.window.app.run`, the same
home as the other rows: ten years of diary, the full food database) that waits until the whole window is ready
and the diary open, lets it settle for a moment as a user would, then does the user's action (the shortcut's or
the menu item's action) and times until the page or dialog is painted with its content: built, nothing left to
refresh, no background work pending (:func:`nutrigap.gui.background.pending_work`), painted with
``repaint()``. Conditions are polled on the event loop, never slept on. The rows are ``first open: <what>``,
medians over fresh processes [s]; a few rows time a repeated action in the same process (the previous day
steady, a page the second time).

``python -m benchmarks.pages --home DIR [--runs N] [--before TREE] [--only CASE ...]`` runs only these rows on
an existing NutriGap home (one with a food database and a logged day today, as ``python -m benchmarks`` makes);
``--before TREE`` (a source tree of an older NutriGap, e.g. ``git archive`` of main) runs it in turns with this
one, case by case, so that a busy machine slows both alike, and prints the ratio. Offscreen always; under Xvfb
too when ``Xvfb`` is installed (``--xvfb``).

The child (``--child CASE``) is this file run as a script, so that ``--before`` runs the older tree's
``nutrigap`` with this driver.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: (case, row name). The child knows how to do each; see ``_cases``.
CASES: tuple[tuple[str, str], ...] = (
    ("twitches", "Twitches & factors page (Ctrl+2)"),
    ("charts", "Charts page, week chart drawn (Ctrl+3)"),
    ("insights", "Insights page, results shown (Ctrl+4)"),
    ("experiments", "Experiments page (Ctrl+5)"),
    ("suggestions_foods", "Close the gaps page, the gaps and their foods shown (Ctrl+6)"),
    ("suggestions", "Close the gaps page, with the plan for all gaps (Ctrl+6)"),
    ("guide", "Nutrient guide page (Ctrl+7)"),
    ("labs", "Blood tests page (Ctrl+8)"),
    ("medicines", "Medicines dialog"),
    ("report", "Doctor's report dialog (Ctrl+P)"),
    ("report_pdf", "Doctor's report: first PDF written (Save to the saved offer)"),
    ("import_app", "Import from another app dialog"),
    ("profile", "Profile and settings dialog (Ctrl+,)"),
    ("add_food", "Add food dialog (Ctrl+N)"),
    ("add_food_search", "Add food: first search result shown (typing 'spinach')"),
    ("recipe", "recipe editor (Foods > New recipe)"),
    ("my_foods", "My foods dialog"),
    ("backups", "Backups and restore dialog"),
    ("about", "About NutriGap dialog"),
    ("calendar", "calendar (Ctrl+G)"),
    ("previous_day", "previous day (Alt+Left), first"),
    ("previous_day_steady", "previous day (Alt+Left), steady (median of 5 more)"),
    ("twitches_again", "Twitches page the second time (after the Diary)"),
    ("charts_again", "Charts page the second time (after the Diary)"),
)

#: A moment for the started window to settle before the user's action (the first run's timers, the full icon)
SETTLE_MS = 400


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__)
    parser.add_argument("--home", type=Path, required=False)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="an older NutriGap source tree, run in turns with this one")
    parser.add_argument("--only", nargs="*", help="these cases only")
    parser.add_argument("--xvfb", action="store_true", help="also under Xvfb (when installed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)
    if args.home is None:
        parser.error("--home is required")
    rows = first_opens(args.home, args.runs, before=args.before, only=args.only, xvfb=args.xvfb)
    for row in rows:
        extra = (
            f"   (before {row.detail['before']:.3f} s, ratio {row.detail['ratio']:.2f})"
            if "before" in row.detail
            else ""
        )
        print(f"{row.name:95s} {row.value:7.3f} s{extra}")
    return 0


def first_opens(
    home: Path, runs: int, *, before: Path | None = None, only: list[str] | None = None, xvfb: bool = False
) -> list[Any]:
    """The rows: one fresh process per case and run (and per tree, in turns)."""
    from benchmarks.harness import Result

    displays: list[str | None] = [None]
    server = None
    if xvfb:
        import shutil

        if shutil.which("Xvfb") is None:
            print("skipped: the page rows under Xvfb (Xvfb not installed)", file=sys.stderr)
        else:
            from benchmarks.window import start_xvfb

            server, display = start_xvfb()
            displays.append(display)
    trees: dict[str, Path | None] = {"now": None}
    if before is not None:
        trees = {"before": before, "now": None}
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="nutrigap-pages-") as user_home:
            for display in displays:
                where = "offscreen" if display is None else "Xvfb"
                _run_case(home, "twitches", None, display, user_home)  # not counted: the day's backup, caches
                for case, title in CASES:
                    if only and case not in only:
                        continue
                    times: dict[str, list[float]] = {name: [] for name in trees}
                    for _ in range(runs):
                        for name, tree in trees.items():
                            times[name].append(_run_case(home, case, tree, display, user_home))
                    now = statistics.median(times["now"])
                    detail: dict[str, Any] = {"runs": [round(t, 4) for t in times["now"]], "where": where}
                    if "before" in times:
                        detail["before"] = statistics.median(times["before"])
                        detail["before_runs"] = [round(t, 4) for t in times["before"]]
                        detail["ratio"] = now / detail["before"] if detail["before"] else float("nan")
                    suffix = "" if display is None else " (Xvfb)"
                    rows.append(Result(f"first open: {title}{suffix}", now, "s", None, detail))
                    print(f"  {rows[-1].name}: {now:.3f} s {detail}", file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.kill()
            server.wait()
    return rows


def _run_case(home: Path, case: str, tree: Path | None, display: str | None, user_home: str) -> float:
    env = {**os.environ, "NUTRIGAP_HOME": str(home), "HOME": user_home}
    env.pop("NUTRIGAP_DB_URL", None)
    env.pop("NUTRIGAP_QUIT_AFTER_SHOWN", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    else:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        env["DISPLAY"] = display
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", case],
        env=env,
        cwd=user_home,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    for line in out.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "case":
            return float(value)
    raise RuntimeError(f"case {case} reported nothing (exit {out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}")


# --- the child: one window, one action ---------------------------------------------------------------------


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
    if not __package__ and "--child" not in sys.argv:  # as a script: the benchmarks package beside this file
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
