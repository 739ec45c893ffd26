"""The numbers of a doctor's report as one tidy CSV file (UTF-8, comma-separated, one header line).

Layout — every row has the same columns:

``section``          ``summary`` (the period) or ``day`` (one date)
``period_start``     first day of the report, YYYY-MM-DD
``period_end``       last day of the report
``date``             the day (``day`` rows only; empty on ``summary`` rows)
``measure``          a nutrient (magnesium, calcium, potassium, vitamin_d, vitamin_b12), ``energy``,
                     ``entries`` (diary entries that day), ``twitches`` (episodes), ``twitch_max_intensity``,
                     ``twitch_mean_intensity`` (1–10), or a factor (water_ml, caffeine_mg, sleep_h, stress,
                     exercise_min)
``unit``             unit of ``value`` (mg, µg, kcal, count, 1–10, ml, h, 1–5, min); amounts per day
``value``            summary rows: the mean over the days with data (nutrients: days with food logged; twitches:
                     the number of episodes in the period); day rows: that day's value. Empty = not logged
``percent_of_target``  nutrient rows: value as % of the RDA or AI
``ear``, ``target``, ``target_kind``, ``ul``, ``ul_scope``   the reference intakes (nutrient rows)
``ul_verdict``       summary nutrient rows: ``above_ul``, ``near_ul`` (not 95% sure usual intake is below the UL),
                     ``likely_below_ul``, ``no_ul`` (none set) or ``no_data``; for magnesium only supplemental
                     intake is compared (``ul_scope`` = supplemental), as in the JSON report
``verdict``, ``confidence``   summary nutrient rows: the IOM 2000 verdict and the probability behind it
``unknown_share``    nutrient rows: share (0–1) of the food eaten, by weight, with no value for the nutrient
``days``             summary rows: the days the mean is over (nutrients: complete days logged, or the days in
                     progress when none is complete; days with twitches; days recorded)
``personal_target``, ``personal_target_note``   nutrient summary rows: the target the user set (for example on a
                     doctor's advice) and its note; the verdict stays against the DRI

Vitamin D is always in µg here (1 µg = 40 IU), whatever the report shows, so the file matches
``nutrigap report … --json``.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

from nutrigap.domain.nutrients import TRACKED
from nutrigap.domain.spreadsheet import neutralise
from nutrigap.domain.symptoms import FACTORS
from nutrigap.report.model import DoctorReport
from nutrigap.store.output_file import output_file

COLUMNS = (
    "section",
    "period_start",
    "period_end",
    "date",
    "measure",
    "unit",
    "value",
    "percent_of_target",
    "ear",
    "target",
    "target_kind",
    "ul",
    "ul_scope",
    "ul_verdict",
    "verdict",
    "confidence",
    "unknown_share",
    "days",
    "personal_target",
    "personal_target_note",
)


def csv_rows(report: DoctorReport) -> list[dict[str, object]]:
    """The rows of the CSV (see the module docstring for the layout)."""
    base: dict[str, object] = {"period_start": report.start.isoformat(), "period_end": report.end.isoformat()}
    rows: list[dict[str, object]] = []
    for nutrient in TRACKED:
        s = report.summaries[nutrient]
        t = s.target
        rows.append(
            {
                **base,
                "section": "summary",
                "measure": nutrient.value,
                "unit": t.unit,
                "value": _num(s.intake, 2),
                "percent_of_target": _num(s.percent, 1),
                "ear": t.ear,
                "target": t.target,
                "target_kind": t.target_kind,
                "ul": t.ul,
                "ul_scope": t.ul_scope,
                "ul_verdict": s.assessment.ul_verdict.value,
                "verdict": s.assessment.verdict.value,
                "confidence": _num(s.assessment.confidence, 3),
                "unknown_share": _num(s.unknown_share, 3),
                "days": s.n_days,
                "personal_target": t.personal,
                "personal_target_note": t.personal_note,
            }
        )
    rows.append(
        {
            **base,
            "section": "summary",
            "measure": "energy",
            "unit": "kcal",
            "value": _num(report.energy_kcal, 1),
            "days": report.logged_days,
        }
    )
    tw = report.twitches
    rows.append(
        {
            **base,
            "section": "summary",
            "measure": "twitches",
            "unit": "count",
            "value": tw.episodes,
            "days": tw.days_with_twitches,
        }
    )
    rows.append(
        {
            **base,
            "section": "summary",
            "measure": "twitch_mean_intensity",
            "unit": "1–10",
            "value": _num(tw.intensity_mean, 2),
            "days": tw.days_with_twitches,
        }
    )
    rows.append(
        {
            **base,
            "section": "summary",
            "measure": "twitch_max_intensity",
            "unit": "1–10",
            "value": tw.intensity_max,
            "days": tw.days_with_twitches,
        }
    )
    for f in report.factors:
        rows.append(
            {
                **base,
                "section": "summary",
                "measure": f.key,
                "unit": f.unit,
                "value": _num(f.mean, 2),
                "days": f.days_recorded,
            }
        )
    rows += _day_rows(report, base)
    return rows


def _day_rows(report: DoctorReport, base: dict[str, object]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    targets = {n: s.target for n, s in report.summaries.items()}
    for day, row in report.timeline.iterrows():
        logged = int(row["entries"]) > 0
        assert isinstance(day, dt.date)
        day_base = {**base, "section": "day", "date": day.isoformat()}
        rows.append({**day_base, "measure": "entries", "unit": "count", "value": int(row["entries"])})
        for nutrient in TRACKED:
            t = targets[nutrient]
            value = _num(row[nutrient.value], 2) if logged else None
            percent = None if value is None else _num(100.0 * float(row[nutrient.value]) / t.target, 1)
            rows.append(
                {
                    **day_base,
                    "measure": nutrient.value,
                    "unit": t.unit,
                    "value": value,
                    "percent_of_target": percent,
                    "ear": t.ear,
                    "target": t.target,
                    "target_kind": t.target_kind,
                    "ul": t.ul,
                    "ul_scope": t.ul_scope,
                    "unknown_share": _num(row[f"{nutrient.value}_unknown_share"], 3) if logged else None,
                }
            )
        rows.append(
            {**day_base, "measure": "energy", "unit": "kcal", "value": _num(row["energy"], 1) if logged else None}
        )
        rows.append({**day_base, "measure": "twitches", "unit": "count", "value": int(row.get("twitches", 0) or 0)})
        rows.append(
            {
                **day_base,
                "measure": "twitch_max_intensity",
                "unit": "1–10",
                "value": _num(row.get("twitch_max_intensity"), 0),
            }
        )
        for key, unit in FACTORS.items():
            rows.append({**day_base, "measure": key, "unit": unit, "value": _num(row.get(key), 2)})
    return rows


def _num(value: object, digits: int) -> float | int | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return None
    rounded = round(number, digits)
    return int(rounded) if digits == 0 else rounded


def _cell(value: object) -> object:
    """A cell as written: empty for None, text no spreadsheet runs as a formula (OWASP), numbers as they are."""
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def write_csv(report: DoctorReport, path: Path) -> Path:
    """Write the report's numbers to ``path`` (whole or not at all; see :mod:`nutrigap.store.output_file`)."""
    with output_file(path, text=True) as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="raise")
        writer.writeheader()
        for row in csv_rows(report):
            writer.writerow({k: _cell(row.get(k)) for k in COLUMNS})
    return path
