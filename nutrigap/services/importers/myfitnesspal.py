"""MyFitnessPal's export zip (``File-Export-<from>-to-<to>.zip``) → an import plan (nothing is written here).

Its ``Nutrition-Summary-<from>-to-<to>.csv`` has one row per meal (header:
``Date, Meal, Calories, Fat (g), …, Sodium (mg), Potassium, Carbohydrates (g), …, Calcium, Iron, Note``; source
of the header set in ``tests/integration/test_import_myfitnesspal.py``). Each row becomes one entry, a food named
"MyFitnessPal <meal>" with that meal's values: energy (kcal), potassium (mg) and calcium, which MyFitnessPal gives
as a percentage of the label's Daily Value (1,000 or 1,300 mg, the person's choice). Magnesium, vitamin D and
vitamin B12 are not in MyFitnessPal's export: those days show them as unknown.
Exercise and measurement files are skipped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import ENERGY_KCAL, Nutrient
from nutrigap.services.importers.plan import ImportPlan, PlannedEntry, SkippedRow
from nutrigap.services.importers.reading import (
    NOTHING,
    Source,
    file_sources,
    number,
    read_header,
    read_rows,
    sources_hash,
)

APP = "myfitnesspal"
#: The calcium Daily Values MyFitnessPal's "Calcium" percentage may stand for [mg]: the US label's Reference Daily
#: Intake of 1,000 mg (21 CFR 101.9(c)(8)(iv) before the 2016 rule) and 1,300 mg (FDA final rule of 27 May 2016,
#: 81 FR 33742; compliance from 1 January 2020, smaller makers 1 January 2021). MyFitnessPal's export
#: states no DV, and no MyFitnessPal help page or export reader found says which it uses (searched MFP export
#: parsers' issues and code, e.g. coddingtonbear/python-myfitnesspal); so the person chooses
#: (``--mfp-calcium-dv``, the window's preview), and the report's data sources name the DV used.
CALCIUM_DVS = (1000.0, 1300.0)
#: The default: 1,000 mg, the DV of every label before 2020 and of foods entered from them, which is most of a
#: long MyFitnessPal history (a file whose percentages use 1,300 mg then reads 23 % low; choose 1300 for it).
CALCIUM_DV_MG = 1000.0


def not_in_export(calcium_dv: float) -> str:
    return (
        "Magnesium, vitamin D and vitamin B12 are not in MyFitnessPal's export: the imported days show them as "
        f"unknown (not zero). Calcium comes from its % of the Daily Value: 1 % = {calcium_dv / 100:g} mg (a DV of "
        f"{calcium_dv:,.0f} mg; MyFitnessPal does not say which DV it uses, so choose 1,000 or 1,300 mg)."
    )


MEALS = {"breakfast": Meal.BREAKFAST, "lunch": Meal.LUNCH, "dinner": Meal.DINNER, "snacks": Meal.SNACKS}


def is_nutrition_summary(header: list[str]) -> bool:
    cols = {h.lower() for h in header}
    return {"date", "meal", "calories"} <= cols


def parse_myfitnesspal(paths: list[Path], *, calcium_dv: float = CALCIUM_DV_MG) -> ImportPlan:
    """Read MyFitnessPal's export zip (or its Nutrition-Summary CSV) into a plan; ``calcium_dv``: the label DV its
    calcium percentages stand for (1,000 or 1,300 mg)."""
    if calcium_dv not in CALCIUM_DVS:
        raise InvalidInput(f"The calcium Daily Value must be 1000 or 1300 mg, not {calcium_dv:g}; {NOTHING}")
    sources = file_sources(paths)
    plan = ImportPlan(APP, [p.name for p in paths], sources_hash(sources), notices=[not_in_export(calcium_dv)])
    plan.conversion = f"calcium from MyFitnessPal's % Daily Value × {calcium_dv:,.0f} mg"
    found = False
    for src in sources:
        if not is_nutrition_summary(read_header(src)):
            plan.skipped.append(SkippedRow(src.name, None, "not a Nutrition-Summary file (nothing NutriGap records)"))
            continue
        found = True
        _summary(src, plan, calcium_dv)
    if not found:
        raise InvalidInput(
            f"{', '.join(p.name for p in paths)}: not a MyFitnessPal export (no Nutrition-Summary file with "
            f"Date, Meal and Calories; Cronometer files import with 'import cronometer'); {NOTHING}"
        )
    return plan


def _summary(src: Source, plan: ImportPlan, calcium_dv: float) -> None:
    for row in read_rows(src):
        try:
            day = dt.date.fromisoformat(row.get("Date")[:10])
        except ValueError:
            plan.skipped.append(SkippedRow(src.name, row.line, f"'{shown(row.get('Date'))}' is not a date"))
            continue
        meal_name = row.get("Meal") or "Meal"
        try:
            values: dict[int, float] = {}
            for column, nid, factor in (
                ("Calories", ENERGY_KCAL, 1.0),
                ("Potassium", Nutrient.POTASSIUM.fdc_id, 1.0),  # mg (MyFitnessPal's unit for potassium)
                ("Calcium", Nutrient.CALCIUM.fdc_id, calcium_dv / 100.0),  # % DV → mg
            ):
                value = number(row.get(column), column)
                if value is not None:
                    values[nid] = value * factor
        except InvalidInput as exc:
            plan.skipped.append(SkippedRow(src.name, row.line, str(exc)))
            continue
        meal = MEALS.get(meal_name.lower(), Meal.SNACKS)
        note = None if meal_name.lower() in MEALS else f"MyFitnessPal meal: {meal_name}"
        plan.entries.append(PlannedEntry(day, meal, f"MyFitnessPal {meal_name}"[:400], 1.0, "meal", values, note))
        text = row.get("Note")
        if text:
            before = plan.day_notes.get(day)
            plan.day_notes[day] = text if before is None else f"{before}\n{text}"
