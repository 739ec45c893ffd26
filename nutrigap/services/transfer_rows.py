"""Checked rows into the diary: one method per record kind, the rules entry uses, one transaction.

Each record kind has one method of ``RowImporter`` listed in ``HANDLERS``; a new table adds its method there and
its writer in ``transfer_write.SECTIONS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from nutrigap.domain import limits
from nutrigap.domain.diary import FoodKind, Meal
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.symptoms import Location
from nutrigap.services.transfer_labs import import_lab_result
from nutrigap.services.transfer_read import MAX_NOTE, Line
from nutrigap.services.transfer_write import SYMPTOMS
from nutrigap.store.models import (
    DailyFactorsRow,
    DayStatusRow,
    EntryRow,
    ExperimentRow,
    FoodNutrientRow,
    FoodRow,
    ImportBatchRow,
    LabResultRow,
    MedicineRow,
    PersonalTargetRow,
    ProfileRow,
    RecipeItemRow,
    TwitchRow,
    UserPortionRow,
)

#: Rows sent to the database at once during an import (a constraint error names the line of the batch's end).
BATCH_ROWS = 5000
#: The count (in what an import returns) of source values beyond the limits that were set unknown.
UNKNOWN_SOURCE_VALUES = "implausible source values set unknown"
EXPERIMENT_KINDS = ("nutrient_target", "caffeine_cutoff")
TARGET_LEVELS = ("EAR", "RDA", "AI")
EXERCISE_INTENSITIES = ("light", "moderate", "vigorous")


def clear_diary(s: Session) -> None:
    """Delete every row an import would write (inside the import's transaction)."""
    for model in (
        EntryRow, RecipeItemRow, UserPortionRow, TwitchRow, DailyFactorsRow, ExperimentRow, DayStatusRow,
        PersonalTargetRow, LabResultRow, MedicineRow,
    ):  # fmt: skip
        s.execute(delete(model))
    s.execute(delete(FoodNutrientRow))
    s.execute(delete(FoodRow))
    s.execute(delete(ImportBatchRow))
    s.execute(delete(ProfileRow))
    s.flush()


class RowImporter:
    """Checks rows one by one and adds them to the session (the caller commits or rolls back)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.foods: dict[str, FoodRow] = {}
        self.kinds: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        # The many small rows (entries, nutrient values, twitches, factors) go in as plain Core inserts in
        # batches, in the order they were read, after the ORM's own pending rows: ten years of entries in
        # seconds instead of a minute of per-object bookkeeping. Foods are ORM rows (their ids are needed).
        self.batch: list[tuple[Any, dict[str, Any]]] = []
        self.experiment_names: set[str] = set()
        self.medicine_names: set[str] = set()
        #: import batch ids in the file → ids in this diary
        self.imports: dict[str, int] = {}
        self.import_rows: dict[str, tuple[ImportBatchRow, list[dict[str, Any]]]] = {}

    def add_all(self, lines: Iterable[Line]) -> dict[str, int]:
        last: Line | None = None
        for line in lines:
            last = line
            self.add(line)
        self.finish_imports()
        if last is not None:
            with _contradictions(last):
                self.flush_batch()
        return self.counts

    def add(self, line: Line) -> None:
        table = line.row.get("table") or ""
        handler = HANDLERS.get(table)
        if handler is None:
            raise line.fail(f"unknown table '{shown(table)}'")
        with _contradictions(line):  # handlers flush too (a new food needs its id)
            handler(self, line)
        self.counts[table] = self.counts.get(table, 0) + 1
        if len(self.batch) >= BATCH_ROWS:
            with _contradictions(line):
                self.flush_batch()

    def queue(self, model: Any, values: dict[str, Any]) -> None:
        self.batch.append((model, values))

    def flush_batch(self) -> None:
        self.s.flush()
        start = 0
        batch = self.batch
        while start < len(batch):
            model = batch[start][0]
            end = start
            while end < len(batch) and batch[end][0] is model:
                end += 1
            self.s.execute(insert(model), [values for _, values in batch[start:end]])
            start = end
        batch.clear()

    def food_ref(self, line: Line, column: str = "key") -> FoodRow:
        ref = line.text(column, True, 64)
        assert ref is not None
        if ref not in self.foods:
            raise line.fail(f"food '{shown(ref)}' is used before it is defined")
        return self.foods[ref]

    def import_ref(self, line: Line) -> int | None:
        key = line.text("import_id", max_len=20)
        if key is None:
            return None
        if key not in self.imports:
            raise line.fail(f"import {shown(key)} is used before it is defined")
        return self.imports[key]

    # one method per record kind ------------------------------------------------------------------------
    def profile(self, line: Line) -> None:
        self.s.merge(
            ProfileRow(
                id=1,
                sex=line.choice("sex", ("female", "male")),
                birth_date=line.date("birth_date", True),
                life_stage=line.choice("life_stage", ("none", "pregnant", "lactating")),
                vitamin_d_unit=line.choice("vitamin_d_unit", ("µg", "IU")),
            )
        )

    def food(self, line: Line) -> None:
        ref = line.text("key", True, 64)
        assert ref is not None
        if ref in self.foods:
            raise line.fail(f"food '{shown(ref)}' is defined twice")
        kind = line.choice("kind", tuple(FoodKind))
        assert kind is not None
        # a reference food keeps its source's data type; the user's own foods are typed by their kind
        reference = kind == FoodKind.REFERENCE
        data_type = line.text("data_type", True, 32) if reference else line.choice("data_type", (kind,))
        row = FoodRow(
            ref=ref if reference else f"pending:{len(self.foods)}",
            kind=kind,
            name=line.text("name", True, 400),
            data_type=data_type,
            category=line.text("category", max_len=200),
            brand=line.text("brand", max_len=200),
            source=line.text("source", max_len=200),
            serving_label=line.text("serving_label", max_len=100),
            serving_grams=line.amount("serving_grams", limits.PORTION_GRAMS, required=False),
            servings=line.amount("servings", limits.RECIPE_SERVINGS, required=False),
            yield_grams=line.amount("yield_grams", limits.RECIPE_YIELD_GRAMS, required=False),
            favourite=line.flag("favourite"),
            archived=line.flag("archived"),
            notes=line.note(),
            import_id=self.import_ref(line),
            nominal_weight=line.flag("nominal_weight"),
        )
        self.s.add(row)
        self.flush_batch()  # what was read before this food goes in first, in order; then the food gets its id
        if not reference:
            row.ref = f"{kind}:{row.id}"
        self.foods[ref] = row
        self.kinds[ref] = kind

    def food_nutrient(self, line: Line) -> None:
        row = self.food_ref(line)
        nid = line.integer("nutrient_id", True)
        assert nid is not None
        if not limits.NUTRIENT_ID.allows(nid):
            raise line.fail(f"nutrient_id {nid} is not a nutrient id (1 to {limits.NUTRIENT_ID.high:,.0f})")
        if row.kind == FoodKind.REFERENCE:
            value = line.number_("amount", True)
            if value is not None and value > limits.NUTRIENT_PER_100G.high:
                # A source value no food has, copied into a diary before the limits (USDA branded records with
                # 65,789,474 µg of B12 per 100 g): unknown, as a food-database build now stores it, and counted.
                self.counts[UNKNOWN_SOURCE_VALUES] = self.counts.get(UNKNOWN_SOURCE_VALUES, 0) + 1
                return
        amount = line.amount("amount", limits.NUTRIENT_PER_100G)
        self.queue(FoodNutrientRow, {"food_id": row.id, "nutrient_id": nid, "amount": amount})

    def recipe_item(self, line: Line) -> None:
        recipe = self.food_ref(line)
        if recipe.kind != FoodKind.RECIPE:
            raise line.fail(f"'{shown(line.text('key'))}' is not a recipe")
        ingredient = self.food_ref(line, "ingredient")
        self.s.add(
            RecipeItemRow(
                recipe_id=recipe.id,
                ingredient_id=ingredient.id,
                position=line.integer("position", True, 0, 10**6),
                quantity=line.amount("quantity", limits.QUANTITY),
                unit=line.text("unit", True, 100),
                amount_g=line.amount("amount_g", limits.ENTRY_GRAMS),
            )
        )

    def user_portion(self, line: Line) -> None:
        ref = line.text("key", True, 64)
        assert ref is not None
        ref = self.foods[ref].ref if ref in self.foods else ref
        self.s.add(
            UserPortionRow(
                food_ref=ref,
                name=line.text("name", True, 100),
                grams=line.amount("grams", limits.PORTION_GRAMS),
            )
        )

    def entry(self, line: Line) -> None:
        row = self.food_ref(line)
        self.queue(
            EntryRow,
            {
                "day": line.date("date", True),
                "meal": line.choice("meal", (m.value for m in Meal)),
                "position": line.integer("position", True, 0, 10**6),
                "food_id": row.id,
                "quantity": line.amount("quantity", limits.QUANTITY),
                "unit": line.text("unit", True, 100),
                "amount_g": line.amount("amount_g", limits.ENTRY_GRAMS),
                "note": line.note(),
                "import_id": self.import_ref(line),
            },
        )

    def twitch(self, line: Line) -> None:
        symptoms = set(filter(None, (line.text("symptoms") or "").split(";")))
        unknown = symptoms - set(SYMPTOMS)
        if unknown:
            noun = "symptom" if len(unknown) == 1 else "symptoms"
            raise line.fail(f"unknown {noun} {', '.join(sorted(unknown))}")
        self.queue(
            TwitchRow,
            {
                "occurred_at": line.datetime("datetime"),
                "location": line.choice("location", (loc.value for loc in Location)),
                "location_other": line.text("location_other", max_len=200),
                "side": line.choice("side", ("left", "right", "both"), required=False),
                "intensity": line.integer("intensity", True, 1, 10),
                "duration_s": line.integer("duration_s", low=0, high=86400 * 7),
                "note": line.note(),
                **{name: name in symptoms for name in SYMPTOMS},
            },
        )

    def factors(self, line: Line) -> None:
        self.queue(
            DailyFactorsRow,
            {
                "day": line.date("date", True),
                "water_ml": line.number_("water_ml", low=0, high=20000),
                "caffeine_mg": line.number_("caffeine_mg", low=0, high=5000),
                "sleep_h": line.number_("sleep_h", low=0, high=24),
                "stress": line.integer("stress", low=1, high=5),
                "exercise_min": line.number_("exercise_min", low=0, high=1440),
                "exercise_intensity": line.choice("exercise_intensity", EXERCISE_INTENSITIES, required=False),
                "note": line.note(),
                "last_caffeine_at": line.time("last_caffeine_at"),
                "sun_min": line.number_("sun_min", low=limits.SUN_MINUTES.low, high=limits.SUN_MINUTES.high),
                "sun_exposure": line.choice("sun_exposure", limits.SUN_EXPOSURES, required=False),
            },
        )

    def experiment(self, line: Line) -> None:
        name = line.text("name", True, 100)
        assert name is not None
        if name in self.experiment_names:
            raise line.fail(f"experiment '{shown(name)}' is defined twice")
        self.experiment_names.add(name)
        kind = line.choice("kind", EXPERIMENT_KINDS)
        nutrient = target = cutoff = None
        if kind == "nutrient_target":
            nutrient = line.choice("nutrient", (n.value for n in Nutrient))
            target = line.choice("target_level", TARGET_LEVELS)
        else:
            cutoff = line.time("cutoff_time", required=True)
        start = line.date("date", True)
        stopped = line.date("stopped_on")
        assert start is not None
        if stopped is not None and stopped < start:
            raise line.fail(f"the experiment stopped on {stopped} before it started on {start}")
        self.s.add(
            ExperimentRow(
                name=name,
                kind=kind,
                nutrient=nutrient,
                target_level=target,
                cutoff_time=cutoff,
                start_day=start,
                days=line.integer("days", True, 1, 366),
                stopped_on=stopped,
                notes=line.note(),
                goal_amount=line.number_("amount", low=1e-9, high=1e7),
            )
        )

    def import_batch(self, line: Line) -> None:
        """An import from another app (issue #18); its id is renumbered, what refers to it follows."""
        from nutrigap.services.importers.plan import APPS

        key = line.text("key", True, 20)
        assert key is not None
        if key in self.imports:
            raise line.fail(f"import {shown(key)} is defined twice")
        row = ImportBatchRow(
            app=line.choice("name", APPS),
            file_names=line.text("note", True, MAX_NOTE),
            file_hash=line.text("source", True, 64),
            created_at=line.datetime("datetime"),
        )
        self.s.add(row)
        self.flush_batch()
        self.imports[key] = row.id
        self.import_rows[key] = (row, [])

    def import_day(self, line: Line) -> None:
        """A day note or flag an import set (JSON), kept on its import for undo."""
        key = line.text("key", True, 20)
        if key not in self.import_rows:
            raise line.fail(f"import {shown(key)} is used before it is defined")
        try:
            change = json.loads(line.text("days", True, 90_000) or "")  # a note, the note before, JSON escapes
        except ValueError:
            change = None
        if not isinstance(change, dict) or not isinstance(change.get("day"), str):
            raise line.fail("the day change of an import is not readable")
        self.import_rows[key][1].append(change)

    def finish_imports(self) -> None:
        for row, changes in self.import_rows.values():
            row.day_changes = json.dumps(changes) if changes else None

    def day_status(self, line: Line) -> None:
        """A day the user marked complete or not complete (``complete`` is 0 or 1)."""
        flag = line.choice("complete", ("0", "1"))
        self.queue(DayStatusRow, {"day": line.date("date", True), "complete": flag == "1"})

    def personal_target(self, line: Line) -> None:
        """The user's own target of a nutrient [unit/day], checked as the profile service checks it."""
        from nutrigap.services.profile import MAX_TARGET_NOTE, PERSONAL_MAX

        nutrient = Nutrient(str(line.choice("nutrient", tuple(n.value for n in Nutrient))))
        self.queue(
            PersonalTargetRow,
            {
                "nutrient": nutrient.value,
                "amount": line.number_("amount", True, 1e-9, PERSONAL_MAX[nutrient]),
                "note": line.text("note", max_len=MAX_TARGET_NOTE),
            },
        )

    def medicine(self, line: Line) -> None:
        """A medicine taken regularly, checked as the medicines service checks it (issue #17)."""
        from nutrigap.domain.medicines import MAX_NAME, Medicine, check_medicine, medicine_classes

        try:
            medicine = check_medicine(
                Medicine(
                    name=line.text("name", True, MAX_NAME) or "",
                    class_id=str(line.choice("class_id", tuple(medicine_classes()))),
                    dose=line.text("dose"),
                    start=line.date("date"),
                    stop=line.date("stopped_on"),
                    note=line.note(),
                )
            )
        except InvalidInput as exc:
            raise line.fail(str(exc).rstrip(".")) from None
        if medicine.name.lower() in self.medicine_names:
            raise line.fail(f"medicine '{shown(medicine.name)}' is listed twice")
        self.medicine_names.add(medicine.name.lower())
        self.s.add(
            MedicineRow(
                name=medicine.name,
                class_id=medicine.class_id,
                dose=medicine.dose,
                start_day=medicine.start,
                stop_day=medicine.stop,
                note=medicine.note,
            )
        )


#: The reader of each record kind (the ``table`` column).
HANDLERS: dict[str, Callable[[RowImporter, Line], None]] = {
    "profile": RowImporter.profile,
    "food": RowImporter.food,
    "food_nutrient": RowImporter.food_nutrient,
    "recipe_item": RowImporter.recipe_item,
    "user_portion": RowImporter.user_portion,
    "entry": RowImporter.entry,
    "twitch": RowImporter.twitch,
    "factors": RowImporter.factors,
    "experiment": RowImporter.experiment,
    "import_batch": RowImporter.import_batch,
    "import_day": RowImporter.import_day,
    "day_status": RowImporter.day_status,
    "personal_target": RowImporter.personal_target,
    # blood test results (issue #17), with the import from another app that brought them (issue #18)
    "lab_result": lambda importer, line: import_lab_result(importer.s, line, importer.import_ref(line)),
    "medicine": RowImporter.medicine,
}


@contextmanager
def _contradictions(line: Line) -> Iterator[None]:
    """Turn a constraint the database enforces (a duplicate, a value out of range) into the user's message."""
    from sqlalchemy.exc import DataError, IntegrityError

    try:
        yield
    except (IntegrityError, DataError) as exc:
        raise InvalidInput(
            f"The file contradicts itself near line {line.number} (duplicate or out-of-range values: "
            f"{str(exc.orig).splitlines()[0]}); nothing was imported."
        ) from None
