"""The "Blood tests" section of the doctor's report (issue #17): the year's results up to the report's end, each
beside the period's intake of the nutrient it measures, with its unit, the range it was compared with and the
comparison in words (never a diagnosis). The user's other tests (ferritin, TSH ...) follow."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from nutrigap.domain.labs import ABOVE, BELOW, LabResult, band_ends, band_of, format_range
from nutrigap.domain.nutrients import Nutrient
from nutrigap.report.intake import IntakeRow, amount, intake_rows
from nutrigap.report.model import DoctorReport
from nutrigap.report.styles import ALERT, Styles, table_style, text

SECTION_BLOOD = "Blood tests"
ALERT_HEX = "#" + ALERT.hexval()[2:]
OTHER_TESTS = "Other tests"
BLOOD_NOTE = (
    "Results as the person typed them from the lab reports, converted exactly to one unit per test. Each is "
    "compared with the lab's own range where the person typed it, otherwise with a default range and its "
    "source: 25(OH)D IOM 2011 (NAP 13050; below 30 nmol/L at risk of deficiency, 30–50 potentially inadequate "
    "for some, 50 and above adequate for nearly all, above 125 a concern); magnesium, potassium and vitamin B12 "
    "NIH ODS fact sheets; total calcium a typical adult interval. Serum magnesium and calcium are held in narrow "
    "bands and say little about intake. A value outside a range is not a diagnosis."
)


def blood_by_nutrient(report: DoctorReport) -> dict[Nutrient, list[LabResult]]:
    """The report's results of the tracked nutrients, for the trend chart's markers."""
    grouped: dict[Nutrient, list[LabResult]] = {}
    for r in report.blood:
        if r.nutrient is not None:
            grouped.setdefault(r.nutrient, []).append(r)
    return grouped


def _intake_text(row: IntakeRow | None) -> str:
    return "—" if row is None else amount(row.intake, row.unit) + "/day"


def _compared(r: LabResult) -> str:
    if not r.flag_words:
        return "no range to compare with"
    words = text(r.flag_words)
    if r.flag in (BELOW, ABOVE):
        words = f'<font color="{ALERT_HEX}"><b>{words}</b></font>'
    band = None if r.range_source in (None, "lab") else band_of(r.analyte, r.canonical_value)
    return words + (f"<br/>({band.source_short} band: {text(band_ends(band))})" if band else "")


def _value(r: LabResult) -> str:
    value = f"<b>{r.value:g} {text(r.unit)}</b>"
    if r.unit != r.canonical_unit:
        value += f"<br/>= {r.canonical_value:.3g} {text(r.canonical_unit)}"
    return value


def blood_section(report: DoctorReport, st: Styles, content_width: float) -> list[Flowable]:
    """The section's heading, table and note; nothing when the person recorded no results."""
    if not report.blood:
        return []
    rows = {r.nutrient: r for r in intake_rows(report.summaries, report.vitamin_d_unit)}
    header = ["Nutrient", "Intake (period)", "Date", "Test", "Result", "Range", "Compared with the range"]
    data: list[list[Any]] = [[Paragraph(h, st.header_cell) for h in header]]
    previous: object = None
    for r in report.blood:
        group: object = r.nutrient if r.nutrient is not None else OTHER_TESTS
        first = group != previous
        previous = group
        label = (r.nutrient.label if r.nutrient else OTHER_TESTS) if first else ""
        intake = _intake_text(rows.get(r.nutrient)) if first and r.nutrient else ""
        data.append(
            [
                Paragraph(text(label), st.cell_bold),
                Paragraph(intake, st.cell),
                Paragraph(f"{r.day.day} {r.day:%b %Y}", st.cell),
                Paragraph(text(r.name) + (f"<br/><i>{text(r.note)}</i>" if r.note else ""), st.cell),
                Paragraph(_value(r), st.cell),
                Paragraph(text(format_range(r)), st.cell),
                Paragraph(_compared(r), st.cell),
            ]
        )
    widths = [23 * mm, 18 * mm, 17 * mm, 32 * mm, 22 * mm, 26 * mm]
    widths.append(content_width - sum(widths))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(table_style()))
    heading = Paragraph(text(SECTION_BLOOD), st.heading)
    return [heading, table, Spacer(1, 3), Paragraph(text(BLOOD_NOTE), st.small)]
