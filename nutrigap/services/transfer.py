"""Export the whole diary to one CSV file and import it back (a round trip gives the same diary).

The file is "long": each row has a ``table`` column (profile, food, food_nutrient, recipe_item, user_portion,
entry, twitch, factors, experiment) and fills the columns that table uses; the others stay empty. It opens
in any spreadsheet (filter on ``table``). Numbers use a dot and full precision; dates are ISO 8601.
The first row names the format; the last row (``table`` = ``end``, ``key`` = the number of rows before it)
marks a complete file, so a truncated copy is refused instead of importing part of a diary.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.services.context import AppContext
from nutrigap.store.models import (
    DailyFactorsRow,
    EntryRow,
    ExperimentRow,
    FoodNutrientRow,
    FoodRow,
    ProfileRow,
    RecipeItemRow,
    SettingRow,
    TwitchRow,
    UserPortionRow,
)

FORMAT = "nutrigap-diary-csv/1"
#: Ten years of 16 entries a day export to about 7 MB; a file above this is refused before it is read
#: (reading it would take most of an hour and a gigabyte of memory, for what cannot be a NutriGap diary).
MAX_IMPORT_BYTES = 100 * 1000 * 1000
END = "end"
#: The longest note any editor accepts (food notes); entry notes stop at 2000.
MAX_NOTE = 10_000
SYMPTOMS = ("cramp", "tingling", "weakness", "fatigue", "palpitations", "poor_coordination")

COLUMNS = [
    "table", "key", "kind", "name", "data_type", "category", "brand", "source",
    "serving_label", "serving_grams", "servings", "yield_grams", "favourite", "archived",
    "nutrient_id", "amount", "ingredient", "position", "quantity", "unit", "amount_g", "grams",
    "date", "datetime", "meal", "note", "sex", "birth_date", "life_stage", "vitamin_d_unit",
    "location", "location_other", "side", "intensity", "duration_s", "symptoms",
    "water_ml", "caffeine_mg", "sleep_h", "stress", "exercise_min", "exercise_intensity",
    "nutrient", "target_level", "cutoff_time", "days", "stopped_on",
]  # fmt: skip


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _rows(ctx: AppContext) -> Iterator[dict[str, str]]:
    yield {"table": "format", "key": FORMAT}
    with ctx.uow() as uow:
        s = uow.session
        profile = uow.profile.get()
        if profile is not None:
            yield {
                "table": "profile",
                "sex": profile.sex,
                "birth_date": profile.birth_date.isoformat(),
                "life_stage": profile.life_stage,
                "vitamin_d_unit": profile.vitamin_d_unit,
            }
        foods = list(s.scalars(select(FoodRow).order_by(FoodRow.id)))
        for f in foods:
            yield {
                "table": "food", "key": f.ref, "kind": f.kind, "name": f.name, "data_type": f.data_type,
                "category": _text(f.category), "brand": _text(f.brand), "source": _text(f.source),
                "serving_label": _text(f.serving_label), "serving_grams": _num(f.serving_grams),
                "servings": _num(f.servings), "yield_grams": _num(f.yield_grams),
                "favourite": "1" if f.favourite else "0", "archived": "1" if f.archived else "0",
                "note": _text(f.notes),
            }  # fmt: skip
            for n in sorted(f.nutrients, key=lambda n: n.nutrient_id):
                yield {
                    "table": "food_nutrient",
                    "key": f.ref,
                    "nutrient_id": str(n.nutrient_id),
                    "amount": _num(n.amount),
                }
        for f in foods:
            for item in f.ingredients:
                yield {
                    "table": "recipe_item", "key": f.ref, "ingredient": item.ingredient.ref,
                    "position": str(item.position), "quantity": _num(item.quantity), "unit": item.unit,
                    "amount_g": _num(item.amount_g),
                }  # fmt: skip
        portions = s.scalars(select(UserPortionRow))  # sorted here: the same order on SQLite and a server
        for p in sorted(portions, key=lambda p: (p.food_ref, p.name, p.id)):
            yield {"table": "user_portion", "key": p.food_ref, "name": p.name, "grams": _num(p.grams)}
        for e in s.scalars(select(EntryRow).order_by(EntryRow.day, EntryRow.meal, EntryRow.position, EntryRow.id)):
            yield {
                "table": "entry", "date": e.day.isoformat(), "meal": e.meal, "position": str(e.position),
                "key": e.food.ref, "quantity": _num(e.quantity), "unit": e.unit, "amount_g": _num(e.amount_g),
                "note": _text(e.note),
            }  # fmt: skip
        for t in s.scalars(select(TwitchRow).order_by(TwitchRow.occurred_at, TwitchRow.id)):
            yield {
                "table": "twitch", "datetime": t.occurred_at.isoformat(), "location": t.location,
                "location_other": _text(t.location_other), "side": _text(t.side), "intensity": str(t.intensity),
                "duration_s": _text(t.duration_s), "note": _text(t.note),
                "symptoms": ";".join(name for name in SYMPTOMS if getattr(t, name)),
            }  # fmt: skip
        for d in s.scalars(select(DailyFactorsRow).order_by(DailyFactorsRow.day)):
            yield {
                "table": "factors", "date": d.day.isoformat(), "water_ml": _num(d.water_ml),
                "caffeine_mg": _num(d.caffeine_mg), "sleep_h": _num(d.sleep_h), "stress": _text(d.stress),
                "exercise_min": _num(d.exercise_min), "exercise_intensity": _text(d.exercise_intensity),
                "note": _text(d.note),
            }  # fmt: skip
        for x in s.scalars(select(ExperimentRow).order_by(ExperimentRow.id)):
            yield {
                "table": "experiment", "name": x.name, "kind": x.kind, "nutrient": _text(x.nutrient),
                "target_level": _text(x.target_level),
                "cutoff_time": "" if x.cutoff_time is None else x.cutoff_time.isoformat(),
                "date": x.start_day.isoformat(), "days": str(x.days),
                "stopped_on": "" if x.stopped_on is None else x.stopped_on.isoformat(), "note": _text(x.notes),
            }  # fmt: skip


def export_csv(ctx: AppContext, path: Path) -> int:
    """Write the whole diary to ``path`` (a private temporary file beside it, renamed when complete; see
    :mod:`nutrigap.store.output_file`). Returns rows."""
    from nutrigap.store.output_file import output_file

    count = 0
    with output_file(path, text=True) as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="raise")
        writer.writeheader()
        for row in _rows(ctx):
            writer.writerow(row)
            count += 1
        writer.writerow({"table": END, "key": str(count)})
    return count


# --- import -----------------------------------------------------------------------------------------------
class _Line:
    """Typed access to one CSV row, with the line number in every error."""

    def __init__(self, number: int, row: dict[str, str]) -> None:
        self.number = number
        self.row = row

    def fail(self, message: str) -> InvalidInput:
        return InvalidInput(f"Line {self.number}: {message}; nothing was imported.")

    def text(self, name: str, required: bool = False, max_len: int = 2000) -> str | None:
        value = (self.row.get(name) or "").strip()
        if not value:
            if required:
                raise self.fail(f"'{name}' is empty")
            return None
        if len(value) > max_len:
            raise self.fail(f"'{name}' is longer than {max_len} characters")
        return value

    def note(self, name: str = "note") -> str | None:
        """Free text exactly as exported (spaces and line breaks kept); empty is no note."""
        value = self.row.get(name) or ""
        if not value:
            return None
        if len(value) > MAX_NOTE:
            raise self.fail(f"'{name}' is longer than {MAX_NOTE:,} characters")
        return value

    def number_(
        self, name: str, required: bool = False, low: float | None = None, high: float | None = None
    ) -> float | None:
        raw = self.text(name, required)
        if raw is None:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.fail(f"{name} '{shown(raw)}' is not a number") from None
        if math.isnan(value) or math.isinf(value):
            raise self.fail(f"{name} must be a finite number")
        if low is not None and value < low:
            raise self.fail(f"{name} {value:g} is below {low:g}")
        if high is not None and value > high:
            raise self.fail(f"{name} {value:g} is above {high:g}")
        return value

    def integer(self, name: str, required: bool = False, low: int | None = None, high: int | None = None) -> int | None:
        value = self.number_(name, required, low, high)
        if value is None:
            return None
        if value != int(value):
            raise self.fail(f"{name} {value:g} is not a whole number")
        return int(value)

    def date(self, name: str, required: bool = False) -> dt.date | None:
        from nutrigap.domain.diary import parse_date

        raw = self.text(name, required)
        if raw is None:
            return None
        try:
            return parse_date(raw)
        except InvalidInput as exc:
            raise self.fail(str(exc).rstrip(".")) from None

    def datetime(self, name: str) -> dt.datetime:
        raw = self.text(name, True)
        assert raw is not None
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(f"{name} '{shown(raw)}' is not a date and time") from None
        if not 1900 <= value.year <= 2200:
            raise self.fail(f"{name} {raw} is out of range")
        return value.replace(tzinfo=None)

    def choice(self, name: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and value not in choices:
            raise self.fail(f"{name} '{shown(value)}' is not one of {', '.join(choices)}")
        return value

    def flag(self, name: str) -> bool:
        return (self.row.get(name) or "0").strip() in ("1", "true", "True", "yes")


def _read(path: Path) -> list[_Line]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if size > MAX_IMPORT_BYTES:
        raise InvalidInput(
            f"{path.name} is {size / 1e6:,.0f} MB, far larger than any NutriGap diary export "
            f"(limit {MAX_IMPORT_BYTES / 1e6:,.0f} MB); nothing was imported."
        )
    lines: list[_Line] = []
    try:
        # utf-8-sig: a spreadsheet that saved the file again may have put a byte-order mark in front
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            if "table" not in header:
                raise InvalidInput(
                    f"{path.name} is not a NutriGap diary export (no 'table' column); nothing was imported."
                )
            for row in reader:
                if None in row:
                    raise InvalidInput(f"Line {reader.line_num}: more cells than columns; nothing was imported.")
                if not any((value or "").strip() for value in row.values()):
                    continue  # a blank row a spreadsheet left behind
                lines.append(_Line(reader.line_num, row))
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} is not UTF-8 text; nothing was imported.") from None
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}; nothing was imported.") from None
    except csv.Error as exc:
        raise InvalidInput(f"{path.name} is not valid CSV ({exc}); nothing was imported.") from None
    if not lines or lines[0].row.get("table") != "format" or lines[0].row.get("key") != FORMAT:
        raise InvalidInput(f"{path.name} is not a NutriGap diary export ({FORMAT}); nothing was imported.")
    if lines[-1].row.get("table") != END:
        raise InvalidInput(
            f"{path.name} is incomplete: its last row is not the 'end' row an export ends with (truncated copy?); "
            "nothing was imported."
        )
    return lines[:-1]


def diary_is_empty(ctx: AppContext) -> bool:
    with ctx.uow() as uow:
        s = uow.session
        for model in (EntryRow, FoodRow, TwitchRow, DailyFactorsRow, ExperimentRow, UserPortionRow):
            if s.scalars(select(model).limit(1)).first() is not None:
                return False
    return True


#: Rows sent to the database at once during an import (a constraint error names the line of the batch's end).
BATCH_ROWS = 5000


def import_csv(ctx: AppContext, path: Path, *, replace: bool = False) -> dict[str, int]:
    """Import a diary export in one transaction. Into an empty diary, or with ``replace`` instead of the
    current contents. Any bad line: a message naming the line, and nothing changed."""
    lines = _read(path)
    if not replace and not diary_is_empty(ctx):
        raise InvalidInput(
            "The diary already holds data; import into an empty diary, or use --replace to replace it "
            "(make a backup first). Nothing was imported."
        )
    counts: dict[str, int] = {}
    with ctx.uow() as uow:
        s = uow.session
        if replace:
            for model in (EntryRow, RecipeItemRow, UserPortionRow, TwitchRow, DailyFactorsRow, ExperimentRow):
                s.execute(delete(model))
            s.execute(delete(FoodNutrientRow))
            s.execute(delete(FoodRow))
            s.execute(delete(ProfileRow))
            s.flush()
        foods: dict[str, FoodRow] = {}
        handlers: dict[str, Callable[[_Line], Any]] = {}
        # The many small rows (entries, nutrient values, twitches, factors) go in as plain Core inserts in
        # batches, in the order they were read, after the ORM's own pending rows: ten years of entries in
        # seconds instead of a minute of per-object bookkeeping. Foods are ORM rows (their ids are needed).
        batch: list[tuple[Any, dict[str, Any]]] = []

        def queue(model: Any, values: dict[str, Any]) -> None:
            batch.append((model, values))

        def flush_batch() -> None:
            s.flush()
            start = 0
            while start < len(batch):
                model = batch[start][0]
                end = start
                while end < len(batch) and batch[end][0] is model:
                    end += 1
                s.execute(insert(model), [values for _, values in batch[start:end]])
                start = end
            batch.clear()

        def food_ref(line: _Line) -> FoodRow:
            ref = line.text("key", True)
            assert ref is not None
            if ref not in foods:
                raise line.fail(f"food '{shown(ref)}' is used before it is defined")
            return foods[ref]

        def profile(line: _Line) -> None:
            born = line.date("birth_date", True)
            s.merge(
                ProfileRow(
                    id=1,
                    sex=line.choice("sex", ("female", "male")),
                    birth_date=born,
                    life_stage=line.choice("life_stage", ("none", "pregnant", "lactating")),
                    vitamin_d_unit=line.choice("vitamin_d_unit", ("µg", "IU")),
                )
            )

        def food(line: _Line) -> None:
            ref = line.text("key", True, 64)
            assert ref is not None
            if ref in foods:
                raise line.fail(f"food '{shown(ref)}' is defined twice")
            kind = line.choice("kind", ("reference", "custom", "recipe", "supplement"))
            row = FoodRow(
                ref=ref if kind == "reference" else f"pending:{len(foods)}",
                kind=kind,
                name=line.text("name", True, 400),
                data_type=line.text("data_type", True, 32),
                category=line.text("category", max_len=200),
                brand=line.text("brand", max_len=200),
                source=line.text("source", max_len=200),
                serving_label=line.text("serving_label", max_len=100),
                serving_grams=line.number_("serving_grams", low=1e-9, high=5000),
                servings=line.number_("servings", low=1e-9, high=1000),
                yield_grams=line.number_("yield_grams", low=1e-9, high=1e6),
                favourite=line.flag("favourite"),
                archived=line.flag("archived"),
                notes=line.note(),
            )
            s.add(row)
            flush_batch()  # what was read before this food goes in first, in order; then the food gets its id
            if kind != "reference":
                row.ref = f"{kind}:{row.id}"
            foods[ref] = row

        def food_nutrient(line: _Line) -> None:
            row = food_ref(line)
            nid = line.integer("nutrient_id", True, 1, 10**7)
            amount = line.number_("amount", True, 0, 1e7)
            queue(FoodNutrientRow, {"food_id": row.id, "nutrient_id": nid, "amount": amount})

        def recipe_item(line: _Line) -> None:
            recipe = food_ref(line)
            ref = line.text("ingredient", True)
            assert ref is not None
            if ref not in foods:
                raise line.fail(f"ingredient '{shown(ref)}' is not defined")
            s.add(
                RecipeItemRow(
                    recipe_id=recipe.id,
                    ingredient_id=foods[ref].id,
                    position=line.integer("position", True, 0, 10**6),
                    quantity=line.number_("quantity", True, 1e-9, 1e6),
                    unit=line.text("unit", True, 100),
                    amount_g=line.number_("amount_g", True, 1e-9, 5000),
                )
            )

        def user_portion(line: _Line) -> None:
            ref = line.text("key", True, 64)
            assert ref is not None
            ref = foods[ref].ref if ref in foods else ref
            s.add(
                UserPortionRow(
                    food_ref=ref,
                    name=line.text("name", True, 100),
                    grams=line.number_("grams", True, 1e-9, 5000),
                )
            )

        def entry(line: _Line) -> None:
            row = food_ref(line)
            queue(
                EntryRow,
                {
                    "day": line.date("date", True),
                    "meal": line.choice("meal", ("breakfast", "lunch", "dinner", "snacks", "supplements")),
                    "position": line.integer("position", True, 0, 10**6),
                    "food_id": row.id,
                    "quantity": line.number_("quantity", True, 1e-9, 1e6),
                    "unit": line.text("unit", True, 100),
                    "amount_g": line.number_("amount_g", True, 1e-9, 5000),
                    "note": line.note(),
                },
            )

        def twitch(line: _Line) -> None:
            symptoms = set(filter(None, (line.text("symptoms") or "").split(";")))
            unknown = symptoms - set(SYMPTOMS)
            if unknown:
                noun = "symptom" if len(unknown) == 1 else "symptoms"
                raise line.fail(f"unknown {noun} {', '.join(sorted(unknown))}")
            queue(
                TwitchRow,
                {
                    "occurred_at": line.datetime("datetime"),
                    "location": line.text("location", True, 20),
                    "location_other": line.text("location_other", max_len=200),
                    "side": line.choice("side", ("left", "right", "both"), required=False),
                    "intensity": line.integer("intensity", True, 1, 10),
                    "duration_s": line.integer("duration_s", low=0, high=86400 * 7),
                    "note": line.note(),
                    **{name: name in symptoms for name in SYMPTOMS},
                },
            )

        def factors(line: _Line) -> None:
            queue(
                DailyFactorsRow,
                {
                    "day": line.date("date", True),
                    "water_ml": line.number_("water_ml", low=0, high=20000),
                    "caffeine_mg": line.number_("caffeine_mg", low=0, high=5000),
                    "sleep_h": line.number_("sleep_h", low=0, high=24),
                    "stress": line.integer("stress", low=1, high=5),
                    "exercise_min": line.number_("exercise_min", low=0, high=1440),
                    "exercise_intensity": line.text("exercise_intensity", max_len=12),
                    "note": line.note(),
                },
            )

        def experiment(line: _Line) -> None:
            cutoff = line.text("cutoff_time")
            try:
                cutoff_time = dt.time.fromisoformat(cutoff) if cutoff else None
            except ValueError:
                raise line.fail(f"cutoff_time '{shown(cutoff)}' is not a time") from None
            s.add(
                ExperimentRow(
                    name=line.text("name", True, 100),
                    kind=line.text("kind", True, 20),
                    nutrient=line.text("nutrient", max_len=20),
                    target_level=line.text("target_level", max_len=8),
                    cutoff_time=cutoff_time,
                    start_day=line.date("date", True),
                    days=line.integer("days", True, 1, 366),
                    stopped_on=line.date("stopped_on"),
                    notes=line.note(),
                )
            )

        handlers.update(
            profile=profile, food=food, food_nutrient=food_nutrient, recipe_item=recipe_item,
            user_portion=user_portion, entry=entry, twitch=twitch, factors=factors, experiment=experiment,
        )  # fmt: skip
        for line in lines[1:]:
            table = line.row.get("table") or ""
            handler = handlers.get(table)
            if handler is None:
                raise line.fail(f"unknown table '{shown(table)}'")
            with _contradictions(line):  # handlers flush too (a new food needs its id)
                handler(line)
            counts[table] = counts.get(table, 0) + 1
            if len(batch) >= BATCH_ROWS:
                with _contradictions(line):
                    flush_batch()
        with _contradictions(lines[-1]):
            flush_batch()
        s.merge(SettingRow(key="last_import", value=f"{dt.datetime.now().isoformat(timespec='seconds')} {path.name}"))
        uow.commit()
    ctx.diary_changed()
    return counts


@contextmanager
def _contradictions(line: _Line) -> Iterator[None]:
    """Turn a constraint the database enforces (a duplicate, a value out of range) into the user's message."""
    from sqlalchemy.exc import DataError, IntegrityError

    try:
        yield
    except (IntegrityError, DataError) as exc:
        raise InvalidInput(
            f"The file contradicts itself near line {line.number} (duplicate or out-of-range values: "
            f"{str(exc.orig).splitlines()[0]}); nothing was imported."
        ) from None
