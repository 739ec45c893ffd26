"""Start the window: ``nutrigap`` without arguments, or ``nutrigap gui``.

Start-up order keeps the first paint fast: Qt first, then the diary (its migrations), then the window with the
day; the food database is opened on first search, and built on a worker thread if it is missing.
"""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    """Open the window and run until it closes; returns the process exit code."""
    from nutrigap.gui.platform_check import startup_problem

    problem = startup_problem()
    if problem:
        print(f"nutrigap: {problem}", file=sys.stderr)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nutrigap.domain.errors import NutriGapError
    from nutrigap.gui.errors import install_excepthook, show_error
    from nutrigap.gui.icons import app_icon

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else "nutrigap", *argv])
    )
    app.setApplicationName("NutriGap")
    app.setOrganizationName("NutriGap")
    app.setDesktopFileName("nutrigap")
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
    state = AppState(ctx)
    window = MainWindow(state, open_settings(ctx.paths))
    window.show()
    previous = _close_on_signals(window)
    if not ctx.food_db_exists():
        QTimer.singleShot(0, window.start_first_run)
    try:
        return app.exec()
    finally:
        _restore_signals(previous)
        ctx.close()


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
