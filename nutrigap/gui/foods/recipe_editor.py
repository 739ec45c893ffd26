"""The recipe editor: foods with amounts (picked with the same search as logging), a number of servings and,
optionally, the cooked weight; a live preview shows what one serving supplies."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import InvalidInput, NutriGapError
from nutrigap.domain.units import MAX_ENTRY_GRAMS
from nutrigap.gui.diary.add_food import AddFoodDialog
from nutrigap.gui.diary.amount_input import NutrientPreview
from nutrigap.gui.foods.food_editors import NumberField, _EditorDialog
from nutrigap.gui.formatting import number
from nutrigap.gui.state import AppState
from nutrigap.services import food_search, profile, quick_log
from nutrigap.services import my_foods as foods
from nutrigap.services.views import FoodDetails

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Ingredient:
    details: FoodDetails
    quantity: str
    unit: str
    grams: float


class IngredientsModel(QAbstractTableModel):
    """The recipe's ingredients; the amount column is editable and refuses what ``grams_for`` refuses."""

    #: a typed amount was refused: the reason
    refused = Signal(str)

    HEADERS = ("Ingredient", "Amount", "Unit", "Weight")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Ingredient] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (item.details.name, item.quantity, item.unit, f"{number(item.grams)} g")[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != 1:
            return False
        item = self.items[index.row()]
        try:
            grams, unit = food_search.grams_for(item.details.portions, str(value), item.unit)
        except InvalidInput as exc:
            self.refused.emit(f"{item.details.name}: {exc}")
            return False
        self.items[index.row()] = replace(item, quantity=str(value).strip(), unit=unit, grams=grams)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        return True

    def add(self, item: Ingredient) -> None:
        row = len(self.items)
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.append(item)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.items[row]
            self.endRemoveRows()


class RecipeDialog(_EditorDialog):
    """A new recipe, or changes to one (entries that used it follow the change: it is the user's own data)."""

    def __init__(self, state: AppState, details: FoodDetails | None = None, parent: QWidget | None = None) -> None:
        super().__init__(
            state,
            "Change recipe" if details else "New recipe",
            parent,
            details=details,
            name_label="Recipe name",
            name_example="e.g. Overnight oats",
            brand=False,
        )
        self.setObjectName("recipe-dialog")
        self.servings = NumberField("Servings", "servings", required=True, maximum=1000, placeholder="e.g. 2")
        self.cooked = NumberField("Cooked weight", "g", maximum=MAX_ENTRY_GRAMS * 1000, placeholder="optional")
        self.cooked.setToolTip("The finished dish's weight if cooking lost or added water; leave empty to use the sum")
        self.model = IngredientsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Ingredients")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(160)
        self.add_button = QPushButton("Add ingredient…")
        self.add_button.setAccessibleName("Add ingredient")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove ingredient")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.total = QLabel()
        buttons.addWidget(self.total)
        self.preview = NutrientPreview("One serving supplies")
        self.targets = profile.targets(state.ctx, state.day)

        self.form.addRow("Servings", self.servings)
        self.form.addRow("Cooked weight", self.cooked)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(QLabel("<b>Ingredients</b> (double-click an amount to change it)"))
        middle_layout.addWidget(self.table, 1)
        middle_layout.addLayout(buttons)
        self._finish_layout(middle, self.preview)
        self.resize(640, 620)

        self.add_button.clicked.connect(self.add_ingredient)
        self.remove_button.clicked.connect(self.remove_ingredient)
        self.name.textChanged.connect(self._check)
        self.servings.changed.connect(self._check)
        self.cooked.changed.connect(self._check)
        self.model.rowsInserted.connect(self._check)
        self.model.rowsRemoved.connect(self._check)
        self.model.dataChanged.connect(self._check)
        self.model.refused.connect(self._refused_amount)
        if details is not None:
            self._load(details)
        else:
            self.servings.set_value(1)
        self.name.setFocus()
        self._check()

    def _load(self, details: FoodDetails) -> None:
        self.name.setText(details.name)
        self.servings.set_value(details.servings or 1)
        total = 0.0
        for part in details.ingredients:
            try:
                ingredient = food_search.food_details(self.state.ctx, part.food_id)
            except NutriGapError as exc:
                self._refused(exc)
                continue
            self.model.add(Ingredient(ingredient, f"{part.quantity:g}", part.unit, part.grams))
            total += part.grams
        if details.serving_grams and details.servings:
            cooked = details.serving_grams * details.servings
            if abs(cooked - total) > 0.5:
                self.cooked.set_value(cooked)

    def add_ingredient(self) -> AddFoodDialog:
        """Pick a food and amount with the same search as logging (the dialog does not block the window)."""
        dialog = AddFoodDialog(self.state, Meal.LUNCH, self, pick=True)
        dialog.accepted.connect(lambda: self._picked(dialog))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def _picked(self, dialog: AddFoodDialog) -> None:
        picked = dialog.picked
        if picked is None:
            return
        if self.existing is not None and picked.details.id == self.existing.id:
            self._refused(InvalidInput("A recipe cannot contain itself."))
            return
        self.model.add(Ingredient(picked.details, picked.quantity, picked.unit, picked.grams))
        self.table.selectRow(self.model.rowCount() - 1)

    def remove_ingredient(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove(index.row())

    def _refused_amount(self, reason: str) -> None:
        self.problem.setText(reason)
        self.problem.show()

    def _check(self) -> None:
        has_name = self._name_ok("A recipe needs a name.")
        items = self.model.items
        total = sum(i.grams for i in items)
        self.total.setText(f"Total {number(total)} g" if items else "No ingredients yet")
        servings = self.servings.value or 0.0
        preview = None
        if items and servings > 0:
            preview = quick_log.preview_recipe([(i.details, i.grams) for i in items], servings)
            if preview is not None and self.cooked.value:
                preview = replace(preview, grams=self.cooked.value / servings)
        self.preview.show_preview(preview, self.targets, self.state.vitamin_d_unit)
        if preview is not None:
            self.preview.title.setText(f"<b>One serving ({number(preview.grams)} g) supplies</b>")
        self.remove_button.setEnabled(bool(items))
        ok = has_name and bool(items) and self.servings.ok() and self.cooked.ok()
        self.set_can_save(ok and servings > 0)

    def save(self) -> None:
        data = foods.RecipeInput(
            name=self.name.text(),
            items=[foods.RecipeItemInput(i.details.id, i.quantity, i.unit) for i in self.model.items],
            servings=self.servings.value or 1.0,
            yield_grams=self.cooked.value,
        )
        existing = self.existing
        if existing is None:
            self._save_with(lambda: foods.create_recipe(self.state.ctx, data))
        else:
            self._save_with(lambda: foods.update_recipe(self.state.ctx, existing.id, data))
