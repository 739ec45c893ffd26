"""The "Blood tests" page: every blood test result, newest first, with its range and how it compares (Enter or a
double-click changes a result, Delete deletes it, Ctrl+Z undoes), and what the ranges mean (issue #17)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.labs import ABOVE, BELOW, LabResult, band_of, band_text, format_range
from nutrigap.gui.formatting import date_text
from nutrigap.gui.page_base import DisclaimerBanner, WrapLabel
from nutrigap.gui.pages.labs_commands import delete_lab_results
from nutrigap.gui.pages.labs_dialog import LabDialog
from nutrigap.gui.record_table import RecordModel, RecordTable
from nutrigap.gui.state import AppState
from nutrigap.services import labs

HEADERS = ("Date", "Test", "Value", "Range", "Compared with the range", "Note")
LABS_DISCLAIMER = (
    "A value outside a range is a reason to talk to your doctor, not a diagnosis; ranges differ between labs, and "
    "the lab's own range is always the one used when you typed it. Default ranges: 25(OH)D IOM 2011; magnesium, "
    "potassium and vitamin B12 NIH ODS fact sheets; total calcium a typical adult interval (use the lab's)."
)
#: text colour of a value outside its range (the red of InlineMessage, readable on light and dark)
OUTSIDE = QColor("#d6453d")


class LabModel(RecordModel[LabResult]):
    """Results newest first, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, lambda r: (r.day, r.id), lambda r: r.id, parent)

    def cells(self, record: LabResult) -> tuple[str, ...]:
        value = f"{record.value:g} {record.unit}"
        if record.unit != record.canonical_unit:
            value += f"  (= {record.canonical_value:.3g} {record.canonical_unit})"
        return (
            date_text(record.day),
            record.name,
            value,
            format_range(record),
            record.flag_words or "no range to compare with",
            record.note or "",
        )

    def styled(self, record: LabResult, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and column in (2, 4) and record.flag in (BELOW, ABOVE):
            return QBrush(OUTSIDE)
        if role == Qt.ItemDataRole.ToolTipRole and column in (4, 5):
            return _explained(record) if column == 4 else record.note
        return None


def _explained(r: LabResult) -> str:
    """The comparison with the default range's band spelled out ('under 30 nmol/L: at risk … (IOM 2011)')."""
    band = None if r.range_source in (None, "lab") else band_of(r.analyte, r.canonical_value)
    return f"{r.flag_words}; {band_text(band)}" if band else r.flag_words


class LabsPage(QWidget):
    """Blood test results: a table with add, change and delete (undoable)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("labs-page")
        self.add_button = QPushButton("&Add result…")  # Alt+A: the page works from the keyboard
        self.add_button.setToolTip("Record a blood test result as the lab report prints it")
        self.edit_button = QPushButton("&Change…")
        self.delete_button = QPushButton("&Delete")
        self.count = QLabel()
        self.count.setObjectName("labs-count")
        top = QHBoxLayout()
        title = QLabel("<b>Blood test results</b>")
        top.addWidget(title)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        self.model = LabModel(self)
        self.table = RecordTable(self.model, "labs-table", "Blood test results", (self.edit_button, self.delete_button))
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = WrapLabel(
            "No blood test results yet. When you have a lab report, “Add result…” records each value with its "
            "unit and the lab's range; the trend chart then marks it beside your intake of that nutrient, and the "
            "doctor's report lists it."
        )
        self.empty.setObjectName("labs-empty")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(DisclaimerBanner(LABS_DISCLAIMER))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

        self.add_button.clicked.connect(self.add_result)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(lambda: self.delete_results(self.table.selected_ids()))
        self.table.edit_requested.connect(self.edit_result)
        self.table.delete_requested.connect(self.delete_results)
        state.labs_changed.connect(self.reload)
        state.diary_replaced.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        results = labs.list_results(self.state.ctx)
        self.table.show_records(self.model, results)
        tests = len({r.analyte for r in results})
        self.count.setText(
            f"{len(results)} result{'s' * (len(results) != 1)} of {tests} test{'s' * (tests != 1)}" if results else ""
        )
        self.empty.setVisible(not results)

    def add_result(self) -> LabDialog:
        return self._open(LabDialog(self.state, self))

    def edit_selected(self) -> None:
        ids = self.table.selected_ids()
        if ids:
            self.edit_result(ids[0])

    def edit_result(self, result_id: int) -> LabDialog | None:
        result = self.model.record(result_id)
        return None if result is None else self._open(LabDialog(self.state, self, result=result))

    def delete_results(self, ids: list[int]) -> None:
        try:
            delete_lab_results(self.state, ids)
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))

    @staticmethod
    def _open(dialog: LabDialog) -> LabDialog:
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog
