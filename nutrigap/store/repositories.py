"""Repositories of foods, portions and diary entries over one session. They query and stage changes; they never
commit (the unit of work does). The person's other records (profile, twitches, factors, experiments, medicines)
have theirs in :mod:`nutrigap.store.record_repositories`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, lazyload

# USER_KINDS is defined in the domain: a command-line search reads it without SQLAlchemy
from nutrigap.domain.diary import USER_KINDS
from nutrigap.store.models import (
    DayStatusRow,
    EntryRow,
    FoodNutrientRow,
    FoodRow,
    RecipeItemRow,
    UserPortionRow,
)


class EntryLine(NamedTuple):
    """A diary entry with its food, as the engine's intake tables take it."""

    entry_id: int
    day: dt.date
    meal: str
    food_id: int
    food_ref: str
    food_name: str
    kind: str
    amount_g: float


class EntryNutrientLine(NamedTuple):
    """An entry with one known per-100 g value of its food (``nutrient_id`` None: the food has none asked for)."""

    entry_id: int
    day: dt.date
    meal: str
    food_ref: str
    food_name: str
    kind: str
    amount_g: float
    nutrient_id: int | None
    amount: float | None


class FoodValue(NamedTuple):
    """A food's known amount of one nutrient per 100 g."""

    food_id: int
    nutrient_id: int
    amount: float


class FoodAmount(NamedTuple):
    """How much of a food one entry logged."""

    food_ref: str
    grams: float


class MealCaffeine(NamedTuple):
    """Caffeine from one entry, by day and meal."""

    day: dt.date
    meal: str
    mg: float


class FoodCount(NamedTuple):
    """A food and how many entries logged it."""

    food: FoodRow
    entries: int


class LoggedAmount(NamedTuple):
    """The quantity and unit an entry was logged with."""

    quantity: float
    unit: str


class GramsSpan(NamedTuple):
    """The lightest and heaviest entry of a food [g] (both None when it was never logged)."""

    low: float | None
    high: float | None


class DateSpan(NamedTuple):
    """The first and last day with an entry (both None in an empty diary)."""

    first: dt.date | None
    last: dt.date | None


def _name_order(name: str, row_id: int) -> tuple[str, str, int]:
    # Sorted here, not by the database: SQLite compares bytes ("Zwieback" before "apple") and a PostgreSQL
    # server its locale's collation, so ORDER BY name would list the same foods differently on each.
    return (name.casefold(), name, row_id)


class FoodRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_ref(self, ref: str) -> FoodRow | None:
        return self.session.scalars(select(FoodRow).where(FoodRow.ref == ref)).one_or_none()

    def by_id(self, food_id: int) -> FoodRow | None:
        return self.session.get(FoodRow, food_id)

    def add(self, row: FoodRow, nutrients: dict[int, float]) -> FoodRow:
        """Stage a food with its per-100 g nutrient values; user foods get their ``kind:id`` ref here."""
        if not row.ref:
            row.ref = f"pending:{uuid.uuid4().hex}"
        row.nutrients = [FoodNutrientRow(nutrient_id=nid, amount=float(v)) for nid, v in sorted(nutrients.items())]
        self.session.add(row)
        self.session.flush()
        if row.ref.startswith("pending:"):
            row.ref = f"{row.kind}:{row.id}"
            self.session.flush()
        return row

    def add_reference(self, row: FoodRow, nutrients: dict[int, float]) -> FoodRow:
        """Copy a food-database food into the diary, or return the copy another NutriGap made meanwhile.

        Two desktops on one server may log the same new food at the same moment: both find no copy, both
        insert, and the second insert breaks the unique ``ref``. A savepoint undoes only that insert, and the
        other's committed copy is used (on SQLite the write lock already keeps them apart).
        """
        from sqlalchemy.exc import IntegrityError

        try:
            with self.session.begin_nested():
                return self.add(row, nutrients)
        except IntegrityError:
            existing = self.by_ref(row.ref)
            if existing is None:
                raise
            return existing

    def set_nutrients(self, row: FoodRow, nutrients: dict[int, float]) -> None:
        row.nutrients.clear()
        self.session.flush()
        row.nutrients.extend(FoodNutrientRow(nutrient_id=nid, amount=float(v)) for nid, v in sorted(nutrients.items()))
        self.session.flush()

    def user_foods(self, kinds: Sequence[str] = USER_KINDS) -> list[FoodRow]:
        rows = self.session.scalars(
            select(FoodRow)
            .where(FoodRow.kind.in_(kinds), FoodRow.archived.is_(False))
            .options(lazyload(FoodRow.nutrients))  # the callers list names; nutrients load if asked for
        )
        return sorted(rows, key=lambda r: _name_order(r.name, r.id))

    def favourite_refs(self) -> frozenset[str]:
        return frozenset(self.session.scalars(select(FoodRow.ref).where(FoodRow.favourite.is_(True))))

    def is_used(self, food_id: int) -> bool:
        in_entries = self.session.scalar(select(func.count()).where(EntryRow.food_id == food_id))
        in_recipes = self.session.scalar(select(func.count()).where(RecipeItemRow.ingredient_id == food_id))
        return bool(in_entries) or bool(in_recipes)

    def recent(self, limit: int = 50) -> list[FoodRow]:
        """Foods most recently logged, newest first."""
        last_used = func.max(EntryRow.created_at).label("last_used")
        sub = (
            select(EntryRow.food_id, last_used)
            .group_by(EntryRow.food_id)
            .order_by(last_used.desc(), EntryRow.food_id.desc())
            .limit(limit)
        ).subquery()
        rows = self.session.execute(
            select(FoodRow)
            .join(sub, sub.c.food_id == FoodRow.id)
            .order_by(sub.c.last_used.desc(), FoodRow.id.desc())  # ties broken alike on every database
            # not every food's nutrients (selectin by default): 0.3 s of Add food's first open with ten years of
            # diary (benchmarks/pages.py); they still load if a caller asks for them
            .options(lazyload(FoodRow.nutrients))
        )
        return list(rows.scalars())

    def frequent(self, since: dt.date, limit: int = 50) -> list[FoodCount]:
        """Foods logged most often since a date, with their counts."""
        count = func.count(EntryRow.id).label("n")
        rows = self.session.execute(
            select(FoodRow, count)
            .join(EntryRow, EntryRow.food_id == FoodRow.id)
            .where(EntryRow.day >= since)
            .group_by(FoodRow.id)
            .order_by(count.desc(), FoodRow.id)
            .limit(limit)
        )
        return [FoodCount(food, int(n)) for food, n in rows]


class PortionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_ref(self, ref: str) -> list[UserPortionRow]:
        rows = self.session.scalars(select(UserPortionRow).where(UserPortionRow.food_ref == ref))
        return sorted(rows, key=lambda r: _name_order(r.name, r.id))

    def get(self, ref: str, name: str) -> UserPortionRow | None:
        return self.session.scalars(
            select(UserPortionRow).where(
                UserPortionRow.food_ref == ref, func.lower(UserPortionRow.name) == name.lower()
            )
        ).one_or_none()

    def add(self, row: UserPortionRow) -> UserPortionRow:
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: UserPortionRow) -> None:
        self.session.delete(row)
        self.session.flush()


class EntryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, entry_id: int) -> EntryRow | None:
        return self.session.get(EntryRow, entry_id)

    def add(self, row: EntryRow) -> EntryRow:
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: EntryRow) -> None:
        self.session.delete(row)
        self.session.flush()

    def for_days(self, start: dt.date, end: dt.date) -> list[EntryRow]:
        return list(
            self.session.scalars(
                select(EntryRow)
                .where(EntryRow.day >= start, EntryRow.day <= end)
                .order_by(EntryRow.day, EntryRow.meal, EntryRow.position, EntryRow.id)
            ).unique()
        )

    def rescale_food(self, food_id: int, new_unit_g: float, old_unit_g: float) -> None:
        """Keep a food's entries at the same number of units when the weight of one unit changes."""
        self.session.execute(
            update(EntryRow)
            .where(EntryRow.food_id == food_id)
            .values(amount_g=EntryRow.amount_g * new_unit_g / old_unit_g)
        )

    def grams_span(self, food_id: int) -> GramsSpan:
        """The lightest and heaviest weight a food was logged with."""
        low, high = self.session.execute(
            select(func.min(EntryRow.amount_g), func.max(EntryRow.amount_g)).where(EntryRow.food_id == food_id)
        ).one()
        return GramsSpan(None if low is None else float(low), None if high is None else float(high))

    def last_amount(self, food_ref: str) -> LoggedAmount | None:
        """The quantity and unit a food was last logged with, or None if it never was."""
        row = self.session.execute(
            select(EntryRow.quantity, EntryRow.unit)
            .join(FoodRow, FoodRow.id == EntryRow.food_id)
            .where(FoodRow.ref == food_ref)
            .order_by(EntryRow.created_at.desc(), EntryRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else LoggedAmount(float(row[0]), str(row[1]))

    def next_position(self, day: dt.date, meal: str) -> int:
        current = self.session.scalar(
            select(func.max(EntryRow.position)).where(EntryRow.day == day, EntryRow.meal == meal)
        )
        return 0 if current is None else int(current) + 1

    def nutrient_rows(self, start: dt.date, end: dt.date, nutrient_ids: Iterable[int]) -> list[EntryNutrientLine]:
        """Entries of a period with the chosen per-100 g values, one row per (entry, known nutrient)."""
        ids = list(nutrient_ids)
        stmt = (
            select(
                EntryRow.id,
                EntryRow.day,
                EntryRow.meal,
                FoodRow.ref,
                FoodRow.name,
                FoodRow.kind,
                EntryRow.amount_g,
                FoodNutrientRow.nutrient_id,
                FoodNutrientRow.amount,
            )
            .join(FoodRow, FoodRow.id == EntryRow.food_id)
            .outerjoin(
                FoodNutrientRow,
                (FoodNutrientRow.food_id == FoodRow.id) & FoodNutrientRow.nutrient_id.in_(ids),
            )
            .where(EntryRow.day >= start, EntryRow.day <= end)
            .order_by(EntryRow.day, EntryRow.id)
        )
        # plain Core rows: the ORM's per-row bookkeeping is most of the cost for a year of entries
        return [EntryNutrientLine._make(row) for row in self.session.connection().execute(stmt).all()]

    def entry_rows(self, start: dt.date, end: dt.date) -> list[EntryLine]:
        """The entries of a period with their foods, by day and id."""
        stmt = (
            select(
                EntryRow.id,
                EntryRow.day,
                EntryRow.meal,
                EntryRow.food_id,
                FoodRow.ref,
                FoodRow.name,
                FoodRow.kind,
                EntryRow.amount_g,
            )
            .join(FoodRow, FoodRow.id == EntryRow.food_id)
            .where(EntryRow.day >= start, EntryRow.day <= end)
            .order_by(EntryRow.day, EntryRow.id)
        )
        return [EntryLine._make(row) for row in self.session.connection().execute(stmt).all()]

    def food_values(self, food_ids: Iterable[int], nutrient_ids: Iterable[int]) -> list[FoodValue]:
        """The known per-100 g values of some foods."""
        foods = sorted(set(food_ids))
        out: list[FoodValue] = []
        for i in range(0, len(foods), 900):  # stay under SQLite's bound-parameter limit
            stmt = select(FoodNutrientRow.food_id, FoodNutrientRow.nutrient_id, FoodNutrientRow.amount).where(
                FoodNutrientRow.food_id.in_(foods[i : i + 900]), FoodNutrientRow.nutrient_id.in_(list(nutrient_ids))
            )
            out.extend(
                FoodValue(int(food), int(nutrient), float(amount))
                for food, nutrient, amount in self.session.connection().execute(stmt).all()
            )
        return out

    def amounts_since(self, since: dt.date) -> list[FoodAmount]:
        """Food and grams of every entry from ``since`` on: how much of each food the user usually eats."""
        rows = self.session.execute(
            select(FoodRow.ref, EntryRow.amount_g)
            .join(FoodRow, FoodRow.id == EntryRow.food_id)
            .where(EntryRow.day >= since)
        )
        return [FoodAmount(str(ref), float(grams)) for ref, grams in rows]

    def caffeine_by_meal(self, start: dt.date, end: dt.date, caffeine_id: int) -> list[MealCaffeine]:
        """Caffeine of the entries whose food has a known caffeine value above zero."""
        stmt = (
            select(EntryRow.day, EntryRow.meal, EntryRow.amount_g * FoodNutrientRow.amount / 100.0)
            .join(FoodNutrientRow, FoodNutrientRow.food_id == EntryRow.food_id)
            .where(
                FoodNutrientRow.nutrient_id == caffeine_id,
                FoodNutrientRow.amount > 0,
                EntryRow.day >= start,
                EntryRow.day <= end,
            )
            .order_by(EntryRow.day)
        )
        return [MealCaffeine(day, str(meal), float(mg)) for day, meal, mg in self.session.execute(stmt)]

    def days_with_entries(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return list(
            self.session.scalars(
                select(EntryRow.day).where(EntryRow.day >= start, EntryRow.day <= end).distinct().order_by(EntryRow.day)
            )
        )

    def date_range(self) -> DateSpan:
        first, last = self.session.execute(select(func.min(EntryRow.day), func.max(EntryRow.day))).one()
        return DateSpan(first, last)

    # --- day completion (the user's flag per day; no row = the default) --------------------------------------
    def day_flags(self, start: dt.date, end: dt.date) -> dict[dt.date, bool]:
        """The days between two dates (inclusive) the user marked complete (True) or not complete (False)."""
        rows = self.session.execute(
            select(DayStatusRow.day, DayStatusRow.complete).where(DayStatusRow.day >= start, DayStatusRow.day <= end)
        )
        return {r[0]: bool(r[1]) for r in rows}

    def set_day_flag(self, day: dt.date, complete: bool) -> None:
        self.session.merge(DayStatusRow(day=day, complete=complete))
        self.session.flush()
