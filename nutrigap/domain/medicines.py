"""Medicines taken regularly: their classes, what the NIH ODS fact sheets say they do to the five nutrients, and
the plain sentence NutriGap shows (issue #17).

The classes and their ATC codes (WHOCC ATC/DDD Index) are in ``food_db/medicine_classes.csv``, the interactions
with the ODS fact sheet each comes from in ``food_db/drug_nutrient_interactions.csv``. NutriGap never tells anyone
to stop or change a medicine: every sentence ends by sending the question to the doctor.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import Nutrient
from nutrigap.paths import food_db_file

#: Longest medicine name, dose text and note the diary keeps.
MAX_NAME = 100
MAX_DOSE = 100
MAX_NOTE = 2000
#: The class of a medicine that matches no listed class.
OTHER = "other"
#: The short source mark every interaction sentence carries (the fact sheet's URL goes beside it where there is room).
SOURCE_MARK = "[NIH ODS]"
ASK_DOCTOR = "Ask your doctor whether a blood test is due."


class Direction(StrEnum):
    """What a medicine class does to a nutrient, as the fact sheet says it."""

    LOWERS = "lowers"  # can lower the body's level (or absorption) of the nutrient
    RAISES = "raises"  # can raise the blood level of the nutrient
    SUPPLEMENT_CAUTION = "supplement_caution"  # with supplements of the nutrient, blood calcium can rise too far
    ABSORPTION = "absorption"  # the nutrient taken at the same time reduces the medicine's absorption


@dataclass(frozen=True, slots=True)
class MedicineClass:
    """A class of medicines (``ppi`` ...) with its ATC codes and the names it is recognised by."""

    id: str
    name: str
    plural: str
    atc_codes: tuple[str, ...]
    examples: tuple[str, ...]
    atc_source: str

    @property
    def article_name(self) -> str:
        """'a proton-pump inhibitor', 'an ACE inhibitor', 'metformin' (a single medicine takes no article)."""
        if self.examples == (self.name,):
            return self.name
        return ("an " if self.name[0].lower() in "aeiou" else "a ") + self.name


@dataclass(frozen=True, slots=True)
class Interaction:
    """One row of ``drug_nutrient_interactions.csv``: a class, a nutrient, and what the ODS sheet says."""

    class_id: str
    nutrient: Nutrient
    direction: Direction
    plain: str  # one plain sentence for the user
    ods_url: str
    ods_wording: str
    wording_source: str


@dataclass(frozen=True, slots=True)
class Medicine:
    """A medicine or supplement the user takes regularly (plain data; ``stop`` None = still taken)."""

    name: str
    class_id: str
    dose: str | None = None
    start: dt.date | None = None
    stop: dt.date | None = None
    note: str | None = None
    id: int | None = None

    def taken_on(self, day: dt.date) -> bool:
        """Whether the medicine was taken on ``day`` (an unknown start counts as 'always')."""
        return (self.start is None or self.start <= day) and (self.stop is None or day <= self.stop)


@cache
def medicine_classes() -> dict[str, MedicineClass]:
    """Every class of ``food_db/medicine_classes.csv`` by id, in the file's order."""
    with food_db_file("medicine_classes.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["class_id"]: MedicineClass(
                id=row["class_id"],
                name=row["name"],
                plural=row["plural"],
                atc_codes=tuple(c for c in row["atc_codes"].split(";") if c),
                examples=tuple(e for e in row["examples"].split(";") if e),
                atc_source=row["atc_source"],
            )
            for row in csv.DictReader(fh)
        }


@cache
def interactions() -> tuple[Interaction, ...]:
    """Every row of ``food_db/drug_nutrient_interactions.csv``."""
    with food_db_file("drug_nutrient_interactions.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            Interaction(
                class_id=row["class_id"],
                nutrient=Nutrient(row["nutrient"]),
                direction=Direction(row["direction"]),
                plain=row["plain"],
                ods_url=row["ods_url"],
                ods_wording=row["ods_wording"],
                wording_source=row["wording_source"],
            )
            for row in csv.DictReader(fh)
        )


def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def parse_class(text: str) -> str:
    """A class id from what the user typed: the id ('ppi'), the name ('proton-pump inhibitor'), the plural or an
    ATC code ('A02BC'). InvalidInput names the classes otherwise."""
    key = _key(text)
    starts = []
    for cls in medicine_classes().values():
        names = {_key(cls.id), _key(cls.name), _key(cls.plural), *(_key(c) for c in cls.atc_codes)}
        if key in names:
            return cls.id
        if key and any(name.startswith(key) for name in names):
            starts.append(cls.id)
    if len(starts) == 1:  # 'loop' for loop_diuretic; an ambiguous start ('a') names the classes instead
        return starts[0]
    raise InvalidInput(f"Unknown medicine class '{shown(text)}'; use one of: {', '.join(medicine_classes())}.")


def class_for_name(name: str) -> str:
    """The class a medicine's name belongs to ('Omeprazole 20 mg' → 'ppi'), or ``OTHER`` when no example
    name of any class is a word of it."""
    words = set(_key(name).replace("/", " ").replace("+", " ").split())
    for cls in medicine_classes().values():
        if any(example in words for example in cls.examples):
            return cls.id
    return OTHER


def check_medicine(medicine: Medicine) -> Medicine:
    """The medicine with its text trimmed, or InvalidInput with the one reason it is refused."""
    name = " ".join(medicine.name.split())
    if not name:
        raise InvalidInput("A medicine needs a name.")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"A medicine's name may have at most {MAX_NAME} characters.")
    class_id = medicine.class_id if medicine.class_id in medicine_classes() else parse_class(medicine.class_id)
    dose = (medicine.dose or "").strip() or None
    if dose is not None and len(dose) > MAX_DOSE:
        raise InvalidInput(f"The dose may have at most {MAX_DOSE} characters.")
    note = (medicine.note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput(f"A note may have at most {MAX_NOTE} characters.")
    if medicine.start is not None and medicine.stop is not None and medicine.stop < medicine.start:
        raise InvalidInput(f"The medicine stopped on {medicine.stop} before it started on {medicine.start}.")
    return Medicine(name, class_id, dose, medicine.start, medicine.stop, note, medicine.id)


def interactions_of(class_id: str, nutrient: Nutrient | None = None) -> list[Interaction]:
    """The interactions of a class (of one nutrient only, if given), in the data file's order."""
    return [i for i in interactions() if i.class_id == class_id and (nutrient is None or i.nutrient == nutrient)]


def interaction_sentence(medicine: Medicine, nutrient: Nutrient | None = None) -> str | None:
    """'You take omeprazole (a proton-pump inhibitor). Taken for a long time …, it can lower magnesium. …
    [NIH ODS] Ask your doctor whether a blood test is due.' None when the class has no interaction (with
    ``nutrient``). Never says to stop or change the medicine."""
    found = interactions_of(medicine.class_id, nutrient)
    if not found:
        return None
    cls = medicine_classes()[medicine.class_id]
    taken = "You take" if medicine.stop is None else "You took"
    head = f"{taken} {medicine.name}"
    if _key(medicine.name) != _key(cls.name):
        head += f" ({cls.article_name})"
    said = " ".join(dict.fromkeys(i.plain for i in found))
    return f"{head}. {said} {SOURCE_MARK} {ASK_DOCTOR}"


def medicines_affecting(medicines: list[Medicine], nutrient: Nutrient, day: dt.date | None = None) -> list[Medicine]:
    """The medicines (taken on ``day``, if given) whose class the fact sheets link to ``nutrient``."""
    return [
        m for m in medicines if interactions_of(m.class_id, nutrient) and (day is None or m.taken_on(day))
    ]  # fmt: skip
