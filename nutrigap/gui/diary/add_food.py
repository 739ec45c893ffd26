"""Adding food: a search box that answers as you type, the results (recent and favourite foods first), and the
amount, portion and meal in the same dialog, with a live preview of what the amount adds.

Keyboard only: type, arrows to pick, Enter, type the amount, Enter. Ctrl+Enter adds and keeps the dialog open
for the next food. In "pick" mode (for recipes) the dialog returns the food and amount instead of logging it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.wording import plural
from nutrigap.gui.diary.amount_input import AmountInput, NutrientPreview
from nutrigap.gui.diary.search_results import SearchEdit, SearchResultsModel
from nutrigap.gui.formatting import MEAL_LABELS, date_text, food_type_label
from nutrigap.gui.state import AppState
from nutrigap.gui.window.branded_loading import NOT_IN_YET, branded_status, dialog_note
from nutrigap.services import quick_log
from nutrigap.services.views import FoodDetails

#: Results shown for a query; more than a screenful is never needed when the best come first.
RESULT_LIMIT = 60
#: Keystrokes closer together than this [ms] are searched once (the search itself takes a few ms).
DEBOUNCE_MS = 40
#: The highlighted food's details load this long [ms] after the highlight settles.
DETAILS_DELAY_MS = 60


@dataclass(frozen=True, slots=True)
class PickedFood:
    """What the dialog hands back in pick mode: a food and an amount of it."""

    details: FoodDetails
    quantity: str
    unit: str
    grams: float


class AddFoodDialog(QDialog):
    """Search, choose an amount and log it to a meal of the shown day (or, in pick mode, just return it)."""

    #: an entry was logged (its EntryView)
    food_logged = Signal(object)

    def __init__(
        self,
        state: AppState,
        meal: Meal,
        parent: QWidget | None = None,
        *,
        query: str = "",
        pick: bool = False,
        day: dt.date | None = None,
    ) -> None:
        from nutrigap.services import profile

        super().__init__(parent)
        self.state = state
        self.pick = pick
        self.day = day or state.day
        self.picked: PickedFood | None = None
        self.setWindowTitle("Choose an ingredient" if pick else f"Add food — {date_text(self.day, year=False)}")
        self.setObjectName("add-food-dialog")
        self.targets = profile.targets(state.ctx, self.day)

        self.search = SearchEdit()
        self.search.setPlaceholderText("Search foods: type any words, e.g. 'milk who' or 'spin'")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search foods")
        self.results_model = SearchResultsModel(self)
        self.results = QTreeView()
        self.results.setModel(self.results_model)
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setAccessibleName("Search results")
        header = self.results.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 190)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Search status")
        #: "Branded foods are still loading (42%) — …" while the second phase of a first start runs
        self.loading_note = QLabel()
        self.loading_note.setObjectName("branded-loading-note")
        self.loading_note.setWordWrap(True)
        self.loading_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.loading_note.hide()

        self.food_name = QLabel("Choose a food")
        self.food_name.setWordWrap(True)
        font = self.food_name.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.food_name.setFont(font)
        self.food_info = QLabel()
        self.food_info.setWordWrap(True)
        self.amount = AmountInput()
        self.meal = QComboBox()
        self.meal.setAccessibleName("Meal")
        for m in Meal:
            self.meal.addItem(MEAL_LABELS[m], m)
        self.meal.setCurrentIndex(list(Meal).index(meal))
        self.favourite = QPushButton("☆ Favourite")
        self.favourite.setCheckable(True)
        self.favourite.setAccessibleName("Favourite food")
        self.favourite.setToolTip("Favourite foods come first in search")
        self.favourite.setEnabled(False)
        # Enter anywhere in the dialog adds the food: the toggle never takes part in default-button handling.
        self.favourite.setAutoDefault(False)
        self.preview = NutrientPreview("This adds")

        details = QWidget()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Amount", self.amount)
        if not pick:
            form.addRow("Meal", self.meal)
        right = QVBoxLayout(details)
        right.addWidget(self.food_name)
        right.addWidget(self.food_info)
        right.addLayout(form)
        right.addWidget(self.favourite, 0, Qt.AlignmentFlag.AlignLeft)
        right.addSpacing(8)
        right.addWidget(self.preview)
        right.addStretch(1)
        self.meal.setVisible(not pick)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.loading_note)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 500])
        split.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("Use" if pick else "Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_more = None
        if not pick:
            self.add_more = self.buttons.addButton("Add and next (Ctrl+Enter)", QDialogButtonBox.ButtonRole.ActionRole)
            self.add_more.clicked.connect(lambda: self.add(keep_open=True))
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.add_more, cancel):
            if button is not None:
                button.setAutoDefault(False)
        self.buttons.accepted.connect(lambda: self.add(keep_open=False))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        # Only now, with the buttons inside the dialog, does the dialog take Add as its default button (set
        # earlier, Qt made the first auto-default button, ★ Favourite, the default: Enter toggled it).
        self.add_button.setDefault(True)
        self.resize(1020, 580)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._on_text)
        self.search.installEventFilter(self)
        # The chosen food's details (portions, last amount, preview) follow a moment after the results, so
        # typing and arrowing through the list never wait for them.
        self._details_timer = QTimer(self)
        self._details_timer.setSingleShot(True)
        self._details_timer.setInterval(DETAILS_DELAY_MS)
        self._details_timer.timeout.connect(self._load_current)
        self.results.selectionModel().currentChanged.connect(self._details_timer.start)
        self.results.activated.connect(self._activated)
        self.amount.changed.connect(self._update_preview)
        self.amount.submitted.connect(self._submitted)
        self.favourite.toggled.connect(self._on_favourite)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._add_and_next)
        self.setTabOrder(self.search, self.results)
        self.setTabOrder(self.results, self.amount.quantity)
        self.setTabOrder(self.amount.quantity, self.amount.portion)
        self.setTabOrder(self.amount.portion, self.meal)
        self.setTabOrder(self.meal, self.favourite)
        self.setTabOrder(self.favourite, self.add_button)

        self.current: FoodDetails | None = None
        self._branded = branded_status(state)
        self._branded.changed.connect(self._branded_changed)
        self._branded_changed()
        self.search.setText(query)
        self.search.keep_seed = bool(query)
        self.run_search()
        self.search.setFocus()
        self.search.setCursorPosition(len(query))

    # --- searching --------------------------------------------------------------------------------------
    def _on_text(self, text: str) -> None:
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.run_search()

    def run_search(self) -> None:
        from nutrigap.services import food_search as foods

        query = self.search.text()
        results = foods.search_foods(self.state.ctx, query, limit=RESULT_LIMIT)
        self.results_model.set_results(results, quick_log.favourite_ids(self.state.ctx))
        if results:
            self.results.setCurrentIndex(self.results_model.index(0, 0))
            if not query.strip():  # however many recent and own foods there are
                self.status.setText("Recent and favourite foods — type to search all foods")
            else:
                self.status.setText(
                    f"{len(results)}+ foods" if len(results) >= RESULT_LIMIT else plural(len(results), "food")
                )
        else:
            self._details_timer.stop()
            self._show_food(None)
            self.status.setText(self._nothing_found(query.strip()))
            if query.strip() and self._branded.fraction is not None:
                self.status.setText(f"{self.status.text()} {NOT_IN_YET}")
        if query.strip() and not self.state.ctx.food_db_exists():
            self.status.setText(
                self.status.text() + " The food database is not built yet (File ▸ Build food database), "
                "so only your own and recent foods are searched."
            )

    def _branded_changed(self) -> None:
        fraction = self._branded.fraction
        if fraction is not None:
            self.loading_note.setText(dialog_note(fraction))
        elif self.loading_note.isVisibleTo(self) and self.search.text().strip() and not self.results_model.results:
            self.run_search()  # loaded: a brand searched for meanwhile may be there now
        self.loading_note.setVisible(fraction is not None)

    def _nothing_found(self, query: str) -> str:
        if query:
            return f"No food matches '{query}'. Try fewer or shorter words."
        if not self.state.ctx.food_db_exists():
            return "Type to search your own foods."
        return "Type to search about 376,000 foods."

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The arrows move through the results while the cursor stays in the search box.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                if self._timer.isActive():
                    self._timer.stop()
                    self.run_search()
                self.results.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.flush()
                if self.current is not None:
                    self.amount.quantity.setFocus()
                    self.amount.quantity.selectAll()
                return True
        return super().eventFilter(watched, event)

    # --- the chosen food --------------------------------------------------------------------------------
    def _activated(self, _index: QModelIndex) -> None:
        self.flush()
        self.amount.quantity.setFocus()
        self.amount.quantity.selectAll()

    def flush(self) -> None:
        """Finish pending work now (a search typed, details of the highlighted food), e.g. before Enter."""
        if self._timer.isActive():
            self._timer.stop()
            self.run_search()
        if self._details_timer.isActive():
            self._details_timer.stop()
            self._load_current()

    def _load_current(self) -> None:
        from nutrigap.services import food_search as foods

        current = self.results.currentIndex()
        food = current.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if food is None:
            self._show_food(None)
            return
        try:
            details = foods.food_details(self.state.ctx, food.id)
        except NutriGapError as exc:
            self._show_food(None)
            self.food_info.setText(str(exc))
            return
        self._show_food(details)

    def _show_food(self, details: FoodDetails | None) -> None:
        self.current = details
        if details is None:
            self.food_name.setText("Choose a food")
            self.food_info.setText("")
            self.amount.set_food(None)
            self.favourite.setEnabled(False)
            self._update_preview()
            return
        self.food_name.setText(details.name)
        info = [food_type_label(details.data_type, details.brand)]
        if details.category:
            info.append(details.category)
        self.food_info.setText(" · ".join(info))
        last = quick_log.last_amount(self.state.ctx, details.id)
        if last is not None and any(p.unit == last[1] for p in details.portions):
            self.amount.set_food(details, *last)
        else:
            self.amount.set_food(details)
        self.favourite.blockSignals(True)
        self.favourite.setChecked(details.id in self.results_model.favourites)
        self.favourite.setText("★ Favourite" if self.favourite.isChecked() else "☆ Favourite")
        self.favourite.blockSignals(False)
        self.favourite.setEnabled(True)
        self._update_preview()

    def _update_preview(self) -> None:
        grams = self.amount.grams()
        preview = None
        if self.current is not None and grams is not None:
            preview = quick_log.preview_amount(self.current, grams)
        self.preview.show_preview(preview, self.targets, self.state.vitamin_d_unit)
        ok = preview is not None
        self.add_button.setEnabled(ok)
        if self.add_more is not None:
            self.add_more.setEnabled(ok)

    def _on_favourite(self, checked: bool) -> None:
        from nutrigap.services import food_search as foods

        if self.current is None:
            return
        try:
            foods.set_favourite(self.state.ctx, self.current.id, checked)
        except NutriGapError as exc:
            self.status.setText(str(exc))
            return
        self.favourite.setText("★ Favourite" if checked else "☆ Favourite")
        self.results_model.favourites = quick_log.favourite_ids(self.state.ctx)
        self.state.foods_changed.emit()

    # --- adding -----------------------------------------------------------------------------------------
    def _submitted(self, and_next: bool) -> None:
        self.add(keep_open=and_next and not self.pick)

    def _add_and_next(self) -> None:
        self.add(keep_open=not self.pick)

    def selected_meal(self) -> Meal:
        return Meal(self.meal.currentData())

    def add(self, *, keep_open: bool) -> None:
        """Log the chosen amount (or hand it back in pick mode). A refused amount stays in the field, with its
        reason shown; nothing is written."""
        self.flush()
        details, grams, unit = self.current, self.amount.grams(), self.amount.unit()
        if details is None or grams is None or unit is None:
            if details is None:
                self.search.setFocus()
            else:
                self.amount.quantity.setFocus()
            return
        if self.pick:
            self.picked = PickedFood(details, self.amount.quantity_text(), unit, grams)
            self.accept()
            return
        try:
            view = self.state.log_food(self.day, self.selected_meal(), details.id, self.amount.quantity_text(), unit)
        except NutriGapError as exc:
            self.amount.problem_label.setText(str(exc))
            self.amount.problem_label.show()
            return
        self.food_logged.emit(view)
        if keep_open:
            self.search.clear()  # lists recent foods again, the one just added first
            self.status.setText(f"Added {view.food_name} to {MEAL_LABELS[self.selected_meal()].lower()}.")
            self.search.setFocus()
        else:
            self.accept()


def guess_meal(now: dt.datetime | None = None) -> Meal:
    """The meal one is likely logging at this hour (used when no meal is selected)."""
    hour = (now or dt.datetime.now()).hour
    if hour < 11:
        return Meal.BREAKFAST
    if hour < 15:
        return Meal.LUNCH
    if hour < 21:
        return Meal.DINNER
    return Meal.SNACKS
