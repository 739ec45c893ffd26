"""The form that adds or changes one blood test result: the day, the test, the value and unit as the lab report
prints them, the lab's own range if it gives one, a note. A refused value keeps the form open with the reason
under it (negative, implausible, a unit the test is not reported in); nothing is written until it is accepted.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain import labs as domain
from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.labs import LabResult
from nutrigap.gui.formatting import date_edit_format
from nutrigap.gui.page_base import InlineMessage, WrapLabel
from nutrigap.gui.pages.labs_commands import LabInput, add_lab_result, edit_lab_result
from nutrigap.gui.state import AppState

OTHER = "other"
LAB_HELP = (
    "Type the value and the unit exactly as the lab report prints them; NutriGap converts them exactly. If the "
    "report prints a reference range, type it too: the lab's own range is always the one compared with. "
    "NutriGap says whether a value is inside a range; it does not diagnose."
)


class LabDialog(QDialog):
    """Add a result (``result`` None) or change ``result``; :attr:`saved` holds what was stored."""

    def __init__(self, state: AppState, parent: QWidget | None = None, *, result: LabResult | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.editing = result
        self.saved: LabResult | None = None
        self.setObjectName("lab-dialog")
        self.setWindowTitle("Change blood test result" if result else "Add blood test result")
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(date_edit_format())
        self.day.setMaximumDate(QDate.currentDate())
        self.analyte = QComboBox()
        self.analyte.setAccessibleName("Blood test")
        for known in domain.analytes().values():
            self.analyte.addItem(known.name, known.id)
        self.analyte.addItem("Other test…", OTHER)
        self.other = QLineEdit()
        self.other.setPlaceholderText("name, e.g. ferritin")
        self.other.setAccessibleName("Name of the other test")
        self.value = QLineEdit()
        self.value.setAccessibleName("Value")
        self.value.setPlaceholderText("e.g. 0.78")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        self.range = QLineEdit()
        self.range.setAccessibleName("The lab's reference range")
        self.range.setPlaceholderText("as printed, e.g. 0.70-1.00 (optional)")
        self.range_unit = QLabel()
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(domain.MAX_NOTE)

        test_row = QHBoxLayout()
        test_row.addWidget(self.analyte)
        test_row.addWidget(self.other, 1)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value, 1)
        value_row.addWidget(self.unit)
        range_row = QHBoxLayout()
        range_row.addWidget(self.range, 1)
        range_row.addWidget(self.range_unit)
        form = QFormLayout()
        for text, buddy, field in (
            ("&Date taken:", self.day, self.day),
            ("&Test:", self.analyte, test_row),
            ("&Value:", self.value, value_row),
            ("Lab's &range:", self.range, range_row),
            ("&Note:", self.note, self.note),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        self.message = InlineMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(WrapLabel(LAB_HELP))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

        self.analyte.currentIndexChanged.connect(self._analyte_changed)
        self.unit.currentTextChanged.connect(self._unit_changed)
        self._fill(result)
        self.value.setFocus()

    def _fill(self, result: LabResult | None) -> None:
        day = result.day if result else min(self.state.day, dt.date.today())
        self.day.setDate(QDate(day.year, day.month, day.day))
        if result is None:
            self._analyte_changed()
            return
        if domain.is_other(result.analyte):
            self.analyte.setCurrentIndex(self.analyte.findData(OTHER))
            self.other.setText(result.name)
        else:
            self.analyte.setCurrentIndex(self.analyte.findData(result.analyte))
        self._analyte_changed()
        self.unit.setCurrentText(result.unit)
        self.value.setText(f"{result.value:g}")
        if result.range_low is not None or result.range_high is not None:
            low, high = result.range_low, result.range_high
            unit = result.range_unit or result.unit
            if unit != result.unit:  # shown in the result's unit, as the form edits it
                low = None if low is None else domain.from_canonical(
                    result.analyte, domain.to_canonical(result.analyte, low, unit), result.unit
                )  # fmt: skip
                high = None if high is None else domain.from_canonical(
                    result.analyte, domain.to_canonical(result.analyte, high, unit), result.unit
                )  # fmt: skip
            self.range.setText(f">{low:g}" if high is None else f"<{high:g}" if low is None else f"{low:g}-{high:g}")
        self.note.setText(result.note or "")

    def _analyte_changed(self) -> None:
        chosen = self.analyte.currentData()
        other = chosen == OTHER
        self.other.setVisible(other)
        self.unit.setEditable(other)
        self.unit.clear()
        if not other:
            self.unit.addItems(list(domain.analytes()[str(chosen)].units))
        self._unit_changed(self.unit.currentText())

    def _unit_changed(self, unit: str) -> None:
        self.range_unit.setText(unit)

    def analyte_id(self) -> str:
        chosen = str(self.analyte.currentData())
        return f"{domain.OTHER_PREFIX}{self.other.text().strip()}" if chosen == OTHER else chosen

    def save(self) -> None:
        """Store the result through the window's undoable commands, or show why it is refused."""
        picked = self.day.date().toPython()
        assert isinstance(picked, dt.date)
        given = LabInput(
            picked, self.analyte_id(), self.value.text(), self.unit.currentText(), self.range.text(), self.note.text()
        )
        try:
            given.check()
            if self.editing is None:
                self.saved = add_lab_result(self.state, given)
            else:
                self.saved = edit_lab_result(self.state, self.editing, given)
        except NutriGapError as exc:
            self.message.show_message(str(exc))
            return
        self.accept()
