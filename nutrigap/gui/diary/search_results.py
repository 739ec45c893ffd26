"""The search box and its results model for the add-food dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from nutrigap.gui.formatting import food_type_label
from nutrigap.services.views import FoodSummary

_Index = QModelIndex | QPersistentModelIndex
ORIGIN_LABELS = {"recent": "Recent", "mine": "Mine"}


class SearchEdit(QLineEdit):
    """The search box. When it opens with the first letters typed in the window, the cursor stays after them
    (a dialog gives focus as if by Tab, and Qt would select them so that the next key replaced them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep_seed = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.keep_seed:
            self.keep_seed = False
            self.deselect()
            self.setCursorPosition(len(self.text()))

    def append(self, text: str) -> None:
        """Type ``text`` at the end (keys that reached the window while the dialog was opening)."""
        self.deselect()
        self.setCursorPosition(len(self.text()))
        self.insert(text)


def _serving(food: FoodSummary) -> str:
    """'1 oz (28 g), 160 kcal': a branded food's serving and its energy."""
    kcal = "" if food.serving_kcal is None else f", {food.serving_kcal:.0f} kcal"
    return f"{food.serving}{kcal}"


class SearchResultsModel(QAbstractTableModel):
    """Search results: the food, and where it comes from (recent, mine, or its FoodData Central data type)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.results: list[FoodSummary] = []
        self.favourites: frozenset[str] = frozenset()

    def set_results(self, results: list[FoodSummary], favourites: frozenset[str]) -> None:
        self.beginResetModel()
        self.results = results
        self.favourites = favourites
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ("Food", "Source")[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        food = self.results[index.row()]
        favourite = food.id in self.favourites
        if role == Qt.ItemDataRole.DisplayRole:
            # branded products often share a name ("ALMONDS" 14 times): the serving with its energy beside the
            # name, the category beside the source, tell them apart
            branded = food.data_type == "branded_food"
            if index.column() == 0:
                name = ("★ " if favourite else "") + food.name
                return f"{name}  —  {_serving(food)}" if branded and food.serving else name
            origin = ORIGIN_LABELS.get(food.origin)
            kind = food_type_label(food.data_type, food.brand)
            if branded and food.category:
                kind = f"{kind} · {food.category}"
            return f"{origin} · {kind}" if origin and food.origin != "mine" else kind
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [food.name, food_type_label(food.data_type, food.brand), food.category or ""]
            if food.serving:
                lines.append(f"Serving: {_serving(food)}")
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.UserRole:
            return food
        return None
