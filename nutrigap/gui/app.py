"""Start the window: ``nutrigap`` without arguments, or ``nutrigap gui``.

Start-up order keeps the first paint fast: Qt first, then the diary (its migrations), then the window with the
day; the food database is opened on first search, and built on a worker thread if it is missing. The pages
beyond the Diary (charts, insights ...) and matplotlib, scipy and the analysis services behind them are imported
when a page is first shown.

``NUTRIGAP_QUIT_AFTER_SHOWN=1`` (for the start-up benchmark) prints ``window <seconds>`` to stderr when the window
first shows the day's entries, and ``shown <seconds>`` once the day's
entries and the nutrient panel have been painted, the seconds counted from the start of the process, and quits
with exit code 0.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

#: Set when this module is imported: the fallback start of the clock where /proc is not available.
_IMPORTED_AT = time.perf_counter()
QUIT_AFTER_SHOWN = "NUTRIGAP_QUIT_AFTER_SHOWN"


def run(argv: list[str], day: dt.date | None = None) -> int:
    """Open the window (on ``day``, default today) and run until it closes; returns the process exit code."""
    from nutrigap.gui.platform_check import startup_problem

    problem = startup_problem()
    if problem:
        print(f"nutrigap: {problem}", file=sys.stderr)
        return 1

    # The diary's libraries first: once PySide6 is imported, its import hook reads the source of every
    # module imported after it (to look for "PySide6"), which adds about a third to SQLAlchemy's import.
    import importlib

    for name in ("nutrigap.services.context", "nutrigap.services.diary"):
        importlib.import_module(name)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nutrigap.domain.errors import NutriGapError
    from nutrigap.gui.errors import install_excepthook, show_error
    from nutrigap.gui.icons import app_icon
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
    app.setWindowIcon(app_icon())
    install_excepthook()
    from nutrigap.gui.theme import follow_color_scheme

    follow_color_scheme(app)

    from nutrigap.gui.main_window import MainWindow
    from nutrigap.gui.settings import open_settings
    from nutrigap.gui.state import AppState
    from nutrigap.services.context import AppContext

    ctx = AppContext()
    try:
        _ = ctx.engine  # open (and if needed upgrade) the diary before showing anything that depends on it
    except NutriGapError as exc:
        show_error(None, str(exc), title="NutriGap cannot open your diary", wait=True)
        return 1
    except Exception as exc:  # a damaged file, no permission ...: say so in a window, not only in a terminal
        import traceback

        show_error(None, f"NutriGap cannot open your diary: {exc}", traceback.format_exc(), wait=True)
        return 1
    state = AppState(ctx, day)
    window = MainWindow(state, open_settings(ctx.paths))
    window.show()
    # Paint the day's entries now: the nutrient panel fills in on the next turn of the event loop, after
    # pandas has loaded (about half a second), and the user should not wait for it to see their day.
    window.repaint()
    if os.environ.get(QUIT_AFTER_SHOWN) == "1":
        print(f"window {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)
        _quit_when_painted(window)
    previous = _close_on_signals(window)
    if not ctx.food_db_exists():
        QTimer.singleShot(0, window.start_first_run)
    try:
        return app.exec()
    finally:
        _restore_signals(previous)
        ctx.close()


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
    """The benchmark's switch: once the Diary shows the day and the nutrient panel has its numbers, paint the
    window (synchronously), print the time since the process started, and quit with exit code 0."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nutrigap.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def check() -> None:
        diary, panel = window.diary, window.diary.panel
        if panel.report is None or diary._pending or panel._pending:
            QTimer.singleShot(1, check)
            return
        window.repaint()  # paints every visible child now: the day's entries and the nutrient panel
        print(f"shown {seconds_since_process_start():.3f}", file=sys.stderr, flush=True)
        print(f"peak_rss_mb {_peak_rss_mb():.1f}", file=sys.stderr, flush=True)
        window.close()  # as Quit does: settings saved, background work waited for
        window.deleteLater()
        QTimer.singleShot(0, lambda: QApplication.exit(0))  # after the close has been processed

    QTimer.singleShot(0, check)


def _close_on_signals(window: object) -> dict[int, object]:
    """Ctrl+C in the terminal or SIGTERM close the window as its Quit does (settings saved, work cancelled).

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter now and then."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)

    def close(_signum: int, _frame: object) -> None:
        window.close()

    previous: dict[int, object] = {sig: signal.signal(sig, close) for sig in (signal.SIGINT, signal.SIGTERM)}
    waker = QTimer(window)
    waker.timeout.connect(lambda: None)
    waker.start(300)
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    import signal

    for sig, handler in previous.items():
        signal.signal(sig, handler)  # type: ignore[arg-type]
