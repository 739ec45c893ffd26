"""Medicine classes, the drug–nutrient interaction table and the plain sentences (issue #17)."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.medicines import (
    OTHER,
    Direction,
    Medicine,
    check_medicine,
    class_for_name,
    interaction_sentence,
    interactions,
    interactions_of,
    medicine_classes,
    medicines_affecting,
    parse_class,
)
from nutrigap.domain.nutrients import Nutrient
from nutrigap.paths import food_db_file


def test_every_class_the_brief_names_is_there_with_its_atc_codes() -> None:
    classes = medicine_classes()
    expected = {
        "ppi": ("A02BC",), "h2_blocker": ("A02BA",), "loop_diuretic": ("C03C",), "thiazide": ("C03A", "C03B"),
        "potassium_sparing": ("C03D",), "ace_inhibitor": ("C09A", "C09B"), "arb": ("C09C", "C09D"),
        "metformin": ("A10BA02",), "corticosteroid": ("H02",), "tetracycline": ("J01A",),
        "fluoroquinolone": ("J01MA",), "laxative": ("A06",), OTHER: (),
    }  # fmt: skip
    for class_id, codes in expected.items():
        assert classes[class_id].atc_codes == codes
    for cls in classes.values():
        assert cls.atc_source and (cls.id == OTHER or "WHOCC" in cls.atc_source)
        assert all(re.fullmatch(r"[A-Z]\d\d([A-Z]([A-Z](\d\d)?)?)?", code) for code in cls.atc_codes)


def test_an_example_name_belongs_to_one_class_only() -> None:
    seen: dict[str, str] = {}
    for cls in medicine_classes().values():
        for name in cls.examples:
            assert name == name.lower() and name not in seen, (name, cls.id, seen.get(name))
            seen[name] = cls.id


def test_every_interaction_row_cites_an_ods_health_professional_sheet_and_its_wording() -> None:
    with food_db_file("drug_nutrient_interactions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(interactions()) >= 15
    sheets = {
        "magnesium": "Magnesium", "calcium": "Calcium", "potassium": "Potassium", "vitamin_d": "VitaminD",
        "vitamin_b12": "VitaminB12",
    }  # fmt: skip
    for row in interactions():
        assert row.class_id in medicine_classes() and row.class_id != OTHER
        assert row.ods_url == f"https://ods.od.nih.gov/factsheets/{sheets[row.nutrient.value]}-HealthProfessional/"
        assert row.ods_wording and row.wording_source and row.plain.endswith(".")
        # never advice to stop or change the medicine
        assert not re.search(r"\b(stop|quit|reduce the dose|switch)\b", row.plain, re.IGNORECASE)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Omeprazole", "ppi"),
        ("omeprazole 20 mg", "ppi"),
        ("Pantoprazole", "ppi"),
        ("Furosemide", "loop_diuretic"),
        ("hydrochlorothiazide 25mg", "thiazide"),
        ("Metformin 500 mg twice a day", "metformin"),
        ("Prednisolone", "corticosteroid"),
        ("Fish oil", OTHER),
        ("Vitamin D3 drops", OTHER),
    ],
)
def test_a_typed_name_matches_its_class(typed: str, expected: str) -> None:
    assert class_for_name(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ppi", "ppi"), ("Proton-pump inhibitor", "ppi"), ("A02BC", "ppi"), ("a02ba", "h2_blocker"),
     ("loop", "loop_diuretic"), ("ARB", "arb"), ("C09D", "arb"), ("other", OTHER)],
)  # fmt: skip
def test_a_class_is_found_by_id_name_start_or_atc_code(typed: str, expected: str) -> None:
    assert parse_class(typed) == expected


@pytest.mark.parametrize("typed", ["", "a", "statin", "C10"])
def test_an_unknown_or_ambiguous_class_is_refused_with_the_list(typed: str) -> None:
    with pytest.raises(InvalidInput, match="use one of: ppi, h2_blocker"):
        parse_class(typed)


def test_the_sentence_names_the_medicine_its_class_the_source_and_the_doctor() -> None:
    omeprazole = Medicine("omeprazole", "ppi", start=dt.date(2026, 10, 1))
    assert interaction_sentence(omeprazole) == (
        "You take omeprazole (a proton-pump inhibitor). Taken for a long time (typically over a year), it can "
        "lower magnesium. It can reduce how much vitamin B12 you absorb from food. [NIH ODS] Ask your doctor "
        "whether a blood test is due."
    )
    assert interaction_sentence(omeprazole, Nutrient.POTASSIUM) is None
    only_b12 = interaction_sentence(omeprazole, Nutrient.VITAMIN_B12)
    assert only_b12 is not None and "magnesium" not in only_b12 and "B12" in only_b12
    stopped = Medicine("Ramipril", "ace_inhibitor", stop=dt.date(2026, 1, 1))
    assert interaction_sentence(stopped) == (
        "You took Ramipril (an ACE inhibitor). It can raise the potassium in your blood, so potassium supplements "
        "need a doctor's advice. [NIH ODS] Ask your doctor whether a blood test is due."
    )
    assert interaction_sentence(Medicine("metformin", "metformin"), Nutrient.VITAMIN_B12) == (
        "You take metformin. It can reduce vitamin B12 absorption and blood levels. [NIH ODS] Ask your doctor "
        "whether a blood test is due."
    )
    assert interaction_sentence(Medicine("Senna", "laxative")) is None  # no ODS row for laxatives


def test_the_table_says_what_the_reference_says() -> None:
    def said(class_id: str) -> set[tuple[str, Direction]]:
        return {(i.nutrient.value, i.direction) for i in interactions_of(class_id)}

    assert said("ppi") == {("magnesium", Direction.LOWERS), ("vitamin_b12", Direction.LOWERS)}
    assert said("metformin") == {("vitamin_b12", Direction.LOWERS)}
    assert {("magnesium", Direction.LOWERS), ("potassium", Direction.LOWERS)} <= said("loop_diuretic")
    assert {("magnesium", Direction.LOWERS), ("potassium", Direction.LOWERS)} <= said("thiazide")
    assert said("ace_inhibitor") == said("arb") == said("potassium_sparing") == {("potassium", Direction.RAISES)}
    assert {("calcium", Direction.LOWERS), ("vitamin_d", Direction.LOWERS)} == said("corticosteroid")


def test_medicines_affecting_a_nutrient_on_a_day() -> None:
    ppi = Medicine("Omeprazole", "ppi", start=dt.date(2026, 10, 1), stop=dt.date(2026, 11, 30))
    oil = Medicine("Fish oil", OTHER)
    assert medicines_affecting([ppi, oil], Nutrient.MAGNESIUM) == [ppi]
    assert medicines_affecting([ppi, oil], Nutrient.MAGNESIUM, dt.date(2026, 9, 30)) == []
    assert medicines_affecting([ppi, oil], Nutrient.MAGNESIUM, dt.date(2026, 11, 30)) == [ppi]
    assert medicines_affecting([ppi, oil], Nutrient.CALCIUM) == []


@pytest.mark.parametrize(
    ("medicine", "message"),
    [
        (Medicine("  ", "ppi"), "needs a name"),
        (Medicine("x" * 101, "ppi"), "at most 100"),
        (Medicine("Omeprazole", "statin"), "Unknown medicine class"),
        (Medicine("Omeprazole", "ppi", dose="d" * 101), "dose may have at most"),
        (Medicine("Omeprazole", "ppi", start=dt.date(2026, 2, 1), stop=dt.date(2026, 1, 1)), "before it started"),
    ],
)
def test_bad_medicines_are_refused_with_the_reason(medicine: Medicine, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_medicine(medicine)


def test_a_checked_medicine_is_trimmed() -> None:
    checked = check_medicine(Medicine("  Omeprazole   20 mg ", "ppi", dose=" 20 mg ", note="  "))
    assert (checked.name, checked.dose, checked.note) == ("Omeprazole 20 mg", "20 mg", None)


def test_a_class_given_by_name_or_atc_code_is_stored_as_its_id() -> None:
    assert check_medicine(Medicine("Omeprazole", "PPI")).class_id == "ppi"
    assert check_medicine(Medicine("Omeprazole", "A02BC")).class_id == "ppi"
