"""The window's first frame shows the whole day, the nutrient panel included, before the diary is opened the full
way, for the default diary and for a diary file named by NUTRIGAP_DB_URL=sqlite:///…; and a fresh process
reports the whole window ready without SQLAlchemy or pandas, on either diary."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigap.domain.diary import Meal
from nutrigap.domain.nutrients import Nutrient
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.day_preview import day_preview
from nutrigap.services.reports import day_report
from tests.conftest import food_id

TODAY = dt.date.today()


@pytest.fixture(params=["default", "url"])
def diary_ctx(request: pytest.FixtureRequest, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A diary with today logged: the default one, or a file named by NUTRIGAP_DB_URL=sqlite:///…."""
    if request.param == "url":
        folder = tmp_path / "my diaries"
        folder.mkdir()
        monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{folder / 'diary.sqlite'}")
        food_db = ctx.paths.food_db.read_bytes()
        ctx = AppContext(DataPaths.from_environment())
        ctx.paths.ensure()
        ctx.paths.food_db.write_bytes(food_db)
        request.addfinalizer(ctx.close)
    diary.log_food(ctx, TODAY, "breakfast", food_id(ctx, "Milk, whole", "survey_fndds_food"), 244)
    diary.log_food(ctx, TODAY, "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 150)
    return ctx


def test_the_first_frame_shows_the_day_and_the_panel_before_the_diary_opens(qtbot, diary_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    expected_entries = diary.entries_for_day(diary_ctx, TODAY)
    expected = day_report(diary_ctx, TODAY)
    diary_ctx.close()
    fresh = AppContext(diary_ctx.paths)
    preview = day_preview(fresh.paths, TODAY)
    assert preview is not None
    state = AppState(fresh, TODAY, preview=preview)
    window = MainWindow(state, open_settings(fresh.paths))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.repaint()
    assert fresh._engine is None  # painted without opening the diary
    assert window.diary.whole_day_shown()  # ready in the first frame: nothing waits for the next turn
    assert window.diary.model.entries() == expected_entries
    panel = window.diary.panel
    assert panel.report is not None and panel.report.summaries == expected.summaries
    assert panel.title.text() == "Nutrients today: so far"  # today, not marked complete: progress so far
    assert "so far" in panel.rows[Nutrient.MAGNESIUM].amount.text()
    # once the diary is open, changes show as usual
    _ = fresh.engine
    state.log_food(TODAY, Meal.DINNER, expected_entries[1].food_id, 50, "g")
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 3 and window.diary.whole_day_shown())
    assert panel.report is not None and panel.report.summaries == day_report(fresh, TODAY).summaries
    state.undo_stack.clear()
    fresh.close()


def test_a_fresh_process_is_ready_without_sqlalchemy_or_pandas(diary_ctx: AppContext) -> None:
    """The benchmark's switch on either diary: the whole window is ready in the first frame (``shown`` right
    after ``window``), read from the preview, before SQLAlchemy and pandas were imported."""
    diary_ctx.close()
    env = {**os.environ, "NUTRIGAP_QUIT_AFTER_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "nutrigap"], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "loaded_at_window sqlalchemy=0 pandas=0 preview=1 entries=2" in done.stderr
    lines = done.stderr.splitlines()
    assert [line.split()[0] for line in lines if line.split()[0] in ("window", "shown", "peak_rss_mb")] == [
        "window",
        "shown",
        "peak_rss_mb",
    ]


def test_the_calendar_is_made_when_first_opened_and_picks_a_day(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+G (or a click on the date) opens the calendar, made only then: not in the first frame."""
    from PySide6.QtCore import QDate, Qt, QTimer
    from PySide6.QtWidgets import QCalendarWidget

    navigator = window.diary.navigator
    assert not window.findChildren(QCalendarWidget)  # not built for the first frame
    start = window.state.day
    seen: list[QDate] = []

    def pick() -> None:
        if not navigator.calendar_menu.isVisible():
            QTimer.singleShot(10, pick)
            return
        [calendar] = window.findChildren(QCalendarWidget)
        assert calendar.isVisible()
        seen.append(calendar.selectedDate())
        target = calendar.selectedDate().addDays(-3)
        calendar.setSelectedDate(target)
        calendar.clicked.emit(target)

    QTimer.singleShot(0, pick)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # the menu runs until a pick
    qtbot.waitUntil(lambda: window.state.day == start - dt.timedelta(days=3))
    assert seen == [QDate(start.year, start.month, start.day)]
    assert not navigator.calendar_menu.isVisible()
    assert len(window.findChildren(QCalendarWidget)) == 1


#: What the first frame does without: the diary's and the analysis libraries, the food database, the dialogs.
NOT_IN_THE_FIRST_FRAME = (
    "sqlalchemy",
    "pandas",
    "numpy",
    "matplotlib",
    "nutrigap.fooddb.database",
    "nutrigap.gui.diary.add_food",
    "nutrigap.gui.diary.entry_dialogs",
)


def test_the_first_frame_imports_only_what_it_paints(diary_ctx: AppContext) -> None:
    """Modules a painted Diary page does not use are imported when first used (the food database on the first
    search, the Add food and Change entry dialogs when first opened), on either diary."""
    diary_ctx.close()
    script = (
        "import sys\n"
        "from nutrigap.gui.window import app\n"
        "paint, seen = app.paint_first_frame, []\n"
        "def first_frame(qt_app, window):\n"
        f"    seen.extend(m for m in {NOT_IN_THE_FIRST_FRAME!r} if m in sys.modules)\n"
        "    return paint(qt_app, window)\n"
        "app.paint_first_frame = first_frame\n"
        "code = app.run([])\n"
        "print('imported_before_the_first_frame', sorted(seen))\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "NUTRIGAP_QUIT_AFTER_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "imported_before_the_first_frame []" in done.stdout
    assert "preview=1 entries=2" in done.stderr


def test_the_keyboard_works_on_the_first_frame_window(qtbot, diary_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """The window painted from the preview answers its shortcuts once the diary is open (as run() opens it
    before the event loop): next and previous day, Add food (its module imported only now), Change entry."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    diary_ctx.close()
    fresh = AppContext(diary_ctx.paths)
    preview = day_preview(fresh.paths, TODAY)
    assert preview is not None
    state = AppState(fresh, TODAY, preview=preview)
    window = MainWindow(state, open_settings(fresh.paths))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _ = fresh.engine
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: state.day == TODAY - dt.timedelta(days=1))
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: state.day == TODAY and window.diary.whole_day_shown())
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.diary.add_dialog is not None and window.diary.add_dialog.isVisible())
    dialog = window.diary.add_dialog
    assert dialog is not None
    dialog.reject()
    qtbot.waitUntil(lambda: window.diary.add_dialog is None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.diary.tree.select_entry(window.diary.model.entries()[0].id)
    qtbot.keyClick(window.diary.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(
        lambda: any(w.isVisible() and w.objectName() == "edit-entry-dialog" for w in QApplication.topLevelWidgets())
    )
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "edit-entry-dialog":
            widget.close()
    state.undo_stack.clear()
    fresh.close()


def test_the_chart_modules_load_on_a_worker_after_the_window_and_quitting_waits_for_them(
    diary_ctx: AppContext,
) -> None:
    """After the window is up, matplotlib and the chart modules are imported on a worker (the first open of
    Charts then only builds and draws: benchmarks/pages.py), never before the first frame and never on the
    window's thread; a quit right after waits for that work and leaves none behind."""
    diary_ctx.close()
    script = (
        "import sys, threading\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from nutrigap.gui import background\n"
        "from nutrigap.gui.window import app\n"
        "from nutrigap.gui.window.main_window import MainWindow\n"
        "importers = []\n"
        "real = app._import_chart_stack\n"
        "def watched():\n"
        "    importers.append(threading.current_thread() is threading.main_thread())\n"
        "    real()\n"
        "app._import_chart_stack = watched\n"
        "def close_when_loaded():\n"
        "    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]\n"
        "    if not windows or not importers:\n"
        "        QTimer.singleShot(10, close_when_loaded)\n"
        "        return\n"
        "    windows[0].close()\n"
        "QTimer.singleShot(0, close_when_loaded)\n"
        "code = app.run([])\n"
        "print('on_main_thread', importers, 'loaded', 'nutrigap.services.charts' in sys.modules,\n"
        "      'pending', background.pending_work())\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("NUTRIGAP_QUIT_AFTER_SHOWN", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "on_main_thread [False] loaded True pending 0" in done.stdout, done.stdout + done.stderr
