"""The day view: date navigation (previous, next, today, a calendar pop-up) and the day's meals as a tree of
entries (:class:`~nutrigap.gui.diary.day_model.DayModel`), with keyboard, context-menu and drag-and-drop editing."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QWidget,
    QWidgetAction,
)

from nutrigap.domain.diary import EARLIEST_DATE, LATEST_DATE, Meal
from nutrigap.gui.diary.day_model import COLUMN_COUNT, FOOD, DayModel
from nutrigap.gui.formatting import MEAL_LABELS, long_date
from nutrigap.gui.state import AppState
from nutrigap.services import quick_log


class DateNavigator(QWidget):
    """Previous / the date (click for a calendar) / next / today. The actions carry the keyboard shortcuts and
    are also put in the window's View menu."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        style = self.style()
        self.previous_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), "Previous day", self)
        self.previous_action.setShortcuts([QKeySequence("Alt+Left"), QKeySequence("Ctrl+PgUp")])
        self.next_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward), "Next day", self)
        self.next_action.setShortcuts([QKeySequence("Alt+Right"), QKeySequence("Ctrl+PgDown")])
        self.today_action = QAction("Today", self)
        self.today_action.setShortcut(QKeySequence("Alt+Home"))
        self.go_to_action = QAction("Go to date…", self)
        self.go_to_action.setShortcut(QKeySequence("Ctrl+G"))
        for action in (self.previous_action, self.next_action, self.today_action):
            action.setToolTip(f"{action.text()} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")

        self.previous = QToolButton()
        self.previous.setDefaultAction(self.previous_action)
        self.previous.setAccessibleName("Previous day")
        self.next = QToolButton()
        self.next.setDefaultAction(self.next_action)
        self.next.setAccessibleName("Next day")
        self.today = QToolButton()
        self.today.setDefaultAction(self.today_action)
        self.today.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.today.setAccessibleName("Go to today")

        # the calendar is made when first opened (making it took about 5 ms of the first frame)
        self._calendar: QCalendarWidget | None = None
        self.calendar_menu = QMenu(self)
        self.date_button = QToolButton()
        self.date_button.setObjectName("date-button")
        self.date_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.date_button.setMenu(self.calendar_menu)
        self.date_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.date_button.setAccessibleName("Shown date: click for a calendar")
        self.date_button.setToolTip("Choose a date (Ctrl+G)")
        self.date_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        font = self.date_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.date_button.setFont(font)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.previous)
        layout.addWidget(self.date_button)
        layout.addWidget(self.next)
        layout.addSpacing(8)
        layout.addWidget(self.today)
        layout.addStretch(1)

        self.previous_action.triggered.connect(lambda: state.shift_day(-1))
        self.next_action.triggered.connect(lambda: state.shift_day(1))
        self.today_action.triggered.connect(lambda: state.set_day(dt.date.today()))
        self.go_to_action.triggered.connect(self.date_button.showMenu)
        self.calendar_menu.aboutToShow.connect(self._prepare_calendar)
        state.day_changed.connect(self._show_day)
        state.entries_changed.connect(lambda _days: self._show_day(state.day))
        self._show_day(state.day)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar of the date button's menu, made the first time it is needed."""
        if self._calendar is None:
            calendar = QCalendarWidget()
            calendar.setGridVisible(False)
            calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            calendar.setMinimumDate(QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day))
            calendar.setMaximumDate(QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day))
            calendar.setAccessibleName("Calendar: days in bold have entries")
            holder = QWidgetAction(self.calendar_menu)
            holder.setDefaultWidget(calendar)
            self.calendar_menu.addAction(holder)
            calendar.clicked.connect(self._picked)
            calendar.activated.connect(self._picked)
            calendar.currentPageChanged.connect(self._mark_logged_days)
            self._calendar = calendar
        return self._calendar

    def actions_for_menu(self) -> list[QAction]:
        return [self.previous_action, self.next_action, self.today_action, self.go_to_action]

    def _show_day(self, day: dt.date) -> None:
        self.date_button.setText(long_date(day))
        self.today_action.setEnabled(day != dt.date.today())
        self.previous_action.setEnabled(day > EARLIEST_DATE)
        self.next_action.setEnabled(day < LATEST_DATE)

    def _prepare_calendar(self) -> None:
        day = self.state.day
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self._mark_logged_days(day.year, day.month)
        self.calendar.setFocus()

    def _mark_logged_days(self, year: int, month: int) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear earlier marks
        start = dt.date(year, month, 1) - dt.timedelta(days=7)
        end = dt.date(year, month, 28) + dt.timedelta(days=14)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setFontUnderline(True)
        for day in quick_log.logged_days(self.state.ctx, start, end):
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), bold)

    def _picked(self, value: QDate) -> None:
        self.calendar_menu.hide()
        self.state.set_day(dt.date(value.year(), value.month(), value.day()))


class _RoomyRows(QStyledItemDelegate):
    """Rows a little taller than Qt's minimum: easier to read and to hit, at any scaling."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + max(4, option.fontMetrics.height() // 3))


class DiaryTree(QTreeView):
    """The meals and their entries. Enter or double-click: add to a meal / change an entry; Delete: delete."""

    add_requested = Signal(object)  # Meal
    edit_requested = Signal(int)  # entry id
    delete_requested = Signal(list)  # entry ids
    copy_requested = Signal(object)  # Meal or None for the whole day

    def __init__(self, model: DayModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.day_model = model
        self.setObjectName("diary-tree")
        self.setAccessibleName("Meals and foods of the day")
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setExpandsOnDoubleClick(False)
        self.setItemsExpandable(False)
        self.setRootIsDecorated(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(_RoomyRows(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(FOOD, QHeaderView.ResizeMode.Stretch)
        # The number columns fit their contents, worked out once per change of the day (not ResizeToContents,
        # which asks every cell's size again on each layout pass: some 1,300 calls into Python before the first
        # frame, a sixth of the start-up on a busy machine).
        for column in range(1, COLUMN_COUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(48)
        model.modelReset.connect(self._show_all)
        self.doubleClicked.connect(self._activate)
        self.customContextMenuRequested.connect(self._context_menu)
        if model.entries():  # a day is fitted when it is set (modelReset); fitting the empty meals first took
            self._show_all()  # as long as fitting the day (about 8 ms of the first frame)

    def _show_all(self) -> None:
        """Every meal open, and the number columns as wide as their contents."""
        self.expandAll()
        self._fit_columns()

    def _fit_columns(self) -> None:
        for column in range(1, COLUMN_COUNT):
            self.resizeColumnToContents(column)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_columns()

    def selected_entry_ids(self) -> list[int]:
        ids = []
        for index in self.selectionModel().selectedRows():
            entry = self.day_model.entry_at(index)
            if entry is not None:
                ids.append(entry.id)
        return ids

    def current_meal(self) -> Meal | None:
        return self.day_model.meal_at(self.currentIndex())

    def select_entry(self, entry_id: int) -> None:
        index = self.day_model.index_of_entry(entry_id)
        if index.isValid():
            self.setCurrentIndex(index)
            self.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.scrollTo(index)

    def select_entries(self, entry_ids: list[int]) -> None:
        """Select these entries (those still shown), the last one current."""
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        for entry_id in entry_ids:
            index = self.day_model.index_of_entry(entry_id)
            if index.isValid():
                self.selectionModel().setCurrentIndex(index, flags)
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows

    def select_meal(self, meal: Meal) -> None:
        self.setCurrentIndex(self.day_model.meal_index(meal))

    def _activate(self, index: QModelIndex) -> None:
        entry = self.day_model.entry_at(index)
        if entry is not None:
            self.edit_requested.emit(entry.id)
            return
        meal = self.day_model.meal_at(index)
        if meal is not None:
            self.add_requested.emit(meal)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        if key == Qt.Key.Key_F2 and self.day_model.entry_at(self.currentIndex()) is not None:
            self._activate(self.currentIndex())
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            ids = self.selected_entry_ids()
            if ids:
                self.delete_requested.emit(ids)
                return
        super().keyPressEvent(event)

    def _context_menu(self, where: QPoint) -> None:
        index = self.indexAt(where)
        meal = self.day_model.meal_at(index) or Meal.SNACKS
        entry = self.day_model.entry_at(index)
        menu = QMenu(self)
        menu.addAction(f"Add food to {MEAL_LABELS[meal].lower()}…", partial(self._add, meal))
        if entry is not None:
            menu.addAction("Change…", partial(self._edit, entry.id))
            ids = self.selected_entry_ids() or [entry.id]
            menu.addAction("Delete", partial(self._delete, ids))
            move = menu.addMenu("Move to")
            for other in Meal:
                if other.value != entry.meal:
                    move.addAction(MEAL_LABELS[other], partial(self._move_to, ids, other))
        menu.addSeparator()
        menu.addAction(f"Copy {MEAL_LABELS[meal].lower()} to another day…", partial(self._copy, meal))
        menu.addAction("Copy the whole day to another day…", partial(self._copy, None))
        menu.exec(self.viewport().mapToGlobal(where))
        menu.deleteLater()

    # Menu callbacks; Qt may pass the action's "checked" flag, which they ignore.
    def _add(self, meal: Meal, *_: object) -> None:
        self.add_requested.emit(meal)

    def _edit(self, entry_id: int, *_: object) -> None:
        self.edit_requested.emit(entry_id)

    def _delete(self, ids: list[int], *_: object) -> None:
        self.delete_requested.emit(ids)

    def _move_to(self, ids: list[int], meal: Meal, *_: object) -> None:
        self.day_model.entries_dropped.emit(ids, meal)

    def _copy(self, meal: Meal | None, *_: object) -> None:
        self.copy_requested.emit(meal)
