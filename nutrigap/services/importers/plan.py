"""What an import would bring: plain data, built by a parser, shown as a preview, written by ``apply``.

Grams: another app's row says how much of each nutrient was eaten, not always what it weighed ("1.00 cup").
NutriGap stores an entry as grams of a food with values per 100 g, so an imported row becomes its own food whose
values per 100 g are the row's values, and an entry of a nominal 100 g of it (``NOMINAL_GRAMS``): the entry's
totals are exactly the row's values, nothing is guessed, and the amount as the app wrote it stays on the entry
(quantity and unit, and the original text in the note).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from nutrigap.domain.diary import Meal
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED
from nutrigap.services.importers.biometrics import Unrecognised

#: The nominal weight of an imported entry [g]: its food's values per 100 g are the row's own values.
NOMINAL_GRAMS = 100.0
#: The nutrient ids an import keeps: energy and the five NutriGap assesses (FoodData Central ids).
KEPT_IDS: tuple[int, ...] = (ENERGY_KCAL, *(n.fdc_id for n in TRACKED))
APPS = ("cronometer", "myfitnesspal", "csv-mapped")
APP_LABELS = {"cronometer": "Cronometer", "myfitnesspal": "MyFitnessPal", "csv-mapped": "CSV file"}


@dataclass(frozen=True, slots=True)
class PlannedEntry:
    """One food eaten, as the other app recorded it. ``values``: nutrient id → amount in this entry (the
    nutrient's unit); a nutrient the app did not give is absent (unknown), never 0."""

    day: dt.date
    meal: Meal
    food_name: str
    quantity: float
    unit: str
    values: dict[int, float]
    note: str | None = None
    #: an entry of a known weight (a mapped CSV's "amount g"): the food's values are then per 100 g of it
    grams: float | None = None

    def food_key(self) -> tuple[str, tuple[tuple[int, float], ...]]:
        """Foods are the same when their names and values are (rounded to 9 significant digits)."""
        per100 = self.per_100g()
        return self.food_name, tuple(sorted((k, float(f"{v:.9g}")) for k, v in per100.items()))

    def per_100g(self) -> dict[int, float]:
        if self.grams is None:
            return dict(self.values)
        return {k: v * 100.0 / self.grams for k, v in self.values.items()}

    @property
    def amount_g(self) -> float:
        return NOMINAL_GRAMS if self.grams is None else self.grams

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(), "meal": self.meal.value, "food": self.food_name,
            "quantity": self.quantity, "unit": self.unit, "grams": self.grams,
            "values": {str(k): v for k, v in sorted(self.values.items())}, "note": self.note,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class PlannedLabResult:
    """A blood test result from another app's export (Cronometer biometrics), already checked as the window
    checks one (``services.lab_checks.check_result``): ``value`` [``unit``] as the app wrote it, and its value in
    the analyte's canonical unit."""

    day: dt.date
    analyte: str
    value: float
    unit: str
    canonical_value: float
    canonical_unit: str
    #: the app's own name of the measurement ('Magnesium (Serum)') and where it was
    metric: str
    note: str | None = None

    def key(self) -> tuple[dt.date, str, float, str]:
        """The same measurement of the same day (``store.labs_repository.LabKey``)."""
        return self.day, self.analyte, float(self.value), self.unit

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(), "analyte": self.analyte, "metric": self.metric, "value": self.value,
            "unit": self.unit, "canonical_value": self.canonical_value, "canonical_unit": self.canonical_unit,
            "note": self.note,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row (or a whole file) that does not come across, and why, in words a user can act on."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file} line {self.line}"
        return f"{where}: {self.reason}"

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


@dataclass(slots=True)
class ImportPlan:
    """Everything an import would write, and what it leaves out."""

    app: str
    files: list[str]
    file_hash: str
    entries: list[PlannedEntry] = field(default_factory=list)
    day_notes: dict[dt.date, str] = field(default_factory=dict)
    completed: dict[dt.date, bool] = field(default_factory=dict)
    skipped: list[SkippedRow] = field(default_factory=list)
    #: plain statements about the whole import ("magnesium is not in MyFitnessPal's export ...")
    notices: list[str] = field(default_factory=list)
    #: blood test results (Cronometer biometrics NutriGap knows), checked
    lab_results: list[PlannedLabResult] = field(default_factory=list)
    #: biometrics in a blood unit that no name matched and the person did not map (each with how to map it)
    unrecognised: list[Unrecognised] = field(default_factory=list)
    #: how the values were converted where the app gave no unit ("calcium from MyFitnessPal's % Daily Value ×
    #: 1,000 mg"): kept with the import's foods, named in the report's data sources
    conversion: str | None = None

    @property
    def has_data(self) -> bool:
        """Anything to write (every row skipped: nothing)."""
        return bool(self.entries or self.day_notes or self.completed or self.lab_results)

    @property
    def days(self) -> list[dt.date]:
        return sorted({e.day for e in self.entries} | set(self.day_notes) | set(self.completed))

    @property
    def food_count(self) -> int:
        return len({e.food_key() for e in self.entries})

    def summary(self) -> str:
        from nutrigap.domain.wording import plural

        labs = f"{plural(len(self.lab_results), 'blood test result')}, " if self.lab_results else ""
        return (
            f"{plural(len(self.days), 'day')}, {plural(len(self.entries), 'entry', 'entries')}, "
            f"{plural(self.food_count, 'food')}, {plural(len(self.day_notes), 'day note')}, {labs}"
            f"{plural(len(self.skipped), 'skipped row')}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "app": self.app, "files": self.files, "file_hash": self.file_hash,
            "days": [d.isoformat() for d in self.days], "entries": [e.to_json() for e in self.entries],
            "foods": self.food_count,
            "day_notes": {d.isoformat(): n for d, n in sorted(self.day_notes.items())},
            "completed": {d.isoformat(): c for d, c in sorted(self.completed.items())},
            "lab_results": [r.to_json() for r in self.lab_results],
            "skipped": [s.to_json() for s in self.skipped], "notices": self.notices,
            "unrecognised_metrics": [u.to_json() for u in self.unrecognised], "conversion": self.conversion,
        }  # fmt: skip


class FileHash:
    """One SHA-256 over the bytes of every file of an import, in the order given (and their names)."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def hexdigest(self) -> str:
        return self._h.hexdigest()
