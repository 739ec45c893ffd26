"""The Diary page: the date bar, a search box that opens the add-food dialog as you type, the day's meals, and
the nutrient panel beside them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import NutriGapError
from nutrigap.gui.diary.day_model import DayModel
from nutrigap.gui.diary.day_summary import DaySummary
from nutrigap.gui.diary.day_view import DateNavigator, DiaryTree
from nutrigap.gui.diary.nutrient_panel import NutrientPanel
from nutrigap.gui.errors import show_error
from nutrigap.gui.state import AppState
from nutrigap.services.views import EntryView

if TYPE_CHECKING:  # the dialogs' modules are imported when first opened (about 10 ms off the first frame)
    from nutrigap.gui.diary.add_food import AddFoodDialog
    from nutrigap.gui.diary.entry_dialogs import CopyDialog, EditEntryDialog


class DiaryPage(QWidget):
    """Log and edit the shown day's food. Every change goes through :class:`AppState` (undoable)."""

    #: the user asked to build the food database (from the "not built yet" banner)
    build_requested = Signal()
    #: the user asked for the profile dialog (from the nutrient panel)
    profile_requested = Signal()
    #: the user pressed "Twitching now" (the window opens the quick twitch entry)
    twitch_requested = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("diary-page")
        self.navigator = DateNavigator(state)
        self.quick_search = QLineEdit()
        self.quick_search.setObjectName("quick-search")
        self.quick_search.setPlaceholderText("Add food: type to search (Ctrl+F)")
        self.quick_search.setAccessibleName("Add food: search")
        self.quick_search.setClearButtonEnabled(False)
        self.quick_search.setMinimumWidth(240)
        self.add_button = QPushButton("Add food…")
        self.add_button.setAccessibleName("Add food")
        self.add_button.setToolTip("Add food to the selected meal (Ctrl+N)")
        self.twitch_button = QToolButton()
        self.twitch_button.setText("Twitch…")
        self.twitch_button.setObjectName("twitch-now")
        self.twitch_button.setAccessibleName("Twitching now: log a twitch")
        self.twitch_button.setToolTip("Twitching now: log a twitch at this minute (Ctrl+T)")
        self.twitch_button.clicked.connect(self.twitch_requested)
        self.complete_box = QCheckBox("Day complete: everything eaten is logged")
        self.complete_box.setObjectName("day-complete")
        self.complete_box.setAccessibleName("Day complete: everything eaten this day is logged")
        self.complete_box.setToolTip(
            "Tick when everything you ate this day is logged. Until then today shows progress so far, without a "
            "verdict; past days count as complete unless you untick them."
        )
        self.complete_box.clicked.connect(self._set_day_complete)
        top = QHBoxLayout()
        top.addWidget(self.navigator, 1)
        top.addWidget(self.quick_search)
        top.addWidget(self.add_button)
        top.addWidget(self.twitch_button)

        self.banner = QLabel()
        self.banner.setObjectName("food-db-banner")
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setContentsMargins(8, 6, 8, 6)
        self.banner.linkActivated.connect(lambda _link: self.build_requested.emit())
        self.banner.setAccessibleName("Food database status")

        self.model = DayModel(self)
        self.tree = DiaryTree(self.model)
        self.panel = NutrientPanel(state)
        self.panel.profile_requested.connect(self.profile_requested)
        self.panel.refreshed.connect(self._show_day_complete)
        self.complete_box.setEnabled(False)  # until the panel's first report says whether the day is complete
        self._show_day_complete()  # the first frame's panel, filled as it was built
        self.day_summary = DaySummary(state)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        complete_row = QHBoxLayout()
        complete_row.setContentsMargins(8, 8, 8, 0)  # in line with the nutrient panel's own margins
        complete_row.addWidget(self.complete_box)
        right_layout.addLayout(complete_row)
        right_layout.addWidget(self.panel)
        right_layout.addWidget(self.day_summary)
        right_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(300)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("diary-splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([720, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        # actions the window puts in its menus
        self.add_action = QAction("Add food…", self)
        self.add_action.setShortcuts([QKeySequence("Ctrl+N"), QKeySequence("Ctrl+F")])
        self.add_action.triggered.connect(self.add_food_to_selected_meal)
        self.edit_action = QAction("Change entry…", self)
        self.edit_action.setShortcut(QKeySequence("F2"))
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = QAction("Delete entry", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.triggered.connect(self.delete_selected)
        self.copy_day_action = QAction("Copy to another day…", self)
        self.copy_day_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_day_action.triggered.connect(self.copy_selected_meal)

        self.quick_search.textEdited.connect(self._typed_in_search)
        self.quick_search.returnPressed.connect(lambda: self.add_food(query=self.quick_search.text()))
        self.add_button.clicked.connect(self.add_food_to_selected_meal)
        self.tree.add_requested.connect(self.add_food)
        self.tree.edit_requested.connect(self.edit_entry)
        self.tree.delete_requested.connect(self.delete_entries)
        self.tree.copy_requested.connect(self.copy_to)
        self.model.entries_dropped.connect(self.move_entries, Qt.ConnectionType.QueuedConnection)
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)
        #: asked any number of times, reloads once on the next turn of the event loop
        self.schedule_reload = state.next_turn(self.reload)
        state.day_changed.connect(self.schedule_reload.ask)
        state.entries_changed.connect(self.schedule_reload.if_shown)
        state.profile_changed.connect(self.schedule_reload.ask)
        state.foods_changed.connect(self.schedule_reload.ask)
        state.food_db_changed.connect(self.schedule_reload.ask)
        self.setTabOrder(self.navigator.date_button, self.quick_search)
        self.setTabOrder(self.quick_search, self.add_button)
        self.setTabOrder(self.add_button, self.twitch_button)
        self.setTabOrder(self.twitch_button, self.tree)
        self.add_dialog: AddFoodDialog | None = None
        self.reload()

    def menu_actions(self) -> list[QAction]:
        return [self.add_action, self.edit_action, self.delete_action, self.copy_day_action]

    # --- keeping current --------------------------------------------------------------------------------
    def whole_day_shown(self) -> bool:
        """The day's entries and the nutrient panel show the state's day, and neither waits to refresh (the
        window is ready; the start-up benchmark waits for this)."""
        report = self.panel.report
        return (
            report is not None
            and report.day == self.state.day
            and not self.schedule_reload.pending
            and not self.panel.schedule_refresh.pending
        )

    def reload(self) -> None:
        """Show the state's day again, keeping the selected entries or meal selected where they still are."""
        selected = self.tree.selected_entry_ids()
        meal = self.tree.current_meal()
        self.model.set_entries(self.state.entries(), self.state.vitamin_d_unit)
        if selected:
            self.tree.select_entries(selected)
        elif meal is not None:
            self.tree.select_meal(meal)
        self._update_banner()
        self._update_actions()

    def _update_banner(self) -> None:
        if self.state.ctx.food_db_exists():
            self.banner.hide()
            return
        self.banner.setText(
            "The food database is not built yet, so only your own foods can be found. "
            "<a href='build'>Build it now</a> (about a minute and a half, once)."
        )
        self.banner.show()

    def _show_day_complete(self) -> None:
        """The box follows the day report the nutrient panel just showed (a past day: complete by default)."""
        report = self.panel.report
        if report is None:
            return
        day = report.end
        self.complete_box.setChecked(bool(report.complete.get(day, True)))
        self.complete_box.setEnabled(day <= dt.date.today())

    def _set_day_complete(self, checked: bool) -> None:
        from nutrigap.services.day_status import set_day_complete

        day = self.state.day
        try:
            set_day_complete(self.state.ctx, day, checked)
        except NutriGapError as exc:
            self.complete_box.setChecked(not checked)
            show_error(self, str(exc))
            return
        self.state.notice.emit(
            f"{day:%a %d %b} is complete: its verdicts judge it."
            if checked
            else f"{day:%a %d %b} is not complete: it shows progress so far and weekly verdicts leave it out."
        )
        self.state.announce_entries(day)  # the panel, charts and reports of that day follow

    def _update_actions(self, *_: object) -> None:
        has_entry = bool(self.tree.selected_entry_ids())
        self.edit_action.setEnabled(has_entry)
        self.delete_action.setEnabled(has_entry)

    # --- actions ----------------------------------------------------------------------------------------
    def _typed_in_search(self, text: str) -> None:
        if not text.strip():
            return
        self.quick_search.clear()
        if self.add_dialog is not None and self.add_dialog.isVisible():
            # keys typed quickly, before the dialog took the focus: they belong to its search
            self.add_dialog.search.append(text)
            self.add_dialog.activateWindow()
            self.add_dialog.search.setFocus()
            return
        self.add_food(query=text)

    def target_meal(self) -> Meal:
        from nutrigap.gui.diary.add_food import guess_meal

        return self.tree.current_meal() or guess_meal()

    def add_food_to_selected_meal(self) -> None:
        self.add_food()

    def copy_selected_meal(self) -> None:
        self.copy_to(self.tree.current_meal(), self.tree.selected_entry_ids())

    def add_food(self, meal: Meal | None = None, query: str = "") -> AddFoodDialog:
        if self.add_dialog is not None and self.add_dialog.isVisible():  # one Add food at a time
            self.add_dialog.raise_()
            self.add_dialog.activateWindow()
            return self.add_dialog
        from nutrigap.gui.diary.add_food import AddFoodDialog

        dialog = AddFoodDialog(self.state, meal or self.target_meal(), self, query=query)
        self.add_dialog = dialog
        logged: list[EntryView] = []
        dialog.food_logged.connect(logged.append)
        dialog.finished.connect(lambda _result: self._after_add(dialog, logged))
        # Not window-modal: the letters typed right after the first one reach the main window before the
        # dialog has the keyboard, and a modal dialog made the window system drop them ('oatmeal' became
        # 'otmeal'); the search box forwards them to the dialog's search instead (_typed_in_search).
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.show()
        return dialog

    def _after_add(self, dialog: AddFoodDialog, logged: list[EntryView]) -> None:
        self.add_dialog = None
        self.quick_search.clear()
        if logged:
            self.reload()
            self.tree.select_entry(logged[-1].id)
            # the next food is typed where the last one was: typing starts the next search
            self.quick_search.setFocus()
        else:
            self.tree.setFocus()
        dialog.deleteLater()

    def edit_current(self) -> None:
        ids = self.tree.selected_entry_ids()
        if ids:
            self.edit_entry(ids[0])

    def edit_entry(self, entry_id: int) -> EditEntryDialog | None:
        entry = next((e for e in self.model.entries() if e.id == entry_id), None)
        if entry is None:
            return None
        from nutrigap.gui.diary.entry_dialogs import EditEntryDialog

        dialog = EditEntryDialog(self.state, entry, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        self.delete_entries(self.tree.selected_entry_ids())

    def delete_entries(self, entry_ids: list[int]) -> None:
        try:
            self.state.delete_entries(entry_ids)
        except NutriGapError as exc:
            show_error(self, str(exc))

    def move_entries(self, entry_ids: list[int], meal: Meal) -> None:
        try:
            self.state.move_entries(entry_ids, meal)
        except NutriGapError as exc:
            show_error(self, str(exc))

    def copy_to(self, meal: Meal | None = None, selected: list[int] | None = None) -> CopyDialog:
        from nutrigap.gui.diary.entry_dialogs import CopyDialog

        dialog = CopyDialog(self.state, meal, self, selected)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog
