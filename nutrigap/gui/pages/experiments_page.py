"""The Experiments page: personal experiments (a nutrient at its EAR, RDA or AI, or no caffeine after a time of
day) started, listed, shown (day-by-day adherence and the before/during comparison) and stopped, through
:mod:`nutrigap.services.experiments`. The disclaimer stays visible: an unblinded self-experiment cannot show cause.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.wording import plural
from nutrigap.engine.targets import targets_for
from nutrigap.gui.background import BackgroundWork
from nutrigap.gui.formatting import date_edit_format, date_range_text, date_text
from nutrigap.gui.page_base import DisclaimerBanner, InlineMessage, LivePage, WrapLabel
from nutrigap.gui.state import AppState
from nutrigap.services import experiments
from nutrigap.services.experiments import ExperimentReport, ExperimentView
from nutrigap.services.insights import DISCLAIMER

MARKS = {"kept": ("✓", "#2f9e55", "kept"), "missed": ("✗", "#d6453d", "missed"), "unknown": ("?", "#8a8f98", "no data")}
COLUMNS = ("Name", "What", "From", "To", "Status")


def _goal_html(v: ExperimentView) -> str:
    if v.goal is None:
        return ""
    return (
        f"<p>Goal: <b>{v.goal:g} {v.unit}/day</b>, fixed when the experiment started; changing your profile "
        "does not move it.</p>"
    )


def report_html(report: ExperimentReport) -> str:
    """An experiment's page: what and when, adherence day by day, the comparison and the notes."""
    v, r = report.experiment, report.result
    stop = f", stopped on {date_text(v.stopped_on, year=False)}" if v.stopped_on else ""
    parts = [
        f"<h2>{html.escape(v.name)}</h2>",
        f"<p><b>{html.escape(v.description)}</b><br>{date_text(v.start)} to {date_text(v.planned_end)}{stop}: "
        f"<b>{html.escape(v.status)}</b>.</p>",
        _goal_html(v),
        f"<p>Compared with the {plural(r.days_before, 'logged day')} before it, "
        f"{date_range_text(r.baseline[0], r.baseline[1])}.</p>",
    ]
    if r.adherence:
        cells = []
        for day, state in r.adherence:
            mark, colour, word = MARKS.get(state, ("?", "#8a8f98", state))
            cells.append(
                f"<td align='center' title='{date_text(day, year=False)}: {word}'>{day:%d}<br>"
                f"<span style='color:{colour}'><b>{mark}</b></span></td>"
            )
        rows = "".join("<tr>" + "".join(cells[i : i + 7]) + "</tr>" for i in range(0, len(cells), 7))
        rate = (
            "" if r.adherence_rate is None else f" ({r.kept_days} of {r.known_days} days known: {r.adherence_rate:.0%})"
        )
        parts.append(f"<h3>Adherence{rate}</h3><table cellpadding='4'>{rows}</table>")
        parts.append(
            "<p><small>"
            + " · ".join(f"<span style='color:{c}'>{m}</span> {w}" for m, c, w in MARKS.values())
            + "</small></p>"
        )
    parts.append(f"<h3>Result so far</h3><p>{html.escape(r.text)}</p>")
    parts.append("<ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in report.notes) + "</ul>")
    return "".join(parts)


class StartExperimentDialog(QDialog):
    """Name, kind (a nutrient target or a caffeine cut-off), length and first day of a new experiment."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.started: ExperimentView | None = None
        self.setObjectName("start-experiment")
        self.setWindowTitle("Start an experiment")
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. magnesium-rda")
        self.by_nutrient = QRadioButton("Raise a nutrient to a reference level")
        self.by_caffeine = QRadioButton("No caffeine after a time of day")
        self.by_nutrient.setChecked(True)
        self.nutrient = QComboBox()
        for n in TRACKED:
            self.nutrient.addItem(n.label, n.value)
        self.level = QComboBox()
        self.cutoff = QLineEdit("12:00")
        self.cutoff.setPlaceholderText("HH:MM")
        self.days = QSpinBox()
        self.days.setRange(experiments.MIN_DAYS, experiments.MAX_DAYS)
        self.days.setValue(14)
        self.days.setSuffix(" days")
        today = dt.date.today()
        self.start = QDateEdit(QDate(today.year, today.month, today.day))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat(date_edit_format())
        self.message = InlineMessage()
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow(self.by_nutrient)
        nutrient_row = QHBoxLayout()
        nutrient_row.addWidget(self.nutrient)
        nutrient_row.addWidget(QLabel("at its"))
        nutrient_row.addWidget(self.level)
        form.addRow("", nutrient_row)
        form.addRow(self.by_caffeine)
        form.addRow("Last caffeine before:", self.cutoff)
        form.addRow("&Length:", self.days)
        form.addRow("&First day:", self.start)
        help_text = WrapLabel(
            "For the length of the experiment, change only this one thing and keep logging every day, twitch or "
            "not. At the end NutriGap compares the same number of days before with the days during."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.nutrient.currentIndexChanged.connect(lambda _i: self._levels())
        self.by_nutrient.toggled.connect(lambda _on: self._kind())
        self._levels()
        self._kind()

    def _levels(self) -> None:
        """EAR and the nutrient's own target (RDA, or AI for potassium) for the user's profile."""
        nutrient = Nutrient(self.nutrient.currentData())
        target = targets_for(self.state.profile().profile, dt.date.today())[nutrient]
        self.level.clear()
        self.level.addItem(f"{target.target_kind} ({target.target:g} {target.unit}/day)", target.target_kind)
        if target.ear is not None:
            self.level.addItem(f"EAR ({target.ear:g} {target.unit}/day)", "EAR")

    def _kind(self) -> None:
        nutrient = self.by_nutrient.isChecked()
        self.nutrient.setEnabled(nutrient)
        self.level.setEnabled(nutrient)
        self.cutoff.setEnabled(not nutrient)

    def save(self) -> None:
        first = self.start.date().toPython()
        assert isinstance(first, dt.date)
        try:
            if self.by_nutrient.isChecked():
                self.started = experiments.start_experiment(
                    self.state.ctx, self.name.text(), nutrient=self.nutrient.currentData(),
                    target=str(self.level.currentData()), days=self.days.value(), start=first,
                )  # fmt: skip
            else:
                self.started = experiments.start_experiment(
                    self.state.ctx, self.name.text(), no_caffeine_after=self.cutoff.text(), days=self.days.value(),
                    start=first,
                )  # fmt: skip
        except NutriGapError as exc:
            self.message.show_message(str(exc))
            return
        self.accept()


class ExperimentsPage(LivePage):
    """The list of experiments and the one selected."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("experiments-page")
        self.disclaimer = DisclaimerBanner(DISCLAIMER)
        self.tree = QTreeWidget()
        self.tree.setObjectName("experiments-list")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Experiments")
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if column == 1 else QHeaderView.ResizeMode.ResizeToContents
            )
        self.start_button = QPushButton("Start an experiment…")
        self.goal_button = QPushButton("Change goal…")
        self.goal_button.setToolTip(
            "A nutrient experiment keeps the goal it started with, whatever later happens to your profile; "
            "change it here on purpose"
        )
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("End the selected experiment today")
        self.delete_button = QPushButton("Delete")
        self.details = QTextBrowser()
        self.details.setObjectName("experiment-details")
        self.details.setAccessibleName("The selected experiment")
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        buttons.addWidget(self.goal_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.tree, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.details, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 620])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.disclaimer)
        layout.addWidget(splitter, 1)
        self.views: list[ExperimentView] = []
        self.report: ExperimentReport | None = None
        self.work = BackgroundWork(self)
        self.work.done.connect(self._show_report)
        self.work.failed.connect(lambda message, _details: self.details.setPlainText(message))
        self.work.busy_changed.connect(lambda busy: self.status.setText("Working it out…" if busy else ""))
        self.start_button.clicked.connect(lambda _checked=False: self.start_experiment())
        self.goal_button.clicked.connect(lambda _checked=False: self.change_goal())
        self.stop_button.clicked.connect(self.stop_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.tree.currentItemChanged.connect(lambda _current, _previous: self._show_selected())
        self.follow(day=False)

    # --- list ---------------------------------------------------------------------------------------------
    def selected_name(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def refresh(self) -> None:
        chosen = self.selected_name()
        self.views = experiments.list_experiments(self.state.ctx)
        self.tree.blockSignals(True)
        self.tree.clear()
        for v in self.views:
            item = QTreeWidgetItem(
                [
                    v.name,
                    v.description,
                    f"{date_text(v.start, weekday=False)}",
                    f"{date_text(v.planned_end, weekday=False)}",
                    v.status,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, v.name)
            item.setToolTip(1, v.description)
            self.tree.addTopLevelItem(item)
            if v.name == chosen:
                self.tree.setCurrentItem(item)
        last = self.tree.topLevelItem(len(self.views) - 1) if self.views else None
        if self.tree.currentItem() is None and last is not None:
            self.tree.setCurrentItem(last)
        self.tree.blockSignals(False)
        if not self.views:
            self.details.setHtml(
                "<h3>No experiments yet</h3><p>An experiment changes one thing for a few weeks, for example "
                "magnesium at the RDA, or no coffee after noon, and then compares your twitching during it "
                "with the same number of days before. Press <b>Start an experiment…</b>.</p>"
            )
        self._show_selected()

    def _show_selected(self) -> None:
        name = self.selected_name()
        selected = next((v for v in self.views if v.name == name), None)
        self.stop_button.setEnabled(selected is not None and selected.status in ("running", "planned"))
        self.goal_button.setEnabled(selected is not None and selected.goal is not None)
        self.delete_button.setEnabled(selected is not None)
        if name is None:
            return
        ctx = self.state.ctx
        self.work.start(lambda: experiments.experiment_report(ctx, name))

    def _show_report(self, report: object) -> None:
        assert isinstance(report, ExperimentReport)
        self.report = report
        self.details.setHtml(report_html(report))

    # --- actions --------------------------------------------------------------------------------------------
    def start_experiment(self) -> StartExperimentDialog:
        dialog = StartExperimentDialog(self.state, self)
        dialog.finished.connect(lambda _result: self._started(dialog))
        dialog.open()
        return dialog

    def _started(self, dialog: StartExperimentDialog) -> None:
        if dialog.started is not None:
            self.state.notice.emit(f"Experiment '{dialog.started.name}' started: {dialog.started.description}.")
            self.refresh()
            self.select(dialog.started.name)
        dialog.deleteLater()

    def select(self, name: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == name:
                self.tree.setCurrentItem(item)

    def change_goal(self) -> QInputDialog | None:
        """Ask for a new goal of the selected nutrient experiment (it is fixed otherwise)."""
        name = self.selected_name()
        view = next((v for v in self.views if v.name == name), None)
        if view is None or view.goal is None:
            return None
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Change the goal")
        dialog.setInputMode(QInputDialog.InputMode.DoubleInput)
        dialog.setDoubleDecimals(1)
        dialog.setDoubleRange(0.1, 5000.0)
        dialog.setDoubleValue(view.goal)
        dialog.setLabelText(f"Goal of '{view.name}' in {view.unit} a day:")
        dialog.doubleValueSelected.connect(lambda value: self._set_goal(view.name, value))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def _set_goal(self, name: str, value: float) -> None:
        try:
            view = experiments.set_experiment_goal(self.state.ctx, name, value)
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))
            return
        self.state.notice.emit(f"Experiment '{view.name}': {view.description}.")
        self.refresh()

    def stop_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        try:
            view = experiments.stop_experiment(self.state.ctx, name)
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))
            return
        self.state.notice.emit(f"Experiment '{view.name}' stopped; its last day is {view.stopped_on}.")
        self.refresh()

    def delete_selected(self, *, confirm: bool = True) -> None:
        name = self.selected_name()
        if name is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, "Delete experiment", f"Delete the experiment '{name}'? Your diary stays as it is."
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            experiments.delete_experiment(self.state.ctx, name)
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))
            return
        self.report = None
        self.refresh()
