"""Start the window: ``nutrigap`` without arguments, or ``nutrigap gui``.

Start-up order makes the first frame the whole window. On the usual start (an SQLite diary at the newest schema:
the default one or a ``NUTRIGAP_DB_URL=sqlite:///…`` file) the shown day, the profile and the nutrient panel are
read with ``sqlite3`` alone and computed without pandas (:mod:`nutrigap.services.day_preview`, after
``quick_check``), Qt starts, the window is built and painted with the day and the panel; only then is the diary
opened the full way (SQLAlchemy, the schema check, the day's backup), before the event loop runs, so every
click waits for it. The window's modules import the services that need SQLAlchemy inside the functions that
call them, so building the window loads none of it. Any other diary (none yet, one to upgrade, a server, a
damaged file) is opened before the window shows anything, and a problem is explained in a message box. The
food database is opened on first search, and built on a worker thread if it is missing. The pages beyond the
Diary (charts, insights ...) and pandas, matplotlib, scipy and the analysis services behind them are imported
when a page is first shown. Measured benefit of each step: README "Performance" and ``benchmarks/window.py``.

``NUTRIGAP_QUIT_AFTER_SHOWN=1`` (for the start-up benchmark) prints to stderr ``mark <phase> <seconds>`` at the end
of each phase of the start (``started``, ``day_read``, ``qt_imported``, ``qt_app``, ``window_built``: see
``benchmarks/window.py`` PHASES), ``window <seconds>`` when the window first shows the day's entries,
``loaded_at_window sqlalchemy=0|1 pandas=0|1 preview=0|1 entries=N`` (what was imported by then, whether the
day came from the preview, how many entries were shown), then ``shown <seconds>``
once the whole window is ready (:meth:`DiaryPage.whole_day_shown`: the nutrient panel painted too, usually in
the same frame), the seconds counted from the start of the process, and, once the diary has opened,
``peak_rss_mb <MB>``; then it quits with exit code 0.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nutrigap.gui.window.main_window import MainWindow
    from nutrigap.services.context import AppContext

#: Set when this module is imported: the fallback start of the clock where /proc is not available.
_IMPORTED_AT = time.perf_counter()
QUIT_AFTER_SHOWN = "NUTRIGAP_QUIT_AFTER_SHOWN"


def run(argv: list[str], day: dt.date | None = None) -> int:
    """Open the window (on ``day``, default today) and run until it closes; returns the process exit code."""
    from nutrigap.gui.platform_check import startup_problem
    from nutrigap.gui.window.opening import open_diary

    _mark("started")
    problem = startup_problem()
    if problem:
        print(f"nutrigap: {problem}", file=sys.stderr)
        return 1

    from nutrigap.paths import DataPaths
    from nutrigap.services.day_preview import day_preview

    paths = DataPaths.from_environment()
    shown_day = day or dt.date.today()
    # The usual start: an SQLite diary at the newest schema. The day and its nutrient panel are read with
    # sqlite3 alone and painted first; SQLAlchemy (half a second to import) opens the diary right after. Any
    # other diary (new, to be upgraded, on a server, damaged) is opened the full way before the window shows
    # anything.
    preview = day_preview(paths, shown_day)
    _mark("day_read")
    if preview is None:
        # The diary's libraries before Qt: once PySide6 is imported, its import hook reads the source of every
        # module imported after it (to look for "PySide6"), which adds about a third to SQLAlchemy's import.
        import importlib

        for name in ("nutrigap.store.db", "nutrigap.services.diary"):
            importlib.import_module(name)

    from PySide6.QtWidgets import QApplication

    _quicker_pyside_import_hook()
    _mark("qt_imported")
    from nutrigap.gui.errors import install_excepthook
    from nutrigap.gui.icons import FIRST_FRAME_LARGEST, app_icon
    from nutrigap.services.about import APP_ID

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else "nutrigap", *argv])
    )
    app.setApplicationName("NutriGap")  # matches StartupWMClass in the .desktop file
    app.setOrganizationName("NutriGap")
    app.setDesktopFileName(APP_ID)  # Wayland and the task bar find the launcher entry and icon by it
    app.setWindowIcon(app_icon(largest=FIRST_FRAME_LARGEST))  # the full icon follows the first frame
    install_excepthook()
    from nutrigap.gui.theme import follow_color_scheme

    follow_color_scheme(app)
    _mark("qt_app")

    from nutrigap.gui.settings import open_settings
    from nutrigap.gui.state import AppState
    from nutrigap.gui.window.main_window import MainWindow
    from nutrigap.services.context import AppContext

    ctx = AppContext(paths)
    if preview is None and not open_diary(ctx):
        return 1
    state = AppState(ctx, shown_day, preview=preview)
    # The first frame comes first: the work the window defers (the twitches-and-factors line, a restored page)
    # waits until it is painted and the diary is open.
    state.hold_deferred_work()
    window = MainWindow(state, open_settings(ctx.paths))
    _mark("window_built")
    window.show()
    # Paint the whole window now: the day's entries and the nutrient panel, both from the preview when there is
    # one; the diary opens the full way after this frame.
    exposed = paint_first_frame(app, window)
    if not _still_open(window):  # closed at once (the window system's close button): nothing more to do
        ctx.close()
        return 0
    if os.environ.get(QUIT_AFTER_SHOWN) == "1":
        print(f"window {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)
        print(f"first_frame exposed={int(exposed)}", file=sys.stderr, flush=True)
        loaded = " ".join(f"{m}={int(m in sys.modules)}" for m in ("sqlalchemy", "pandas"))
        print(f"loaded_at_window {loaded} preview={int(preview is not None)} entries={len(state.entries())}",
              file=sys.stderr, flush=True)  # fmt: skip
        _quit_when_painted(window)
    # Before the event loop runs: every click and key waits for the open diary (they are queued, not lost)
    if preview is not None and not open_diary(ctx, window):
        return 1
    state.release_deferred_work()
    previous = _close_on_signals(window)
    _schedule_first_run(window, ctx)
    try:
        return app.exec()
    finally:
        from nutrigap.gui.background import drain_background_work

        window.closing = True  # quit without a close (app.quit()): nothing new starts
        with contextlib.suppress(RuntimeError):  # a window already deleted cancelled its task when it closed
            if window.task is not None:
                window.task.cancel()
        drain_background_work()  # before the diary closes and before the QApplication goes
        _restore_signals(previous)
        ctx.close()
        _remember_clean_diary(ctx)


def _remember_clean_diary(ctx: AppContext) -> None:
    """The diary closed: record its bytes after a clean check, so the next start's first frame can skip the
    check while they are unchanged (``nutrigap.store.clean_check``: about 0.03 s of the first frame for ten
    years of entries). Never an error at quit: without a record the next start checks the diary."""
    from nutrigap.services.day_preview import remember_clean_diary

    with contextlib.suppress(Exception):
        remember_clean_diary(ctx.paths)


def _mark(name: str) -> None:
    """For the start-up benchmark (``NUTRIGAP_QUIT_AFTER_SHOWN=1``): print ``mark <name> <seconds>`` (since the
    process started) to stderr, so it can show where the time to the first frame goes."""
    if os.environ.get(QUIT_AFTER_SHOWN) == "1":
        print(f"mark {name} {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)


def _schedule_first_run(window: MainWindow, ctx: AppContext) -> None:
    """On the first turns of the event loop: build the food database if there is none, then ask who the targets
    are for (a new diary), on top of the build's progress dialog."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, _full_window_icon)
    QTimer.singleShot(0, window.start_first_run)  # builds what is missing: all, or the branded foods (quietly)
    if os.environ.get(QUIT_AFTER_SHOWN) != "1":
        QTimer.singleShot(0, window.ask_profile_if_new)
        QTimer.singleShot(CHART_STACK_DELAY_MS, lambda: _load_chart_stack(window))


#: After the window is ready, the chart modules are imported on a worker [ms after the first turn of the loop]
CHART_STACK_DELAY_MS = 100


def _load_chart_stack(window: MainWindow) -> None:
    """Import matplotlib and the chart modules on a worker once the window is up, so that the first open of
    Charts only builds and draws its figure: importing them is about 0.3 s of a 0.55 s first open on a quiet
    2-core machine (benchmarks/pages.py, README "First open of each page"). Nothing is drawn, and nothing of the
    window waits for it; quitting waits for it like for any background work (drain_background_work)."""
    from nutrigap.gui.background import BackgroundWork

    if window.closing or "nutrigap.services.charts" in sys.modules:
        return
    BackgroundWork(window).start(_import_chart_stack)  # the window owns it (Qt parent)


def _import_chart_stack() -> None:
    import matplotlib.backends.backend_agg  # noqa: F401  (what the Qt canvas draws with; no Qt in it)

    import nutrigap.services.charts  # noqa: F401  (matplotlib's figure, the chart modules, pandas)


def _full_window_icon() -> None:
    """Every size of the icon and its SVG, once the first frame is painted (see icons.FIRST_FRAME_LARGEST)."""
    from PySide6.QtWidgets import QApplication

    from nutrigap.gui.icons import app_icon

    QApplication.setWindowIcon(app_icon())


#: The longest wait for the window system to show the new window before going on without it [s]
FIRST_FRAME_WAIT_S = 2.0


def paint_first_frame(app: object, window: object) -> bool:
    """Paint the window's first frame (its background and the day) before the diary is opened the full way.

    Painting a window the window system has not exposed yet draws nothing: on a busy machine the frame then
    stayed black while the diary opened (about 0.75 s), until the event loop ran. So: deliver events (not the
    user's: clicks and keys wait, queued; the window's deferred work is held, see AppState.later) until the
    window is exposed, then paint it. Returns whether the window was exposed in time."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(app, QApplication) and isinstance(window, QWidget)
    deadline = time.perf_counter() + FIRST_FRAME_WAIT_S
    while _still_open(window) and not _exposed(window) and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 10)
    if not _still_open(window):
        return False
    window.repaint()
    return _exposed(window)


def _still_open(window: object) -> bool:
    import shiboken6
    from PySide6.QtWidgets import QWidget

    return isinstance(window, QWidget) and shiboken6.isValid(window) and window.isVisible()


def _exposed(window: object) -> bool:
    from PySide6.QtWidgets import QWidget

    handle = window.windowHandle() if isinstance(window, QWidget) else None
    return handle is not None and handle.isExposed()


def _quicker_pyside_import_hook() -> None:
    """Make PySide6's import hook answer its question without :func:`inspect.getsource`.

    After PySide6 is imported, every module imported is checked for the text "PySide6" in its source (for its
    optional ``__feature__`` switches) with ``inspect.getsource``, which tokenises and caches each file. Reading
    the file's bytes answers the same question in a fraction of that. ``shibokensupport.feature._mod_uses_pyside``
    is PySide6's internal function (6.5 to 6.12 at least); where it is absent nothing is changed.

    Measured benefit (5 December 2026, 12 alternating fresh processes each, 2 shared cores under load ~11):
    importing SQLAlchemy and the models after PySide6 2.42 s → 1.83 s, pandas 2.29 s → 1.77 s (medians; about a
    quarter less). That is the wait for the first click (the diary opens right after the first frame) and for the
    first Charts or Insights page (pandas, matplotlib; issue #16's target: ≤ 0.5 s). It does nothing measurable
    for the whole window being ready: nothing heavy is imported before the first frame.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "nutrigap", False):
        return

    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as fh:  # noqa: PTH123
                    return b"PySide6" in fh.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.nutrigap = True  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private name mypy cannot see


def seconds_since_process_start() -> float:
    """Seconds since this process started: from its start time in /proc (Linux), else since this module was
    imported (a little later than the true start)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:  # noqa: PTH123
            fields = fh.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start time after boot [clock ticks]
        elapsed = time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT
    return elapsed if 0 <= elapsed < 3600 else time.perf_counter() - _IMPORTED_AT


def _peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM) [MB]; 0 where /proc is not available."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:  # noqa: PTH123
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _quit_when_painted(window: object) -> None:
    """The benchmark's switch: once the whole window is ready (the Diary shows the day and the nutrient panel its
    numbers; usually in the first frame already), paint the window (synchronously) and print the time since the
    process started; then, on the event loop (after the diary has opened), quit with exit code 0."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nutrigap.gui.window.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def check() -> None:
        if not window.diary.whole_day_shown():
            QTimer.singleShot(1, check)
            return
        window.repaint()  # paints every visible child now: the day's entries and the nutrient panel
        print(f"shown {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)
        QTimer.singleShot(0, close)

    def close() -> None:
        print(f"peak_rss_mb {_peak_rss_mb():.1f}", file=sys.stderr, flush=True)  # the diary open too
        window.close()  # as Quit does: settings saved, background work waited for
        window.deleteLater()
        QTimer.singleShot(0, lambda: QApplication.exit(0))  # after the close has been processed

    check()


#: The object name of the timer that lets Python run signal handlers while Qt waits.
SIGNAL_WAKER = "signal-waker"


def _close_on_signals(window: object) -> dict[int, object]:
    """Ctrl+C in the terminal or SIGTERM close the window as its Quit does (settings saved, work cancelled).

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter now and then."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(window, QWidget)

    def close(_signum: int, _frame: object) -> None:
        # every window, not only the first: 'Back to my own diary' replaces the demo's window with a new one
        QApplication.closeAllWindows()

    previous: dict[int, object] = {sig: signal.signal(sig, close) for sig in (signal.SIGINT, signal.SIGTERM)}
    waker = QTimer(QApplication.instance())  # outlives the first window
    waker.setObjectName(SIGNAL_WAKER)
    waker.timeout.connect(lambda: None)
    waker.start(300)
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    for sig, handler in previous.items():
        signal.signal(sig, handler)  # type: ignore[arg-type]
    qt_app = QApplication.instance()
    for waker in qt_app.findChildren(QTimer, SIGNAL_WAKER) if qt_app is not None else []:
        waker.stop()
        waker.deleteLater()
