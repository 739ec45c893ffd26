"""Mass units every food accepts, and parsing of amounts the user types."""

from __future__ import annotations

import math

from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.limits import ENTRY_GRAMS, QUANTITY

#: grams per unit; 1 oz = 28.349523125 g and 1 lb = 453.59237 g exactly (international avoirdupois, 1959).
MASS_UNITS: dict[str, float] = {
    "g": 1.0,
    "kg": 1000.0,
    "mg": 0.001,
    "oz": 28.349523125,
    "lb": 453.59237,
}

#: A single diary entry above this is refused as absurd (issue #2: "a single entry over 5 kg").
MAX_ENTRY_GRAMS = ENTRY_GRAMS.high


def parse_amount(text: str | float) -> float:
    """Parse a positive, finite amount typed by the user ("1.5", "1,5", "1/2")."""
    if isinstance(text, int | float):
        value = float(text)
    else:
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


def check_entry_grams(grams: float) -> float:
    """Refuse an entry (or portion, serving) that is not positive, weighs less than a nanogram or more than 5 kg."""
    if math.isnan(grams) or math.isinf(grams) or grams <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if grams < ENTRY_GRAMS.low:
        raise InvalidInput(f"{grams:g} g is less than the {ENTRY_GRAMS.low:g} g an amount may weigh; check the unit.")
    if grams > MAX_ENTRY_GRAMS:
        raise InvalidInput(f"{grams:,.0f} g is more than the 5 kg allowed in one entry; split it or check the unit.")
    return grams
