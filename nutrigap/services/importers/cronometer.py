"""Cronometer's "Export Data" CSV files → an import plan (nothing is written here).

Files, told apart by their headers (sources of the header sets: the fixtures in
``tests/integration/test_import_cronometer.py``):

- **servings** (``Day, Time, Group, Food Name, Amount, Energy (kcal), … Category``): one entry per row, with the
  row's own values (see :mod:`plan` for grams); ``Group`` → meal.
- **dailysummary** (``Date, Energy (kcal), …, Completed``): a day total for days without servings, and the
  Completed flag → the day's "complete" status (``services/day_status.py``).
- **biometrics** (``Day, Time, Group, Metric, Unit, Amount``: the columns jrmycanady/gocronometer ``parse.go``
  ``ParseBiometricRecordsExport`` reads): a metric whose name and unit are a blood test NutriGap knows
  (:mod:`biometrics`), or that the person mapped to one, becomes a blood test result in the row's own ``Unit``,
  checked as the window checks one (a bad value is skipped with the reason); a metric in a blood unit that is not
  recognised is listed with how to map it; any other metric (Weight, Body Fat, Blood Pressure "120/80",
  "Oxygen Saturation (SPO2) (Garmin)" ...) is skipped with its reason.
- **notes** (``Day, Time, Group, Note``): day notes.
- **exercises** and anything else: skipped, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.services.importers.biometrics import (
    SKIP,
    NameKey,
    Unrecognised,
    is_blood_unit,
    match,
    name_key,
    parse_mapping,
)
from nutrigap.services.importers.plan import ImportPlan, PlannedEntry, PlannedLabResult, SkippedRow
from nutrigap.services.importers.reading import (
    NOTHING,
    Row,
    Source,
    file_sources,
    nutrient_columns,
    read_header,
    read_rows,
    row_values,
    sources_hash,
)

APP = "cronometer"
#: Cronometer's diary groups → NutriGap meals; any other group (a custom one) goes to Snacks with its name noted.
GROUPS = {
    "breakfast": Meal.BREAKFAST, "lunch": Meal.LUNCH, "dinner": Meal.DINNER, "snacks": Meal.SNACKS,
    "snack": Meal.SNACKS, "supplements": Meal.SUPPLEMENTS,
}  # fmt: skip
DAY_TOTAL_NAME = "Cronometer daily total"
#: How many different value sets of one food, amount and group are remembered for sharing (a food whose values
#: Cronometer corrected over the years has a few).
SHARED_PER_FOOD = 4
#: How many servings (food, amount, group) are remembered: a diary repeats a few hundred; a file of rows that never
#: repeat then costs no more than before (73,000 rows none alike: 66 MB, was 67 MB; ``benchmarks/imports.py``).
SHARED_FOODS = 2048
_AMOUNT = re.compile(r"^\s*(?P<qty>\d+(?:[.,]\d+)?)\s+(?P<unit>\S.*?)\s*$")


def kind_of(header: list[str]) -> str | None:
    cols = {h.lower() for h in header}
    if "food name" in cols and ("day" in cols or "date" in cols):
        return "servings"
    if "metric" in cols:
        return "biometrics"
    if "note" in cols and "day" in cols:
        return "notes"
    if "exercise" in cols:
        return "exercises"
    if "date" in cols and ("completed" in cols or "energy (kcal)" in cols):
        return "dailysummary"
    return None


def parse_cronometer(paths: list[Path], biometrics: list[str] | Mapping[str, str] | None = None) -> ImportPlan:
    """Read Cronometer export files (or the zip holding them) into a plan. ``biometrics``: the person's mapping of
    metrics to blood tests ('METRIC=ANALYTE' texts, or metric → analyte id or 'skip'; see :mod:`biometrics`)."""
    mapping = parse_mapping(biometrics)
    sources = file_sources(paths)
    if not sources:
        raise InvalidInput(f"No CSV files found in {', '.join(p.name for p in paths)}; {NOTHING}")
    kinds: dict[str, list[Source]] = {}
    plan = ImportPlan(APP, [p.name for p in paths], sources_hash(sources))
    for src in sources:
        kind = kind_of(read_header(src))
        if kind is None or kind == "exercises":
            why = "exercise is not something NutriGap records" if kind else "not a Cronometer export file"
            plan.skipped.append(SkippedRow(src.name, None, why))
            continue
        kinds.setdefault(kind, []).append(src)
    if not kinds:
        raise InvalidInput(
            f"{', '.join(s.name for s in sources)}: not a Cronometer export (no servings, daily summary, "
            f"biometrics or notes file; MyFitnessPal files import with 'import myfitnesspal'); {NOTHING}"
        )
    for src in kinds.get("servings", []):
        _servings(src, plan)
    served = {e.day for e in plan.entries}
    seen: dict[NameKey, str] = {}
    for src in kinds.get("dailysummary", []):
        _daily_summary(src, plan, served)
    for src in kinds.get("notes", []):
        _notes(src, plan)
    for src in kinds.get("biometrics", []):
        _biometrics(src, plan, mapping, seen)
    unused = [metric for key, (metric, _) in mapping.items() if key not in seen]
    if unused:
        names = ", ".join(sorted({m.metric for m in plan.unrecognised} | set(seen.values()))) or "none"
        raise InvalidInput(
            f"--biometric {', '.join(repr(u) for u in unused)}: no such metric in the biometrics file "
            f"(its metrics: {shown(names, 300)}); {NOTHING}"
        )
    return plan


def _day(row: Row, src: Source, plan: ImportPlan, *columns: str) -> dt.date | None:
    text = next((row.get(c) for c in columns if row.get(c)), "")
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        plan.skipped.append(SkippedRow(src.name, row.line, f"'{shown(text)}' is not a date (YYYY-MM-DD)"))
        return None


def _servings(src: Source, plan: ImportPlan) -> None:
    """One entry per row. Years of a diary repeat themselves (the same oatmeal, the same cup, most mornings): an
    entry whose food, amount and group came before with the same values shares that entry's objects (values,
    texts, day), so ten years of rows hold a few MB of plan instead of a copy of every row
    (``benchmarks/imports.py``)."""
    columns = nutrient_columns(read_header(src))
    last: dict[tuple[str, str, str], list[PlannedEntry]] = {}
    current: tuple[str, dt.date] | None = None  # the day being read (the file is by date): one date object
    for row in read_rows(src):
        text = row.get("Day") or row.get("Date")
        day = current[1] if current is not None and current[0] == text else _day(row, src, plan, "Day", "Date")
        if day is None:
            continue
        current = (text, day)
        name = row.get("Food Name")
        if not name:
            plan.skipped.append(SkippedRow(src.name, row.line, "no food name"))
            continue
        try:
            values = row_values(row, columns)
        except InvalidInput as exc:
            plan.skipped.append(SkippedRow(src.name, row.line, str(exc)))
            continue
        amount, group = row.get("Amount"), row.get("Group")
        key = (name, amount, group)
        earlier = last.pop(key, [])
        last[key] = earlier  # the most recently used last: the oldest is forgotten first
        same = next((e for e in earlier if e.values == values), None)
        if same is not None:
            plan.entries.append(replace(same, day=day))
            continue
        if len(last) > SHARED_FOODS:
            del last[next(iter(last))]
        quantity, unit = _amount(amount)
        meal = GROUPS.get(group.lower(), Meal.SNACKS)
        notes = [f"Cronometer amount: {amount}"] if amount else []
        if group and group.lower() not in GROUPS:
            notes.append(f"Cronometer group: {group}")
        entry = PlannedEntry(day, meal, name[:400], quantity, unit, values, "; ".join(notes) or None)
        if len(earlier) == SHARED_PER_FOOD:
            earlier.pop(0)  # the last few are kept
        earlier.append(entry)
        plan.entries.append(entry)


def _amount(text: str) -> tuple[float, str]:
    """'1.00 cup' → (1.0, 'cup'); text without a leading number → (1, the text) (or 'serving' when empty)."""
    match = _AMOUNT.match(text)
    if match is not None:
        qty = float(match.group("qty").replace(",", "."))
        if qty > 0:
            return qty, match.group("unit")[:100]
    return 1.0, (text or "serving")[:100]


def _daily_summary(src: Source, plan: ImportPlan, served: set[dt.date]) -> None:
    columns = nutrient_columns(read_header(src))
    for row in read_rows(src):
        day = _day(row, src, plan, "Date", "Day")
        if day is None:
            continue
        # Only a day marked complete is taken: "false" is also what Cronometer writes for every day nobody
        # marked, and NutriGap's own default (a past day is complete) is the better reading of those.
        if row.get("Completed").lower() in ("true", "yes", "1"):
            plan.completed[day] = True
        if day in served:
            continue  # the servings are the detail of this day; its total would count twice
        try:
            values = row_values(row, columns)
        except InvalidInput as exc:
            plan.skipped.append(SkippedRow(src.name, row.line, str(exc)))
            continue
        if not values:
            continue
        note = "the day's total from Cronometer's daily summary (no servings were exported for this day)"
        plan.entries.append(PlannedEntry(day, Meal.SNACKS, DAY_TOTAL_NAME, 1.0, "day", values, note))


def _notes(src: Source, plan: ImportPlan) -> None:
    for row in read_rows(src):
        day = _day(row, src, plan, "Day", "Date")
        text = row.get("Note")
        if day is None or not text:
            continue
        before = plan.day_notes.get(day)
        plan.day_notes[day] = text if before is None else f"{before}\n{text}"


def _biometrics(
    src: Source, plan: ImportPlan, mapping: dict[NameKey, tuple[str, str]], seen: dict[NameKey, str]
) -> None:
    from nutrigap.domain import labs
    from nutrigap.services.lab_checks import check_result

    unrecognised = {name_key(u.metric): u for u in plan.unrecognised}
    for row in read_rows(src):
        metric, amount, unit = row.get("Metric"), row.get("Amount"), row.get("Unit")
        seen.setdefault(name_key(metric), metric)
        analyte, named = match(metric, unit, mapping)
        if analyte == SKIP:
            plan.skipped.append(SkippedRow(src.name, row.line, f"{shown(metric)}: not imported, as you chose"))
            continue
        if analyte is None:
            if not is_blood_unit(unit):
                reason = f"{shown(metric) or 'a metric'} is not something NutriGap records"
                plan.skipped.append(SkippedRow(src.name, row.line, reason))
                continue
            entry = unrecognised.get(name_key(metric))
            if entry is None:
                entry = unrecognised[name_key(metric)] = Unrecognised(metric)
                plan.unrecognised.append(entry)
            entry.rows += 1
            if unit not in entry.units:
                entry.units.append(unit)
            why = (
                f"{shown(metric)}: '{shown(unit, 20)}' is not a unit {labs.analyte_name(named).lower()} is reported in"
                if named
                else f"{shown(metric)} ({shown(unit, 20)}) is not a blood test NutriGap recognises"
            )
            plan.skipped.append(SkippedRow(src.name, row.line, f"{why}; not imported unless you say which test it is"))
            continue
        day = _day(row, src, plan, "Day", "Date")
        if day is None:
            continue
        try:
            if not unit:
                raise InvalidInput(f"the value {shown(amount, 20)} has no unit, so it cannot be converted.")
            checked = check_result(day, analyte, amount, unit, note=f"from Cronometer: {metric}")
        except InvalidInput as exc:
            plan.skipped.append(SkippedRow(src.name, row.line, f"{shown(metric)}: {exc}"))
            continue
        plan.lab_results.append(
            PlannedLabResult(
                checked.day, checked.analyte, checked.value, checked.unit, checked.canonical_value,
                labs.canonical_unit(checked.analyte, checked.unit), metric, checked.note,
            )
        )  # fmt: skip
