"""The import batches repository: imports from other apps, the foods and entries they made (issue #18).

Like every repository it never commits; the service's unit of work does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from nutrigap.store.models import (
    DailyFactorsRow,
    DayStatusRow,
    EntryRow,
    FoodNutrientRow,
    FoodRow,
    ImportBatchRow,
    RecipeItemRow,
)

#: Rows written at once by the bulk methods (an import of ten years has some 70,000 entries).
CHUNK = 2000
#: (day, meal, food id, quantity, unit): the identity of an imported entry (the same row of the same export)
EntryKey = tuple[dt.date, str, int, float, str]


class ImportLine(NamedTuple):
    id: int
    app: str
    file_names: str
    created_at: dt.datetime
    entries: int
    foods: int


class ImportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, import_id: int) -> ImportBatchRow | None:
        return self.session.get(ImportBatchRow, import_id)

    def by_hash(self, file_hash: str) -> ImportBatchRow | None:
        return self.session.scalars(select(ImportBatchRow).where(ImportBatchRow.file_hash == file_hash)).first()

    def add(self, row: ImportBatchRow) -> ImportBatchRow:
        self.session.add(row)
        self.session.flush()
        return row

    def all(self) -> list[ImportLine]:
        entries = select(EntryRow.import_id, func.count().label("n")).group_by(EntryRow.import_id).subquery("entries")
        foods = select(FoodRow.import_id, func.count().label("n")).group_by(FoodRow.import_id).subquery("foods")
        rows = self.session.execute(
            select(
                ImportBatchRow.id, ImportBatchRow.app, ImportBatchRow.file_names, ImportBatchRow.created_at,
                func.coalesce(entries.c.n, 0), func.coalesce(foods.c.n, 0),
            )
            .outerjoin(entries, entries.c.import_id == ImportBatchRow.id)
            .outerjoin(foods, foods.c.import_id == ImportBatchRow.id)
            .order_by(ImportBatchRow.id)
        )  # fmt: skip
        return [ImportLine(*r) for r in rows]

    def in_period(self, start: dt.date, end: dt.date) -> list[tuple[int, str, str, dt.datetime, int, int, str | None]]:
        """The imports with entries between two days: (id, app, file names, when, entries, days in the period, the
        source text of its foods: 'imported from MyFitnessPal; calcium from … × 1,300 mg')."""
        rows = self.session.execute(
            select(
                ImportBatchRow.id, ImportBatchRow.app, ImportBatchRow.file_names, ImportBatchRow.created_at,
                func.count(EntryRow.id), func.count(func.distinct(EntryRow.day)), func.max(FoodRow.source),
            )
            .join(EntryRow, EntryRow.import_id == ImportBatchRow.id)
            .join(FoodRow, FoodRow.id == EntryRow.food_id)
            .where(EntryRow.day >= start, EntryRow.day <= end)
            .group_by(ImportBatchRow.id, ImportBatchRow.app, ImportBatchRow.file_names, ImportBatchRow.created_at)
            .order_by(ImportBatchRow.id)
        )  # fmt: skip
        return [(r[0], r[1], r[2], r[3], int(r[4]), int(r[5]), r[6]) for r in rows]

    def add_foods(self, foods: list[tuple[FoodRow, dict[int, float]]]) -> None:
        """Stage many new user foods with their values per 100 g, in chunks; each gets its id and ``kind:id`` ref."""
        for start in range(0, len(foods), CHUNK):
            chunk = foods[start : start + CHUNK]
            for n, (row, _) in enumerate(chunk):
                row.ref = f"pending:import:{start + n}"
            self.session.add_all([row for row, _ in chunk])
            self.session.flush()
            values = []
            for row, nutrients in chunk:
                row.ref = f"{row.kind}:{row.id}"
                values += [
                    {"food_id": row.id, "nutrient_id": k, "amount": float(v)} for k, v in sorted(nutrients.items())
                ]
            self.session.flush()
            if values:
                self.session.execute(insert(FoodNutrientRow), values)

    def add_entries(self, entries: list[dict[str, object]]) -> None:
        """Insert many entries (column → value) in chunks."""
        for start in range(0, len(entries), CHUNK):
            self.session.execute(insert(EntryRow), entries[start : start + CHUNK])

    def imported_foods(self) -> dict[tuple[str, tuple[tuple[int, float], ...]], int]:
        """Every imported food by (name, its values per 100 g rounded to 9 significant digits) → food id."""
        values: dict[int, list[tuple[int, float]]] = {}
        rows = self.session.execute(
            select(FoodNutrientRow.food_id, FoodNutrientRow.nutrient_id, FoodNutrientRow.amount)
            .join(FoodRow, FoodRow.id == FoodNutrientRow.food_id)
            .where(FoodRow.import_id.is_not(None))
        )
        for food_id, nid, amount in rows:
            values.setdefault(food_id, []).append((nid, float(f"{amount:.9g}")))
        names = self.session.execute(select(FoodRow.id, FoodRow.name).where(FoodRow.import_id.is_not(None)))
        return {(name, tuple(sorted(values.get(fid, [])))): fid for fid, name in names}

    def imported_entry_keys(self, start: dt.date, end: dt.date) -> Counter[EntryKey]:
        """How many imported entries of each identity the diary holds between two days (inclusive)."""
        rows = self.session.execute(
            select(EntryRow.day, EntryRow.meal, EntryRow.food_id, EntryRow.quantity, EntryRow.unit).where(
                EntryRow.import_id.is_not(None), EntryRow.day >= start, EntryRow.day <= end
            )
        )
        return Counter((r[0], r[1], r[2], float(r[3]), r[4]) for r in rows)

    def logged_days(self, start: dt.date, end: dt.date) -> set[dt.date]:
        """The days between two days (inclusive) with an entry the person logged in NutriGap (not imported)."""
        rows = self.session.scalars(
            select(EntryRow.day)
            .where(EntryRow.import_id.is_(None), EntryRow.day >= start, EntryRow.day <= end)
            .distinct()
        )
        return set(rows)

    def last_positions(self, start: dt.date, end: dt.date) -> dict[tuple[dt.date, str], int]:
        rows = self.session.execute(
            select(EntryRow.day, EntryRow.meal, func.max(EntryRow.position))
            .where(EntryRow.day >= start, EntryRow.day <= end)
            .group_by(EntryRow.day, EntryRow.meal)
        )
        return {(r[0], r[1]): int(r[2]) for r in rows}

    def set_day_note(self, day: dt.date, note: str | None) -> str | None:
        """Set a day's note (None clears it); returns the note it had."""
        row = self.session.get(DailyFactorsRow, day)
        before = None if row is None else row.note
        if row is None:
            if note is None:
                return None
            row = DailyFactorsRow(day=day)
            self.session.add(row)
        row.note = note
        self.session.flush()
        return before

    def day_note(self, day: dt.date) -> str | None:
        row = self.session.get(DailyFactorsRow, day)
        return None if row is None else row.note

    def clear_day_flag(self, day: dt.date) -> None:
        """Back to the default (no row): a past day complete, today in progress."""
        self.session.execute(delete(DayStatusRow).where(DayStatusRow.day == day))

    def delete_batch(self, import_id: int) -> tuple[int, int]:
        """Delete an import's entries, its foods nothing else uses, and the import; (entries, foods) deleted.
        A food of it still used (logged by hand, in a recipe, or by a later import) stays, marked with the
        earliest import whose entries use it (or none)."""
        s = self.session
        entries = len(list(s.scalars(select(EntryRow.id).where(EntryRow.import_id == import_id))))
        s.execute(delete(EntryRow).where(EntryRow.import_id == import_id))
        used = select(EntryRow.food_id).where(EntryRow.food_id == FoodRow.id).exists()
        in_recipe = select(RecipeItemRow.id).where(RecipeItemRow.ingredient_id == FoodRow.id).exists()
        ids = list(s.scalars(select(FoodRow.id).where(FoodRow.import_id == import_id, ~used, ~in_recipe)))
        if ids:
            s.execute(delete(FoodNutrientRow).where(FoodNutrientRow.food_id.in_(ids)))
            s.execute(delete(FoodRow).where(FoodRow.id.in_(ids)))
        earliest = select(func.min(EntryRow.import_id)).where(EntryRow.food_id == FoodRow.id).scalar_subquery()
        s.execute(update(FoodRow).where(FoodRow.import_id == import_id).values(import_id=earliest))
        s.execute(delete(ImportBatchRow).where(ImportBatchRow.id == import_id))
        s.expire_all()
        return entries, len(ids)
