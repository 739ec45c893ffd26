"""Opening a diary from the window (start-up, the demo's way back to one's own diary): upgrade and back up as
needed, explain in a message box what cannot be opened, and never replace a missing diary silently (restore the
newest backup, start a new one, or quit). Imports stay inside the functions: the launcher imports this module
before Qt has painted anything."""

from __future__ import annotations


def open_diary(ctx: object, window: object | None = None) -> bool:
    """Open (and if needed upgrade and back up) the diary; False after telling the user why it cannot be.

    A diary that is missing while the data folder had one (:class:`DiaryMissing`) is never replaced silently:
    a dialog offers to restore the newest backup, to start a new, empty diary, or to quit."""
    from PySide6.QtWidgets import QWidget

    from nutrigap.domain.errors import NutriGapError
    from nutrigap.gui.errors import show_error
    from nutrigap.services.context import AppContext
    from nutrigap.services.diary_identity import DiaryMissing

    assert isinstance(ctx, AppContext)
    while True:
        try:
            _ = ctx.engine
        except DiaryMissing as exc:
            if isinstance(window, QWidget):
                window.hide()
            try:
                if _answer_missing_diary(ctx, exc):
                    continue
            except NutriGapError as failed:
                show_error(None, str(failed), title="NutriGap cannot open your diary", wait=True)
                continue
            return False
        except NutriGapError as exc:
            message, details = str(exc), ""
        except Exception as exc:  # a damaged file, no permission ...: say so in a window, not only in a terminal
            import traceback

            message, details = f"NutriGap cannot open your diary: {exc}", traceback.format_exc()
        else:
            if isinstance(window, QWidget) and not window.isVisible():
                window.show()
            return True
        if isinstance(window, QWidget):
            window.hide()
        show_error(None, message, details, title="NutriGap cannot open your diary", wait=True)
        return False


#: The missing-diary dialog's answers.
RESTORE, START_NEW, QUIT = "restore", "new", "quit"


def ask_missing_diary(missing: object) -> str:
    """Ask what to do about a missing diary: RESTORE the newest backup, START_NEW or QUIT (the default when
    there is no backup; restoring is the default when there is one)."""
    from PySide6.QtWidgets import QMessageBox

    from nutrigap.domain.wording import plural
    from nutrigap.gui.formatting import date_text, datetime_text
    from nutrigap.services.diary_identity import MissingDiary

    assert isinstance(missing, MissingDiary)
    newest = missing.newest
    text = f"Your diary {missing.diary_file} is missing, but NutriGap had one in this folder. Nothing was created."
    if newest is None:
        info = "There is no backup of it. If you moved the file, quit and put it back."
    else:
        holds = "" if newest.entries is None else f", {plural(newest.entries, 'entry', 'entries')}"
        last = "" if newest.last_day is None else f" up to {date_text(newest.last_day)}"
        info = f"The newest backup is from {datetime_text(newest.created_at)}{holds}{last}:\n{newest.path}"
    box = QMessageBox(QMessageBox.Icon.Warning, "Your diary is missing", text)
    box.setObjectName("missing-diary")
    box.setAccessibleName("Your diary is missing")
    box.setInformativeText(info)
    buttons: dict[object, str] = {}
    if newest is not None:
        restore = box.addButton("&Restore the newest backup", QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName(RESTORE)
        buttons[restore] = RESTORE
    new = box.addButton("&Start a new, empty diary", QMessageBox.ButtonRole.DestructiveRole)
    new.setObjectName(START_NEW)
    buttons[new] = START_NEW
    quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    quit_button.setObjectName(QUIT)
    buttons[quit_button] = QUIT
    box.setEscapeButton(quit_button)
    box.setDefaultButton(restore if newest is not None else quit_button)
    box.exec()
    answer = buttons.get(box.clickedButton(), QUIT)
    box.deleteLater()
    return answer


def _answer_missing_diary(ctx: object, refused: object) -> bool:
    """Ask, then act: True when a diary is in place again (restored or new), False to quit."""
    from nutrigap.services.backup import restore_backup
    from nutrigap.services.context import AppContext
    from nutrigap.services.diary_identity import DiaryMissing, start_new_diary

    assert isinstance(ctx, AppContext) and isinstance(refused, DiaryMissing)
    answer = ask_missing_diary(refused.missing)
    newest = refused.missing.newest
    if answer == RESTORE and newest is not None:
        restore_backup(ctx, newest.path)
        return True
    if answer == START_NEW:
        start_new_diary(ctx)
        return True
    return False
