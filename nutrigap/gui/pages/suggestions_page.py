"""The "Close the gaps" page: for the shown day (or its week) the nutrients below target, the foods that would
close each gap in a typical portion, and one plan for all of them (:mod:`nutrigap.services.suggest`), with a
diet filter (vegetarian, vegan, dairy-free). A suggested food, or the whole plan, goes into the diary in one step
(undoable), and the page follows: the gaps shrink.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.wording import plural
from nutrigap.gui.background import BackgroundWork
from nutrigap.gui.diary.add_food import guess_meal
from nutrigap.gui.formatting import MEAL_LABELS, date_range_text, date_text, number
from nutrigap.gui.page_base import DayBar, DisclaimerBanner, LivePage, WrapLabel
from nutrigap.gui.state import AppState
from nutrigap.services.insights import DISCLAIMER
from nutrigap.services.suggest import SuggestionReport, suggest_day_in_steps, suggest_week_in_steps

DIETS: tuple[tuple[str, str | None], ...] = (
    ("Any diet", None),
    ("Vegetarian", "vegetarian"),
    ("Vegan", "vegan"),
    ("Dairy-free", "dairy-free"),
)
COLUMNS = ("Food", "Typical portion", "Amount", "Per 100 kcal", "Share of the gap")
FOOD_ROLE = Qt.ItemDataRole.UserRole
GRAMS_ROLE = Qt.ItemDataRole.UserRole + 1


#: What the plan's place says while the plan is worked out (after the foods are shown)
PLAN_PENDING = "<h3>One plan for all gaps</h3><p><i>Working out a plan…</i></p>"


def plan_html(report: SuggestionReport, *, pending: bool = False) -> str:
    """The plan for all gaps and the page's notes as rich text (``pending``: the plan follows)."""
    parts = []
    if pending:
        parts.append(PLAN_PENDING)
    elif report.plan is not None:
        title = "One plan for all gaps" if report.plan.feasible else "The closest plan (no plan closes every gap)"
        parts.append(f"<h3>{title}</h3><p>{html.escape(report.plan.text)}</p>")
    if report.notes:
        parts.append("<p><small>" + "<br>".join(html.escape(n) for n in report.notes) + "</small></p>")
    return "".join(parts)


class SuggestionsPage(LivePage):
    """Foods that close the shown day's (or week's) gaps, and a plan for all of them."""

    def __init__(self, state: AppState, day_actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("suggestions-page")
        self.disclaimer = DisclaimerBanner(DISCLAIMER)
        self.day_bar = DayBar(state, day_actions)
        self.for_day = QRadioButton("This &day")
        self.for_day.setToolTip("The gaps of the shown day")
        self.for_week = QRadioButton("Its &week")
        self.for_day.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.for_day)
        group.addButton(self.for_week)
        self.diet = QComboBox()
        self.diet.setAccessibleName("Diet")
        for label, key in DIETS:
            self.diet.addItem(label, key)
        self.meal = QComboBox()
        self.meal.setAccessibleName("Add to meal")
        for meal in Meal:
            self.meal.addItem(MEAL_LABELS[meal], meal.value)
        self.meal.setCurrentIndex(list(Meal).index(guess_meal()))
        top = QHBoxLayout()
        top.addWidget(self.day_bar, 1)
        top.addWidget(self.for_day)
        top.addWidget(self.for_week)
        top.addSpacing(12)
        top.addWidget(QLabel("Diet:"))
        top.addWidget(self.diet)

        self.status = WrapLabel()
        self.status.setObjectName("suggestions-status")
        self.tree = QTreeWidget()
        self.tree.setObjectName("suggestions-tree")
        self.tree.setAccessibleName("Gaps and the foods that close them")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.add_button = QPushButton("Add to the diary")
        self.add_button.setToolTip("Add the selected food, in its typical portion, to the chosen meal (Enter)")
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(QLabel("to"))
        add_row.addWidget(self.meal)
        add_row.addWidget(QLabel("of the shown day"))
        add_row.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(add_row)
        self.plan = QLabel()
        self.plan.setObjectName("suggestions-plan")
        self.plan.setWordWrap(True)
        self.plan.setTextFormat(Qt.TextFormat.RichText)
        self.plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.plan_button = QPushButton("Add the plan to the diary")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.plan)
        right_layout.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignLeft)
        right_layout.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([800, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.disclaimer)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        self.report: SuggestionReport | None = None
        # Two steps (issue #16): the gaps and their foods first, then the plan for all of them, whose solver
        # (scipy.optimize: about 0.65 s to import) was most of the page's first open (1.2 s before, with ten years
        # of diary; benchmarks/pages.py). ``plan_work`` answers with (the foods' report, the report with its
        # plan); a plan for a report no longer shown is dropped.
        self.work = BackgroundWork(self)
        self.work.done.connect(self._foods_found)
        self.plan_work = BackgroundWork(self)
        self.plan_work.done.connect(self._plan_found)
        self.plan_work.failed.connect(lambda message, _details: self.status.setText(message))
        #: the plan still to work out for the report shown, started when the page is next shown (a hidden page
        #: computes nothing, as every LivePage)
        self._plan_later: Callable[[], object] | None = None
        self.work.failed.connect(lambda message, _details: self.status.setText(message))
        self.work.busy_changed.connect(self._busy)
        self.for_day.toggled.connect(lambda _on: self.mark_stale())
        self.diet.currentIndexChanged.connect(lambda _i: self.mark_stale())
        self.add_button.clicked.connect(lambda _checked=False: self.add_selected())
        self.plan_button.clicked.connect(lambda _checked=False: self.add_plan())
        self.tree.itemActivated.connect(lambda item, _column: self.add_item(item))  # Enter or double-click
        self.tree.currentItemChanged.connect(lambda _current, _previous: self._update_buttons())
        self.follow(twitches=False, factors=False)
        self._update_buttons()

    # --- computing ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx, day, diet, week = self.state.ctx, self.state.day, self.diet.currentData(), self.for_week.isChecked()
        self._plan_later = None  # a plan for the report about to be replaced
        self.work.start(lambda: (suggest_week_in_steps if week else suggest_day_in_steps)(ctx, day, diet))

    def _foods_found(self, steps: object) -> None:
        assert isinstance(steps, tuple)
        report, plan = steps
        assert isinstance(report, SuggestionReport)
        self._show_report(report, plan_pending=plan is not None)
        self._plan_later = None if plan is None else (lambda: (report, plan()))
        self._start_plan()

    def _start_plan(self) -> None:
        if self._plan_later is not None and self.isVisible():
            work, self._plan_later = self._plan_later, None
            self.plan_work.start(work)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._start_plan()

    def _plan_found(self, answer: object) -> None:
        assert isinstance(answer, tuple)
        foods, report = answer
        if foods is not self.report or self.work.busy:  # a newer report is shown or on its way
            return
        assert isinstance(report, SuggestionReport)
        self.report = report  # the same gaps and foods: only the plan's place changes, the selection stays
        self.plan.setText(plan_html(report))
        self._update_buttons()

    @property
    def busy(self) -> bool:
        """True while the foods or the plan are being worked out."""
        return self.work.busy or self.plan_work.busy

    def _busy(self, busy: bool) -> None:
        if busy:
            self.status.setText("Looking for foods…")

    def _show_report(self, report: object, *, plan_pending: bool = False) -> None:
        assert isinstance(report, SuggestionReport)
        self.report = report
        chosen = self._current_food()
        self.tree.clear()
        for gap in report.gaps:
            intake = "–" if gap.intake is None else number(gap.intake)
            missing = " · possibly missing data" if gap.possibly_missing else ""
            top = QTreeWidgetItem(
                [f"{gap.label}: {number(gap.gap)} {gap.unit}/day {gap.wording} "
                 f"({intake} of {gap.target:g} {gap.unit}){missing}"]
            )  # fmt: skip
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for food in report.foods.get(gap.nutrient, ()):
                share = "" if food.share_of_gap is None else f"{100 * food.share_of_gap:.0f}%"
                item = QTreeWidgetItem(
                    [("★ " if food.frequent else "") + food.name, food.portion_label,
                     f"{number(food.amount)} {food.unit}",
                     "–" if food.per_100kcal is None else f"{number(food.per_100kcal)} {food.unit}", share]
                )  # fmt: skip
                item.setData(0, FOOD_ROLE, food.food_id)
                item.setData(0, GRAMS_ROLE, food.portion_g)
                often = "\n★ one you eat often" if food.frequent else ""
                item.setToolTip(
                    0, f"{food.name}\n{food.portion_label}: {number(food.portion_g)} g ({food.portion_source}){often}"
                )
                top.addChild(item)
                if food.food_id == chosen and self.tree.currentItem() is None:
                    self.tree.setCurrentItem(item)
            top.setExpanded(True)
        foods = self.food_items()
        if self.tree.currentItem() is None and foods:
            self.tree.setCurrentItem(foods[0])  # Enter or "Add to the diary" works at once
        header = self.tree.header()
        header.resizeSection(0, 420)
        for column in range(1, len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
        span = (
            f"{date_text(report.start, year=False)}"
            if report.start == report.end
            else f"{date_range_text(report.start, report.end)} ({plural(report.logged_days, 'logged day')})"
        )
        diet = f", {report.diet}" if report.diet else ""
        if report.gaps:
            self.status.setText(
                f"Gaps of {span}{diet}: commonly eaten foods first, then by what a typical portion brings "
                "(★ = one you eat often; never raw meat or fish)."
            )
        else:
            self.status.setText(f"{span}{diet}: " + (report.notes[0] if report.notes else "no gaps."))
        self.plan.setText(plan_html(report, pending=plan_pending) if report.gaps else "")
        self._update_buttons()

    def _current_food(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, FOOD_ROLE)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._current_food() is not None)
        self.plan_button.setVisible(self.report is not None and self.report.plan is not None)

    def food_items(self) -> list[QTreeWidgetItem]:
        """Every suggested food's row, gap by gap."""
        out = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top is not None:
                out += [c for c in (top.child(i) for i in range(top.childCount())) if c is not None]
        return out

    # --- adding to the diary --------------------------------------------------------------------------------
    def target_meal(self) -> Meal:
        return Meal(self.meal.currentData())

    def add_selected(self) -> bool:
        item = self.tree.currentItem()
        return item is not None and self.add_item(item)

    def add_item(self, item: QTreeWidgetItem) -> bool:
        food_id = item.data(0, FOOD_ROLE)
        if food_id is None:
            return False
        grams = float(item.data(0, GRAMS_ROLE))
        try:
            view = self.state.log_food(self.state.day, self.target_meal(), str(food_id), round(grams, 1), "g")
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))
            return False
        self.state.notice.emit(
            f"Added {number(view.amount_g)} g {view.food_name} to {MEAL_LABELS[self.target_meal()].lower()} "
            f"of {date_text(self.state.day, year=False)}. Undo: Ctrl+Z."
        )
        return True

    def add_plan(self) -> int:
        """Add every food of the plan (one undo step); returns how many were added."""
        if self.report is None or self.report.plan is None:
            return 0
        items = self.report.plan.items
        stack = self.state.undo_stack
        stack.beginMacro(f"Add the plan ({plural(len(items), 'food')})")
        added = 0
        try:
            for item in items:
                self.state.log_food(self.state.day, self.target_meal(), item.food_id, round(item.grams, 1), "g")
                added += 1
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))
        finally:
            stack.endMacro()
        if added:
            self.state.notice.emit(
                f"Added the plan ({plural(added, 'food')}) to {date_text(self.state.day, year=False)}. Undo: Ctrl+Z."
            )
        return added
