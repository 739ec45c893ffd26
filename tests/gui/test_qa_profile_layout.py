"""Profile dialog: when the reason for a refused birth date appears, the dialog grows to make room; seen under
Xvfb, the 'Start NutriGap with NUTRIGAP_HOME=…' hint was squashed to half its height instead."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateTimeEdit, QLabel
from pytestqt.qtbot import QtBot

from nutrigap.gui.window.main_window import MainWindow
from nutrigap.gui.window.profile_dialog import ProfileDialog


def _squashed(dialog: ProfileDialog) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and label.wordWrap() and label.height() < label.heightForWidth(label.width())
    ]


def test_the_reason_for_a_refused_birth_date_squashes_no_text(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.open_profile()
    assert isinstance(dialog, ProfileDialog)
    qtbot.waitExposed(dialog)
    assert _squashed(dialog) == []
    edit = dialog.birth_date
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(edit, str(dt.date.today().year + 3))
    qtbot.waitUntil(dialog.problem.isVisible)
    qtbot.waitUntil(lambda: _squashed(dialog) == [])
    dialog.reject()
