"""A table of the person's records (twitch episodes, blood test results) that edits and deletes from the keyboard:
Enter, F2 or a double-click asks to change the first selected record, Delete to delete the selected ones. Each
row's record id is in column 0 under ``Qt.UserRole``.

:class:`RecordModel` holds the records newest first; a page's model says only what each row shows
(:meth:`RecordModel.cells`, :meth:`RecordModel.styled`). :class:`RecordTable` is the view both pages configure the
same way: whole rows selected, several at once, no editing in place, the buttons that act on a selection enabled
only while there is one, and the selection kept across a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QTableView

__all__ = ["RecordModel", "RecordTable"]

R = TypeVar("R")


class RecordModel(QAbstractTableModel, Generic[R]):
    """Records sorted newest first by ``newest``; ``record_id`` gives the id stored under ``Qt.UserRole``."""

    def __init__(
        self,
        headers: Sequence[str],
        newest: Callable[[R], Hashable],
        record_id: Callable[[R], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self._newest = newest
        self._record_id = record_id
        self.records: list[R] = []

    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self.records = sorted(records, key=self._newest, reverse=True)  # type: ignore[arg-type]
        self.endResetModel()

    def record(self, record_id: int) -> R | None:
        return next((r for r in self.records if self._record_id(r) == record_id), None)

    def cells(self, record: R) -> tuple[str, ...]:
        """The text of each column of ``record``'s row."""
        raise NotImplementedError

    def styled(self, record: R, column: int, role: int) -> object:
        """Any other role of a cell (colour, alignment, tool tip); None = Qt's default."""
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(record)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self._record_id(record)
        return self.styled(record, index.column(), role)


class RecordTable(QTableView):
    edit_requested = Signal(int)
    delete_requested = Signal(list)

    def __init__(
        self, model: RecordModel[R], name: str, accessible_name: str, selection_buttons: Sequence[QAbstractButton]
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        self._selection_buttons = tuple(selection_buttons)
        self.doubleClicked.connect(lambda index: self.edit_requested.emit(int(index.data(Qt.ItemDataRole.UserRole))))
        self.selectionModel().selectionChanged.connect(lambda *_: self._enable_buttons())
        self._enable_buttons()

    def show_records(self, model: RecordModel[R], records: Sequence[R]) -> None:
        """Show ``records`` in ``model`` (this table's), keeping the records that were selected selected."""
        selected = set(self.selected_ids())
        model.set_records(records)
        for row in range(model.rowCount()):
            if int(model.index(row, 0).data(Qt.ItemDataRole.UserRole)) in selected:
                self.selectRow(row)
        self._enable_buttons()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ids = self.selected_ids()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and ids:
            self.edit_requested.emit(ids[0])
            return
        if event.matches(QKeySequence.StandardKey.Delete) and ids:
            self.delete_requested.emit(ids)
            return
        super().keyPressEvent(event)

    def selected_ids(self) -> list[int]:
        model = self.model()
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [int(model.index(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows]

    def _enable_buttons(self) -> None:
        has = bool(self.selectionModel().selectedRows())
        for button in self._selection_buttons:
            button.setEnabled(has)
