"""The File menu's diary actions: the doctor's report (a week or a month as PDF, optionally the same numbers as
CSV, written on a worker thread, then offered to open), and exporting or importing the whole diary as CSV.

Importing into a diary that already holds data replaces it, so it needs an explicit "Replace" and first makes a
backup (:mod:`nutrigap.services.backup`). Backing up and restoring live in :mod:`nutrigap.gui.window.backup_actions`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.progress import Progress
from nutrigap.domain.wording import plural
from nutrigap.gui.errors import show_error
from nutrigap.gui.file_names import file_prefix
from nutrigap.gui.window.backup_actions import BackupActions
from nutrigap.gui.window.report_dialog import DoctorReportDialog, ReportRequest, period_label
from nutrigap.services import backup

__all__ = ["DoctorReportDialog", "FileActions", "ReportRequest", "documents_folder", "period_label"]

if TYPE_CHECKING:
    from nutrigap.gui.state import AppState
    from nutrigap.gui.tasks import ProgressTask, TaskRunner
    from nutrigap.gui.window.import_dialog import ImportFromAppDialog
    from nutrigap.services.importers.apply import ImportResult
    from nutrigap.services.importers.plan import ImportPlan


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class FileActions(QObject):
    """The diary actions of a window's File menu (put at its top)."""

    def __init__(self, state: AppState, menu: QMenu, tasks: TaskRunner, parent: QWidget) -> None:
        """``menu``: the File menu; ``tasks`` runs the report's work; ``parent`` owns the dialogs."""
        super().__init__(parent)
        self.window = parent
        self.state = state
        self.tasks = tasks
        first = menu.actions()[0] if menu.actions() else None  # the food database actions stay below
        self.report_action = QAction("Doctor's report…", self)
        self.report_action.setShortcut(QKeySequence("Ctrl+P"))
        self.report_action.setToolTip("A week or a month as a PDF to hand to a doctor (and the numbers as CSV)")
        self.report_action.triggered.connect(lambda _checked=False: self.open_report_dialog())
        self.export_action = QAction("Export diary as CSV…", self)
        self.export_action.triggered.connect(lambda _checked=False: self.export_diary())
        self.import_action = QAction("Import diary from CSV…", self)
        self.import_action.triggered.connect(lambda _checked=False: self.import_diary())
        self.import_app_action = QAction("Import from another app…", self)
        self.import_app_action.setToolTip("Bring your history from Cronometer, MyFitnessPal or any CSV food log")
        self.import_app_action.triggered.connect(lambda _checked=False: self.open_import_from_app())
        menu.insertActions(first, [self.report_action, self.export_action, self.import_action, self.import_app_action])  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]
        self.backups = BackupActions(state, menu, first, parent)
        #: the last report written (PDF path), for tests and the "open" offer
        self.last_report: Path | None = None
        #: the last import from another app (for tests and the notice)
        self.last_import: ImportResult | None = None

    # --- the doctor's report --------------------------------------------------------------------------------
    def open_report_dialog(self) -> DoctorReportDialog:
        dialog = DoctorReportDialog(
            self.state.day, documents_folder(), self.window, prefix=file_prefix(self.state.ctx.paths)
        )
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
        if self.tasks.task is not None:
            return None
        from nutrigap.services import doctor_report

        ctx = self.state.ctx

        def work(progress: Progress) -> object:
            progress("Gathering the numbers, the twitch log and the insights", 0.05)
            if request.kind == "week":
                return doctor_report.week_doctor_report(ctx, request.day, pdf_path=request.pdf, csv_path=request.csv)
            if request.kind == "range":
                first, last = request.bounds()
                return doctor_report.range_doctor_report(ctx, first, last, pdf_path=request.pdf, csv_path=request.csv)
            day = request.day
            return doctor_report.month_doctor_report(ctx, day.year, day.month, pdf_path=request.pdf,
                                                     csv_path=request.csv)  # fmt: skip

        task = self.tasks.run_task(
            "Writing the doctor's report",
            work,
            f"{_period_words(request)}: numbers, charts and insights.",
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
            default = documents_folder() / f"{file_prefix(self.state.ctx.paths)}-diary-{dt.date.today()}.csv"
            chosen, _filter = QFileDialog.getSaveFileName(self.window, "Export diary", str(default), "CSV (*.csv)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            rows = transfer.export_csv(self.state.ctx, path)
        except NutriGapError as exc:
            show_error(self.window, str(exc), title="Export diary")
            return None
        self.state.notice.emit(f"Exported the diary ({plural(rows, 'row')}) to {path}.")
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
            ctx.check_diary_in_place()  # never "imported" into a diary file deleted meanwhile
        except NutriGapError as exc:
            show_error(self.window, str(exc), title="Import diary")
            return None
        self.state.replace_diary()
        what = ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in counts.items() if kind != "food_nutrient")
        self.state.notice.emit(f"Imported from {path.name}: {what or 'nothing'}.{backup_note}")
        return counts

    # --- another app's history (issue #18) -------------------------------------------------------------------
    def open_import_from_app(self) -> ImportFromAppDialog:
        """The dialog: choose, preview; on Import the plan is written on the worker (:meth:`import_plan`)."""
        from nutrigap.gui.window.import_dialog import ImportFromAppDialog

        dialog = ImportFromAppDialog(self.window, documents_folder(), self.state.ctx)
        dialog.accepted.connect(lambda: self.import_plan(dialog.plan) if dialog.plan is not None else None)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def import_plan(self, plan: ImportPlan) -> ProgressTask | None:
        """Write a previewed plan on the worker (a backup first, one transaction); undoable as a whole."""
        if self.tasks.task is not None:
            return None
        from nutrigap.gui.window.import_dialog import ImportCommand
        from nutrigap.services.importers.apply import ImportResult, apply_plan

        ctx = self.state.ctx

        def work(progress: Progress) -> object:
            progress("Backing up the diary, then importing", 0.1)
            return apply_plan(ctx, plan)

        task = self.tasks.run_task("Importing", work, f"{plan.summary()}.")

        def done(result: object) -> None:
            assert isinstance(result, ImportResult)
            self.last_import = result
            self.state.undo_stack.push(ImportCommand(self.state, plan, result))
            self.state.notice.emit(
                f"Import {result.import_id}: imported {result.summary()}. Edit ▸ Undo removes it as a whole."
            )

        task.succeeded.connect(done)
        task.start()
        return task

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


def _period_words(request: ReportRequest) -> str:
    """'The week Mon, 23 Nov to Sun, 29 Nov 2026', 'The month November 2026', '2 Nov to 29 Nov 2026'."""
    label = period_label(request.kind, request.day, request.last)
    return label if request.kind == "range" else f"The {request.kind} {label}"
