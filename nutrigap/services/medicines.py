"""Medicines and supplements taken regularly (table ``medicine``, issue #17): add, edit, stop, delete, list,
and the interaction sentences the nutrient pop-up, the guide, the insights and the doctor's report show.

Every check is the domain's (:func:`nutrigap.domain.medicines.check_medicine`); the CLI, the window, an import
and a restore accept the same medicines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nutrigap.domain.diary import parse_date
from nutrigap.domain.errors import InvalidInput, NotFound, shown
from nutrigap.domain.medicines import (
    OTHER,
    SOURCE_MARK,
    Medicine,
    check_medicine,
    class_for_name,
    interaction_sentence,
    interactions_of,
    medicine_classes,
    parse_class,
)
from nutrigap.domain.nutrients import Nutrient
from nutrigap.services.context import AppContext
from nutrigap.services.unit import write

if TYPE_CHECKING:
    # the models are imported where rows are made: ``nutrigap med list`` reads without them (issue #16)
    from nutrigap.store.db import UnitOfWork
    from nutrigap.store.models import MedicineRow


@dataclass(frozen=True, slots=True)
class MedicineNote:
    """What the fact sheets say about one medicine: the sentence and the sheets it comes from."""

    medicine: Medicine
    nutrients: tuple[Nutrient, ...]
    sentence: str
    sources: tuple[str, ...]  # ODS fact sheet URLs


def _plain(row: MedicineRow) -> Medicine:
    return Medicine(
        name=row.name,
        class_id=row.class_id,
        dose=row.dose,
        start=row.start_day,
        stop=row.stop_day,
        note=row.note,
        id=row.id,
    )


def to_json(medicine: Medicine) -> dict[str, object]:
    cls = medicine_classes()[medicine.class_id]
    return {
        "id": medicine.id,
        "name": medicine.name,
        "class": medicine.class_id,
        "class_name": cls.name,
        "atc": list(cls.atc_codes),
        "dose": medicine.dose,
        "start": None if medicine.start is None else medicine.start.isoformat(),
        "stop": None if medicine.stop is None else medicine.stop.isoformat(),
        "note": medicine.note,
        "interactions": [
            {"nutrient": i.nutrient.value, "direction": i.direction.value, "text": i.plain, "source": i.ods_url}
            for i in interactions_of(medicine.class_id)
        ],
    }


def _optional_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)


def medicine_from_input(
    name: str,
    class_text: str | None = None,
    *,
    dose: str | None = None,
    start: dt.date | str | None = None,
    stop: dt.date | str | None = None,
    note: str | None = None,
) -> Medicine:
    """A checked medicine from what the user typed; no class given: the class its name matches (or other)."""
    class_id = class_for_name(name) if class_text is None or not class_text.strip() else parse_class(class_text)
    return check_medicine(Medicine(name, class_id, dose, _optional_date(start), _optional_date(stop), note))


def list_medicines_in(uow: UnitOfWork) -> list[Medicine]:
    """Every medicine, those with a start date first by date (plain data)."""
    return [_plain(r) for r in uow.medicines.all()]


def list_medicines(ctx: AppContext) -> list[Medicine]:
    with ctx.uow() as uow:
        return list_medicines_in(uow)


def _unique(uow: UnitOfWork, name: str, medicine_id: int | None) -> None:
    other = uow.medicines.by_name(name)
    if other is not None and other.id != medicine_id:
        raise InvalidInput(f"'{shown(name)}' is already in your medicines; edit it instead.")


def add_medicine(ctx: AppContext, medicine: Medicine) -> Medicine:
    """Add a medicine (checked); a name already listed is refused. Returns it with its id."""
    from nutrigap.store.models import MedicineRow

    medicine = check_medicine(medicine)
    with write(ctx) as uow:
        _unique(uow, medicine.name, None)
        row = uow.medicines.add(
            MedicineRow(
                name=medicine.name,
                class_id=medicine.class_id,
                dose=medicine.dose,
                start_day=medicine.start,
                stop_day=medicine.stop,
                note=medicine.note,
            )
        )
        return _plain(row)


def _row(uow: UnitOfWork, medicine_id: int) -> MedicineRow:
    row = uow.medicines.get(medicine_id)
    if row is None:
        raise NotFound(f"No medicine with id {medicine_id}.")
    return row


def update_medicine(ctx: AppContext, medicine_id: int, medicine: Medicine) -> Medicine:
    """Replace a medicine's fields (checked). Returns the saved medicine."""
    medicine = check_medicine(medicine)
    with write(ctx) as uow:
        row = _row(uow, medicine_id)
        _unique(uow, medicine.name, medicine_id)
        row.name, row.class_id, row.dose = medicine.name, medicine.class_id, medicine.dose
        row.start_day, row.stop_day, row.note = medicine.start, medicine.stop, medicine.note
        uow.session.flush()
        return _plain(row)


def stop_medicine(ctx: AppContext, name: str, day: dt.date | str | None = None) -> Medicine:
    """Record that the medicine named ``name`` was stopped on ``day`` (today if not given)."""
    stop = dt.date.today() if day is None else parse_date(day)
    with write(ctx) as uow:
        row = uow.medicines.by_name(name)
        if row is None:
            raise NotFound(f"'{shown(name)}' is not in your medicines; see 'nutrigap med list'.")
        if row.start_day is not None and stop < row.start_day:
            raise InvalidInput(f"{row.name} started on {row.start_day}; it cannot stop on {stop} before that.")
        row.stop_day = stop
        uow.session.flush()
        return _plain(row)


def delete_medicine(ctx: AppContext, medicine_id: int) -> Medicine:
    """Delete a medicine; returns what it was (so the window can undo by adding it back)."""
    with write(ctx) as uow:
        row = _row(uow, medicine_id)
        gone = _plain(row)
        uow.medicines.delete(row)
    return gone


def restore_medicine(ctx: AppContext, medicine: Medicine) -> Medicine:
    """Add a deleted medicine back (undo of a delete)."""
    return add_medicine(ctx, medicine)


def medicine_notes(medicines: list[Medicine], nutrient: Nutrient | None = None) -> list[MedicineNote]:
    """The interaction sentence of each medicine the fact sheets link to a nutrient (to ``nutrient``, if given)."""
    notes = []
    for m in medicines:
        if m.class_id == OTHER:
            continue
        found = interactions_of(m.class_id, nutrient)
        sentence = interaction_sentence(m, nutrient)
        if sentence is None:
            continue
        notes.append(
            MedicineNote(
                medicine=m,
                nutrients=tuple(dict.fromkeys(i.nutrient for i in found)),
                sentence=sentence,
                sources=tuple(dict.fromkeys(i.ods_url for i in found)),
            )
        )
    return notes


def nutrient_medicine_text(ctx: AppContext, nutrient: Nutrient) -> str | None:
    """The sentences about ``nutrient`` for the medicines in the diary (None when none is linked to it)."""
    notes = medicine_notes(list_medicines(ctx), nutrient)
    if not notes:
        return None
    sources = dict.fromkeys(url for n in notes for url in n.sources)
    return " ".join(n.sentence for n in notes) + f" {SOURCE_MARK}: " + ", ".join(sources)


def nutrient_day_notes(ctx: AppContext, nutrient: Nutrient, day: dt.date) -> list[tuple[str, tuple[str, ...]]]:
    """What the nutrient's pop-up adds for ``day``: each medicine taken that day that the fact sheets link to
    the nutrient (its sentence and the sheets), and for vitamin D the day's sunlight with its caveat."""
    from nutrigap.domain.limits import SUN_EXPOSURE_LABELS
    from nutrigap.domain.symptoms import SUN_CAVEAT

    with ctx.uow() as uow:
        medicines = [m for m in list_medicines_in(uow) if m.taken_on(day)]
        factors = uow.factors.get(day) if nutrient is Nutrient.VITAMIN_D else None
        sun = None if factors is None else (factors.sun_min, factors.sun_exposure)
    notes = [(n.sentence, n.sources) for n in medicine_notes(medicines, nutrient)]
    if nutrient is Nutrient.VITAMIN_D:
        minutes, skin = sun if sun is not None else (None, None)
        if minutes is None:
            said = "Sunlight on this day: not recorded."
        else:
            bare = f", {SUN_EXPOSURE_LABELS[skin]} bare" if skin else ""
            said = f"Sunlight on this day: {minutes:g} min outdoors in daylight{bare}."
        notes.append((f"{said} {SUN_CAVEAT}", ()))
    return notes
