"""Any CSV food log, with a column mapping → an import plan (nothing is written here).

The mapping (``--map`` on the command line, the same text in the window) is a comma-separated list of
``field=Column`` or ``field=Column:unit``:

- ``date`` (required; ISO dates, or ``date=Day:%d/%m/%Y`` with a strftime format),
- ``food`` (required: the food's name), ``meal`` (optional: breakfast, lunch, dinner, snacks, supplements;
  other or no meal → snacks), ``grams`` (optional: the amount eaten in g),
- any of ``energy`` (kcal or kJ), ``magnesium``, ``calcium``, ``potassium`` (mg or g), ``vitamin_d`` (µg, mcg or
  IU), ``vitamin_b12`` (µg or mcg, mg); without a unit the nutrient's own unit is meant.

Example: ``date=Day,food=Food,grams=Weight,magnesium=Mg:mg,vitamin_d=Vit D:IU``. The values are what the row's
food contained (not per 100 g). A column not in the mapping is ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain import limits
from nutrigap.domain.diary import Meal
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import ENERGY_KCAL, Nutrient
from nutrigap.services.importers.plan import ImportPlan, PlannedEntry, SkippedRow
from nutrigap.services.importers.reading import (
    NOTHING,
    Row,
    file_sources,
    number,
    read_header,
    read_rows,
    sources_hash,
    unit_factor,
)

APP = "csv-mapped"
NUTRIENT_FIELDS: dict[str, int] = {"energy": ENERGY_KCAL, **{n.value: n.fdc_id for n in Nutrient}}
OWN_UNIT = {ENERGY_KCAL: "kcal", **{n.fdc_id: n.unit for n in Nutrient}}
FIELDS = ("date", "food", "meal", "grams", *NUTRIENT_FIELDS)
MAP_HELP = (
    "comma-separated field=Column[:unit]: date (required; date=Day:%%d/%%m/%%Y for other formats), food "
    "(required), meal, grams, and any of energy, magnesium, calcium, potassium, vitamin_d, vitamin_b12 with an "
    "optional unit (mg, g, µg, mcg, IU, kcal, kJ); e.g. 'date=Day,food=Food,grams=Weight,vitamin_d=Vit D:IU'"
)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """What each mapped column becomes: field → (column, unit or date format)."""

    fields: dict[str, tuple[str, str | None]]

    def column(self, field: str) -> str | None:
        return self.fields[field][0] if field in self.fields else None

    def describe(self) -> list[tuple[str, str]]:
        """(column, what it becomes) for a preview."""
        out = []
        for field, (column, unit) in self.fields.items():
            nid = NUTRIENT_FIELDS.get(field)
            if nid is not None:
                out.append((column, f"{field.replace('_', ' ')} [{unit or OWN_UNIT[nid]}]"))
            else:
                out.append((column, field if unit is None or field != "date" else f"date ({unit})"))
        return out


def parse_map(spec: str) -> ColumnMap:
    """A mapping from its text (see the module's docstring); InvalidInput names what is wrong."""
    fields: dict[str, tuple[str, str | None]] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        field, sep, target = part.partition("=")
        field = field.strip().lower()
        if not sep or not target.strip():
            raise InvalidInput(f"'{shown(part)}' in the mapping is not field=Column; the mapping is {MAP_HELP}.")
        if field not in FIELDS:
            raise InvalidInput(f"Unknown field '{shown(field)}' in the mapping; fields are {', '.join(FIELDS)}.")
        column, colon, unit = target.partition(":")
        unit_text = unit.strip() if colon else None
        nid = NUTRIENT_FIELDS.get(field)
        if nid is not None and unit_text and unit_factor(nid, unit_text) is None:
            raise InvalidInput(f"'{shown(unit_text)}' is not a unit for {field.replace('_', ' ')}.")
        fields[field] = (column.strip(), unit_text)
    for required in ("date", "food"):
        if required not in fields:
            raise InvalidInput(f"The mapping needs {required}=Column; the mapping is {MAP_HELP}.")
    return ColumnMap(fields)


def parse_csv_mapped(path: Path, spec: str | ColumnMap) -> ImportPlan:
    """Read a CSV food log with a column mapping into a plan."""
    mapping = parse_map(spec) if isinstance(spec, str) else spec
    sources = file_sources([path])
    if len(sources) != 1:
        raise InvalidInput(f"{path.name}: give one CSV file to a mapped import; {NOTHING}")
    src = sources[0]
    header = read_header(src)
    missing = [c for c, _ in mapping.fields.values() if c not in header]
    if missing:
        raise InvalidInput(
            f"{path.name} has no column {', '.join(repr(c) for c in missing)} (its columns: "
            f"{', '.join(header[:12])}{' …' if len(header) > 12 else ''}); {NOTHING}"
        )
    plan = ImportPlan(APP, [path.name], sources_hash(sources))
    for row in read_rows(src):
        try:
            plan.entries.append(_entry(row, mapping))
        except InvalidInput as exc:
            plan.skipped.append(SkippedRow(src.name, row.line, str(exc).rstrip(".")))
    return plan


def _entry(row: Row, mapping: ColumnMap) -> PlannedEntry:
    date_column, date_format = mapping.fields["date"]
    text = row.get(date_column)
    try:
        day = dt.datetime.strptime(text, date_format).date() if date_format else dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput(f"'{shown(text)}' is not a date ({date_format or 'YYYY-MM-DD'})") from None
    food = row.get(mapping.column("food"))
    if not food:
        raise InvalidInput("no food name")
    meal_text = row.get(mapping.column("meal"))
    meal = Meal.SNACKS
    note = None
    if meal_text:
        try:
            meal = Meal.parse(meal_text)
        except InvalidInput:
            note = f"meal in the file: {meal_text}"
    grams = number(row.get(mapping.column("grams")), "grams")
    if grams is not None:
        grams = limits.ENTRY_GRAMS.check(grams) if grams > 0 else None
    values: dict[int, float] = {}
    for field, nid in NUTRIENT_FIELDS.items():
        if field in mapping.fields:
            column, unit = mapping.fields[field]
            value = number(row.get(column), column)
            if value is not None:
                values[nid] = value * (unit_factor(nid, unit) if unit else 1.0)  # type: ignore[operator]
    if grams is None:
        return PlannedEntry(day, meal, food[:400], 1.0, "serving", values, note)
    return PlannedEntry(day, meal, food[:400], grams, "g", values, note, grams=grams)
