"""Changing an entry (amount, portion, meal, date, note) and copying a meal or a whole day to another date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import EARLIEST_DATE, LATEST_DATE, Meal
from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.wording import plural
from nutrigap.gui.diary.amount_input import AmountInput, NutrientPreview, error_label
from nutrigap.gui.formatting import MEAL_LABELS, date_edit_format, long_date
from nutrigap.gui.state import AppState
from nutrigap.services import quick_log
from nutrigap.services.views import EntryView, FoodDetails


def date_edit(day: dt.date) -> QDateEdit:
    """A date field with a calendar pop-up that cannot hold an impossible or out-of-range date."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    edit.setMinimumDate(QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day))
    edit.setMaximumDate(QDate(LATEST_DATE.year, LATEST_DATE.month, LATEST_DATE.day))
    edit.setAccessibleName("Date")
    return edit


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def meal_combo(meal: Meal) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName("Meal")
    for m in Meal:
        combo.addItem(MEAL_LABELS[m], m)
    combo.setCurrentIndex(list(Meal).index(meal))
    return combo


class EditEntryDialog(QDialog):
    """Change one entry; OK is only possible while every field is acceptable, and saves all fields at once."""

    def __init__(self, state: AppState, entry: EntryView, parent: QWidget | None = None) -> None:
        from nutrigap.services import food_search as foods
        from nutrigap.services import profile

        super().__init__(parent)
        self.state = state
        self.entry = entry
        self.setWindowTitle(f"Change {entry.food_name}")
        self.setObjectName("edit-entry-dialog")
        name = QLabel(f"<b>{entry.food_name}</b>")
        name.setWordWrap(True)
        self.amount = AmountInput()
        self.meal = meal_combo(Meal(entry.meal))
        self.date = date_edit(entry.day)
        self.note = QLineEdit(entry.note or "")
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("optional, e.g. 'homemade' or 'ate half'")
        self.note.setMaxLength(2000)
        self.preview = NutrientPreview("This entry supplies")
        self.problem = error_label()
        self.targets = profile.targets(state.ctx, entry.day)
        form = QFormLayout()
        form.addRow(name)
        form.addRow("Amount", self.amount)
        form.addRow("Meal", self.meal)
        form.addRow("Date", self.date)
        form.addRow("Note", self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.amount.changed.connect(self._update)
        self.amount.submitted.connect(self._submitted)
        self.details: FoodDetails | None = None
        try:
            self.details = foods.food_details(state.ctx, entry.food_id)
        except NutriGapError as exc:
            self.details = None
            self.problem.setText(str(exc))
            self.problem.show()
        self.amount.set_food(self.details, entry.quantity, entry.unit)
        self.amount.quantity.setFocus()
        self.amount.quantity.selectAll()

    def _submitted(self, _and_next: bool) -> None:
        self.save()

    def _update(self) -> None:
        grams = self.amount.grams()
        preview = None if self.details is None or grams is None else quick_log.preview_amount(self.details, grams)
        self.preview.show_preview(preview, self.targets, self.state.vitamin_d_unit)
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(preview is not None)

    def save(self) -> None:
        grams, unit = self.amount.grams(), self.amount.unit()
        if grams is None or unit is None:
            self.amount.quantity.setFocus()
            return
        e = self.entry
        quantity = self.amount.quantity_text()
        try:
            same_amount = float(quantity.replace(",", ".")) == e.quantity and unit == e.unit
        except ValueError:
            same_amount = False
        meal = Meal(self.meal.currentData())
        day = to_date(self.date.date())
        note = self.note.text().strip()
        new_quantity = None if same_amount else quantity
        new_unit = None if same_amount else unit
        new_meal = None if meal.value == e.meal else meal
        new_day = None if day == e.day else day
        new_note = None if note == (e.note or "") else note
        if (new_quantity, new_unit, new_meal, new_day, new_note) == (None,) * 5:
            self.accept()
            return
        try:
            self.state.edit_entry(e.id, quantity=new_quantity, unit=new_unit, meal=new_meal, day=new_day, note=new_note)
        except NutriGapError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()


SELECTED = "selected"


class CopyDialog(QDialog):
    """Copy the whole day, one meal of it, or the selected entries to another date (same meals)."""

    def __init__(
        self,
        state: AppState,
        meal: Meal | None = None,
        parent: QWidget | None = None,
        selected: list[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.selected = list(selected or [])
        self.setWindowTitle("Copy to another day")
        self.setObjectName("copy-dialog")
        self.what = QComboBox()
        self.what.setAccessibleName("What to copy")
        self.what.addItem(f"The whole day ({long_date(state.day)})", None)
        for m in Meal:
            count = sum(1 for e in state.entries() if e.meal == m.value)
            self.what.addItem(f"{MEAL_LABELS[m]} ({plural(count, 'entry', 'entries')})", m)
        if self.selected:
            self.what.addItem(f"The {plural(len(self.selected), 'selected entry', 'selected entries')}", SELECTED)
            self.what.setCurrentIndex(self.what.count() - 1)
        elif meal is not None:
            self.what.setCurrentIndex(1 + list(Meal).index(meal))
        self.target = date_edit(state.day + dt.timedelta(days=1))
        self.target.setAccessibleName("Copy to date")
        self.problem = error_label()
        form = QFormLayout()
        form.addRow("Copy", self.what)
        form.addRow("To", self.target)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Copy")
        self.buttons.accepted.connect(self.copy)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.copied: list[EntryView] = []

    def copy(self) -> None:
        chosen = self.what.currentData()
        to_day = to_date(self.target.date())
        try:
            if chosen == SELECTED:
                self.copied = self.state.copy_entries(self.selected, to_day)
            else:
                meal = Meal(chosen) if chosen else None  # combo data come back as plain str
                self.copied = self.state.copy_day(self.state.day, to_day, meal)
        except NutriGapError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()
