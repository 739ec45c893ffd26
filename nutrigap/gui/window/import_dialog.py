"""File ▸ Import from another app…: choose the app and its files, see what would be imported (entries, days,
foods, blood test results, skipped rows with their reasons; for a CSV file, what each mapped column becomes)
before anything is written; choose what an unrecognised blood value is ("import as …" or not imported) and, for
MyFitnessPal, which Daily Value its calcium percentages stand for; the import then runs on the worker with a
progress dialog and can be undone as a whole (Edit ▸ Undo).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED
from nutrigap.gui.formatting import date_text
from nutrigap.gui.undo import UndoableChange

if TYPE_CHECKING:
    from nutrigap.gui.state import AppState
    from nutrigap.services.context import AppContext
    from nutrigap.services.importers.apply import ImportResult
    from nutrigap.services.importers.biometrics import Unrecognised
    from nutrigap.services.importers.plan import ImportPlan

#: (app id, label, file filter)
APPS = (
    ("cronometer", "Cronometer (Export Data CSV files or their zip)", "Cronometer export (*.csv *.zip)"),
    ("myfitnesspal", "MyFitnessPal (the export zip)", "MyFitnessPal export (*.zip *.csv)"),
    ("csv-mapped", "Any CSV food log (with a column mapping)", "CSV (*.csv)"),
)
#: Entries listed in the preview (the summary counts them all).
PREVIEW_ROWS = 200


class ImportFromAppDialog(QDialog):
    """Choose, preview, then accept: :attr:`plan` holds what the preview showed."""

    def __init__(
        self, parent: QWidget | None = None, start_folder: Path | None = None, ctx: AppContext | None = None
    ) -> None:
        super().__init__(parent)
        #: the diary the import goes to: the preview names the days already logged in it (kept as they are)
        self.ctx = ctx
        self.setWindowTitle("Import from another app")
        self.setObjectName("import-from-app")
        self.start_folder = start_folder or Path.home()
        self.plan: ImportPlan | None = None
        self.paths: list[Path] = []
        self.app = QComboBox()
        for app, label, _ in APPS:
            self.app.addItem(label, app)
        self.files = QLineEdit()
        self.files.setPlaceholderText("Type or paste the files' paths (several separated by ;), or choose them")
        self.files.setAccessibleName("Export files")
        self.files.textEdited.connect(lambda _t: self._typed_paths())
        choose = QPushButton("C&hoose files…")
        choose.setAutoDefault(False)
        choose.clicked.connect(lambda _c=False: self.choose_files())
        file_row = QHBoxLayout()
        file_row.addWidget(self.files, 1)
        file_row.addWidget(choose)
        self.mapping = QLineEdit()
        self.mapping.setPlaceholderText("date=Day,food=Food,grams=Weight,magnesium=Mg:mg,vitamin_d=Vit D:IU")
        self.mapping.setToolTip(
            "field=Column[:unit], comma-separated. Fields: date (date=Day:%d/%m/%Y for other formats), food, "
            "meal, grams, energy, magnesium, calcium, potassium, vitamin_d, vitamin_b12"
        )
        self.calcium_dv = QComboBox()
        self.calcium_dv.addItem("1,000 mg (US labels before 2020)", 1000.0)
        self.calcium_dv.addItem("1,300 mg (US labels from 2020, FDA 2016 rule)", 1300.0)
        self.calcium_dv.setToolTip(
            "MyFitnessPal gives calcium as a % of the label's Daily Value and does not say which DV it uses."
        )
        #: the person's choices for unrecognised blood metrics: metric → analyte id; and what each metric is
        self.biometric_choices: dict[str, str] = {}
        self._metrics: dict[str, Unrecognised] = {}
        # Enter anywhere previews (nothing is written); only the Import button itself imports
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(lambda _c=False: self.preview())
        form = QFormLayout()
        from_label = QLabel("&From:")
        from_label.setBuddy(self.app)
        files_label = QLabel("F&iles:")
        files_label.setBuddy(self.files)
        form.addRow(from_label, self.app)
        form.addRow(files_label, file_row)
        form.addRow("Column mapping:", self.mapping)
        form.addRow("Calcium % means:", self.calcium_dv)
        self._form = form
        self.summary = QLabel("Choose the app and its files, then Preview. Nothing is written before Import.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        headers = ["Date", "Meal", "Food", "Amount", "kcal", *(f"{n.label} ({n.unit})" for n in TRACKED)]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lab_headers = ["Date", "Blood test", "Value", "Unit", "In NutriGap's unit", "As Cronometer named it"]
        self.labs = QTableWidget(0, len(lab_headers))
        self.labs.setHorizontalHeaderLabels(lab_headers)
        self.labs.verticalHeader().setVisible(False)
        self.labs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.labs.setMaximumHeight(110)
        self.labs_label = QLabel("Blood test results:")
        self.metrics_label = QLabel(
            "Blood values NutriGap did not recognise (not imported unless you choose what they are):"
        )
        self.metrics_label.setWordWrap(True)
        self.metrics_box = QWidget()
        self.metrics_form = QFormLayout(self.metrics_box)
        self.metrics_form.setContentsMargins(0, 0, 0, 0)
        self.skipped = QListWidget()
        self.skipped.setMaximumHeight(110)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("I&mport", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.labs_label)
        layout.addWidget(self.labs)
        layout.addWidget(self.metrics_label)
        layout.addWidget(self.metrics_box)
        layout.addWidget(QLabel("Not imported, and why:"))
        layout.addWidget(self.skipped)
        layout.addWidget(self.buttons)
        self.app.currentIndexChanged.connect(lambda _i: self._changed())
        self.mapping.textChanged.connect(lambda _t: self._changed())
        self.calcium_dv.currentIndexChanged.connect(lambda _i: self._changed())
        self.app.currentIndexChanged.connect(lambda _i: self._forget_metrics())
        self._changed()
        self._fill_labs(None)  # empty tables and labels stay hidden until a preview has something to show
        self._forget_metrics()
        self.resize(1040, 720)

    def set_app(self, app: str) -> None:
        self.app.setCurrentIndex(self.app.findData(app))

    def choose_files(self) -> None:
        _, _, filters = APPS[self.app.currentIndex()]
        chosen, _f = QFileDialog.getOpenFileNames(self, "Choose the export files", str(self.start_folder), filters)
        if chosen:
            self.set_paths([Path(c) for c in chosen])

    def set_paths(self, paths: list[Path]) -> None:
        self.paths = paths
        self.files.setText("; ".join(str(p) for p in paths))
        self._forget_metrics()
        self._changed()

    def _typed_paths(self) -> None:
        """Paths typed or pasted into the Files box (``;``-separated, ``~`` allowed); Preview checks they exist."""
        self.paths = [Path(p.strip()).expanduser() for p in self.files.text().split(";") if p.strip()]
        self._forget_metrics()
        self._changed()

    def _forget_metrics(self) -> None:
        """Other files or another app: earlier choices for blood metrics no longer apply."""
        self.biometric_choices.clear()
        self._metrics.clear()
        self._fill_metrics(None)

    def _changed(self) -> None:
        """A different app, file or mapping: the preview no longer holds."""
        self._form.setRowVisible(self.mapping, self.app.currentData() == "csv-mapped")  # only a CSV file has one
        self._form.setRowVisible(self.calcium_dv, self.app.currentData() == "myfitnesspal")
        self.plan = None
        self.import_button.setEnabled(False)
        if self.table.rowCount() or self.skipped.count():  # an old preview would read as this one's
            self.table.setRowCount(0)
            self._fill_labs(None)
            self.skipped.clear()
            self.summary.setText("Press Preview to see what would come across. Nothing is written before Import.")

    def preview(self) -> ImportPlan | None:
        """Read the files (nothing is written) and show what would come across."""
        from nutrigap.services.importers.cronometer import parse_cronometer
        from nutrigap.services.importers.csv_mapped import parse_csv_mapped, parse_map
        from nutrigap.services.importers.myfitnesspal import parse_myfitnesspal

        self._changed()
        self.table.setRowCount(0)
        self._fill_labs(None)
        self.skipped.clear()
        if not self.paths:
            self.summary.setText("Choose the export files first.")
            return None
        missing = [p for p in self.paths if not p.is_file()]
        if missing:
            self.summary.setText(f"No such file: {missing[0]}")
            return None
        app = self.app.currentData()
        columns = ""
        try:
            if app == "cronometer":
                plan = parse_cronometer(self.paths, dict(self.biometric_choices))
            elif app == "myfitnesspal":
                plan = parse_myfitnesspal(self.paths, calcium_dv=float(self.calcium_dv.currentData()))
            else:
                mapping = parse_map(self.mapping.text())
                columns = "\nColumns: " + "; ".join(f"{c} → {what}" for c, what in mapping.describe())
                plan = parse_csv_mapped(self.paths[0], mapping)
        except NutriGapError as exc:
            self.summary.setText(str(exc))
            return None
        self.plan = plan
        span = f" from {plan.days[0]} to {plan.days[-1]}" if plan.days else ""
        if self.ctx is not None:
            from nutrigap.services.importers.apply import days_logged_in_nutrigap, kept_account

            kept = days_logged_in_nutrigap(self.ctx, plan)
            span += f"; {kept_account(plan, kept)}" if kept else ""
        notices = "".join(f"\n{n}" for n in plan.notices)
        self.summary.setText(f"Would import {plan.summary()}{span}.{columns}{notices}")
        self._fill_table(plan)
        self._fill_labs(plan)
        self._fill_metrics(plan)
        self.skipped.addItems([str(s) for s in plan.skipped] or ["(nothing skipped)"])
        self.import_button.setEnabled(plan.has_data)
        return plan

    def _fill_labs(self, plan: ImportPlan | None) -> None:
        """The blood test results the import would write (shown only when there are some)."""
        from nutrigap.domain.labs import analyte_name

        results = [] if plan is None else plan.lab_results
        self.labs.setRowCount(len(results))
        for r, lab in enumerate(results):
            cells = [
                date_text(lab.day, weekday=False), analyte_name(lab.analyte), f"{lab.value:g}", lab.unit,
                f"{lab.canonical_value:.4g} {lab.canonical_unit}", lab.metric,
            ]  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (2, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.labs.setItem(r, c, item)
        self.labs.resizeColumnsToContents()
        self.labs.setVisible(bool(results))
        self.labs_label.setVisible(bool(results))

    def _fill_metrics(self, plan: ImportPlan | None) -> None:
        """A choice per unrecognised blood metric (and per one the person already mapped, to change it back):
        not imported, or "import as" each blood test reported in its unit, or as a test of its own name."""
        from nutrigap.domain.labs import analyte_name

        while self.metrics_form.rowCount():
            self.metrics_form.removeRow(0)
        if plan is not None:
            self._metrics.update({u.metric: u for u in plan.unrecognised})
        shown = [] if plan is None else [m for m in self._metrics.values() if m.metric in self.biometric_choices
                                         or m in plan.unrecognised]  # fmt: skip
        for metric in shown:
            choice = QComboBox()
            choice.setObjectName(f"metric:{metric.metric}")
            choice.addItem("Not imported", "")
            for analyte in metric.choices():
                choice.addItem(f"Import as {analyte_name(analyte).lower()}", analyte)
            own = metric.own_test()
            if own is not None:
                choice.addItem(f"Import as a test of its own, '{metric.metric}'", own)
            choice.setCurrentIndex(max(0, choice.findData(self.biometric_choices.get(metric.metric, ""))))
            choice.activated.connect(lambda _i, m=metric.metric, c=choice: self.choose_metric(m, str(c.currentData())))
            rows = f"{metric.metric} ({', '.join(metric.units)}; {metric.rows} row{'s' if metric.rows != 1 else ''}):"
            self.metrics_form.addRow(rows, choice)
        self.metrics_label.setVisible(bool(shown))
        self.metrics_box.setVisible(bool(shown))

    def choose_metric(self, metric: str, analyte: str) -> None:
        """The person chose what ``metric`` is ('' = not imported): the preview is read again with it."""
        if analyte:
            self.biometric_choices[metric] = analyte
        else:
            self.biometric_choices.pop(metric, None)
        self.preview()

    def _fill_table(self, plan: ImportPlan) -> None:
        shown = plan.entries[:PREVIEW_ROWS]
        self.table.setRowCount(len(shown))
        for r, e in enumerate(shown):
            cells = [
                date_text(e.day, weekday=False),
                e.meal.value.capitalize(),
                e.food_name,
                f"{e.quantity:g} {e.unit}",
            ]
            for nid in (ENERGY_KCAL, *(n.fdc_id for n in TRACKED)):
                value = e.values.get(nid)
                cells.append("unknown" if value is None else f"{value:,.4g}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()


class ImportCommand(UndoableChange):
    """An import from another app as one undoable change: undo removes it as a whole, redo writes it again."""

    def __init__(self, state: AppState, plan: ImportPlan, result: ImportResult) -> None:
        from nutrigap.services.importers.plan import APP_LABELS

        super().__init__(state, f"Import from {APP_LABELS[plan.app]}")
        self.plan = plan
        self.import_id = result.import_id

    def announce(self) -> None:
        self.state.foods_changed.emit()
        self.state.entries_changed.emit(frozenset(self.plan.days))
        if self.plan.lab_results:
            self.state.labs_changed.emit()

    def _undo(self) -> None:
        from nutrigap.services.importers.apply import undo_import

        undo_import(self.state.ctx, self.import_id)

    def _redo(self) -> None:
        from nutrigap.services.importers.apply import apply_plan

        self.import_id = apply_plan(self.state.ctx, self.plan, backup_first=False).import_id
