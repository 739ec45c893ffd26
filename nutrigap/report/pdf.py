"""The doctor's report as a PDF (reportlab platypus): profile and period, intake against the reference
intakes with verdicts, the charts, the twitch log, the factors, the insights, the sources and the disclaimer.

Section headings (tests and readers rely on them): see SECTION_* below.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from nutrigap.charts import calendar_heatmap_figure, figure_png, trend_figure, week_shortfall_figure
from nutrigap.charts.sunlight import has_sunlight
from nutrigap.domain.diary import DEFAULT_PROFILE, week_bounds
from nutrigap.domain.verdicts import UlVerdict
from nutrigap.domain.wording import format_period
from nutrigap.report.blood import blood_by_nutrient, blood_section
from nutrigap.report.intake import IntakeRow, amount, intake_rows, ul_warnings
from nutrigap.report.medicines import SECTION_MEDICINES, medicines_section
from nutrigap.report.model import NOT_ENOUGH_DATA, DoctorReport, TwitchSummary
from nutrigap.report.styles import ALERT, ALERT_BAND, FONT, MUTED, Styles, styles, table_style, text
from nutrigap.store.output_file import check_output_path, output_file

SECTION_INTAKE = "Average intake vs reference intakes"
SECTION_SHORTFALL = "Shortfall chart"
SECTION_TREND = "Trend chart"
SECTION_CALENDAR = "Adequacy calendar"
SECTION_TWITCHES = "Twitch log summary"
SECTION_FACTORS = "Lifestyle factors"
SECTION_INSIGHTS = "Insights and caveats"
SECTION_SOURCES = "Data sources"
SECTION_DISCLAIMER = "Disclaimer"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
#: resolution of the chart images in the PDF [dots per inch]: sharp when printed
CHART_DPI = 200
#: the alert colour for <font color=...> in paragraphs
ALERT_HEX = "#" + ALERT.hexval()[2:]


def write_pdf(report: DoctorReport, path: Path) -> Path:
    """Write the report to ``path`` (whole or not at all; see :mod:`nutrigap.store.output_file`)."""
    check_output_path(path)  # before the slow part: a bad target is refused at once
    data = pdf_bytes(report)
    with output_file(path) as fh:
        fh.write(data)
    return path


def pdf_bytes(report: DoctorReport) -> bytes:
    """The report as PDF bytes."""
    st = styles()
    buffer = io.BytesIO()
    period = report.period_label
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"NutriGap report, {period}",
        author="NutriGap",
        subject="Food diary, nutrient intake and twitch log",
        creator="NutriGap (reportlab)",
    )
    story: list[Flowable] = []
    # numbers and findings first (they flow as text and fill the first page), then the charts (which cannot
    # split across pages), then where the numbers come from
    story += _title(report, st)
    story += _intake_section(report, st)
    story += blood_section(report, st, CONTENT_WIDTH)  # beside the intake of the same nutrients (issue #17)
    story += _insight_section(report, st)
    story += _twitch_section(report, st)
    story += _factor_section(report, st)
    story += medicines_section(report.medicines, report.medicine_comparisons, _heading(SECTION_MEDICINES, st), st)
    shortfall, later_charts = _chart_sections(report, st)
    # the sources are short text: they fill the page under the shortfall chart that the tall trend chart
    # would leave blank
    story += shortfall
    story += _sources_section(report, st)
    story += later_charts
    story += [_heading(SECTION_DISCLAIMER, st), Paragraph(text(report.disclaimer), st.body)]

    def footer(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            MARGIN, 9 * mm, f"NutriGap report, {period}. Associations in personal records, not a diagnosis."
        )
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 9 * mm, f"page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _heading(title: str, st: Styles) -> Paragraph:
    return Paragraph(text(title), st.heading)


def _title(report: DoctorReport, st: Styles) -> list[Flowable]:
    group = report.summaries[next(iter(report.summaries))].target.age_group
    lines = [
        f"<b>Period:</b> {text(format_period(report.start, report.end))} "
        f"({report.logged_days} of {report.days_in_period} days with food logged{_complete_text(report)})",
        f"<b>Profile:</b> {text(report.profile_text())}; reference intakes for the group {text(group)}",
        f"<b>Prepared:</b> {report.generated_on.day} {report.generated_on:%B %Y} by NutriGap from the person's own "
        "diary",
    ]
    out: list[Flowable] = [
        Paragraph(f"NutriGap report: {text(report.period_label)}", st.title),
        *(Paragraph(line, st.subtitle) for line in lines),
    ]
    if report.profile_is_default:
        age = DEFAULT_PROFILE.age_years(report.end)
        out.append(
            Paragraph(
                f"No profile was set: the targets are for a woman of {age} (NutriGap's default, born "
                f"{DEFAULT_PROFILE.birth_date:%d %B %Y}), not necessarily for this person.",
                st.flag_title,
            )
        )
    return out


def _intake_section(report: DoctorReport, st: Styles) -> list[Flowable]:
    rows = intake_rows(report.summaries, report.vitamin_d_unit)
    header = ["Nutrient", "Intake", "EAR", "RDA/AI", "UL", "% of target", "Verdict", "Unknown", "Days"]
    data: list[list[Any]] = [
        [Paragraph(h, st.header_cell if i in (0, 6) else st.header_cell_right) for i, h in enumerate(header)]
    ]
    for r in rows:
        ul = amount(r.ul, r.unit) + ("<br/>(suppl. only)" if r.ul_note and r.ul is not None else "")
        if r.ul is not None and r.ul_code is not UlVerdict.NO_DATA:
            word = {UlVerdict.ABOVE: "ABOVE UL", UlVerdict.NEAR: "near UL"}.get(r.ul_code, "below UL")
            colour = "" if r.ul_code is UlVerdict.LIKELY_BELOW else f' color="{ALERT_HEX}"'
            ul += f"<br/><b><font{colour}>{word}</font></b>"
        verdict = f"<b>{text(r.verdict)}</b>"
        if r.ul_code is UlVerdict.ABOVE:
            verdict += f'<br/><b><font color="{ALERT_HEX}">above the upper limit</font></b>'
        if r.confidence_text:
            verdict += f"<br/>{text(r.confidence_text)}"
        if r.indicative_only:
            verdict += "<br/><i>indicative only</i>"
        data.append(
            [
                Paragraph(text(r.label), st.cell_bold),
                Paragraph(amount(r.intake, r.unit), st.cell_right),
                Paragraph(amount(r.ear, r.unit) if r.ear is not None else "—", st.cell_right),
                Paragraph(f"{amount(r.target, r.unit)}<br/>({r.target_kind}){_personal(r)}", st.cell_right),
                Paragraph(ul, st.cell_right),
                Paragraph("—" if r.percent is None else f"{r.percent:.0f}%", st.cell_right),
                Paragraph(verdict, st.cell),
                Paragraph("—" if r.unknown_share is None else f"{r.unknown_share:.0%}", st.cell_right),
                Paragraph(str(r.days), st.cell_right),
            ]
        )
    widths = [23, 18, 15, 19, 20, 15, 0, 19, 11]
    fixed = sum(widths) * mm
    widths_pt = [w * mm for w in widths]
    widths_pt[6] = CONTENT_WIDTH - fixed
    table = Table(data, colWidths=widths_pt, repeatRows=1)
    table.setStyle(TableStyle(table_style()))
    energy = "" if report.energy_kcal is None else f" Energy: {report.energy_kcal:,.0f} kcal/day on average."
    if any(r.personal is not None for r in rows):
        notes_personal = [
            f"{r.label}: {amount(r.personal, r.unit)}" + (f" ({r.personal_note})" if r.personal_note else "")
            for r in rows
            if r.personal is not None
        ]
        energy += (
            " <i>yours</i>: a target the person set (for example on a doctor's advice): "
            + text("; ".join(notes_personal))
            + ". Verdicts stay against the DRI."
        )
    notes = (
        "All amounts per day. Intake: mean of the complete days with food logged (a day still in progress "
        "is left out). EAR: estimated average requirement; "
        "RDA: recommended dietary allowance; AI: adequate intake (potassium has only an AI, so below it adequacy "
        "cannot be judged); UL: tolerable upper intake level (for magnesium it applies to supplements only). "
        "Verdicts follow the IOM's <i>DRI: Applications in Dietary Assessment</i> (2000): the probability that "
        "usual intake meets the requirement given the number of days logged. Vitamin D and B12 verdicts are "
        "indicative only: their day-to-day intake varies too much for the method. Unknown: share of the food "
        f"eaten (by weight) that has no value for the nutrient, so the true intake may be higher.{energy}"
    )
    return [_heading(SECTION_INTAKE, st), *_ul_box(rows, st), table, Spacer(1, 3), Paragraph(notes, st.small)]


def _ul_box(rows: list[IntakeRow], st: Styles) -> list[Flowable]:
    """Above or close to an upper limit: the first thing under the heading, in the alert colour."""
    warnings = ul_warnings(rows)
    if not warnings:
        return []
    above = any(r.ul_code is UlVerdict.ABOVE for r in rows)
    title = "Above the tolerable upper intake level (UL)" if above else "Close to the tolerable upper intake level"
    return [
        Paragraph(f"{title}: risk of adverse effects rises above the UL", st.flag_title),
        *(Paragraph(f"• {text(w)}", st.body) for w in warnings),
        Spacer(1, 4),
    ]


def _complete_text(report: DoctorReport) -> str:
    """', 5 complete' when a logged day is still in progress (the verdicts judge complete days only)."""
    done = report.complete_days
    return "" if done is None or done == report.logged_days else f", {done} complete"


def _personal(r: IntakeRow) -> str:
    """The user's own target under the DRI in the RDA/AI cell (issue #13)."""
    return "" if r.personal is None else f"<br/><i>yours {amount(r.personal, r.unit).replace(' ', '&nbsp;')}</i>"


def _figure_image(fig: Figure, width: float) -> Image:
    png = figure_png(fig, dpi=CHART_DPI)
    w_in, h_in = fig.get_size_inches()
    return Image(io.BytesIO(png), width=width, height=width * h_in / w_in)


def _chart_sections(report: DoctorReport, st: Styles) -> tuple[list[Flowable], list[Flowable]]:
    """The shortfall chart, and the trend chart (with the calendar for a month)."""
    targets = {n: s.target for n, s in report.summaries.items()}
    unit = report.vitamin_d_unit
    out = _shortfall_section(report, st)
    first = out
    out = []
    trend = trend_figure(
        report.trend_timeline,
        targets,
        overlay_water_caffeine=True,
        vitamin_d_unit=unit,
        display_from=report.trend_start,
        today=report.generated_on,
        blood=blood_by_nutrient(report),
    )
    shown = report.trend_timeline.loc[[d >= report.trend_start for d in report.trend_timeline.index]]
    sunlight = " Sunlight in minutes outdoors, not micrograms, under vitamin D." if has_sunlight(shown) else ""
    out.append(
        KeepTogether(
            [
                _heading(SECTION_TREND, st),
                Paragraph(
                    f"{format_period(report.trend_start, report.end)}: 7-day average intake against the EAR and "
                    f"target, twitch episodes per day, water and caffeine.{sunlight}",
                    st.small,
                ),
                _figure_image(trend, CONTENT_WIDTH * 0.92),
            ]
        )
    )
    if report.kind == "month":
        calendar = calendar_heatmap_figure(
            report.timeline, targets, title=f"Adequacy by day, {report.period_label}", today=report.generated_on
        )
        out.append(
            KeepTogether(
                [
                    _heading(SECTION_CALENDAR, st),
                    _figure_image(calendar, CONTENT_WIDTH * 0.85),
                ]
            )
        )
    return first, out


def _shortfall_section(report: DoctorReport, st: Styles) -> list[Flowable]:
    """The week shortfall chart: the report's own week, or for a month or a range the last week with food
    logged; when no day of the period has food logged, a sentence saying so instead of an empty chart."""
    week = _shortfall_week(report)
    if week is None:
        return [
            _heading(SECTION_SHORTFALL, st),
            Paragraph(f"No food was logged {format_period(report.start, report.end)}, so there is no chart.", st.body),
        ]
    week_start, week_end = week
    days = report.trend_timeline.loc[[week_start <= d <= week_end for d in report.trend_timeline.index]]
    targets = {n: s.target for n, s in report.summaries.items()}
    caption = "Each day's intake as % of target, with the EAR marked and days below it hatched; twitch episodes below."
    if report.kind != "week":
        caption = f"The last week with food logged ({format_period(week_start, week_end)}). " + caption
    figure = week_shortfall_figure(days, targets, vitamin_d_unit=report.vitamin_d_unit, today=report.generated_on)
    return [
        KeepTogether(
            [_heading(SECTION_SHORTFALL, st), Paragraph(caption, st.small), _figure_image(figure, CONTENT_WIDTH)]
        )
    ]


def _shortfall_week(report: DoctorReport) -> tuple[dt.date, dt.date] | None:
    """The week report's own week; for a month or a range, the Monday-to-Sunday week of the last day of the
    period with food logged (it may begin before the period: the first week of December starts on a November
    Monday), moved back to end on the period's last day when it runs past it: always seven days, all in the
    report's trend timeline. None when no day of the period has food logged."""
    if report.kind == "week":
        return report.start, report.end
    entries = dict(zip(report.timeline.index, report.timeline["entries"], strict=True))
    logged = [d for d, n in entries.items() if report.start <= d <= report.end and n > 0]
    if not logged:
        return None
    _, sunday = week_bounds(max(logged))
    last = min(sunday, report.end)
    return last - dt.timedelta(days=6), last


def _duration_text(t: TwitchSummary) -> str:
    """Durations as entered: unknown stays unknown (an episode without a duration is not 0 min)."""
    if t.episodes_with_duration == 0:
        return "Duration: not recorded for any episode."
    minutes = f"{t.total_duration_s / 60.0:,.1f}".removesuffix(".0")
    if t.episodes_with_duration == t.episodes:
        return f"Total duration logged: {minutes} min."
    return (
        f"Total duration logged: {minutes} min over the {t.episodes_with_duration} of {t.episodes} episodes "
        "with a duration entered (the others: not recorded)."
    )


def _twitch_section(report: DoctorReport, st: Styles) -> list[Flowable]:
    t = report.twitches
    out: list[Flowable] = [_heading(SECTION_TWITCHES, st)]
    if t.episodes == 0:
        out.append(Paragraph(f"No twitch episodes were logged {_twitch_period(report)}.", st.body))
        return out
    assert t.intensity_mean is not None
    out.append(
        Paragraph(
            f"<b>{t.episodes}</b> episodes on <b>{t.days_with_twitches}</b> of {t.days_in_period} days "
            f"({_twitch_period(report)}). "
            f"Intensity (1–10): mean {t.intensity_mean:.1f}, highest {t.intensity_max}. {_duration_text(t)}",
            st.body,
        )
    )
    locations = ", ".join(f"{text(name)} {count}" for name, count in t.locations)
    sides = ", ".join(f"{text(name)} {count}" for name, count in t.sides) or "not recorded"
    symptoms = "; ".join(f"{text(name)}: {count}" for name, count in t.symptoms) or "none ticked"
    rows = [
        [Paragraph("Locations (episodes)", st.cell_bold), Paragraph(locations, st.cell)],
        [Paragraph("Side", st.cell_bold), Paragraph(sides, st.cell)],
        [Paragraph("Symptoms ticked (episodes)", st.cell_bold), Paragraph(symptoms, st.cell)],
    ]
    table = Table(rows, colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm])
    table.setStyle(TableStyle(table_style(header_rows=0)[2:]))
    out.append(table)
    return out


def _twitch_period(report: DoctorReport) -> str:
    """The days the twitch summary covers: the period, up to the day the report was made when it is still
    running (the days to come are not days without twitching)."""
    end = min(report.end, max(report.start, report.generated_on))
    return format_period(report.start, end) + (" so far" if end < report.end else "")


def _factor_section(report: DoctorReport, st: Styles) -> list[Flowable]:
    header = ["Factor", "Mean per day", "Range", "Days recorded"]
    data: list[list[Any]] = [
        [Paragraph(h, st.header_cell if i == 0 else st.header_cell_right) for i, h in enumerate(header)]
    ]
    for f in report.factors:
        unit = "" if f.unit == "1–5" else f" {f.unit}"
        scale = " (scale 1–5)" if f.unit == "1–5" else ""
        digits = 1 if f.key in ("sleep_h", "stress") else 0
        mean = "—" if f.mean is None else f"{f.mean:,.{digits}f}{unit}{scale}"
        span = (
            "—" if f.minimum is None or f.maximum is None else f"{f.minimum:,.{digits}f}–{f.maximum:,.{digits}f}{unit}"
        )
        data.append(
            [
                Paragraph(text(f.label), st.cell_bold),
                Paragraph(mean, st.cell_right),
                Paragraph(span, st.cell_right),
                Paragraph(f"{f.days_recorded} of {report.days_in_period}", st.cell_right),
            ]
        )
    table = Table(data, colWidths=[35 * mm, 45 * mm, 45 * mm, 30 * mm], hAlign="LEFT")
    table.setStyle(TableStyle(table_style()))
    return [_heading(SECTION_FACTORS, st), table]


def _insight_section(report: DoctorReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [_heading(SECTION_INSIGHTS, st)]
    for flag in report.red_flags:
        parts = [Paragraph(f"See a doctor: {text(flag.title)}", st.flag_title), Paragraph(text(flag.detail), st.body)]
        if flag.ask_for:
            parts.append(Paragraph(f"<b>Ask about:</b> {text(flag.ask_for)}", st.body))
        box = Table([[parts]], colWidths=[CONTENT_WIDTH])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), ALERT_BAND),
                    ("BOX", (0, 0), (-1, -1), 0.8, ALERT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        out += [box, Spacer(1, 4)]
    if not report.insights:
        out.append(Paragraph(text(NOT_ENOUGH_DATA), st.body))
    for item in report.insights:
        out.append(Paragraph(f"• {text(item.text)}", st.body))
        if item.caveat:
            out.append(Paragraph(f"Caveat: {text(item.caveat)}", st.caveat))
    if report.insights_disclaimer:
        out.append(Paragraph(text(report.insights_disclaimer), st.small))
    return out


def _sources_section(report: DoctorReport, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [_heading(SECTION_SOURCES, st)]
    out += [Paragraph(f"• {text(line)}", st.small) for line in report.data_sources]
    return out
