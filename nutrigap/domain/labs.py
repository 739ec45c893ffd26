"""Blood test results: the analytes, their units with exact conversion factors, reference ranges and the words
that compare a result with a range (issue #17).

The facts live in two shipped tables, each row with its source: ``food_db/lab_analytes.csv`` (for each analyte
the units labs print, as "``unit_amount`` unit = ``canonical_amount`` canonical unit", and the highest value that
is still a measurement) and ``food_db/lab_reference_ranges.csv`` (default ranges, and for 25(OH)D the IOM 2011
bands). Conversions are done in exact decimal fractions and rounded to a float once, so a value converted to the
canonical unit and back gives the number typed.

A result is compared with the lab's own range when the user typed it; otherwise with the default range; the
words say which ("below the lab's range", "above the default range (IOM 2011)") and never name a disease.
User analytes ``other:NAME`` (ferritin, TSH ...) keep their own unit; they have no conversion and no default range.

Plausibility limits (why a value is refused):

- a negative value, or one that is not a finite number: no measurement is negative;
- a value above ``highest_plausible`` [canonical unit] of its analyte: far beyond any level a living person has
  had (serum Mg 10 mmol/L, total Ca 10 mmol/L, ionised Ca 5 mmol/L, K 15 mmol/L, 25(OH)D 1500 nmol/L — reported
  intoxications stay below about 1,200 nmol/L —, B12 75,000 pmol/L, about 100,000 pg/mL): a typo or a wrong unit;
- a unit the analyte is not printed in (mg/dL for potassium): the number would be converted wrongly.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import TRACKED, Nutrient

OTHER_PREFIX = "other:"
#: An ``other:`` analyte's own name: letters, digits, spaces and a few signs, at most 40 characters.
OTHER_NAME = re.compile(r"^[\w][\w .()/+%-]{0,39}$")
MAX_UNIT = 20
MAX_NOTE = 500
#: The highest value an ``other:`` analyte may carry (its unit is the user's: only overflow is refused).
OTHER_HIGHEST = 1e9
#: Flag values (``LabResult.flag``)
BELOW, WITHIN, ABOVE = "below", "within", "above"


@dataclass(frozen=True, slots=True)
class Analyte:
    """A blood test NutriGap knows: its canonical unit, the units accepted with their exact factors."""

    id: str
    name: str
    nutrient: Nutrient | None
    canonical_unit: str
    #: unit -> canonical value per 1 unit (exact fraction)
    factors: dict[str, Fraction]
    #: the highest plausible value [canonical unit]
    highest: float

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(self.factors)


@dataclass(frozen=True, slots=True)
class Band:
    """A default range or one band of it (IOM 2011 25(OH)D): ``low``..``high`` [unit], either end open."""

    low: float | None
    high: float | None
    unit: str
    label: str
    source_short: str
    source: str


@dataclass(frozen=True, slots=True)
class LabResult:
    """One result as the user entered it, with its canonical value and the comparison with a range."""

    id: int
    day: dt.date
    analyte: str
    value: float
    unit: str
    canonical_value: float
    canonical_unit: str
    range_low: float | None
    range_high: float | None
    range_unit: str | None
    note: str | None
    #: 'lab' (the user typed it), 'default (IOM 2011)' ..., or None (no range to compare with)
    range_source: str | None
    #: 'below', 'within', 'above' or None
    flag: str | None
    #: the comparison in words ("below the lab's range"), '' when there is no range
    flag_words: str
    #: the import from another app that brought it (None: typed by the person); kept through delete and undo
    import_id: int | None = None

    @property
    def name(self) -> str:
        return analyte_name(self.analyte)

    @property
    def nutrient(self) -> Nutrient | None:
        known = analytes().get(self.analyte)
        return None if known is None else known.nutrient


def _exact(value: float) -> Fraction:
    """A float as the decimal it prints as (0.8, not 0.8000000000000000444): what the user typed."""
    return Fraction(Decimal(repr(float(value))))


def _fraction(text: str) -> Fraction:
    return Fraction(Decimal(text.strip()))


@cache
def analytes() -> dict[str, Analyte]:
    """The analytes of ``food_db/lab_analytes.csv`` by id, in the file's order."""
    from nutrigap.paths import food_db_file

    rows: dict[str, list[dict[str, str]]] = {}
    with food_db_file("lab_analytes.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["analyte"], []).append(row)
    found: dict[str, Analyte] = {}
    for analyte, unit_rows in rows.items():
        first = unit_rows[0]
        factors = {r["unit"]: _fraction(r["canonical_amount"]) / _fraction(r["unit_amount"]) for r in unit_rows}
        nutrient = Nutrient(first["nutrient"]) if first["nutrient"] else None
        found[analyte] = Analyte(
            analyte, first["name"], nutrient, first["canonical_unit"], factors, float(first["highest_plausible"])
        )
    return found


@cache
def _bands() -> dict[str, list[tuple[str, Band]]]:
    from nutrigap.paths import food_db_file

    found: dict[str, list[tuple[str, Band]]] = {}
    with food_db_file("lab_reference_ranges.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            band = Band(
                float(row["low"]) if row["low"] else None,
                float(row["high"]) if row["high"] else None,
                row["unit"],
                row["label"],
                row["source_short"],
                row["source"],
            )
            found.setdefault(row["analyte"], []).append((row["kind"], band))
    return found


def default_range(analyte: str) -> Band | None:
    """The default reference range of ``analyte`` (None: none that NutriGap can cite; use the lab's)."""
    return next((b for kind, b in _bands().get(analyte, []) if kind == "range"), None)


def bands(analyte: str) -> list[Band]:
    """The finer bands of a default range (IOM 2011 for 25(OH)D), lowest first; [] for most analytes."""
    return [b for kind, b in _bands().get(analyte, []) if kind == "band"]


def is_other(analyte: str) -> bool:
    return analyte.startswith(OTHER_PREFIX)


def analyte_name(analyte: str) -> str:
    """'25-hydroxyvitamin D', or the user's own name of an ``other:`` analyte."""
    if is_other(analyte):
        return analyte[len(OTHER_PREFIX) :]
    known = analytes().get(analyte)
    return analyte if known is None else known.name


def analytes_of(nutrient: Nutrient) -> list[str]:
    """The analyte ids that measure ``nutrient`` in the blood (calcium: total and ionised)."""
    return [a.id for a in analytes().values() if a.nutrient is nutrient]


def check_analyte(text: str) -> str:
    """An analyte id ('magnesium', 'other:ferritin'), else InvalidInput naming the choices."""
    raw = " ".join(str(text).split())
    if raw.lower() in analytes():
        return raw.lower()
    if raw.lower().startswith(OTHER_PREFIX):
        name = raw[len(OTHER_PREFIX) :].strip()
        if not OTHER_NAME.match(name):
            raise InvalidInput(
                f"'{shown(name)}' is not a usable test name after 'other:'; use letters, digits and spaces "
                "(at most 40 characters), for example other:ferritin."
            )
        return OTHER_PREFIX + name
    choices = ", ".join(analytes())
    raise InvalidInput(f"'{shown(raw)}' is not a blood test NutriGap knows; use one of {choices}, or other:NAME.")


def _unit_key(unit: str) -> str:
    return unit.strip().replace("μ", "µ").lower().replace(" ", "")


def check_unit(analyte: str, unit: str) -> str:
    """The unit as the analyte's table spells it ('mg/dl' -> 'mg/dL'), else InvalidInput with the valid ones.
    An ``other:`` analyte takes any short unit text."""
    raw = " ".join(str(unit).split())
    if is_other(analyte):
        if not raw or len(raw) > MAX_UNIT:
            raise InvalidInput(f"The unit must be 1 to {MAX_UNIT} characters (for example µg/L).")
        return raw
    known = analytes()[analyte]
    for spelled in known.units:
        if _unit_key(spelled) == _unit_key(raw):
            return spelled
    raise InvalidInput(
        f"'{shown(raw, 20)}' is not a unit {known.name.lower()} is reported in; use {' or '.join(known.units)}."
    )


def to_canonical(analyte: str, value: float, unit: str) -> float:
    """``value`` [unit] in the analyte's canonical unit, exactly (an ``other:`` analyte: unchanged)."""
    if is_other(analyte):
        return float(value)
    factor = analytes()[analyte].factors[check_unit(analyte, unit)]
    return float(_exact(value) * factor)


def from_canonical(analyte: str, value: float, unit: str) -> float:
    """``value`` [canonical unit] in ``unit``, exactly: the inverse of :func:`to_canonical`."""
    if is_other(analyte):
        return float(value)
    factor = analytes()[analyte].factors[check_unit(analyte, unit)]
    return float(_exact(value) / factor)


def canonical_unit(analyte: str, unit: str) -> str:
    """The unit results of ``analyte`` are stored and charted in (an ``other:`` analyte: its own unit)."""
    return unit if is_other(analyte) else analytes()[analyte].canonical_unit


def value_problem(analyte: str, value: float, unit: str, what: str = "The value") -> str | None:
    """Why ``value`` [unit] is refused for ``analyte`` (a sentence), or None when it is plausible."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"{what} must be a finite number."
    if value < 0:
        return f"{what} {value:g} {unit} is negative; a blood level cannot be below zero."
    if is_other(analyte):
        if value > OTHER_HIGHEST:
            return f"{what} {value:g} {unit} is too large (at most {OTHER_HIGHEST:g})."
        return None
    known = analytes()[analyte]
    canonical = to_canonical(analyte, value, unit)
    if canonical > known.highest:
        return (
            f"{what} {value:g} {unit} is not a plausible {known.name.lower()} (at most {known.highest:g} "
            f"{known.canonical_unit}); check the number and the unit."
        )
    return None


def check_value(analyte: str, value: float, unit: str, what: str = "The value") -> float:
    problem = value_problem(analyte, value, unit, what)
    if problem is not None:
        raise InvalidInput(problem)
    return float(value)


def parse_range(text: str) -> tuple[float, float | None] | tuple[None, float]:
    """'0.7-1.0', '0,7–1,0', '>50' (no upper end), '<5.1' (no lower end) -> (low, high)."""
    from nutrigap.domain.units import parse_decimal

    raw = str(text).strip().replace("–", "-").replace("—", "-").replace(" ", "")
    try:
        if raw.startswith((">", "≥")):
            return parse_decimal(raw.lstrip(">≥=")), None
        if raw.startswith(("<", "≤")):
            return None, parse_decimal(raw.lstrip("<≤="))
        low_text, high_text = raw.split("-", 1)
        return parse_decimal(low_text), parse_decimal(high_text)
    except ValueError:
        raise InvalidInput(
            f"'{shown(text, 30)}' is not a range; write LOW-HIGH (0.7-1.0), >LOW or <HIGH in the result's unit."
        ) from None


def check_range(analyte: str, low: float | None, high: float | None, unit: str) -> None:
    """InvalidInput when a lab range is impossible (negative, absurd, low above high, both ends open)."""
    if low is None and high is None:
        raise InvalidInput("The range needs a low or a high end (or leave it out).")
    for end, what in ((low, "The range's low end"), (high, "The range's high end")):
        if end is not None:
            check_value(analyte, end, unit, what)
    if low is not None and high is not None and low >= high:
        raise InvalidInput(f"The range's low end {low:g} is not below its high end {high:g}.")


def band_of(analyte: str, canonical: float) -> Band | None:
    """The default range's band a value [canonical unit] falls in (IOM 2011 for 25(OH)D: < 30, 30 to < 50,
    50 to 125, > 125 nmol/L), or None for an analyte without bands."""
    for band in reversed(bands(analyte)):
        if band.low is None or (canonical > band.low if band.high is None else canonical >= band.low):
            return band
    return None


def band_text(band: Band) -> str:
    """'under 30 nmol/L: at risk of deficiency (IOM 2011)'."""
    return f"{band_ends(band)}: {band.label} ({band.source_short})"


def band_ends(band: Band) -> str:
    """'under 30 nmol/L', '30–50 nmol/L', 'over 125 nmol/L'."""
    if band.low is None:
        ends = f"under {band.high:g}"
    elif band.high is None:
        ends = f"over {band.low:g}"
    else:
        ends = f"{band.low:g}–{band.high:g}"
    return f"{ends} {band.unit}"


def assess(
    analyte: str,
    value: float,
    unit: str,
    lab_low: float | None = None,
    lab_high: float | None = None,
    lab_unit: str | None = None,
) -> tuple[str | None, str | None, str]:
    """Compare a result with the lab's range (which always wins) or the default range.

    Returns (range source, flag, words): ('lab', 'below', "below the lab's range") or
    ('IOM 2011', 'within', 'within the default range (IOM 2011: adequate for nearly all people)'); (None, None, '') when
    there is no range to compare with."""
    canonical = to_canonical(analyte, value, unit)
    low: float | None
    high: float | None
    if lab_low is not None or lab_high is not None:
        in_unit = lab_unit or unit
        low = None if lab_low is None else to_canonical(analyte, lab_low, in_unit)
        high = None if lab_high is None else to_canonical(analyte, lab_high, in_unit)
        source, whose = "lab", "the lab's range"
    else:
        band = None if is_other(analyte) else default_range(analyte)
        if band is None:
            return None, None, ""
        low, high = band.low, band.high
        source, whose = band.source_short, "the default range"
    if low is not None and canonical < low:
        flag = BELOW
    elif high is not None and canonical > high:
        flag = ABOVE
    else:
        flag = WITHIN
    if source == "lab":
        return source, flag, f"{flag} {whose}"
    band = band_of(analyte, canonical)
    return source, flag, f"{flag} {whose} ({source}: {band.label})" if band else f"{flag} {whose} ({source})"


def make_result(
    id: int,
    day: dt.date,
    analyte: str,
    value: float,
    unit: str,
    range_low: float | None,
    range_high: float | None,
    range_unit: str | None,
    note: str | None,
    import_id: int | None = None,
) -> LabResult:
    """A :class:`LabResult` with its canonical value and its comparison with a range worked out."""
    source, flag, words = assess(analyte, value, unit, range_low, range_high, range_unit)
    return LabResult(
        id=id,
        day=day,
        analyte=analyte,
        value=value,
        unit=unit,
        canonical_value=to_canonical(analyte, value, unit),
        canonical_unit=canonical_unit(analyte, unit),
        range_low=range_low,
        range_high=range_high,
        range_unit=range_unit,
        note=note,
        range_source=source,
        flag=flag,
        flag_words=words,
        import_id=import_id,
    )


def format_range(result: LabResult) -> str:
    """The range a result was compared with, in the result's own unit ('0.75–0.95 mmol/L (NIH ODS)')."""
    low, high, unit = result.range_low, result.range_high, result.range_unit or result.unit
    if low is None and high is None:
        band = None if is_other(result.analyte) else default_range(result.analyte)
        if band is None:
            return "—"
        low = None if band.low is None else from_canonical(result.analyte, band.low, result.unit)
        high = None if band.high is None else from_canonical(result.analyte, band.high, result.unit)
        unit = result.unit
        suffix = f" ({band.source_short})"
        # four digits: IOM's 50 nmol/L is 20.03 ng/mL, and a result of 20 ng/mL (49.9 nmol/L, below it) must not
        # read "below 20–50.1 ng/mL"
        form = ".4g"
    else:
        suffix = " (lab)"
        form = "g"  # the lab's range as typed
    text = f"≥ {low:{form}}" if high is None else f"≤ {high:{form}}" if low is None else f"{low:{form}}–{high:{form}}"
    return f"{text} {unit}{suffix}"


#: How far back the reports look for blood test results [days before the report's last day]: a GP reads the
#: intake of a week or a month beside the last year's tests, which are rarely taken more often.
BLOOD_LOOKBACK_DAYS = 365


def report_window(end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) whose results a report ending on ``end`` lists."""
    return end - dt.timedelta(days=BLOOD_LOOKBACK_DAYS), end


def in_report_order(results: Iterable[LabResult]) -> tuple[LabResult, ...]:
    """The reports' order: the tracked nutrients' results first (in their usual order), then the user's other
    tests; by name, then date within each."""
    order = {n: i for i, n in enumerate(TRACKED)}
    return tuple(
        sorted(results, key=lambda r: (order.get(r.nutrient, len(order)) if r.nutrient else len(order), r.name, r.day))
    )


def blood_json(r: LabResult) -> dict[str, object]:
    """A result as the reports' JSON lists it: as entered, canonical, the range compared with, the words."""
    return {
        "date": r.day.isoformat(), "analyte": r.analyte, "name": r.name,
        "nutrient": None if r.nutrient is None else r.nutrient.value, "value": r.value, "unit": r.unit,
        "canonical_value": r.canonical_value, "canonical_unit": r.canonical_unit, "range_low": r.range_low,
        "range_high": r.range_high, "range_unit": r.range_unit, "range_source": r.range_source, "flag": r.flag,
        "compared": r.flag_words or None, "note": r.note,
    }  # fmt: skip


def check_period(start: dt.date | str | None, end: dt.date | str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a listing of results (either open); InvalidInput for a bad date or a period
    that starts after it ends."""
    from nutrigap.domain.diary import parse_date

    first = None if start is None else parse_date(start)
    last = None if end is None else parse_date(end)
    if first is not None and last is not None and first > last:
        raise InvalidInput(f"The period starts ({first}) after it ends ({last}).")
    return first, last
