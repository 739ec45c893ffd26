"""Doctor's reports: a PDF (reportlab) and a CSV of the same numbers, built from plain data and the charts.

The report layer may use the charts and the engine, never the services or the database: the data arrives as
a :class:`~nutrigap.report.model.DoctorReport` gathered by ``nutrigap.services.doctor_report``.

The names below are imported when first used (PEP 562), not with the package: ``nutrigap report day`` needs
only :mod:`nutrigap.report.intake`, and importing the PDF side with it (reportlab, matplotlib) took 0.5–1.7 s of
that command before issue #16.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nutrigap.report.csv_export import COLUMNS, csv_rows, write_csv
    from nutrigap.report.model import DISCLAIMER, DoctorReport, FactorSummary, InsightItem, RedFlag, TwitchSummary
    from nutrigap.report.pdf import pdf_bytes, write_pdf
    from nutrigap.report.summaries import factor_summaries, twitch_summary

_MODULE_OF = {
    **dict.fromkeys(("COLUMNS", "csv_rows", "write_csv"), "csv_export"),
    **dict.fromkeys(
        ("DISCLAIMER", "DoctorReport", "FactorSummary", "InsightItem", "RedFlag", "TwitchSummary"), "model"
    ),
    **dict.fromkeys(("pdf_bytes", "write_pdf"), "pdf"),
    **dict.fromkeys(("factor_summaries", "twitch_summary"), "summaries"),
}

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


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
