"""The window's start when the diary is missing but the data folder had one (#11 item 2): a dialog offers the
newest backup, a new empty diary, or quitting; nothing is created before the user chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from nutrigap.gui.window import opening
from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary
from nutrigap.services.context import AppContext
from tests.conftest import food_id
from tests.gui.conftest import DAY


@pytest.fixture
def lost(ctx: Any) -> tuple[AppContext, backup.BackupInfo]:
    """A diary with one entry, backed up, then deleted; a new context as the next start would make."""
    diary.log_food(ctx, DAY, "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100)
    made = backup.create_backup(ctx)
    ctx.close()
    ctx.paths.diary_file.unlink()
    return AppContext(DataPaths.from_environment()), made


def _answer_with(button: str, diary_file: Path, seen: list[str]) -> Callable[[], None]:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() != "missing-diary":
            seen.append(f"unexpected: {box.text()}")  # an error box: close it so the test fails, never hangs
            box.close()
            return
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(f"{box.text()} {box.informativeText()} created={diary_file.exists()}")
        target = box.findChild(QPushButton, button)
        assert target is not None, button
        target.click()

    return answer


@pytest.mark.parametrize("button", [opening.RESTORE, opening.START_NEW, opening.QUIT])
def test_the_missing_diary_dialog(qtbot: QtBot, lost: tuple[AppContext, backup.BackupInfo], button: str) -> None:
    ctx, made = lost
    seen: list[str] = []
    QTimer.singleShot(0, _answer_with(button, ctx.paths.diary_file, seen))
    try:
        opened = opening.open_diary(ctx)
    finally:
        ctx.close()
    assert seen and "is missing" in seen[0] and str(made.path) in seen[0]
    assert "created=False" in seen[0]  # nothing was created before the user chose
    assert made.path.exists()  # the backup is never touched
    if button == opening.QUIT:
        assert not opened and not ctx.paths.diary_file.exists()
        return
    assert opened
    assert backup.describe(ctx.paths.diary_file).entries == (1 if button == opening.RESTORE else 0)
