"""Blood test units, conversions, ranges and limits (issue #17), against the factors the data file cites."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from nutrigap.domain import labs
from nutrigap.domain.errors import InvalidInput
from nutrigap.paths import food_db_file

# (analyte, unit, value in that unit, the same in the canonical unit): the factors of issue #17 and
# nutrition-reference §7 — Mg 1 mmol/L = 2.43 mg/dL = 2 mEq/L; Ca 1 mg/dL = 0.2495 mmol/L; K mmol/L = mEq/L;
# 25(OH)D 1 ng/mL = 2.496 nmol/L; B12 1 pg/mL = 0.738 pmol/L.
CASES = [
    ("magnesium", "mg/dL", 2.43, 1.0),
    ("magnesium", "mEq/L", 2.0, 1.0),
    ("magnesium", "mmol/L", 0.8, 0.8),
    ("calcium", "mg/dL", 1.0, 0.2495),
    ("calcium", "mg/dL", 10.0, 2.495),
    ("calcium", "mEq/L", 5.0, 2.5),
    ("ionized_calcium", "mg/dL", 4.8, 1.1976),
    ("potassium", "mEq/L", 4.1, 4.1),
    ("vitamin_d_25oh", "ng/mL", 1.0, 2.496),
    ("vitamin_d_25oh", "ng/mL", 20.0, 49.92),
    ("vitamin_b12", "pg/mL", 1.0, 0.738),
    ("vitamin_b12", "pg/mL", 250.0, 184.5),
    ("vitamin_b12", "ng/L", 1000.0, 738.0),
]


@pytest.mark.parametrize(("analyte", "unit", "value", "canonical"), CASES)
def test_every_conversion_both_ways(analyte: str, unit: str, value: float, canonical: float) -> None:
    assert labs.to_canonical(analyte, value, unit) == canonical
    assert labs.from_canonical(analyte, canonical, unit) == value


def test_every_unit_row_cites_its_source() -> None:
    with food_db_file("lab_analytes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["analyte"] for r in rows} == {
        "magnesium", "calcium", "ionized_calcium", "potassium", "vitamin_d_25oh", "vitamin_b12"
    }  # fmt: skip
    for row in rows:
        assert row["source"], row
        if row["unit"] != row["canonical_unit"]:
            assert "§7" in row["source"] or "issue #17" in row["source"], row
    with food_db_file("lab_reference_ranges.csv").open(encoding="utf-8", newline="") as fh:
        assert all(r["source"] and r["source_short"] for r in csv.DictReader(fh))


def test_units_are_matched_as_labs_print_them_and_wrong_ones_refused() -> None:
    assert labs.check_unit("magnesium", " MG/DL ") == "mg/dL"
    assert labs.check_unit("vitamin_b12", "pg/ml") == "pg/mL"
    with pytest.raises(InvalidInput, match="mmol/L or mEq/L"):
        labs.check_unit("potassium", "mg/dL")
    assert labs.check_unit("other:ferritin", "µg/L") == "µg/L"


def test_analytes_and_other_names() -> None:
    assert labs.check_analyte("Vitamin_D_25OH") == "vitamin_d_25oh"
    assert labs.check_analyte("other:TSH") == "other:TSH"
    assert labs.analyte_name("other:TSH") == "TSH"
    with pytest.raises(InvalidInput, match="not a blood test NutriGap knows"):
        labs.check_analyte("zinc")
    with pytest.raises(InvalidInput, match="other:"):
        labs.check_analyte("other:")


@pytest.mark.parametrize(
    ("analyte", "value", "unit", "reason"),
    [
        ("magnesium", -0.1, "mmol/L", "negative"),
        ("magnesium", 85.0, "mmol/L", "not a plausible"),  # 85 is mg/dL-sized, typed as mmol/L
        ("vitamin_d_25oh", 2000.0, "ng/mL", "not a plausible"),
        ("potassium", float("nan"), "mmol/L", "finite"),
        ("other:ferritin", -1.0, "µg/L", "negative"),
    ],
)
def test_implausible_values_are_refused_with_the_reason(analyte: str, value: float, unit: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        labs.check_value(analyte, value, unit)


def test_the_labs_own_range_wins_and_the_words_say_whose_range() -> None:
    # 0.72 mmol/L is below the ODS default (0.75) but within a lab's 0.70-1.00
    assert labs.assess("magnesium", 0.72, "mmol/L") == ("NIH ODS", "below", "below the default range (NIH ODS)")
    assert labs.assess("magnesium", 0.72, "mmol/L", 0.7, 1.0) == ("lab", "within", "within the lab's range")
    # a lab range in another unit than the result: compared in the canonical unit (1.7 mg/dL = 0.6996 mmol/L)
    assert labs.assess("magnesium", 0.69, "mmol/L", 1.7, 2.6, "mg/dL")[1] == "below"
    assert labs.assess("potassium", 5.4, "mmol/L", None, 5.1)[2] == "above the lab's range"
    assert labs.assess("other:ferritin", 35.0, "µg/L") == (None, None, "")
    assert labs.assess("ionized_calcium", 1.2, "mmol/L") == (None, None, "")  # no citable default: the lab's


@pytest.mark.parametrize(
    ("ng_ml", "flag", "band"),
    [
        (10.0, "below", "under 30 nmol/L: at risk of deficiency"),
        (16.0, "below", "30–50 nmol/L: potentially inadequate for some people"),
        (30.0, "within", "50–125 nmol/L: adequate for nearly all people"),
        (60.0, "above", "over 125 nmol/L: linked to potential adverse effects"),
    ],
)
def test_vitamin_d_is_placed_in_the_iom_2011_bands(ng_ml: float, flag: str, band: str) -> None:
    source, found, words = labs.assess("vitamin_d_25oh", ng_ml, "ng/mL")
    assert (source, found) == ("IOM 2011", flag)
    label = band.split(": ")[1]
    assert words == f"{flag} the default range (IOM 2011: {label})"
    chosen = labs.band_of("vitamin_d_25oh", labs.to_canonical("vitamin_d_25oh", ng_ml, "ng/mL"))
    assert chosen is not None and labs.band_text(chosen) == f"{band} (IOM 2011)"


@pytest.mark.parametrize(
    ("nmol_l", "label"),
    [(29.99, "at risk"), (30.0, "potentially"), (50.0, "adequate"), (125.0, "adequate"), (125.01, "adverse")],
)
def test_iom_2011_band_edges(nmol_l: float, label: str) -> None:
    """< 30, 30–50, >= 50 adequate, > 125 a concern (IOM 2011): 125 itself is still adequate."""
    band = labs.band_of("vitamin_d_25oh", nmol_l)
    assert band is not None and label in band.label


def test_ranges_are_parsed_and_impossible_ones_refused() -> None:
    assert labs.parse_range("0,7–1,0") == (0.7, 1.0)
    assert labs.parse_range(">50") == (50.0, None)
    assert labs.parse_range("<5.1") == (None, 5.1)
    with pytest.raises(InvalidInput, match="not a range"):
        labs.parse_range("low")
    with pytest.raises(InvalidInput, match="not below"):
        labs.check_range("magnesium", 1.0, 0.7, "mmol/L")


def test_a_result_carries_its_canonical_value_and_format() -> None:
    r = labs.make_result(1, dt.date(2026, 1, 5), "vitamin_b12", 250.0, "pg/mL", None, None, None, None)
    assert (r.canonical_value, r.canonical_unit, r.flag) == (184.5, "pmol/L", "within")
    assert labs.format_range(r) == "≥ 243.9 pg/mL (NIH ODS)"


def test_a_result_just_below_a_converted_cut_off_does_not_read_as_inside_the_shown_range() -> None:
    # 20 ng/mL is 49.92 nmol/L, just under IOM's 50 nmol/L: the range shown in ng/mL must say 20.03, not 20
    r = labs.make_result(1, dt.date(2026, 1, 5), "vitamin_d_25oh", 20.0, "ng/mL", None, None, None, None)
    assert r.flag == "below"
    assert labs.format_range(r) == "20.03–50.08 ng/mL (IOM 2011)"
    typed = labs.make_result(2, dt.date(2026, 1, 5), "vitamin_b12", 412.0, "pg/mL", 197.0, 771.5, "pg/mL", None)
    assert labs.format_range(typed) == "197–771.5 pg/mL (lab)"
