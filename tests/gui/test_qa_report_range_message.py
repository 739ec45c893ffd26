"""The report dialog's range message writes dates in the window's one style (issue 14 item 12): it said
'The range ends (2026-11-24) before it starts (2026-12-03).' with ISO dates beside 'Tue, 24 Nov 2026' fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from nutrigap.gui.formatting import date_text
from nutrigap.gui.window.report_dialog import DoctorReportDialog
from tests.gui.conftest import DAY


def test_a_backwards_range_is_refused_in_the_window_date_style(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = DoctorReportDialog(DAY, tmp_path)
    qtbot.addWidget(dialog)
    dialog.range.setChecked(True)
    dialog.range_from.setDate(dialog.range_from.date().addDays(40))
    first = dialog.chosen_request_dates()[0]
    dialog.save()
    assert dialog.request is None
    assert dialog.message.text() == f"The range ends ({date_text(DAY)}) before it starts ({date_text(first)})."
    assert dt.date.isoformat(DAY) not in dialog.message.text()
