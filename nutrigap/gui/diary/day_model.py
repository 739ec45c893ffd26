"""The day's entries as a Qt item model: meals are the top-level rows, entries their children.

Columns: food, amount, energy [kcal], then the five nutrients in their units (vitamin D in µg or IU as the user
prefers). A meal row shows its subtotals. Entries can be dragged onto another meal; the model only announces
the drop (:attr:`DayModel.entries_dropped`) and the window turns it into an undoable change.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from nutrigap.domain.diary import Meal
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.domain.wording import plural
from nutrigap.gui.formatting import (
    MEAL_LABELS,
    SHORT_LABELS,
    food_type_label,
    number,
    quantity_text,
)
from nutrigap.services.views import EntryView

MIME_TYPE = "application/x-nutrigap-entry-ids"
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
MEAL_ROLE = Qt.ItemDataRole.UserRole + 2

FOOD, AMOUNT, ENERGY = 0, 1, 2
NUTRIENT_COLUMNS: dict[int, Nutrient] = {3 + i: n for i, n in enumerate(TRACKED)}
COLUMN_COUNT = 3 + len(TRACKED)
MEALS: tuple[Meal, ...] = tuple(Meal)

_Index = QModelIndex | QPersistentModelIndex
_ROOT = 0  # internal id of meal rows; entry rows carry 1 + the row of their meal


def _meal_background() -> QColor:
    """A light tint of the selection colour, so meal headers stand out in light and dark palettes alike."""
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    mix = 0.12
    return QColor(
        round(base.red() * (1 - mix) + accent.red() * mix),
        round(base.green() * (1 - mix) + accent.green() * mix),
        round(base.blue() * (1 - mix) + accent.blue() * mix),
    )


class DayModel(QAbstractItemModel):
    """Read-only view of one day's entries; refreshed whole with :meth:`set_entries`."""

    #: entry ids dropped onto a meal: (list[int], Meal)
    entries_dropped = Signal(list, object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: dict[Meal, list[EntryView]] = {m: [] for m in MEALS}
        self._vitamin_d_unit = "µg"

    # --- content ----------------------------------------------------------------------------------------
    def set_entries(self, entries: list[EntryView], vitamin_d_unit: str) -> None:
        self.beginResetModel()
        self._entries = {m: [] for m in MEALS}
        for entry in entries:
            self._entries[Meal(entry.meal)].append(entry)
        self._vitamin_d_unit = vitamin_d_unit
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)

    def entries(self, meal: Meal | None = None) -> list[EntryView]:
        if meal is not None:
            return list(self._entries[meal])
        return [e for m in MEALS for e in self._entries[m]]

    def meal_index(self, meal: Meal) -> QModelIndex:
        return self.index(MEALS.index(meal), 0)

    def index_of_entry(self, entry_id: int) -> QModelIndex:
        for meal_row, meal in enumerate(MEALS):
            for row, entry in enumerate(self._entries[meal]):
                if entry.id == entry_id:
                    return self.index(row, 0, self.index(meal_row, 0))
        return QModelIndex()

    def entry_at(self, index: _Index) -> EntryView | None:
        if not index.isValid() or index.internalId() == _ROOT:
            return None
        meal = MEALS[index.internalId() - 1]
        rows = self._entries[meal]
        return rows[index.row()] if index.row() < len(rows) else None

    def meal_at(self, index: _Index) -> Meal | None:
        """The meal of a meal row or of an entry row."""
        if not index.isValid():
            return None
        if index.internalId() == _ROOT:
            return MEALS[index.row()]
        return MEALS[index.internalId() - 1]

    # --- structure --------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _ROOT)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _ROOT:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _ROOT)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(MEALS)
        if parent.internalId() == _ROOT and parent.column() == 0:
            return len(self._entries[MEALS[parent.row()]])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return COLUMN_COUNT

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == _ROOT:
            return base
        return base | Qt.ItemFlag.ItemIsDragEnabled

    # --- data -------------------------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == FOOD:
                return "Food"
            if section == AMOUNT:
                return "Amount"
            if section == ENERGY:
                return "kcal"
            nutrient = NUTRIENT_COLUMNS[section]
            return f"{SHORT_LABELS[nutrient]} ({display_unit(nutrient, self._vitamin_d_unit)})"
        if role == Qt.ItemDataRole.ToolTipRole and section in NUTRIENT_COLUMNS:
            nutrient = NUTRIENT_COLUMNS[section]
            return f"{nutrient.label} [{display_unit(nutrient, self._vitamin_d_unit)}]"
        if role == Qt.ItemDataRole.ToolTipRole and section == ENERGY:
            return "Energy [kcal]"
        if role == Qt.ItemDataRole.TextAlignmentRole and section > AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _ROOT:
            return self._meal_data(MEALS[index.row()], index.column(), role)
        entry = self.entry_at(index)
        if entry is None:
            return None
        return self._entry_data(entry, index.column(), role)

    def _value(self, column: int, entries: list[EntryView]) -> tuple[float | None, bool]:
        """The sum of a column over entries in display units, and whether some entry's value is unknown."""
        values: list[float | None]
        if column == ENERGY:
            values = [e.energy_kcal for e in entries]
        else:
            nutrient = NUTRIENT_COLUMNS[column]
            values = [
                None
                if e.nutrients.get(nutrient) is None
                else to_display(nutrient, e.nutrients[nutrient] or 0.0, self._vitamin_d_unit)
                for e in entries
            ]
        known = [v for v in values if v is not None]
        return (sum(known) if known else None), len(known) < len(values)

    def _meal_data(self, meal: Meal, column: int, role: int) -> Any:
        entries = self._entries[meal]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == FOOD:
                return MEAL_LABELS[meal]
            if not entries:
                return "nothing logged" if column == AMOUNT else ""
            if column == AMOUNT:  # no weight when a food imported without one is in the meal
                return f"{number(sum(e.amount_g for e in entries))} g" if all(e.weight_known for e in entries) else ""
            total, partial = self._value(column, entries)
            return number(total) + ("*" if partial and total is not None else "")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not entries and column == AMOUNT:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _meal_background()
        if role == Qt.ItemDataRole.TextAlignmentRole and column > AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column > AMOUNT and entries and self._value(column, entries)[1]:
                return "* Some foods in this meal have no value for this nutrient; the total counts the others."
            return f"{MEAL_LABELS[meal]}: double-click or press Enter to add food; drop entries here to move them."
        if role == Qt.ItemDataRole.AccessibleTextRole and column == FOOD:
            return f"{MEAL_LABELS[meal]}, {plural(len(entries), 'entry', 'entries')}"
        if role == MEAL_ROLE:
            return meal
        return None

    def _entry_data(self, entry: EntryView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == FOOD:
                return entry.food_name
            if column == AMOUNT:
                return quantity_text(entry.quantity, entry.unit, entry.amount_g if entry.weight_known else None)
            return number(self._value(column, [entry])[0])
        if role == Qt.ItemDataRole.TextAlignmentRole and column > AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entry.food_name, food_type_label(entry.data_type)]
            unknown = [n.label for n, v in entry.nutrients.items() if v is None]
            if unknown:
                lines.append("No value in the food data for: " + ", ".join(unknown) + " (counted as unknown, not 0)")
            if entry.note:
                lines.append(f"Note: {entry.note}")
            return "\n".join(lines)
        if role == ENTRY_ROLE:
            return entry
        if role == MEAL_ROLE:
            return Meal(entry.meal)
        return None

    # --- drag and drop ----------------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = sorted({e.id for e in (self.entry_at(i) for i in indexes) if e is not None})
        data = QMimeData()
        data.setData(MIME_TYPE, json.dumps(ids).encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        return data.hasFormat(MIME_TYPE) and (self.meal_at(parent) is not None or not parent.isValid())

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        if not data.hasFormat(MIME_TYPE):
            return False
        meal = self.meal_at(parent)
        if meal is None and 0 < row <= len(MEALS):
            meal = MEALS[row - 1]  # dropped just above a meal's header: the end of the meal before it
        if meal is None:
            return False
        try:
            ids = [int(i) for i in json.loads(bytes(data.data(MIME_TYPE).data()).decode())]
        except (ValueError, TypeError):
            return False
        if ids:
            self.entries_dropped.emit(ids, meal)
        # False: the view must not remove the dragged rows itself; the diary changes and the model refreshes.
        return False
