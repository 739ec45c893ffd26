"""Mass units every food accepts, and parsing of amounts the user types."""

from __future__ import annotations

import math
import re

from nutrigap.domain.errors import InvalidInput, shown

#: grams per unit; 1 oz = 28.349523125 g and 1 lb = 453.59237 g exactly (international avoirdupois, 1959).
MASS_UNITS: dict[str, float] = {
    "g": 1.0,
    "kg": 1000.0,
    "mg": 0.001,
    "oz": 28.349523125,
    "lb": 453.59237,
}

#: A single diary entry above this is refused as absurd (issue #2: "a single entry over 5 kg").
MAX_ENTRY_GRAMS = 5000.0


#: "1,000", "1.000", "12,500", "1,000.5", "1.000,5": a comma or point before three digits, or two separators,
#: can group thousands or mark decimals depending on the writer's country. Without a locale (the command line,
#: files) such an amount is refused rather than guessed; the window reads it in its locale first (QLocale).
AMBIGUOUS_AMOUNT = re.compile(r"^[1-9]\d{0,2}(?:[.,]\d{3})+$|^\d+[.,]\d+[.,]\d+")


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
    return value


#: Units a nutrient amount may carry on the command line, with the factor to the nutrient's own unit. Vitamin D:
#: 1 µg = 40 IU (NIH ODS vitamin D fact sheet); energy: 1 kcal = 4.184 kJ (thermochemical calorie).
NUTRIENT_UNIT_FACTORS: dict[str, dict[str, float]] = {
    "mg": {"mg": 1.0, "g": 1000.0},
    "µg": {"µg": 1.0, "ug": 1.0, "mcg": 1.0, "mg": 1000.0},
    "µg vitamin D": {"µg": 1.0, "ug": 1.0, "mcg": 1.0, "iu": 1.0 / 40.0},
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
    """Refuse an entry that is not positive or weighs more than 5 kg."""
    if math.isnan(grams) or math.isinf(grams) or grams <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if grams > MAX_ENTRY_GRAMS:
        raise InvalidInput(f"{grams:,.0f} g is more than the 5 kg allowed in one entry; split it or check the unit.")
    return grams
