"""Writing an import plan to the diary: a backup first, then one transaction; listing and undoing imports.

Nothing doubles: files already imported (the same SHA-256) are refused; a day the person logged in NutriGap (an
entry not imported, typed while they still used the other app) is kept as it is, the import adds no entry to it
and says so; and an entry the diary already holds
from an earlier import (same day, meal, food with the same values, amount) is not added again, so overlapping
exports (January–March, then February–April) import each day once; so is a blood test result the diary holds
(same day, test, value, unit). An import is undone as a whole: its entries, its blood test results, the foods
only it used, and the day notes and "complete" flags it set (when they still read as it left them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nutrigap.domain.diary import FoodKind, default_complete
from nutrigap.domain.errors import InvalidInput, NotFound, NutriGapError
from nutrigap.domain.wording import plural
from nutrigap.services.context import AppContext
from nutrigap.services.importers.plan import APP_LABELS, NOMINAL_GRAMS, ImportPlan, PlannedEntry, SkippedRow
from nutrigap.services.unit import write
from nutrigap.store.import_batches import CHUNK
from nutrigap.store.models import FoodRow, ImportBatchRow

if TYPE_CHECKING:
    from nutrigap.store.db import UnitOfWork

#: The longest day note an import writes (the diary export's limit).
MAX_DAY_NOTE = 10_000


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: int
    entries: int
    already_there: int
    foods_created: int
    foods_reused: int
    day_notes: int
    completed: int
    backup: Path | None
    #: blood test results written, and those the diary already held (same day, test, value and unit)
    lab_results: int = 0
    labs_already_there: int = 0
    #: days the person had logged in NutriGap: kept as they were, the import added no entry to them
    days_kept: tuple[dt.date, ...] = ()

    def summary(self) -> str:
        text = (
            f"{plural(self.entries, 'entry', 'entries')} "
            f"({plural(self.foods_created, 'new food')}, {plural(self.foods_reused, 'food')} reused), "
            f"{plural(self.day_notes, 'day note')}"
        )
        if self.completed:  # the other app's "Completed" flag differed from NutriGap's default for the day
            text += f", {plural(self.completed, 'day')} marked complete or not"
        if self.lab_results or self.labs_already_there:
            text += f", {plural(self.lab_results, 'blood test result')}"
        if self.already_there:
            text += f"; {plural(self.already_there, 'entry', 'entries')} already in the diary were not added again"
        if self.days_kept:
            text += f"; {kept_days_text(self.days_kept)}"
        if self.labs_already_there:
            text += (
                f"; {plural(self.labs_already_there, 'blood test result')} already in the diary "
                f"{'was' if self.labs_already_there == 1 else 'were'} not added again"
            )
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "import_id": self.import_id, "entries": self.entries, "already_there": self.already_there,
            "foods_created": self.foods_created, "foods_reused": self.foods_reused, "day_notes": self.day_notes,
            "completed": self.completed, "backup": None if self.backup is None else str(self.backup),
            "lab_results": self.lab_results, "labs_already_there": self.labs_already_there,
            "days_kept": [d.isoformat() for d in self.days_kept],
        }  # fmt: skip


def kept_days_text(days: tuple[dt.date, ...] | list[dt.date]) -> str:
    """'2 days you had logged in NutriGap kept as they were (2026-11-03, 2026-11-04)' (at most 10 dates)."""
    listed = ", ".join(d.isoformat() for d in days[:10]) + (" …" if len(days) > 10 else "")
    it = "it was" if len(days) == 1 else "they were"
    return f"{plural(len(days), 'day')} you had logged in NutriGap kept as {it} ({listed})"


def kept_account(plan: ImportPlan, kept: list[dt.date]) -> str:
    """'1 day you had logged in NutriGap kept as it was (2026-11-03): the file's 2 entries of it are not added'."""
    days = set(kept)
    n = sum(1 for e in plan.entries if e.day in days)
    of, verb = "it" if len(kept) == 1 else "them", "is" if n == 1 else "are"
    return f"{kept_days_text(kept)}: the file's {plural(n, 'entry', 'entries')} of {of} {verb} not added"


def days_logged_in_nutrigap(ctx: AppContext, plan: ImportPlan) -> list[dt.date]:
    """The days of ``plan``'s entries that the diary already holds entries for, logged in NutriGap: an import
    keeps them as they are (for the dry run and the preview)."""
    days = sorted({e.day for e in plan.entries})
    if not days or (ctx.paths.uses_default_diary and not ctx.paths.diary_file.exists()):
        return []  # no diary yet: nothing logged, and a dry run creates none
    with ctx.uow() as uow:
        return sorted(uow.imports.logged_days(days[0], days[-1]) & set(days))


@dataclass(frozen=True, slots=True)
class ImportSummary:
    id: int
    app: str
    files: list[str]
    created_at: dt.datetime
    entries: int
    foods: int
    lab_results: int = 0

    @property
    def label(self) -> str:
        return f"{APP_LABELS.get(self.app, self.app)} ({', '.join(self.files)})"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "app": self.app, "files": self.files, "created_at": self.created_at.isoformat(),
            "entries": self.entries, "foods": self.foods, "lab_results": self.lab_results,
        }  # fmt: skip


def apply_plan(ctx: AppContext, plan: ImportPlan, *, backup_first: bool = True) -> ImportResult:
    """Write ``plan`` in one transaction (after a ``pre-import`` backup unless ``backup_first`` is False)."""
    if not plan.has_data:
        raise InvalidInput(f"{', '.join(plan.files)}: nothing to import (every row was skipped); nothing changed.")
    with ctx.uow() as uow:
        earlier = uow.imports.by_hash(plan.file_hash)
        if earlier is not None:
            raise InvalidInput(
                f"These files were already imported (import {earlier.id}, {earlier.created_at:%Y-%m-%d %H:%M}); "
                f"nothing was imported again. To import them anew, undo that import first "
                f"(nutrigap import undo {earlier.id})."
            )
    for day, note in plan.day_notes.items():
        if len(note) > MAX_DAY_NOTE:
            raise InvalidInput(f"The note of {day} is longer than {MAX_DAY_NOTE:,} characters; nothing was imported.")
    saved = _backup(ctx) if backup_first else None
    with write(ctx) as uow:
        batch = uow.imports.add(
            ImportBatchRow(app=plan.app, file_names="\n".join(plan.files), file_hash=plan.file_hash)
        )
        added, already, created, reused, kept = _write_entries(uow, plan, batch.id)
        changes = _write_day_changes(uow, plan, set(kept))
        batch.day_changes = json.dumps(changes) if changes else None
        labs_added, labs_already = _write_lab_results(uow, plan, batch.id)
        import_id = batch.id
    notes = sum(1 for c in changes if "note" in c)
    return ImportResult(
        import_id, added, already, created, reused, notes, len(changes) - notes, saved, labs_added, labs_already,
        kept,
    )  # fmt: skip


def _write_lab_results(uow: UnitOfWork, plan: ImportPlan, import_id: int) -> tuple[int, int]:
    """The plan's blood test results (checked when the plan was read); (added, already in the diary). A result
    the diary holds (same day, test, value and unit: from an earlier, overlapping export, or typed by hand) is
    not added again."""
    from nutrigap.store.labs_repository import LabRow

    if not plan.lab_results:
        return 0, 0
    days = [r.day for r in plan.lab_results]
    have = uow.labs.keys_between(min(days), max(days))
    rows: list[LabRow] = []
    for r in plan.lab_results:
        if have[r.key()] > 0:
            have[r.key()] -= 1
            continue
        rows.append(LabRow(0, r.day, r.analyte, r.value, r.unit, r.canonical_value, None, None, None, r.note))
    uow.labs.add_imported(rows, import_id)
    return len(rows), len(plan.lab_results) - len(rows)


def _write_entries(uow: UnitOfWork, plan: ImportPlan, import_id: int) -> tuple[int, int, int, int, tuple[dt.date, ...]]:
    """The plan's foods and entries; (entries added, entries already there, foods created, foods reused, days the
    person logged in NutriGap, kept as they were)."""
    days = plan.days
    own = uow.imports.logged_days(days[0], days[-1]) if days else set()
    kept = tuple(sorted(own & {e.day for e in plan.entries}))
    foods = uow.imports.imported_foods()
    have = uow.imports.imported_entry_keys(days[0], days[-1]) if days else Counter()
    positions = uow.imports.last_positions(days[0], days[-1]) if days else {}
    reused_ids: set[int] = set()
    new_foods: dict[tuple[str, tuple[tuple[int, float], ...]], FoodRow] = {}
    for entry in plan.entries:  # first the foods (their ids are needed), written together
        if entry.day in own:
            continue
        key = entry.food_key()
        if key in foods or key in new_foods:
            if key in foods:
                reused_ids.add(foods[key])
            continue
        new_foods[key] = FoodRow(
            kind=FoodKind.CUSTOM, name=entry.food_name, data_type=FoodKind.CUSTOM.value,
            source=_food_source(plan), import_id=import_id, **_nominal_serving(plan, entry),
        )  # fmt: skip
    per_100g = {key: e.per_100g() for e in plan.entries if (key := e.food_key()) in new_foods}
    uow.imports.add_foods([(row, per_100g[key]) for key, row in new_foods.items()])
    foods.update({key: row.id for key, row in new_foods.items()})
    rows: list[dict[str, object]] = []  # written a chunk at a time: ten years are never all rows at once
    added = already = 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for entry in plan.entries:
        if entry.day in own:
            continue  # a day logged in NutriGap: its entries would count twice
        food_id = foods[entry.food_key()]
        identity = (entry.day, entry.meal.value, food_id, float(entry.quantity), entry.unit)
        if have[identity] > 0:
            have[identity] -= 1
            already += 1
            continue
        slot = (entry.day, entry.meal.value)
        positions[slot] = positions.get(slot, -1) + 1
        rows.append({
            "day": entry.day, "meal": entry.meal.value, "position": positions[slot], "food_id": food_id,
            "quantity": entry.quantity, "unit": entry.unit, "amount_g": entry.amount_g, "note": entry.note,
            "import_id": import_id, "created_at": now, "updated_at": now,
        })  # fmt: skip
        if len(rows) == CHUNK:
            uow.imports.add_entries(rows)
            added, rows = added + len(rows), []
    uow.imports.add_entries(rows)
    return added + len(rows), already, len(new_foods), len(reused_ids), kept


def _nominal_serving(plan: ImportPlan, entry: PlannedEntry) -> dict[str, object]:
    """A food whose weight the app did not give holds one serving as the app recorded it (a nominal
    ``NOMINAL_GRAMS``): logged again, it is logged in that serving only (``food_search.portion_options``)."""
    if entry.grams is not None:
        return {}
    amount = f"{entry.quantity:g} {entry.unit}".strip()
    label = f"serving ({amount} in {APP_LABELS[plan.app]})"[:100]
    return {"serving_label": label, "serving_grams": NOMINAL_GRAMS, "nominal_weight": True}


def _food_source(plan: ImportPlan) -> str:
    """'imported from MyFitnessPal; calcium from MyFitnessPal's % Daily Value × 1,300 mg' (the report's data
    sources read the conversion back from here)."""
    source = f"imported from {APP_LABELS[plan.app]}"
    return (source if plan.conversion is None else f"{source}; {plan.conversion}")[:200]


def _write_day_changes(uow: UnitOfWork, plan: ImportPlan, kept: set[dt.date]) -> list[dict[str, object]]:
    """The plan's day notes and complete flags (not on ``kept`` days: the person's NutriGap day wins); each change
    with what it replaced (for undo)."""
    days = plan.days
    changes: list[dict[str, object]] = []
    for day, note in sorted(plan.day_notes.items()):
        before = uow.imports.day_note(day)
        if before is not None and note in before:
            continue  # the same note came across before
        after = note if not before else f"{before}\n{note}"
        uow.imports.set_day_note(day, after)
        changes.append({"day": day.isoformat(), "note": after, "note_before": before})
    flags = uow.entries.day_flags(days[0], days[-1]) if days else {}
    today = dt.date.today()
    for day, complete in sorted(plan.completed.items()):
        if day in kept or flags.get(day, default_complete(day, today)) == complete or (complete and day > today):
            continue  # already so (a past day counts as complete), or a day that has not begun
        uow.entries.set_day_flag(day, complete)
        changes.append({"day": day.isoformat(), "complete": complete, "complete_before": flags.get(day)})
    return changes


def _backup(ctx: AppContext) -> Path | None:
    """A ``pre-import`` backup (none when there is no diary file yet); refuses the import if it fails."""
    from nutrigap.services.backup import create_backup

    try:
        return create_backup(ctx, kind="pre-import").path
    except NotFound:
        return None
    except NutriGapError as exc:
        raise InvalidInput(
            f"The diary could not be backed up before the import ({exc}); nothing was imported."
        ) from None


def list_imports(ctx: AppContext) -> list[ImportSummary]:
    with ctx.uow() as uow:
        labs = uow.labs.count_by_import()
        return [
            ImportSummary(r.id, r.app, r.file_names.split("\n"), r.created_at, r.entries, r.foods, labs.get(r.id, 0))
            for r in uow.imports.all()
        ]


@dataclass(frozen=True, slots=True)
class UndoResult:
    import_id: int
    entries: int
    foods: int
    days_restored: int
    lab_results: int = 0

    def summary(self) -> str:
        labs = f", {plural(self.lab_results, 'blood test result')}" if self.lab_results else ""
        return (
            f"import {self.import_id} undone: {plural(self.entries, 'entry', 'entries')}{labs} and "
            f"{plural(self.foods, 'food')} removed, {plural(self.days_restored, 'day')} set back"
        )


def undo_import(ctx: AppContext, import_id: int) -> UndoResult:
    """Remove an import as a whole (one transaction)."""
    with write(ctx) as uow:
        batch = uow.imports.get(import_id)
        if batch is None:
            raise NotFound(f"There is no import {import_id}; list them with: nutrigap import list")
        restored = 0
        for change in reversed(json.loads(batch.day_changes or "[]")):
            day = dt.date.fromisoformat(str(change["day"]))
            if "note" in change and uow.imports.day_note(day) == change["note"]:
                uow.imports.set_day_note(day, change["note_before"])
                restored += 1
            elif "complete" in change and uow.entries.day_flags(day, day).get(day) == change["complete"]:
                before = change["complete_before"]
                if before is None:
                    uow.imports.clear_day_flag(day)
                else:
                    uow.entries.set_day_flag(day, bool(before))
                restored += 1
        lab_results = uow.labs.delete_import(import_id)  # before its import_batch row goes
        entries, foods = uow.imports.delete_batch(import_id)
    return UndoResult(import_id, entries, foods, restored, lab_results)


def skipped_lines(skipped: list[SkippedRow], limit: int | None = None) -> list[str]:
    shown_rows = skipped if limit is None else skipped[:limit]
    lines = [str(s) for s in shown_rows]
    if limit is not None and len(skipped) > limit:
        lines.append(f"… and {plural(len(skipped) - limit, 'more skipped row')}")
    return lines
