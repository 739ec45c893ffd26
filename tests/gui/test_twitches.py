"""The twitch log in the window: the quick "twitching now" entry by keyboard only, the full form refusing bad
input, and the list (change, delete, undo, redo). Real widgets offscreen, a real SQLite diary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.gui.pages.twitch_dialog import TwitchDialog, duration_text, parse_duration
from nutrigap.gui.pages.twitch_page import TwitchPage
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import twitches


def open_quick_entry(qtbot: QtBot, window: MainWindow) -> TwitchDialog:
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(TwitchDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.location)
    return dialog


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_quick_entry_by_keyboard_only(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.state.ctx
    assert twitches.list_twitches(ctx) == []
    dialog = open_quick_entry(qtbot, window)
    assert dialog.windowTitle() == "Twitching now"
    hint = dialog.findChild(type(dialog.hint), "twitch-help")
    assert hint is not None and "cramp" in hint.text()  # twitch vs cramp explained
    qtbot.keyClick(dialog.location, Qt.Key.Key_C)  # the only place starting with C: calf
    assert dialog.location.currentData() == "calf"
    qtbot.keyClick(dialog.location, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.side  # the "other" box is skipped unless Other is chosen
    qtbot.keyClick(dialog.side, Qt.Key.Key_R)
    qtbot.keyClick(dialog.side, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.intensity
    qtbot.keyClicks(dialog.intensity, "7")  # Tab selected the old value, so 7 replaces it
    qtbot.keyClick(dialog.intensity, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.duration, "1:30")
    qtbot.keyClick(dialog.duration, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.symptoms["cramp"]
    qtbot.keyClick(dialog.symptoms["cramp"], Qt.Key.Key_Space)
    before = dt.datetime.now().replace(second=0, microsecond=0)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.symptoms["cramp"], Qt.Key.Key_Return)
    [episode] = twitches.list_twitches(ctx)
    assert (episode.location, episode.side, episode.intensity, episode.duration_s, episode.symptoms) == (
        "calf", "right", 7, 90, ("cramp",),
    )  # fmt: skip
    assert before <= episode.occurred_at <= dt.datetime.now()
    assert "Logged a right calf twitch (7/10)" in window.statusBar().currentMessage()

    # the next one is two keystrokes: Ctrl+T offers the last place, side and intensity; Enter saves
    activate(qtbot, window)
    dialog = open_quick_entry(qtbot, window)
    assert (dialog.location.currentData(), dialog.side.currentData(), dialog.intensity.value()) == ("calf", "right", 7)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.location, Qt.Key.Key_Return)
    assert [e.place for e in twitches.list_twitches(ctx)] == ["right calf", "right calf"]
    # and Ctrl+Z takes it back
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(twitches.list_twitches(ctx)) == 1


def test_the_form_refuses_bad_input_and_writes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("twitches")
    assert isinstance(page, TwitchPage)
    dialog = page.log_twitch(quick=False)
    dialog.duration.setText("a while")
    dialog.save()
    assert dialog.isVisible() and "is not a duration" in dialog.message.text() and dialog.message.isVisible()
    dialog.duration.setText("")
    dialog.location.setCurrentIndex(dialog.location.findData("other"))
    assert dialog.other.isVisible()
    dialog.other.setText("")
    dialog.save()
    assert "'other' needs the place in words" in dialog.message.text()
    dialog.symptoms["weakness"].setChecked(True)
    assert dialog.hint.isVisible() and "see a doctor" in dialog.hint.text()
    assert twitches.list_twitches(window.state.ctx) == []
    dialog.other.setText("tongue")
    dialog.save()
    assert not dialog.isVisible()
    [episode] = twitches.list_twitches(window.state.ctx)
    assert episode.place.endswith("tongue") and episode.symptoms == ("weakness",)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_list_change_delete_undo_redo(qtbot: QtBot, window: MainWindow) -> None:
    ctx, log = window.state.ctx, window.state.log
    first = log.log_twitch(occurred_at="2026-11-24 08:15", location="eyelid", intensity=3, side="left")
    log.log_twitch(occurred_at="2026-11-23 21:40", location="calf", intensity=6, duration_s=20, symptoms=["cramp"])
    summary = window.diary.day_summary  # the Diary's line for the shown day (24 Nov)
    qtbot.waitUntil(lambda: "1 twitch</b> (strongest 3/10: left eyelid)" in summary.text())
    page = window.show_page("twitches")
    assert isinstance(page, TwitchPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.model.index(0, 1).data() == "left eyelid"  # newest first
    assert page.model.index(1, 4).data() == "cramp"
    assert "2 episodes on 2 days" in page.count.text()

    # change: Enter on the selected row opens the form with the episode
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.findChild(TwitchDialog)
    assert dialog is not None and dialog.windowTitle() == "Change twitch"
    assert (dialog.intensity.value(), dialog.side.currentData()) == (3, "left")
    dialog.intensity.setValue(9)
    dialog.note.setText("after a long call")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    changed = twitches.get_twitch(ctx, first.id)
    assert (changed.intensity, changed.note) == (9, "after a long call")
    qtbot.waitUntil(lambda: page.model.index(0, 2).data() == "9/10")

    # delete with the Delete key, then undo and redo from the Edit menu's actions
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [e.location for e in twitches.list_twitches(ctx)] == ["eyelid"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    restored = [e for e in twitches.list_twitches(ctx) if e.location == "calf"]
    assert len(restored) == 1 and restored[0].symptoms == ("cramp",) and restored[0].duration_s == 20
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    window.undo_action.trigger()  # the change of intensity and note
    assert twitches.get_twitch(ctx, first.id).intensity == 3
    window.redo_action.trigger()
    window.redo_action.trigger()  # the delete again: the restored episode (new id) goes
    assert [(e.location, e.intensity) for e in twitches.list_twitches(ctx)] == [("eyelid", 9)]


def test_durations_read_as_people_write_them() -> None:
    assert parse_duration("") is None
    assert parse_duration("45") == 45
    assert parse_duration("2 min") == 120
    assert parse_duration("1,5 min") == 90
    assert parse_duration("1:05") == 65
    assert duration_text(90) == "1 min 30 s" and duration_text(3600) == "1 h"
