"""The File menu's diary actions: the doctor's report (a week or a month as PDF, optionally the same numbers as
CSV, written on a worker thread, then offered to open), and exporting or importing the whole diary as CSV.

Importing into a diary that already holds data replaces it, so it needs an explicit "Replace" and first makes a
backup (:mod:`nutrigap.services.backup`). Backing up and restoring live in :mod:`nutrigap.gui.backup_actions`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, QStandardPaths, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import InvalidInput, NutriGapError
from nutrigap.domain.progress import Progress
from nutrigap.gui.backup_actions import BackupActions
from nutrigap.gui.errors import show_error
from nutrigap.gui.lazy import lazy_import
from nutrigap.gui.pages import InlineMessage, WrapLabel

if TYPE_CHECKING:
    from nutrigap.gui.main_window import MainWindow
    from nutrigap.gui.tasks import ProgressTask
    from nutrigap.services import backup
else:
    backup = lazy_import("nutrigap.services.backup")


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What the doctor's report dialog asks for: 'week' or 'month' holding ``day``, and the files."""

    kind: str
    day: dt.date
    pdf: Path
    csv: Path | None


def period_label(kind: str, day: dt.date) -> str:
    if kind == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return f"{monday:%a %d %b} to {monday + dt.timedelta(days=6):%a %d %b %Y}"
    return f"{day:%B %Y}"


class DoctorReportDialog(QDialog):
    """Week or month, the day it holds, the PDF file and optionally a CSV file beside it."""

    def __init__(self, day: dt.date, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doctor-report-dialog")
        self.setWindowTitle("Doctor's report")
        self.request: ReportRequest | None = None
        self.folder = folder
        self.week = QRadioButton()
        self.month = QRadioButton()
        self.week.setChecked(True)
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("A day of the period")
        self.pdf = QLineEdit()
        self.pdf.setAccessibleName("PDF file")
        browse = QPushButton("Choose…")
        browse.setAutoDefault(False)
        self.with_csv = QCheckBox("Also save the numbers as CSV (one tidy table, for a spreadsheet)")
        self.csv = QLineEdit()
        self.csv.setAccessibleName("CSV file")
        self.message = InlineMessage()
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.pdf, 1)
        pdf_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Period:", self.week)
        form.addRow("", self.month)
        form.addRow("&Holding the day:", self.day)
        pdf_label = QLabel("&PDF file:")
        pdf_label.setBuddy(self.pdf)
        form.addRow(pdf_label, pdf_row)
        form.addRow("", self.with_csv)
        form.addRow("&CSV file:", self.csv)
        note = WrapLabel(
            "The report shows your average intake against the reference intakes with the IOM verdicts, the twitch "
            "log, lifestyle factors, charts, insights and any reason to see a doctor. It is for your doctor to "
            "read; it is not a diagnosis."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Write report")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)
        browse.clicked.connect(self._browse)
        self.week.toggled.connect(lambda _on: self._update_names())
        self.day.dateChanged.connect(lambda _date: self._update_names())
        self.with_csv.toggled.connect(self.csv.setEnabled)
        self.csv.setEnabled(False)
        self._update_names()

    @property
    def kind(self) -> str:
        return "week" if self.week.isChecked() else "month"

    def chosen_day(self) -> dt.date:
        value = self.day.date().toPython()
        assert isinstance(value, dt.date)
        return value

    def _update_names(self) -> None:
        day = self.chosen_day()
        self.week.setText(f"The week: {period_label('week', day)}")
        self.month.setText(f"The month: {period_label('month', day)}")
        stem = (
            f"nutrigap-week-{day - dt.timedelta(days=day.weekday())}"
            if self.kind == "week"
            else f"nutrigap-month-{day:%Y-%m}"
        )
        self.pdf.setText(str(self.folder / f"{stem}.pdf"))
        self.csv.setText(str(self.folder / f"{stem}.csv"))

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save the report as", self.pdf.text(), "PDF (*.pdf)")
        if chosen:
            path = Path(chosen)
            path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
            self.folder = path.parent
            self.pdf.setText(str(path))
            self.csv.setText(str(path.with_suffix(".csv")))

    def save(self) -> None:
        from nutrigap.services.doctor_report import check_output

        try:
            pdf = check_output(self.pdf.text().strip(), ".pdf")
            csv = check_output(self.csv.text().strip(), ".csv") if self.with_csv.isChecked() else None
        except InvalidInput as exc:
            self.message.show_message(str(exc))
            return
        self.request = ReportRequest(self.kind, self.chosen_day(), pdf, csv)
        self.accept()


class FileActions(QObject):
    """The diary actions of a window's File menu (put at its top)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.state = window.state
        menu = window.menu("file")
        first = menu.actions()[0] if menu.actions() else None  # the food database actions stay below
        self.report_action = QAction("Doctor's report…", self)
        self.report_action.setShortcut(QKeySequence("Ctrl+P"))
        self.report_action.setToolTip("A week or a month as a PDF to hand to a doctor (and the numbers as CSV)")
        self.report_action.triggered.connect(lambda _checked=False: self.open_report_dialog())
        self.export_action = QAction("Export diary as CSV…", self)
        self.export_action.triggered.connect(lambda _checked=False: self.export_diary())
        self.import_action = QAction("Import diary from CSV…", self)
        self.import_action.triggered.connect(lambda _checked=False: self.import_diary())
        menu.insertActions(first, [self.report_action, self.export_action, self.import_action])  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]
        self.backups = BackupActions(window, first)
        #: the last report written (PDF path), for tests and the "open" offer
        self.last_report: Path | None = None

    # --- the doctor's report --------------------------------------------------------------------------------
    def open_report_dialog(self) -> DoctorReportDialog:
        dialog = DoctorReportDialog(self.state.day, documents_folder(), self.window)
        dialog.finished.connect(lambda _result: self._report_chosen(dialog))
        dialog.open()
        return dialog

    def _report_chosen(self, dialog: DoctorReportDialog) -> None:
        request = dialog.request
        dialog.deleteLater()
        if request is not None:
            self.write_report(request)

    def write_report(self, request: ReportRequest) -> ProgressTask | None:
        """Write the report on a worker thread; when done, offer to open it."""
        if self.window.task is not None:
            return None
        from nutrigap.services import doctor_report

        ctx = self.state.ctx

        def work(progress: Progress) -> object:
            progress("Gathering the numbers, the twitch log and the insights", 0.05)
            if request.kind == "week":
                return doctor_report.week_doctor_report(ctx, request.day, pdf_path=request.pdf, csv_path=request.csv)
            day = request.day
            return doctor_report.month_doctor_report(ctx, day.year, day.month, pdf_path=request.pdf,
                                                     csv_path=request.csv)  # fmt: skip

        task = self.window.run_task(
            "Writing the doctor's report",
            work,
            f"The {request.kind} {period_label(request.kind, request.day)}: numbers, charts and insights.",
        )
        task.succeeded.connect(lambda _files: self._report_written(request))
        task.start()
        return task

    def _report_written(self, request: ReportRequest) -> QMessageBox:
        self.last_report = request.pdf
        also = f"\nThe numbers are in {request.csv}." if request.csv is not None else ""
        self.state.notice.emit(f"Doctor's report saved to {request.pdf}.")
        box = QMessageBox(QMessageBox.Icon.Information, "Doctor's report", f"Saved to {request.pdf}.{also}",
                          QMessageBox.StandardButton.Close, self.window)  # fmt: skip
        box.setObjectName("report-saved")
        open_button = box.addButton("Open the report", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(open_button)
        box.finished.connect(lambda _result: self._after_offer(box, open_button, request.pdf))
        box.open()
        return box

    def _after_offer(self, box: QMessageBox, open_button: QPushButton, pdf: Path) -> None:
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))
        box.deleteLater()

    # --- diary CSV ------------------------------------------------------------------------------------------
    def export_diary(self, path: Path | None = None) -> int | None:
        """Write the whole diary as CSV (asks for the file when None); returns the number of rows."""
        from nutrigap.services import transfer

        if path is None:
            default = documents_folder() / f"nutrigap-diary-{dt.date.today()}.csv"
            chosen, _filter = QFileDialog.getSaveFileName(self.window, "Export diary", str(default), "CSV (*.csv)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            rows = transfer.export_csv(self.state.ctx, path)
        except NutriGapError as exc:
            show_error(self.window, str(exc), title="Export diary")
            return None
        self.state.notice.emit(f"Exported the diary ({rows:,} rows) to {path}.")
        return rows

    def import_diary(self, path: Path | None = None, *, confirmed: bool | None = None) -> dict[str, int] | None:
        """Read a diary export. Into a diary with data only after "Replace" (``confirmed``; None asks), which
        first makes a backup when the backup service exists. Returns what was imported, or None."""
        from nutrigap.services import transfer

        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.window, "Import diary", str(documents_folder()), "NutriGap diary export (*.csv);;All files (*)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        ctx = self.state.ctx
        try:
            looks = backup.describe(path).format
        except NutriGapError as exc:
            show_error(self.window, str(exc), title="Import diary")
            return None
        if looks != "csv":  # checked before asking, so a wrong file costs no backup and no question
            hint = " (a .sqlite backup is restored with File ▸ Backups and restore)" if looks == "sqlite" else ""
            show_error(self.window, f"{path.name} is not a NutriGap diary export{hint}; nothing was imported.",
                       title="Import diary")  # fmt: skip
            return None
        replace = not transfer.diary_is_empty(ctx)
        backup_note = ""
        if replace:
            if confirmed is None:
                confirmed = self.ask_replace(path)
            if not confirmed:
                return None
            try:
                made = backup.create_backup(ctx)
            except NutriGapError as exc:
                show_error(self.window, f"No backup could be made, so nothing was imported: {exc}", title="Import")
                return None
            backup_note = f" Your diary as it was is backed up as {made.path.name}."
        try:
            counts = transfer.import_csv(ctx, path, replace=replace, backup_first=False)  # backed up above
        except NutriGapError as exc:
            show_error(self.window, str(exc), title="Import diary")
            return None
        self.state.replace_diary()
        what = ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in counts.items() if kind != "food_nutrient")
        self.state.notice.emit(f"Imported from {path.name}: {what or 'nothing'}.{backup_note}")
        return counts

    def ask_replace(self, path: Path) -> bool:
        """Ask before an import replaces a diary that holds data."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Replace your diary?",
            f"Your diary already holds data. Importing {path.name} replaces all of it: entries, your foods, "
            "twitches, factors, experiments and profile. A backup of your diary is made first.",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("confirm-replace")
        replace = box.addButton("Replace my diary", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        box.deleteLater()
        return box.clickedButton() is replace
