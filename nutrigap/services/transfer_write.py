"""The rows of a diary export, read from the diary as a stream (see ``nutrigap.services.transfer``).

Each record kind (profile, food, entry …) is one function of ``SECTIONS`` that yields the kind's rows in a
stable order; a new table adds its function here and its reader in ``transfer_read.HANDLERS``. Large tables are
read in chunks (``yield_per``), so exporting a million entries holds a few thousand rows at a time, not the diary.
Every cell is escaped against spreadsheet formulas (``nutrigap.domain.spreadsheet``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from nutrigap.domain.spreadsheet import escape_cell
from nutrigap.services.diary_context import DiaryContext
from nutrigap.services.transfer_labs import LAB_COLUMNS, lab_rows
from nutrigap.store.models import (
    DailyFactorsRow,
    DayStatusRow,
    EntryRow,
    ExperimentRow,
    FoodNutrientRow,
    FoodRow,
    ImportBatchRow,
    MedicineRow,
    PersonalTargetRow,
    ProfileRow,
    RecipeItemRow,
    TwitchRow,
    UserPortionRow,
)

#: The format this version writes. /2 escapes cells against spreadsheet formulas and carries the time of the
#: day's last caffeine; /1 files (no escaping) are still read.
FORMAT = "nutrigap-diary-csv/2"
FORMATS_READ = ("nutrigap-diary-csv/1", FORMAT)
END = "end"
SYMPTOMS = ("cramp", "tingling", "weakness", "fatigue", "palpitations", "poor_coordination")
#: Rows fetched from the database at a time while exporting.
CHUNK_ROWS = 2000

COLUMNS = [
    "table", "key", "kind", "name", "data_type", "category", "brand", "source",
    "serving_label", "serving_grams", "servings", "yield_grams", "favourite", "archived",
    "nutrient_id", "amount", "ingredient", "position", "quantity", "unit", "amount_g", "grams",
    "date", "datetime", "meal", "note", "sex", "birth_date", "life_stage", "vitamin_d_unit",
    "location", "location_other", "side", "intensity", "duration_s", "symptoms",
    "water_ml", "caffeine_mg", "sleep_h", "stress", "exercise_min", "exercise_intensity",
    "nutrient", "target_level", "cutoff_time", "days", "stopped_on", "last_caffeine_at", "complete",
    "sun_min", "sun_exposure", "class_id", "dose", "import_id", "nominal_weight",
]  # fmt: skip
COLUMNS += LAB_COLUMNS  # blood test results (issue #17)

Row = dict[str, str]


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _profile(s: Session) -> Iterator[Row]:
    profile = s.get(ProfileRow, 1)
    if profile is not None:
        yield {
            "table": "profile",
            "sex": profile.sex,
            "birth_date": profile.birth_date.isoformat(),
            "life_stage": profile.life_stage,
            "vitamin_d_unit": profile.vitamin_d_unit,
        }


def _foods(s: Session) -> Iterator[Row]:
    values = s.execute(
        select(FoodNutrientRow.food_id, FoodNutrientRow.nutrient_id, FoodNutrientRow.amount)
        .order_by(FoodNutrientRow.food_id, FoodNutrientRow.nutrient_id)
        .execution_options(yield_per=CHUNK_ROWS)
    )
    pending = next(values, None)
    foods = select(FoodRow).options(lazyload(FoodRow.nutrients)).order_by(FoodRow.id)
    for f in s.scalars(foods.execution_options(yield_per=CHUNK_ROWS)):
        yield {
            "table": "food", "key": f.ref, "kind": f.kind, "name": f.name, "data_type": f.data_type,
            "category": _text(f.category), "brand": _text(f.brand), "source": _text(f.source),
            "serving_label": _text(f.serving_label), "serving_grams": _num(f.serving_grams),
            "servings": _num(f.servings), "yield_grams": _num(f.yield_grams),
            "favourite": "1" if f.favourite else "0", "archived": "1" if f.archived else "0",
            "note": _text(f.notes), "import_id": _text(f.import_id),
            "nominal_weight": "1" if f.nominal_weight else "",
        }  # fmt: skip
        while pending is not None and pending[0] <= f.id:
            if pending[0] == f.id:
                yield {
                    "table": "food_nutrient",
                    "key": f.ref,
                    "nutrient_id": str(pending[1]),
                    "amount": _num(pending[2]),
                }
            pending = next(values, None)


def _recipe_items(s: Session) -> Iterator[Row]:
    recipe = FoodRow.__table__.alias("recipe")
    ingredient = FoodRow.__table__.alias("ingredient")
    query = (
        select(recipe.c.ref, ingredient.c.ref, RecipeItemRow.position, RecipeItemRow.quantity, RecipeItemRow.unit,
               RecipeItemRow.amount_g)
        .join(recipe, recipe.c.id == RecipeItemRow.recipe_id)
        .join(ingredient, ingredient.c.id == RecipeItemRow.ingredient_id)
        .order_by(RecipeItemRow.recipe_id, RecipeItemRow.position, RecipeItemRow.id)
    )  # fmt: skip
    for ref, ingredient_ref, position, quantity, unit, amount_g in s.execute(query):
        yield {
            "table": "recipe_item", "key": ref, "ingredient": ingredient_ref, "position": str(position),
            "quantity": _num(quantity), "unit": unit, "amount_g": _num(amount_g),
        }  # fmt: skip


def _user_portions(s: Session) -> Iterator[Row]:
    # sorted here, not by the database: the same order on SQLite and a server (collations differ)
    portions = s.execute(select(UserPortionRow.food_ref, UserPortionRow.name, UserPortionRow.id, UserPortionRow.grams))
    for food_ref, name, _, grams in sorted(portions, key=lambda p: (p[0], p[1], p[2])):
        yield {"table": "user_portion", "key": food_ref, "name": name, "grams": _num(grams)}


def _entries(s: Session) -> Iterator[Row]:
    query = (
        select(EntryRow.day, EntryRow.meal, EntryRow.position, FoodRow.ref, EntryRow.quantity, EntryRow.unit,
               EntryRow.amount_g, EntryRow.note, EntryRow.import_id)
        .join(FoodRow, FoodRow.id == EntryRow.food_id)
        .order_by(EntryRow.day, EntryRow.meal, EntryRow.position, EntryRow.id)
        .execution_options(yield_per=CHUNK_ROWS)
    )  # fmt: skip
    for day, meal, position, ref, quantity, unit, amount_g, note, import_id in s.execute(query):
        yield {
            "table": "entry", "date": day.isoformat(), "meal": meal, "position": str(position), "key": ref,
            "quantity": _num(quantity), "unit": unit, "amount_g": _num(amount_g), "note": _text(note),
            "import_id": _text(import_id),
        }  # fmt: skip


def _twitches(s: Session) -> Iterator[Row]:
    query = select(TwitchRow).order_by(TwitchRow.occurred_at, TwitchRow.id).execution_options(yield_per=CHUNK_ROWS)
    for t in s.scalars(query):
        yield {
            "table": "twitch", "datetime": t.occurred_at.isoformat(), "location": t.location,
            "location_other": _text(t.location_other), "side": _text(t.side), "intensity": str(t.intensity),
            "duration_s": _text(t.duration_s), "note": _text(t.note),
            "symptoms": ";".join(name for name in SYMPTOMS if getattr(t, name)),
        }  # fmt: skip


def _factors(s: Session) -> Iterator[Row]:
    query = select(DailyFactorsRow).order_by(DailyFactorsRow.day).execution_options(yield_per=CHUNK_ROWS)
    for d in s.scalars(query):
        yield {
            "table": "factors", "date": d.day.isoformat(), "water_ml": _num(d.water_ml),
            "caffeine_mg": _num(d.caffeine_mg), "sleep_h": _num(d.sleep_h), "stress": _text(d.stress),
            "exercise_min": _num(d.exercise_min), "exercise_intensity": _text(d.exercise_intensity),
            "note": _text(d.note),
            "last_caffeine_at": "" if d.last_caffeine_at is None else d.last_caffeine_at.isoformat(),
            "sun_min": _num(d.sun_min), "sun_exposure": _text(d.sun_exposure),
        }  # fmt: skip


def _experiments(s: Session) -> Iterator[Row]:
    for x in s.scalars(select(ExperimentRow).order_by(ExperimentRow.id)):
        yield {
            "table": "experiment", "name": x.name, "kind": x.kind, "nutrient": _text(x.nutrient),
            "target_level": _text(x.target_level),
            "cutoff_time": "" if x.cutoff_time is None else x.cutoff_time.isoformat(),
            "date": x.start_day.isoformat(), "days": str(x.days),
            "stopped_on": "" if x.stopped_on is None else x.stopped_on.isoformat(), "note": _text(x.notes),
            "amount": _num(x.goal_amount),
        }  # fmt: skip


def _day_status(s: Session) -> Iterator[Row]:
    """One row per day the user marked complete (1) or not complete (0); other days follow the default."""
    for d in s.scalars(select(DayStatusRow).order_by(DayStatusRow.day)):
        yield {"table": "day_status", "date": d.day.isoformat(), "complete": "1" if d.complete else "0"}


def _personal_targets(s: Session) -> Iterator[Row]:
    """One row per nutrient with the user's own target [nutrient unit/day] and its note."""
    for t in s.scalars(select(PersonalTargetRow).order_by(PersonalTargetRow.nutrient)):
        yield {"table": "personal_target", "nutrient": t.nutrient, "amount": _num(t.amount), "note": _text(t.note)}


def _medicines(s: Session) -> Iterator[Row]:
    """One row per medicine taken regularly (issue #17): name, class, dose text, start and stop days, note."""
    for m in s.scalars(select(MedicineRow).order_by(MedicineRow.id)):
        yield {
            "table": "medicine", "name": m.name, "class_id": m.class_id, "dose": _text(m.dose),
            "date": "" if m.start_day is None else m.start_day.isoformat(),
            "stopped_on": "" if m.stop_day is None else m.stop_day.isoformat(), "note": _text(m.note),
        }  # fmt: skip


def _import_batches(s: Session) -> Iterator[Row]:
    """One row per import from another app (issue #18): key = its id, name = the app, note = the file names,
    source = the files' SHA-256, datetime = when; then one ``import_day`` row per day note or flag it set
    (``days`` = that change as JSON), so no line grows with the number of days."""
    for b in s.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id)):
        yield {
            "table": "import_batch", "key": str(b.id), "name": b.app, "note": b.file_names, "source": b.file_hash,
            "datetime": b.created_at.isoformat(),
        }  # fmt: skip
        for change in json.loads(b.day_changes or "[]"):
            yield {"table": "import_day", "key": str(b.id), "days": json.dumps(change)}


#: The record kinds in the order they are written (foods before what refers to them).
SECTIONS: list[Callable[[Session], Iterator[Row]]] = [
    _profile, _import_batches, _foods, _recipe_items, _user_portions, _entries, _twitches, _factors, _experiments,
    _day_status, _personal_targets, _medicines,
]  # fmt: skip
SECTIONS.append(lab_rows)  # blood test results (issue #17)


def _escaped(row: Row) -> Row:
    return {key: escape_cell(value) for key, value in row.items()}


def session_rows(session: Session) -> Iterator[Row]:
    """Every row of the export after the format row, cells escaped, read with ``session`` (one transaction)."""
    for section in SECTIONS:
        for row in section(session):
            yield _escaped(row)
        session.expunge_all()  # what was read is written; do not keep it


def diary_rows(ctx: DiaryContext) -> Iterator[Row]:
    """Every row of the export after the header, the format row first, cells escaped; read in one transaction."""
    yield {"table": "format", "key": FORMAT}
    with ctx.uow() as uow:
        yield from session_rows(uow.session)


def export_csv(ctx: DiaryContext, path: Path) -> int:
    """Write the whole diary to ``path`` (a private temporary file beside it, renamed when complete; see
    :mod:`nutrigap.store.output_file`). Returns rows."""
    from nutrigap.store.output_file import output_file

    count = 0
    with output_file(path, text=True) as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="raise")
        writer.writeheader()
        for row in diary_rows(ctx):
            writer.writerow(row)
            count += 1
        writer.writerow({"table": END, "key": str(count)})
    return count
