"""The user's own foods (custom foods, recipes, supplements): list, create, change, delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import FoodKind
from nutrigap.domain.errors import NutriGapError
from nutrigap.gui.errors import show_error
from nutrigap.gui.formatting import food_type_label
from nutrigap.gui.state import AppState
from nutrigap.services import food_search
from nutrigap.services import my_foods as foods
from nutrigap.services.views import FoodDetails, FoodSummary

_Index = QModelIndex | QPersistentModelIndex


class UserFoodsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FoodSummary] = []

    def set_rows(self, rows: list[FoodSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ("Name", "Kind")[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        food = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return food.name if index.column() == 0 else food_type_label(food.data_type, food.brand)
        if role == Qt.ItemDataRole.UserRole:
            return food
        return None


def open_editor(state: AppState, kind: str, details: FoodDetails | None, parent: QWidget | None) -> QDialog:
    """The editor for a custom food, recipe or supplement (new when ``details`` is None)."""
    from nutrigap.gui.foods.food_editors import CustomFoodDialog, SupplementDialog
    from nutrigap.gui.foods.recipe_editor import RecipeDialog

    if kind == FoodKind.RECIPE:
        return RecipeDialog(state, details, parent)
    if kind == FoodKind.SUPPLEMENT:
        return SupplementDialog(state, details, parent)
    return CustomFoodDialog(state, details, parent)


class MyFoodsDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("My foods, recipes and supplements")
        self.setObjectName("my-foods-dialog")
        self.model = UserFoodsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("My foods")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.empty = QLabel("Nothing yet. Your custom foods, recipes and supplements appear in search like any food.")
        self.empty.setWordWrap(True)
        new_food = QPushButton("New food…")
        new_recipe = QPushButton("New recipe…")
        new_supplement = QPushButton("New supplement…")
        self.edit_button = QPushButton("Change…")
        self.delete_button = QPushButton("Delete")
        new_food.clicked.connect(lambda: self.new_food(FoodKind.CUSTOM))
        new_recipe.clicked.connect(lambda: self.new_food(FoodKind.RECIPE))
        new_supplement.clicked.connect(lambda: self.new_food(FoodKind.SUPPLEMENT))
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        row = QHBoxLayout()
        for button in (new_food, new_recipe, new_supplement):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.edit_button)
        row.addWidget(self.delete_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # Enter changes the selected food, as a double click does (it opened "New food…", the first auto-default
        # button); with nothing selected "Change…" is disabled and Enter does nothing
        for button in (new_food, new_recipe, new_supplement, self.delete_button):
            button.setAutoDefault(False)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.edit_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.status = QLabel()
        self.status.setAccessibleName("Status")
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(620, 420)
        state.foods_changed.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(foods.list_user_foods(self.state.ctx))
        self.empty.setVisible(not self.model.rows)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current(self) -> FoodSummary | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        food = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        return food if isinstance(food, FoodSummary) else None

    def new_food(self, kind: str) -> None:
        dialog = open_editor(self.state, kind, None, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def edit(self) -> None:
        food = self.current()
        if food is None:
            return
        try:
            details = food_search.food_details(self.state.ctx, food.id)
        except NutriGapError as exc:
            show_error(self, str(exc))
            return
        dialog = open_editor(self.state, details.kind, details, self)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def delete(self) -> QMessageBox | None:
        """Ask, then delete the selected food (or hide it, if the diary uses it)."""
        food = self.current()
        if food is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete",
            f"Delete '{food.name}'? If your diary uses it, it is hidden from search instead and past entries keep it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._delete(food) if result == QMessageBox.StandardButton.Yes else None)
        box.open()
        return box

    def _delete(self, food: FoodSummary) -> None:
        try:
            outcome = foods.delete_user_food(self.state.ctx, food.id)
        except NutriGapError as exc:
            show_error(self, str(exc))
            return
        self.state.foods_changed.emit()
        message = (
            f"'{food.name}' is used in your diary, so it was hidden from search, not deleted."
            if outcome == "archived"
            else f"'{food.name}' was deleted."
        )
        self.status.setText(message)
