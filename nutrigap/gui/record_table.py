"""A table of the person's records (twitch episodes, blood test results) that edits and deletes from the keyboard:
Enter or F2 asks to change the first selected record, Delete to delete the selected ones. Each row's record id is
in column 0 under ``Qt.UserRole``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView

__all__ = ["RecordTable"]


class RecordTable(QTableView):
    edit_requested = Signal(int)
    delete_requested = Signal(list)

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
