"""The doctor's report dialog: the period (the week or the month holding a day, the last four weeks up to it, or
any dates), the PDF file and optionally a CSV file beside it.

The CSV follows the PDF's folder and name until the user sets it apart (types another CSV path); the PDF keeps a
name the user gave it when the period changes. In the demo every default name says "demo", so the demo's report
never defaults to the user's real report file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import InvalidInput
from nutrigap.gui.formatting import date_edit_format, date_range_text, date_text, month_text
from nutrigap.gui.page_base import InlineMessage, WrapLabel

#: "The last four weeks" [days], as services.doctor_report.LAST_WEEKS_DAYS (not imported: the service module
#: loads pandas, and the dialog opens at once)
LAST_WEEKS_DAYS = 28
#: the longest range a report covers [days], as services.doctor_report.MAX_RANGE_DAYS
MAX_RANGE_DAYS = 366


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What the doctor's report dialog asks for: 'week' or 'month' holding ``day``, or 'range' from ``day`` to
    ``last`` (both included); and the files."""

    kind: str
    day: dt.date
    pdf: Path
    csv: Path | None
    last: dt.date | None = None

    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last day of the period."""
        if self.kind == "week":
            monday = self.day - dt.timedelta(days=self.day.weekday())
            return monday, monday + dt.timedelta(days=6)
        if self.kind == "month":
            first = self.day.replace(day=1)
            return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return self.day, self.last or self.day


def period_label(kind: str, day: dt.date, last: dt.date | None = None) -> str:
    """'Mon 23 Nov to Sun 29 Nov 2026' (week), 'November 2026' (month), '2 Nov to 29 Nov 2026' (range)."""
    if kind == "month":
        return month_text(day)
    first, end = ReportRequest(kind, day, Path(), None, last).bounds()
    return date_range_text(first, end, weekday=kind == "week")


def _csv_beside(pdf: str) -> str:
    """The CSV path with the PDF's folder and name ('' while the PDF path has no file name yet)."""
    path = Path(pdf.strip()).expanduser()
    return str(path.with_suffix(".csv")) if path.name else ""


def _date_edit(day: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    edit.setAccessibleName(name)
    return edit


def _to_date(edit: QDateEdit) -> dt.date:
    value = edit.date().toPython()
    assert isinstance(value, dt.date)
    return value


class DoctorReportDialog(QDialog):
    """The period, the PDF file and optionally a CSV file beside it."""

    def __init__(self, day: dt.date, folder: Path, parent: QWidget | None = None, *, prefix: str = "nutrigap") -> None:
        super().__init__(parent)
        self.setObjectName("doctor-report-dialog")
        self.setWindowTitle("Doctor's report")
        self.request: ReportRequest | None = None
        self.folder = folder
        self.prefix = prefix
        #: the user named the PDF (typed or chosen): a new period keeps that name
        self.pdf_named = False
        #: the user set the CSV apart from the PDF (typed another path): it no longer follows the PDF
        self.csv_apart = False
        self.week = QRadioButton()
        self.month = QRadioButton()
        self.last_weeks = QRadioButton()
        self.range = QRadioButton("From")
        self.week.setChecked(True)
        periods = QButtonGroup(self)
        for button in (self.week, self.month, self.last_weeks, self.range):
            periods.addButton(button)
        self.day = _date_edit(day, "A day of the period")
        self.range_from = _date_edit(day - dt.timedelta(days=LAST_WEEKS_DAYS - 1), "First day of the range")
        self.range_to = _date_edit(day, "Last day of the range")
        range_row = QHBoxLayout()
        range_row.addWidget(self.range)
        range_row.addWidget(self.range_from)
        range_row.addWidget(QLabel("to"))
        range_row.addWidget(self.range_to)
        range_row.addStretch(1)
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
        form.addRow("&Holding the day:", self.day)
        form.addRow("Period:", self.week)
        form.addRow("", self.month)
        form.addRow("", self.last_weeks)
        form.addRow("", range_row)
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
        periods.buttonToggled.connect(lambda _button, _on: self._update_names())
        for edit in (self.day, self.range_from, self.range_to):
            edit.dateChanged.connect(lambda _date: self._update_names())
        self.pdf.textEdited.connect(self._pdf_edited)
        self.csv.textEdited.connect(self._csv_edited)
        self.with_csv.toggled.connect(self.csv.setEnabled)
        self.csv.setEnabled(False)
        self._update_names()

    @property
    def kind(self) -> str:
        if self.week.isChecked():
            return "week"
        if self.month.isChecked():
            return "month"
        return "range"

    def chosen_day(self) -> dt.date:
        return _to_date(self.day)

    def chosen_request_dates(self) -> tuple[dt.date, dt.date | None]:
        """(day, last): the day the week or month holds, or the first and last day of a range."""
        if self.week.isChecked() or self.month.isChecked():
            return self.chosen_day(), None
        if self.last_weeks.isChecked():
            end = self.chosen_day()
            return end - dt.timedelta(days=LAST_WEEKS_DAYS - 1), end
        return _to_date(self.range_from), _to_date(self.range_to)

    def default_stem(self) -> str:
        day, last = self.chosen_request_dates()
        first, end = ReportRequest(self.kind, day, Path(), None, last).bounds()
        if self.kind == "week":
            return f"{self.prefix}-week-{first}"
        if self.kind == "month":
            return f"{self.prefix}-month-{first:%Y-%m}"
        return f"{self.prefix}-{first}-to-{end}"

    def _update_names(self) -> None:
        day = self.chosen_day()
        self.week.setText(f"The week: {period_label('week', day)}")
        self.month.setText(f"The month: {period_label('month', day)}")
        self.last_weeks.setText(
            f"The last 4 weeks: {period_label('range', day - dt.timedelta(days=LAST_WEEKS_DAYS - 1), day)}"
        )
        in_range = self.range.isChecked()
        self.range_from.setEnabled(in_range)
        self.range_to.setEnabled(in_range)
        self.day.setEnabled(not in_range)
        if not self.pdf_named:
            current = self.pdf.text().strip()
            folder = Path(current).expanduser().parent if current else self.folder
            self.pdf.setText(str(folder / f"{self.default_stem()}.pdf"))
        self._follow_pdf()

    def _follow_pdf(self) -> None:
        """The CSV beside the PDF, with its name, unless the user set it apart."""
        if self.csv_apart:
            return
        self.csv.setText(_csv_beside(self.pdf.text()))

    def _pdf_edited(self, _text: str) -> None:
        self.pdf_named = True
        self._follow_pdf()

    def _csv_edited(self, text: str) -> None:
        beside = _csv_beside(self.pdf.text())
        following = bool(beside) and text.strip() == beside
        self.csv_apart = bool(text.strip()) and not following  # emptied or made equal again: it follows

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save the report as", self.pdf.text(), "PDF (*.pdf)")
        if chosen:
            path = Path(chosen)
            path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
            self.folder = path.parent
            self.pdf.setText(str(path))
            self._pdf_edited(str(path))

    def save(self) -> None:
        from nutrigap.services.doctor_report import check_output

        day, last = self.chosen_request_dates()
        if last is not None and last < day:
            self.message.show_message(f"The range ends ({date_text(last)}) before it starts ({date_text(day)}).")
            return
        if last is not None and (last - day).days + 1 > MAX_RANGE_DAYS:
            self.message.show_message(f"A report covers at most {MAX_RANGE_DAYS} days.")
            return
        try:
            pdf = check_output(self.pdf.text().strip(), ".pdf")
            csv = check_output(self.csv.text().strip(), ".csv") if self.with_csv.isChecked() else None
        except InvalidInput as exc:
            self.message.show_message(str(exc))
            return
        self.request = ReportRequest(self.kind, day, pdf, csv, last)
        self.accept()
