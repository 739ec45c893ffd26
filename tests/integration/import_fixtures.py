"""Export files of other apps, built in the tests from their documented headers.

Cronometer servings, current header (Day, Time, Group, Food Name, Amount, … Category): the columns
jrmycanady/gocronometer ``parse.go`` (ParseServingsExport) reads, in Cronometer's order, with "Vitamin D (IU)" and
"B12 (Cobalamin) (µg)". The older variant without Time and Group, and with "Vitamin A (IU)": the TITLE of
verygoodsoftwarenotvirus/cronometer ``ServingTest.java``. Newer exports write "Vitamin D (µg)" and "μg" with the
Greek mu; both are variants here. dailysummary (Date, Energy (kcal), …, Completed), biometrics (Day, Time, Group,
Metric, Unit, Amount) and notes (Day, Time, Group, Note): the headers issue #18 quotes from Cronometer's export.

MyFitnessPal ``Nutrition-Summary-<from>-to-<to>.csv``: Date, Meal, Calories, Fat (g), Saturated Fat,
Polyunsaturated Fat, Monounsaturated Fat, Trans Fat, Cholesterol, Sodium (mg), Potassium, Carbohydrates (g),
Fiber, Sugar, Protein (g), Vitamin A, Vitamin C, Calcium, Iron, Note — the fields of the MealEntry model of an
open-source MFP export reader (pydantic aliases "Date", "Meal", "Calories", "Fat (g)", "Saturated Fat" …) and
issue #18.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

SERVINGS_HEADER = [
    "Day", "Time", "Group", "Food Name", "Amount", "Energy (kcal)", "Caffeine (mg)", "Water (g)",
    "B1 (Thiamine) (mg)", "B12 (Cobalamin) (µg)", "Folate (µg)", "Vitamin A (IU)", "Vitamin C (mg)",
    "Vitamin D (IU)", "Calcium (mg)", "Iron (mg)", "Magnesium (mg)", "Potassium (mg)", "Sodium (mg)",
    "Zinc (mg)", "Carbs (g)", "Fat (g)", "Protein (g)", "Category",
]  # fmt: skip
#: verygoodsoftwarenotvirus/cronometer ServingTest.java TITLE (first columns): no Time, no Group
OLD_SERVINGS_HEADER = [
    "Day", "Food Name", "Amount", "Energy (kcal)", "Alcohol (g)", "Caffeine (mg)", "Water (g)",
    "B1 (Thiamine) (mg)", "B12 (Cobalamin) (µg)", "Vitamin A (IU)", "Vitamin D (IU)", "Calcium (mg)",
    "Magnesium (mg)", "Potassium (mg)", "Protein (g)",
]  # fmt: skip
DAILY_HEADER = ["Date", "Energy (kcal)", "Calcium (mg)", "Magnesium (mg)", "Potassium (mg)", "Vitamin D (IU)",
                "B12 (Cobalamin) (µg)", "Completed"]  # fmt: skip
BIOMETRICS_HEADER = ["Day", "Time", "Group", "Metric", "Unit", "Amount"]
NOTES_HEADER = ["Day", "Time", "Group", "Note"]
MFP_HEADER = [
    "Date", "Meal", "Calories", "Fat (g)", "Saturated Fat", "Polyunsaturated Fat", "Monounsaturated Fat",
    "Trans Fat", "Cholesterol", "Sodium (mg)", "Potassium", "Carbohydrates (g)", "Fiber", "Sugar", "Protein (g)",
    "Vitamin A", "Vitamin C", "Calcium", "Iron", "Note",
]  # fmt: skip


def csv_text(header: list[str], rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def serving(day: str, group: str, name: str, amount: str, **values: str) -> dict[str, str]:
    names = {
        "kcal": "Energy (kcal)", "mg_mg": "Magnesium (mg)", "ca": "Calcium (mg)", "k": "Potassium (mg)",
        "vd_iu": "Vitamin D (IU)", "b12": "B12 (Cobalamin) (µg)", "zinc": "Zinc (mg)",
    }  # fmt: skip
    row = {"Day": day, "Time": "8:15 AM", "Group": group, "Food Name": name, "Amount": amount, "Category": "Dairy"}
    row.update({names[k]: v for k, v in values.items()})
    return row


def mfp_zip(path: Path, rows: list[dict[str, str]], extra: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Nutrition-Summary-2026-11-02-to-2026-11-08.csv", csv_text(MFP_HEADER, rows))
        for name, text in (extra or {}).items():
            zf.writestr(name, text)
    return path
