"""Editors for the user's own foods: a custom food typed from a nutrition label (per serving or per 100 g) and a
supplement (amounts per tablet, capsule or drop). Each field refuses bad input as it is typed, with the reason
under it; Save stays disabled until everything is acceptable, and saving is all or nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import InvalidInput, NutriGapError
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED, Nutrient
from nutrigap.domain.units import MAX_ENTRY_GRAMS, display_unit, from_display, parse_decimal, to_display
from nutrigap.gui.diary.amount_input import error_label, locale_amount_text, show_problem
from nutrigap.gui.formatting import number
from nutrigap.gui.state import AppState
from nutrigap.services import my_foods as foods
from nutrigap.services.views import FoodDetails

#: A label value above this is a typo, not a food (1 kg of pure calcium is 1,000,000 mg).
MAX_LABEL_VALUE = 1_000_000.0


def parse_optional_number(text: str, what: str, maximum: float = MAX_LABEL_VALUE) -> float | None:
    """An empty field is unknown (None); otherwise a number from 0 to ``maximum``, or ValueError with a reason."""
    raw = text.strip()
    if not raw:
        return None
    try:  # read in the window's locale first ("1,000" is a thousand in English, one in German)
        value = parse_decimal(locale_amount_text(raw, QLocale()))
    except InvalidInput as exc:
        raise ValueError(f"{what}: {exc}") from None
    except ValueError as exc:  # parse_decimal says "finite" for NaN and infinity
        reason = "must be a finite number" if "finite" in str(exc) else f"'{raw}' is not a number"
        raise ValueError(f"{what}: {reason}.") from None
    if value < 0:
        raise ValueError(f"{what}: cannot be negative.")
    if value > maximum:
        raise ValueError(f"{what}: {value:g} is not plausible (at most {maximum:,.0f}).")
    return value


class NumberField(QWidget):
    """A number field with its unit after it (a choice of units if several) and its problem under it."""

    changed = Signal()

    def __init__(
        self,
        what: str,
        unit: str,
        *,
        units: tuple[str, ...] = (),
        required: bool = False,
        maximum: float = MAX_LABEL_VALUE,
        placeholder: str = "",
    ) -> None:
        super().__init__()
        self.what = what
        self.required = required
        self.maximum = maximum
        self.edit = QLineEdit()
        self.edit.setAccessibleName(f"{what} [{unit}]" if unit else what)
        self.edit.setPlaceholderText(placeholder or ("required" if required else "unknown"))
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMaximumWidth(120)
        self.unit_choice: QComboBox | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        if units:
            self.unit_choice = QComboBox()
            self.unit_choice.addItems(list(units))
            self.unit_choice.setCurrentText(unit)
            self.unit_choice.setAccessibleName(f"{what} unit")
            self.unit_choice.currentTextChanged.connect(self._unit_changed)
            row.addWidget(self.unit_choice)
        else:
            row.addWidget(QLabel(unit))
        row.addStretch(1)
        self.problem_label = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        self.setFocusProxy(self.edit)
        self.problem: str | None = None
        self.value: float | None = None
        self.edit.textChanged.connect(self.check)
        self.check()

    @property
    def unit(self) -> str:
        return self.unit_choice.currentText() if self.unit_choice is not None else ""

    def _unit_changed(self, unit: str) -> None:
        self.edit.setAccessibleName(f"{self.what} [{unit}]")
        self.changed.emit()

    def check(self) -> None:
        self.problem, self.value = None, None
        try:
            self.value = parse_optional_number(self.edit.text(), self.what, self.maximum)
        except ValueError as exc:
            self.problem = str(exc)
        if self.problem is None and self.value is None and self.required and self.edit.isModified():
            self.problem = f"{self.what}: required."
        show_problem(self.edit, self.problem_label, self.problem)
        self.changed.emit()

    def ok(self) -> bool:
        return self.problem is None and not (self.required and self.value is None)

    def set_value(self, value: float | None) -> None:
        self.edit.setText("" if value is None else number(value).replace(",", ""))


class NutrientFields(QGroupBox):
    """Energy and the five nutrients. Vitamin D can be typed in µg or IU whatever the display preference."""

    changed = Signal()

    def __init__(
        self, title: str, vitamin_d_unit: str, *, energy: bool = True, note: str = "", empty: str = "unknown"
    ) -> None:
        super().__init__(title)
        self.fields: dict[Nutrient | str, NumberField] = {}
        form = QFormLayout(self)
        if energy:
            self.fields["energy"] = NumberField("Energy", "kcal")
            form.addRow("Energy", self.fields["energy"])
        for nutrient in TRACKED:
            units = ("µg", "IU") if nutrient is Nutrient.VITAMIN_D else ()
            field = NumberField(nutrient.label, display_unit(nutrient, vitamin_d_unit), units=units, placeholder=empty)
            self.fields[nutrient] = field
            form.addRow(nutrient.label, field)
        for field in self.fields.values():
            field.changed.connect(self.changed)
        label = QLabel(note or "Leave a value empty if the label does not give it: it counts as unknown, not as zero.")
        label.setWordWrap(True)
        form.addRow(label)

    def ok(self) -> bool:
        return all(f.ok() for f in self.fields.values())

    def values(self, scale: float = 1.0) -> dict[int, float | None]:
        """FDC nutrient id -> amount in the stored unit (µg for vitamin D), times ``scale``; None = unknown."""
        out: dict[int, float | None] = {}
        for key, field in self.fields.items():
            nutrient_id = key.fdc_id if isinstance(key, Nutrient) else ENERGY_KCAL
            value = field.value
            if value is not None and isinstance(key, Nutrient):
                value = from_display(key, value, field.unit or "µg")
            out[nutrient_id] = None if value is None else value * scale
        return out

    def set_values(self, per_amount: dict[int, float]) -> None:
        """Fill from FDC nutrient id -> amount in the stored unit."""
        for key, field in self.fields.items():
            if isinstance(key, Nutrient):
                value = per_amount.get(key.fdc_id)
                field.set_value(None if value is None else to_display(key, value, field.unit or "µg"))
            else:
                field.set_value(per_amount.get(ENERGY_KCAL))


class _EditorDialog(QDialog):
    """The frame both editors share: the name (with its problem under it) and the brand at the top of
    :attr:`form` (each editor adds its own rows below), then the editor's parts, a problem line and Save/Cancel;
    Save is enabled only while the form is acceptable, and saving is all or nothing."""

    saved = Signal(object)

    def __init__(
        self,
        state: AppState,
        title: str,
        parent: QWidget | None,
        *,
        details: FoodDetails | None,
        name_label: str,
        name_example: str,
        brand: bool = True,
    ) -> None:
        """``brand``: whether the form has a Brand row (a recipe has none)."""
        super().__init__(parent)
        self.state = state
        self.existing = details
        self.setWindowTitle(title)
        self.name = QLineEdit()
        self.name.setAccessibleName(name_label)
        self.name.setPlaceholderText(name_example)
        self.name.setMaxLength(200)
        self.name_problem = error_label()
        self.head = QWidget()
        self.form = QFormLayout(self.head)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Name", self.name)
        self.form.addRow("", self.name_problem)
        self.brand: QLineEdit | None = None
        if brand:
            self.brand = QLineEdit()
            self.brand.setAccessibleName("Brand")
            self.brand.setPlaceholderText("optional")
            self.form.addRow("Brand", self.brand)
        self.problem = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.result_details: FoodDetails | None = None
        self.setMinimumWidth(440)

    def _finish_layout(self, *parts: QWidget) -> None:
        """Lay out the head (name, brand and the editor's rows), then ``parts``, the problem line and the buttons."""
        layout = QVBoxLayout(self)
        for part in (self.head, *parts):
            layout.addWidget(part)
        layout.addStretch(1)  # spare height (wrapped labels need less at full width) goes above the buttons
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def set_can_save(self, ok: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def _fill_name(self, details: FoodDetails) -> None:
        self.name.setText(details.name)
        if self.brand is not None:
            self.brand.setText(details.brand or "")

    def _brand_text(self) -> str | None:
        """The brand typed, or None (none typed, or no Brand row)."""
        return (self.brand.text().strip() or None) if self.brand is not None else None

    def _name_ok(self, missing: str) -> bool:
        """Show ``missing`` under an emptied name (not before the user typed); True when there is a name."""
        name_problem = None if self.name.text().strip() or not self.name.isModified() else missing
        show_problem(self.name, self.name_problem, name_problem)
        return bool(self.name.text().strip())

    def save(self) -> None:
        raise NotImplementedError

    def _save_with(self, write: Callable[[], FoodDetails]) -> None:
        """Save through the services: done and closed, or the refusal shown and nothing changed."""
        try:
            details = write()
        except NutriGapError as exc:
            self._refused(exc)
            return
        self._saved(details)

    def _saved(self, details: FoodDetails) -> None:
        self.result_details = details
        self.state.foods_changed.emit()
        self.saved.emit(details)
        self.accept()

    def _refused(self, exc: NutriGapError) -> None:
        self.problem.setText(str(exc))
        self.problem.show()


class CustomFoodDialog(_EditorDialog):
    """A custom food from a nutrition label: values per serving (with the serving's weight) or per 100 g."""

    def __init__(self, state: AppState, details: FoodDetails | None = None, parent: QWidget | None = None) -> None:
        super().__init__(
            state,
            "Change custom food" if details else "New custom food",
            parent,
            details=details,
            name_label="Food name",
            name_example="e.g. Oat muesli, Brand X",
        )
        self.setObjectName("custom-food-dialog")
        self.per_100 = QRadioButton("per 100 g")
        self.per_serving = QRadioButton("per serving")
        self.per_100.setChecked(True)
        basis_group = QButtonGroup(self)
        basis_group.addButton(self.per_100)
        basis_group.addButton(self.per_serving)
        basis = QHBoxLayout()
        basis.addWidget(self.per_100)
        basis.addWidget(self.per_serving)
        basis.addStretch(1)
        self.serving_label = QLineEdit("serving")
        self.serving_label.setAccessibleName("Serving name")
        self.serving_label.setMaxLength(100)
        self.serving_grams = NumberField("Serving weight", "g", maximum=MAX_ENTRY_GRAMS, placeholder="optional")
        self.form.addRow("Values are", basis)
        self.form.addRow("Serving name", self.serving_label)
        self.form.addRow("Serving weight", self.serving_grams)
        self.nutrients = NutrientFields("Nutrition label", state.vitamin_d_unit)
        self._finish_layout(self.nutrients)
        self.name.textChanged.connect(self._check)
        self.per_serving.toggled.connect(self._check)
        self.serving_grams.changed.connect(self._check)
        self.nutrients.changed.connect(self._check)
        if details is not None:
            self._fill_name(details)
            if details.serving_grams:
                self.serving_label.setText(details.serving_label or "serving")
                self.serving_grams.set_value(details.serving_grams)
            self.nutrients.set_values(details.per100())
        self.name.setFocus()
        self._check()

    def _check(self) -> None:
        has_name = self._name_ok("A food needs a name.")
        self.serving_grams.required = self.per_serving.isChecked()
        self.serving_grams.edit.setPlaceholderText("required" if self.per_serving.isChecked() else "optional")
        self.nutrients.setTitle(
            "Nutrition label, per serving" if self.per_serving.isChecked() else "Nutrition label, per 100 g"
        )
        ok = has_name and self.serving_grams.ok() and self.nutrients.ok()
        if self.per_serving.isChecked() and self.serving_grams.value is None:
            ok = False
        self.set_can_save(ok)

    def save(self) -> None:
        data = foods.CustomFoodInput(
            name=self.name.text(),
            nutrients=self.nutrients.values(),
            per_serving=self.per_serving.isChecked(),
            serving_label=self.serving_label.text().strip() or "serving",
            serving_grams=self.serving_grams.value,
            brand=self._brand_text(),
        )
        existing = self.existing
        if existing is None:
            self._save_with(lambda: foods.create_custom_food(self.state.ctx, data))
        else:
            self._save_with(lambda: foods.update_custom_food(self.state.ctx, existing.id, data))


SUPPLEMENT_UNITS = ("tablet", "capsule", "softgel", "drop", "ml", "scoop", "gummy", "sachet")


class SupplementDialog(_EditorDialog):
    """A supplement: what one unit (tablet, capsule, drop …) contains, as on its label."""

    def __init__(self, state: AppState, details: FoodDetails | None = None, parent: QWidget | None = None) -> None:
        super().__init__(
            state,
            "Change supplement" if details else "New supplement",
            parent,
            details=details,
            name_label="Supplement name",
            name_example="e.g. Magnesium glycinate 200 mg",
        )
        self.setObjectName("supplement-dialog")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(SUPPLEMENT_UNITS)
        self.unit.setAccessibleName("Unit")
        self.unit_grams = NumberField("Weight of one unit", "g", maximum=MAX_ENTRY_GRAMS, placeholder="1")
        self.form.addRow("One unit is a", self.unit)
        self.form.addRow("Unit weight", self.unit_grams)
        self.nutrients = NutrientFields(
            "Per unit, as on the label",
            state.vitamin_d_unit,
            energy=False,
            empty="none",
            note="Give elemental amounts (magnesium glycinate 1,000 mg is about 140 mg magnesium). Nutrients left "
            "empty count as none: a supplement label lists what it contains.",
        )
        self._finish_layout(self.nutrients)
        self.name.textChanged.connect(self._check)
        self.unit_grams.changed.connect(self._check)
        self.nutrients.changed.connect(self._check)
        if details is not None:
            self._fill_name(details)
            self.unit.setCurrentText(details.serving_label or "unit")
            grams = details.serving_grams or 1.0
            self.unit_grams.set_value(grams)
            self.nutrients.set_values({k: v * grams / 100.0 for k, v in details.per100().items()})
        self.name.setFocus()
        self._check()

    def _check(self) -> None:
        has_name = self._name_ok("A supplement needs a name.")
        has_amount = any((f.value or 0) > 0 for f in self.nutrients.fields.values())
        self.set_can_save(has_name and self.unit_grams.ok() and self.nutrients.ok() and has_amount)

    def save(self) -> None:
        data = foods.SupplementInput(
            name=self.name.text(),
            unit_label=self.unit.currentText(),
            nutrients_per_unit=self.nutrients.values(),
            unit_grams=self.unit_grams.value or 1.0,
            brand=self._brand_text(),
        )
        existing = self.existing
        if existing is None:
            self._save_with(lambda: foods.create_supplement(self.state.ctx, data))
        else:
            self._save_with(lambda: foods.update_supplement(self.state.ctx, existing.id, data))
