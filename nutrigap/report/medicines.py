"""The doctor's report's "Medicines" section (issue #17): each medicine taken regularly with its kind, ATC
code, dose and dates, then what the NIH ODS fact sheets say about it, with the sheets' addresses."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from nutrigap.domain.medicines import Medicine, interaction_sentence, interactions_of, medicine_classes
from nutrigap.domain.wording import format_period
from nutrigap.report.model import InsightItem
from nutrigap.report.styles import Styles, table_style, text

SECTION_MEDICINES = "Medicines"
NO_MEDICINES = "No medicines or supplements recorded as taken regularly (Edit → Medicines and supplements…)."
NEVER_STOP = (
    "What the fact sheets say is information for the doctor; NutriGap never advises stopping or changing a medicine."
)


def _day(day: dt.date | None) -> str:
    return "—" if day is None else format_period(day, day)


def medicines_section(
    medicines: tuple[Medicine, ...], comparisons: tuple[InsightItem, ...], heading: Paragraph, st: Styles
) -> list[Flowable]:
    """The section's flowables: a table of the medicines, then each one's interaction sentence and sources."""
    out: list[Flowable] = [heading]
    if not medicines:
        return [*out, Paragraph(text(NO_MEDICINES), st.body)]
    classes = medicine_classes()
    header = ["Medicine", "Kind (ATC)", "Dose", "Started", "Stopped"]
    data: list[list[object]] = [[Paragraph(h, st.header_cell) for h in header]]
    for m in medicines:
        cls = classes[m.class_id]
        kind = cls.name + (f" ({', '.join(cls.atc_codes)})" if cls.atc_codes else "")
        data.append(
            [
                Paragraph(text(m.name), st.cell_bold),
                Paragraph(text(kind), st.cell),
                Paragraph(text(m.dose or "—"), st.cell),
                Paragraph(_day(m.start), st.cell),
                Paragraph("still taken" if m.stop is None else _day(m.stop), st.cell),
            ]
        )
    table = Table(data, colWidths=[40 * mm, 52 * mm, 38 * mm, 24 * mm, 24 * mm], hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle(table_style()))
    out.append(table)
    for m in medicines:
        sentence = interaction_sentence(m)
        if sentence is None:
            continue
        sources = ", ".join(dict.fromkeys(i.ods_url for i in interactions_of(m.class_id)))
        out.append(Paragraph(f"• {text(sentence)} <font size=7>({text(sources)})</font>", st.body))
    for item in comparisons:
        out.append(Paragraph(f"• Twitching: {text(item.text)}", st.body))
        if item.caveat:
            out.append(Paragraph(f"Caveat: {text(item.caveat)}", st.caveat))
    out.append(Paragraph(text(NEVER_STOP), st.small))
    return out
