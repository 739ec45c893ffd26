"""The window's save dialogs write through the same safe helper as the command line (#11 item 7): a link or a
device chosen as the target is refused with a message and stays what it was; a user's ``NAME.tmp`` is kept;
the file written is private."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nutrigap.gui.window.main_window import MainWindow


def _error_text(parent: object) -> str:
    box = parent.findChild(QMessageBox, "error-message")  # type: ignore[attr-defined]
    assert box is not None
    text = str(box.text())
    box.close()
    return text


def test_export_diary_to_a_link_is_refused(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("kept")
    link = tmp_path / "diary.csv"
    link.symlink_to(real)
    assert window.files.export_diary(link) is None
    assert "symbolic link" in _error_text(window)
    assert link.is_symlink() and real.read_text() == "kept"


def test_export_diary_keeps_the_users_tmp_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "diary.csv"
    mine = tmp_path / "diary.csv.tmp"
    mine.write_text("my notes")
    assert window.files.export_diary(target) is not None
    assert mine.read_text() == "my notes"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.glob("*diary*")) == ["diary.csv", "diary.csv.tmp"]
