"""Mass units every food accepts, volume units of foods with a cup or fl oz measure, and parsing of amounts."""

from __future__ import annotations

import math
import re

from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.limits import ENTRY_GRAMS, QUANTITY
from nutrigap.domain.nutrients import IU_PER_UG_VITAMIN_D, Nutrient

#: grams per unit; 1 oz = 28.349523125 g and 1 lb = 453.59237 g exactly (international avoirdupois, 1959).
MASS_UNITS: dict[str, float] = {
    "g": 1.0,
    "kg": 1000.0,
    "mg": 0.001,
    "oz": 28.349523125,
    "lb": 453.59237,
}

#: millilitres per US customary unit, exact by definition: 1 US gallon = 231 cubic inches = 3,785.411784 mL;
#: 1 fl oz = 1/128 gallon, 1 cup = 8 fl oz (NIST Handbook 44, Appendix C; NIST SP 811 B.8).
ML_PER_US_FL_OZ = 29.5735295625
ML_PER_US_CUP = 8 * ML_PER_US_FL_OZ  # 236.5882365 mL
#: The volume units NutriGap offers for a food whose own cup or fl oz weight is known.
VOLUME_UNITS: dict[str, float] = {"ml": 1.0, "fl oz": ML_PER_US_FL_OZ}

_ML_UNITS = {"ml", "milliliter", "milliliters", "millilitre", "millilitres"}
_CUP_UNITS = {"cup", "cups", "c", "cup 8 fl oz", "cup nfs", "cup fluid", "cup liquid"}
_FL_OZ_UNITS = {"fl oz", "floz", "fluid ounce", "fluid ounces", "fl oz nfs", "fl oz no ice"}


def ml_per_measure(unit: str) -> float | None:
    """Millilitres in one ``unit`` of a measure if it is a plain volume ("ml", "cup", "cup (8 fl oz)", "fl oz"),
    else None: "cup, chopped" or "fl oz (with ice)" say how a solid or a mix was packed, not a liquid volume."""
    key = " ".join("".join(ch if ch.isalnum() else " " for ch in unit.casefold()).split())
    if key in _ML_UNITS:
        return 1.0
    if key in _CUP_UNITS:
        return ML_PER_US_CUP
    if key in _FL_OZ_UNITS:
        return ML_PER_US_FL_OZ
    return None


#: A single diary entry above this is refused as absurd (issue #2: "a single entry over 5 kg").
MAX_ENTRY_GRAMS = ENTRY_GRAMS.high


#: "1,000", "12,500", "1,000.5", "1.000,5": a comma before three digits, or two separators, can group thousands
#: or mark decimals depending on the writer's country. Without a locale (the command line, files) such an amount
#: is refused rather than guessed; a point alone is the decimal mark there, as in every script and in NutriGap's
#: own CSV ("1.125" is one and an eighth), and a comma before one, two or four digits a decimal comma ("1,5").
#: The window reads what is typed in its locale first (QLocale: "1.000" is a thousand in German).
AMBIGUOUS_AMOUNT = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$|^\d+[.,]\d+[.,]\d+")


def parse_decimal(text: str | float) -> float:
    """A number as typed outside a locale (the command line, a service): "1.5" or "1,5" (a decimal comma), "-2".
    "1,000" and "1.000" are refused with InvalidInput as ambiguous (thousands or decimals?); text that is no
    number raises ValueError, so the caller can say which value it was; NaN and infinity raise ValueError too."""
    if isinstance(text, int | float):
        value = float(text)
    else:
        raw = text.strip()
        if AMBIGUOUS_AMOUNT.match(raw):
            raise InvalidInput(
                f"'{shown(text)}' is ambiguous: a comma or point before three digits may separate thousands or "
                "decimals. Write 1000 or 1.5 (no thousands separator)."
            )
        value = float(raw.replace(",", "."))
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def parse_amount(text: str | float) -> float:
    """Parse a positive, finite amount typed by the user ("1.5", "1,5", "1/2"); refuse "1,000" (ambiguous)."""
    if isinstance(text, int | float):
        value = float(text)
    else:
        if AMBIGUOUS_AMOUNT.match(text.strip()):
            raise InvalidInput(
                f"'{shown(text)}' is ambiguous: a comma or point before three digits may separate thousands or "
                "decimals. Write 1000 or 1.5 (no thousands separator)."
            )
        raw = text.strip().replace(",", ".")
        if not raw:
            raise InvalidInput("The amount is empty; type a number such as 100 or 1.5.")
        try:
            if "/" in raw:
                num, den = raw.split("/", 1)
                value = float(num) / float(den)
            else:
                value = float(raw)
        except (ValueError, ZeroDivisionError):
            raise InvalidInput(f"'{shown(text)}' is not a number; type an amount such as 100 or 1.5.") from None
    if math.isnan(value) or math.isinf(value):
        raise InvalidInput("The amount must be a finite number.")
    if value <= 0:
        raise InvalidInput(f"The amount must be more than zero (got {value:g}).")
    if value < QUANTITY.low:
        raise InvalidInput(f"The amount {value:g} is too small (at least {QUANTITY.low:g}); check it.")
    if value > QUANTITY.high:
        raise InvalidInput(f"The amount {value:g} is too large (at most {QUANTITY.high:,.0f}); check it.")
    return value


#: Units a nutrient amount may carry on the command line, with the factor to the nutrient's own unit. Vitamin D:
#: 1 µg = 40 IU (:data:`IU_PER_UG_VITAMIN_D`); energy: 1 kcal = 4.184 kJ (thermochemical calorie).
NUTRIENT_UNIT_FACTORS: dict[str, dict[str, float]] = {
    "mg": {"mg": 1.0, "g": 1000.0},
    "µg": {"µg": 1.0, "ug": 1.0, "mcg": 1.0, "mg": 1000.0},
    "µg vitamin D": {"µg": 1.0, "ug": 1.0, "mcg": 1.0, "iu": 1.0 / IU_PER_UG_VITAMIN_D},
    "kcal": {"kcal": 1.0, "kj": 1.0 / 4.184},
}
_AMOUNT_WITH_UNIT = re.compile(r"^\s*(?P<number>[^a-zA-Zµ]*?)\s*(?P<unit>[a-zA-Zµ]+)?\s*$")


def parse_nutrient_amount(text: str, unit_kind: str) -> float:
    """An amount with an optional unit ("400iu", "10 ug", "10µg", "200mg"), in the nutrient's own unit.

    ``unit_kind`` is a key of :data:`NUTRIENT_UNIT_FACTORS`; without a unit the nutrient's own unit is meant
    (µg for vitamin D). 0 is allowed (a label that lists none)."""
    factors = NUTRIENT_UNIT_FACTORS[unit_kind]
    match = _AMOUNT_WITH_UNIT.match(text)
    number, unit = (match.group("number"), match.group("unit")) if match else (text, None)
    factor = 1.0
    if unit is not None:
        key = unit.lower() if unit.lower() != "µg" else "µg"
        if key not in factors:
            accepted = ", ".join(factors)
            raise InvalidInput(f"'{shown(text)}': unknown unit '{shown(unit)}'; use one of {accepted}.")
        factor = factors[key]
    if number.strip() in ("0", "0.0"):
        return 0.0
    return parse_amount(number) * factor


def check_entry_grams(grams: float) -> float:
    """Refuse an entry (or portion, serving) that is not positive, weighs less than a nanogram or more than 5 kg."""
    if math.isnan(grams) or math.isinf(grams) or grams <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if grams < ENTRY_GRAMS.low:
        raise InvalidInput(f"{grams:g} g is less than the {ENTRY_GRAMS.low:g} g an amount may weigh; check the unit.")
    if grams > MAX_ENTRY_GRAMS:
        raise InvalidInput(f"{grams:,.0f} g is more than the 5 kg allowed in one entry; split it or check the unit.")
    return grams


# --- display units: the one place where vitamin D turns into IU and back ------------------------------------


def display_unit(nutrient: Nutrient, vitamin_d_unit: str) -> str:
    """The unit the user reads ``nutrient`` in: its own (mg or µg), or IU for vitamin D when they chose IU."""
    if nutrient is Nutrient.VITAMIN_D and vitamin_d_unit == "IU":
        return "IU"
    return nutrient.unit


def to_display(nutrient: Nutrient, amount: float, vitamin_d_unit: str) -> float:
    """An amount in the nutrient's stored unit (mg or µg) in the unit the user reads (µg or IU for vitamin D)."""
    if nutrient is Nutrient.VITAMIN_D and vitamin_d_unit == "IU":
        return amount * IU_PER_UG_VITAMIN_D
    return amount


def from_display(nutrient: Nutrient, amount: float, vitamin_d_unit: str) -> float:
    """The inverse of :func:`to_display`: an amount the user typed in their unit, in the stored unit."""
    if nutrient is Nutrient.VITAMIN_D and vitamin_d_unit == "IU":
        return amount / IU_PER_UG_VITAMIN_D
    return amount
