"""Ctrl+C or SIGTERM after 'Back to my own diary' (issue 14 item 7 with issue 11 item 8, seen under Xvfb: a
SIGTERM left the process running). The handler closed the window the app started with (the demo's, already
closed) and its wake-up timer lived in that window, so the user's own diary window never closed."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from nutrigap.gui.window import app as gui_app
from nutrigap.gui.window.main_window import MainWindow


def test_sigterm_closes_the_own_diary_window_opened_from_the_demo(
    qtbot: Any, demo_window: MainWindow, isolated_home: Path
) -> None:
    previous = gui_app._close_on_signals(demo_window)
    own: MainWindow | None = None
    try:
        handler = signal.getsignal(signal.SIGTERM)
        assert callable(handler)
        assert demo_window.demo_banner is not None
        demo_window.demo_banner.back.click()
        own = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w is not demo_window and w.isVisible()
        )
        qtbot.waitUntil(lambda: not demo_window.isVisible())
        handler(signal.SIGTERM, None)
        qtbot.waitUntil(lambda: own is not None and not own.isVisible())
    finally:
        gui_app._restore_signals(previous)
        if own is not None:
            own.close()
            own.state.ctx.close()
            own.deleteLater()
