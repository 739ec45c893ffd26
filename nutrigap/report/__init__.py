"""Doctor's reports: a PDF (reportlab) and a CSV of the same numbers, built from plain data and the charts.

The report layer may use the charts and the engine, never the services or the database: the data arrives as
a :class:`~nutrigap.report.model.DoctorReport` gathered by ``nutrigap.services.doctor_report``.
"""

from nutrigap.report.csv_export import COLUMNS, csv_rows, write_csv
from nutrigap.report.model import DISCLAIMER, DoctorReport, FactorSummary, InsightItem, RedFlag, TwitchSummary
from nutrigap.report.pdf import pdf_bytes, write_pdf
from nutrigap.report.summaries import factor_summaries, twitch_summary

__all__ = [
    "COLUMNS",
    "DISCLAIMER",
    "DoctorReport",
    "FactorSummary",
    "InsightItem",
    "RedFlag",
    "TwitchSummary",
    "csv_rows",
    "factor_summaries",
    "pdf_bytes",
    "twitch_summary",
    "write_csv",
    "write_pdf",
]
