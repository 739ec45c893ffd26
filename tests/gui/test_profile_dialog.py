"""Profile dialog (issue 14): a future birth date typed by keyboard is refused with its reason, Enter keeps the
dialog open and saves nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.gui.window.profile_dialog import ProfileDialog


def test_future_birth_date_is_refused_with_its_reason(qtbot: QtBot, window: MainWindow, state: AppState) -> None:
    before = state.profile().profile.birth_date
    dialog = window.open_profile()
    assert isinstance(dialog, ProfileDialog)
    edit = dialog.birth_date
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    year = dt.date.today().year + 3
    qtbot.keyClicks(edit, str(year))
    assert edit.date().year() == year
    assert dialog.problem.isVisible() and "in the future" in dialog.problem.text()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert state.profile().profile.birth_date == before
    # a past date clears the reason and saves
    edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(edit, "1985")
    assert not dialog.problem.isVisible()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert state.profile().profile.birth_date.year == 1985


def test_food_database_line_is_as_before(qtbot: QtBot, window: MainWindow, state: AppState) -> None:
    """The line is read with the food database's summary (issue #16: info() took 0.3 s of the first open)."""
    from PySide6.QtWidgets import QLabel

    info = state.ctx.food_db.info()
    expected = f"{info['total']:,} foods, built {str(info['built_at'])[:10]} (food.sqlite)"
    dialog = window.open_profile()
    assert any(label.text() == expected for label in dialog.findChildren(QLabel))
    dialog.close()
