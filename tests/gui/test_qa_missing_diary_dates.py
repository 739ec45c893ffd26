"""The missing-diary dialog writes dates in the window's one style (issue 14 item 12): it said '05 Dec 2026'
(strftime, zero-padded, no weekday) where every other place says 'Sat, 5 Dec 2026' (QLocale)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer

from nutrigap.gui.formatting import date_text, datetime_text
from nutrigap.gui.window import opening as app
from nutrigap.services import backup
from nutrigap.services.context import AppContext
from tests.gui.conftest import DAY
from tests.gui.test_missing_diary import _answer_with, lost  # noqa: F401 - lost is a fixture


def test_the_missing_diary_dialog_uses_the_window_date_style(
    qtbot: Any,
    lost: tuple[AppContext, backup.BackupInfo],  # noqa: F811 - the fixture imported above
) -> None:
    ctx, made = lost
    seen: list[str] = []
    QTimer.singleShot(0, _answer_with(app.QUIT, ctx.paths.diary_file, seen))
    try:
        app.open_diary(ctx)
    finally:
        ctx.close()
    assert seen
    assert f"up to {date_text(DAY)}" in seen[0]
    assert f"from {datetime_text(made.created_at)}" in seen[0]
