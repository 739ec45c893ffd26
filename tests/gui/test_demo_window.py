"""`nutrigap demo` end to end: the demo diary is filled, the window opens on its last day, and the start-up
switch reports the paint and quits."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.gui.window.main_window import MainWindow
from nutrigap.launcher import main
from nutrigap.services.context import AppContext
from nutrigap.services.demo import demo_context, prepare_demo
from nutrigap.services.experiments import list_experiments


def test_nutrigap_demo_opens_the_window_on_the_demo(
    qtbot: QtBot,
    ctx: AppContext,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it afterwards
    monkeypatch.setenv("NUTRIGAP_QUIT_AFTER_SHOWN", "1")
    seen: list[str] = []

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            seen.append(windows[0].windowTitle())
            seen.append(str(windows[0].state.ctx.paths.home))
        else:
            QTimer.singleShot(5, look)

    # a demo filled some time ago: its four weeks end on 8 Nov 2026, long before today
    prepare_demo(user_home=isolated_home, end=dt.date(2026, 11, 8))
    QTimer.singleShot(0, look)
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "demo diary (already filled)" in out and "2026-10-12 to 2026-11-08" in out
    assert "shown " in err
    assert seen[0] == "NutriGap Demo — Sun, 8 Nov 2026"  # its last day, not an empty today
    assert seen[1] == str((isolated_home / "demo").resolve())
    demo = demo_context(isolated_home / "demo")
    try:
        assert [e.name for e in list_experiments(demo)] == ["magnesium-rda"]
    finally:
        demo.close()
    # the switch closed and released the window (the leak check after the test sees to it)
