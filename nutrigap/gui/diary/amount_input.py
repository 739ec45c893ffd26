"""Typing an amount: a number field and a portion list side by side, checked as you type, with the reason shown
right under the field when it is refused, and a live preview of what the amount adds to the five nutrients."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.units import display_unit, to_display
from nutrigap.gui.formatting import number
from nutrigap.services import portions
from nutrigap.services.views import FoodDetails

if TYPE_CHECKING:
    from nutrigap.services.quick_log import AmountPreview

ERROR_STYLE = "color: #d6453d;"


def error_label() -> QLabel:
    """A label for the reason a field refuses its input (hidden while the input is fine)."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName("Input problem")
    label.hide()
    return label


def show_problem(field: QWidget, label: QLabel, problem: str | None) -> None:
    """Show ``problem`` under ``field`` (and mark the field), or clear both."""
    label.setText(problem or "")
    label.setVisible(bool(problem))
    field.setProperty("invalid", bool(problem))
    field.setStyleSheet("border: 1px solid #d6453d;" if problem else "")
    field.setAccessibleDescription(problem or "")


class ElidingComboBox(QComboBox):
    """A combo box whose closed text ends in "…" when it does not fit (USDA labels such as "1 large pot (60 FO,
    12 servings) (1800 g)"); the whole label is the tooltip and shows in the open list."""

    def shown_text(self) -> str:
        """The current text as drawn: elided to the width of the box's text field."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, field.width())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class AmountInput(QWidget):
    """Amount and portion of one food. :meth:`grams` is None while the input is refused (see :attr:`problem`)."""

    changed = Signal()
    #: Enter pressed in the amount field while the amount is acceptable; True with Ctrl ("add and next")
    submitted = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details: FoodDetails | None = None
        self.quantity = QLineEdit()
        self.quantity.setAccessibleName("Amount")
        self.quantity.setPlaceholderText("amount")
        self.quantity.setMaximumWidth(90)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.portion = ElidingComboBox()
        self.portion.setAccessibleName("Portion or unit")
        self.portion.setMinimumContentsLength(18)
        self.portion.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.weight = QLabel()
        self.weight.setAccessibleName("Weight in grams")
        self.weight.setMinimumWidth(70)
        self.problem_label = error_label()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.quantity)
        row.addWidget(self.portion, 1)
        row.addWidget(self.weight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        self.problem: str | None = None
        self._grams: float | None = None
        self._unit: str | None = None
        self.quantity.textChanged.connect(self._check)
        self.portion.currentIndexChanged.connect(self._check)
        self.portion.currentTextChanged.connect(self.portion.setToolTip)
        self.quantity.installEventFilter(self)
        self.setFocusProxy(self.quantity)
        self.setEnabled(False)

    def set_food(self, details: FoodDetails | None, quantity: float | None = None, unit: str | None = None) -> None:
        """Offer ``details``' portions, pre-filled with ``quantity`` ``unit`` (or one natural portion)."""
        self.details = details
        self.portion.blockSignals(True)
        self.portion.clear()
        if details is not None:
            for option in details.portions:
                self.portion.addItem(option.label, option.unit)
                # a long USDA label is elided in the closed box; its whole text is a tooltip away
                self.portion.setItemData(self.portion.count() - 1, option.label, Qt.ItemDataRole.ToolTipRole)
        self.portion.blockSignals(False)
        # the list shows whole labels ('1 cup, chopped (30 g)') even when the closed box is narrower
        self.portion.view().setMinimumWidth(self.portion.view().sizeHintForColumn(0) + 24)
        self.setEnabled(details is not None)
        if details is None:
            self.quantity.clear()
            self._check()
            return
        if quantity is None or unit is None:
            quantity, unit = default_amount(details)
        index = self._find_unit(unit)
        self.portion.setCurrentIndex(max(0, index))
        self.quantity.setText(f"{quantity:g}")
        self._check()

    def _find_unit(self, unit: str) -> int:
        for i in range(self.portion.count()):
            if self.portion.itemData(i) == unit:
                return i
        return -1

    def _check(self) -> None:
        from nutrigap.services import food_search as foods

        self._grams, self._unit = None, None
        problem: str | None = None
        if self.details is not None:
            try:
                self._grams, self._unit = foods.grams_for(
                    self.details.portions, self.quantity_text(), str(self.portion.currentData() or "g")
                )
            except InvalidInput as exc:
                problem = str(exc)
        self.problem = problem
        show_problem(self.quantity, self.problem_label, problem)
        if self.details is not None and not self.details.weight_known:
            self.weight.setText("weight not known")  # imported without one: its 100 g are nominal
        else:
            self.weight.setText("" if self._grams is None or self._unit == "g" else f"= {number(self._grams)} g")
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.quantity and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._grams is not None:
                    self.submitted.emit(bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
                return True  # a refused amount stays; its reason is already shown
        return super().eventFilter(watched, event)

    def grams(self) -> float | None:
        return self._grams

    def unit(self) -> str | None:
        return self._unit

    def quantity_text(self) -> str:
        """The amount typed, read in the field's locale: "1,000" is a thousand in English, one in German."""
        return locale_amount_text(self.quantity.text(), self.quantity.locale())


def locale_amount_text(text: str, locale: QLocale) -> str:
    """``text`` as a plain number ("1000", "1.5") when ``locale`` reads it as one; otherwise unchanged, so the
    domain's rules apply ("1/2", "1,5" outside a comma-decimal locale)."""
    value, ok = locale.toDouble(text.strip())
    if ok and math.isfinite(value):
        return f"{value:.15g}"
    return text


def default_amount(details: FoodDetails) -> tuple[float, str]:
    """The amount a new entry starts with (services.portions.default_amount: never an undetermined serving)."""
    return portions.default_amount(details)


class NutrientPreview(QWidget):
    """What an amount adds: energy and the five nutrients, each with its share of the day's target."""

    def __init__(self, title: str = "This adds", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{title}</b>")
        self.values: dict[Nutrient | str, QLabel] = {}
        self.percents: dict[Nutrient, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.title, 0, 0, 1, 3)
        energy_value = QLabel()
        energy_value.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(QLabel("Energy"), 1, 0)
        grid.addWidget(energy_value, 1, 1)
        self.values["energy"] = energy_value
        for row, nutrient in enumerate(TRACKED, start=2):
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            percent = QLabel()
            percent.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(QLabel(nutrient.label), row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(percent, row, 2)
            self.values[nutrient] = value
            self.percents[nutrient] = percent
        grid.setColumnStretch(0, 1)
        self.setAccessibleName(title)
        self.show_preview(None, {}, "µg")

    def show_preview(self, preview: AmountPreview | None, targets: dict[Nutrient, Target], vitamin_d_unit: str) -> None:
        self.values["energy"].setText(
            "–" if preview is None or preview.energy_kcal is None else f"{number(preview.energy_kcal)} kcal"
        )
        parts = []
        for nutrient in TRACKED:
            amount = None if preview is None else preview.nutrients.get(nutrient)
            unit = display_unit(nutrient, vitamin_d_unit)
            if preview is None:
                text, percent = "–", ""
            elif amount is None:
                text, percent = "unknown", ""
            else:
                text = f"{number(to_display(nutrient, amount, vitamin_d_unit))} {unit}"
                target = targets.get(nutrient)
                percent = f"{100 * amount / target.target:.0f}% of {target.target_kind}" if target else ""
            self.values[nutrient].setText(text)
            self.percents[nutrient].setText(percent)
            parts.append(f"{nutrient.label} {text} {percent}")
        self.setAccessibleDescription("; ".join(parts))
