"""Medicines and supplements taken regularly (issue #17): a list to add to, edit, stop and delete (each change
undoable), and what the NIH fact sheets say about each, for the next visit to the doctor. NutriGap never tells
anyone to stop or change a medicine; "Stopped" records what the user and their doctor decided."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.medicines import Medicine, class_for_name, medicine_classes
from nutrigap.gui.formatting import date_text
from nutrigap.gui.page_base import InlineMessage, WrapLabel
from nutrigap.gui.state import AppState
from nutrigap.gui.undo import UndoableChange
from nutrigap.services import medicines as service

INTRO = (
    "Medicines and supplements you take regularly, with what the NIH Office of Dietary Supplements fact sheets "
    "say they can do to magnesium, calcium, potassium, vitamin D and B12. They appear in the nutrient pop-ups, "
    "the insights and the doctor's report. Never stop or change a medicine without your doctor."
)
COLUMNS = ("Name", "Kind", "Dose", "Started", "Stopped")
AUTO = "auto"  # the class combo's first item: the class the name matches


class MedicineChange(UndoableChange):
    """Adding (``before`` None), editing or deleting (``after`` None) one medicine."""

    def __init__(self, state: AppState, text: str, before: Medicine | None, after: Medicine | None) -> None:
        super().__init__(state, text)
        self.before, self.after = before, after
        self.current_id = None if after is None else after.id

    def announce(self) -> None:
        self.state.medicines_changed.emit()

    def _set(self, target: Medicine | None) -> None:
        ctx = self.state.ctx
        if target is None:
            if self.current_id is not None:
                service.delete_medicine(ctx, self.current_id)
            self.current_id = None
        elif self.current_id is None:
            self.current_id = service.add_medicine(ctx, target).id
        else:
            service.update_medicine(ctx, self.current_id, target)

    def _undo(self) -> None:
        self._set(self.before)

    def _redo(self) -> None:
        self._set(self.after)


def _date_text(day: dt.date | None) -> str:
    """A date for the edit fields, which take YYYY-MM-DD."""
    return "" if day is None else day.isoformat()


def _shown_date(day: dt.date | None) -> str:
    """A date in the table, in the window's one date style."""
    return "" if day is None else date_text(day, weekday=False)


class MedicinesDialog(QDialog):
    """The medicines list with an editor under it."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("medicines-dialog")
        self.setWindowTitle("Medicines and supplements")
        self.medicines: list[Medicine] = []
        intro = WrapLabel(INTRO)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("medicines-table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        self.said = WrapLabel()
        self.said.setObjectName("medicine-interactions")
        self.said.setOpenExternalLinks(True)

        self.name = QLineEdit()
        self.name.setObjectName("medicine-name")
        self.name.setPlaceholderText("e.g. omeprazole 20 mg")
        self.name.textEdited.connect(self._name_typed)
        self.kind = QComboBox()
        self.kind.setObjectName("medicine-class")
        self.kind.addItem("(from the name)", AUTO)
        for cls in medicine_classes().values():
            codes = f" — ATC {', '.join(cls.atc_codes)}" if cls.atc_codes else ""
            self.kind.addItem(f"{cls.name}{codes}", cls.id)
        self.dose = QLineEdit()
        self.dose.setObjectName("medicine-dose")
        self.dose.setPlaceholderText("e.g. 20 mg once a day (optional)")
        self.start = QLineEdit()
        self.start.setObjectName("medicine-start")
        self.start.setPlaceholderText("YYYY-MM-DD (optional)")
        self.stop = QLineEdit()
        self.stop.setObjectName("medicine-stop")
        self.stop.setPlaceholderText("YYYY-MM-DD, empty while you take it")
        self.note = QLineEdit()
        self.note.setObjectName("medicine-note")
        self.note.setPlaceholderText("who prescribed it, what for (optional)")
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Dose:", self.dose)
        form.addRow("&Started:", self.start)
        form.addRow("S&topped:", self.stop)
        form.addRow("N&ote:", self.note)
        self.message = InlineMessage()
        self.message.setObjectName("medicine-problem")

        self.add_button = QPushButton("&Add as new")
        self.save_button = QPushButton("Sa&ve changes")
        self.stop_button = QPushButton("Stopped &today")
        self.delete_button = QPushButton("De&lete")
        self.undo_button = QPushButton("&Undo")
        for button, slot in (
            (self.add_button, self.add),
            (self.save_button, self.save),
            (self.stop_button, self.stopped_today),
            (self.delete_button, self.delete),
            (self.undo_button, self.state.undo_stack.undo),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.stop_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, self.state.undo_stack.undo)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.said)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(760, 620)
        state.medicines_changed.connect(self.reload)
        state.diary_replaced.connect(self.reload)
        self.reload()

    # --- showing ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected()
        self.medicines = service.list_medicines(self.state.ctx)
        classes = medicine_classes()
        self.table.setRowCount(len(self.medicines))
        for row, m in enumerate(self.medicines):
            cells = (m.name, classes[m.class_id].name, m.dose or "", _shown_date(m.start) or "?", _shown_date(m.stop))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        again = [i for i, m in enumerate(self.medicines) if selected is not None and m.name == selected.name]
        if again:
            self.table.selectRow(again[0])
        else:
            self.table.clearSelection()
        self._selected()

    def selected(self) -> Medicine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.medicines[rows[0].row()] if rows and rows[0].row() < len(self.medicines) else None

    def _selected(self) -> None:
        medicine = self.selected()
        for button in (self.save_button, self.stop_button, self.delete_button):
            button.setEnabled(medicine is not None)
        notes = service.medicine_notes(self.medicines if medicine is None else [medicine])
        if not notes:
            nothing = "The NIH fact sheets NutriGap uses say nothing about this kind."
            self.said.setText("" if medicine is None else nothing)
        else:
            self.said.setText(
                "<br>".join(
                    html.escape(n.sentence)
                    + " "
                    + " ".join(f"<a href='{html.escape(url)}'>{_sheet(url)}</a>" for url in n.sources)
                    for n in notes
                )
            )
        if medicine is not None:
            self.name.setText(medicine.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(medicine.class_id)))
            self.dose.setText(medicine.dose or "")
            self.start.setText(_date_text(medicine.start))
            self.stop.setText(_date_text(medicine.stop))
            self.note.setText(medicine.note or "")
        self.message.clear_message()

    def _name_typed(self, text: str) -> None:
        """While the kind is 'from the name', show which class the name matches."""
        if self.kind.currentData() == AUTO:
            cls = medicine_classes()[class_for_name(text)]
            self.kind.setItemText(0, f"(from the name: {cls.name})")

    # --- changing -----------------------------------------------------------------------------------------
    def typed(self) -> Medicine | None:
        """The medicine in the form, checked by the domain; None (and the reason shown) when refused."""
        kind = self.kind.currentData()
        try:
            return service.medicine_from_input(
                self.name.text(),
                None if kind == AUTO else str(kind),
                dose=self.dose.text(),
                start=self.start.text(),
                stop=self.stop.text(),
                note=self.note.text(),
            )
        except NutriGapError as exc:
            self.message.show_message(str(exc))
            return None

    def _push(self, text: str, before: Medicine | None, after: Medicine | None) -> None:
        self.state.undo_stack.push(MedicineChange(self.state, text, before, after))
        self.state.notice.emit(f"{text} — Ctrl+Z undoes it")

    def _run(self, change: object) -> Medicine | None:
        try:
            return change() if callable(change) else None
        except NutriGapError as exc:
            self.message.show_message(str(exc))
            return None

    def add(self) -> bool:
        medicine = self.typed()
        if medicine is None:
            return False
        added = self._run(lambda: service.add_medicine(self.state.ctx, medicine))
        if added is None:
            return False
        self._push(f"Add {added.name}", None, added)
        self._select(added.name)
        return True

    def save(self) -> bool:
        before = self.selected()
        medicine = self.typed()
        if before is None or before.id is None or medicine is None:
            return False
        medicine_id = before.id
        saved = self._run(lambda: service.update_medicine(self.state.ctx, medicine_id, medicine))
        if saved is None:
            return False
        self._push(f"Change {saved.name}", before, saved)
        self._select(saved.name)
        return True

    def stopped_today(self) -> bool:
        before = self.selected()
        if before is None:
            return False
        saved = self._run(lambda: service.stop_medicine(self.state.ctx, before.name, dt.date.today()))
        if saved is None:
            return False
        self._push(f"Record that {saved.name} stopped", before, saved)
        return True

    def delete(self) -> bool:
        before = self.selected()
        if before is None or before.id is None:
            return False
        medicine_id = before.id
        gone = self._run(lambda: service.delete_medicine(self.state.ctx, medicine_id))
        if gone is None:
            return False
        self._push(f"Delete {gone.name}", gone, None)
        return True

    def _select(self, name: str) -> None:
        for row, m in enumerate(self.medicines):
            if m.name == name:
                self.table.selectRow(row)


def _sheet(url: str) -> str:
    """'https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/' → 'ODS: Magnesium'."""
    name = url.rstrip("/").rsplit("/", 1)[-1].removesuffix("-HealthProfessional")
    return "ODS: " + {"VitaminD": "Vitamin D", "VitaminB12": "Vitamin B12"}.get(name, name)
