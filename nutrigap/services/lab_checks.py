"""Checking a blood test result as every path checks it (window, command line, diary import): kept apart from
``nutrigap.services.labs`` so the diary import needs nothing that opens a diary."""

from __future__ import annotations

import datetime as dt

from nutrigap.domain import labs
from nutrigap.domain.diary import parse_date
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.units import parse_decimal
from nutrigap.store.lab_rows import LabRow

__all__ = ["check_result"]


def _number(text: str | float, what: str) -> float:
    try:
        return parse_decimal(text)
    except ValueError:
        raise InvalidInput(f"{what} '{shown(text, 30)}' is not a number.") from None


def check_result(
    day: dt.date | str,
    analyte: str,
    value: str | float,
    unit: str,
    *,
    range_text: str | None = None,
    range_low: float | None = None,
    range_high: float | None = None,
    range_unit: str | None = None,
    note: str | None = None,
    result_id: int = 0,
) -> LabRow:
    """A result checked as every path checks it (InvalidInput with the reason otherwise), ready to store.

    The lab's range is ``range_text`` ('0.7-1.0', '>50', '<5.1') or ``range_low``/``range_high``, in
    ``range_unit`` (default: the result's unit)."""
    chosen_day = parse_date(day)
    chosen = labs.check_analyte(analyte)
    unit_text = labs.check_unit(chosen, unit)
    amount = labs.check_value(chosen, _number(value, "The value"), unit_text)
    if range_text is not None and range_text.strip():
        range_low, range_high = labs.parse_range(range_text)
    range_unit_text: str | None = None
    if range_low is not None or range_high is not None:
        range_unit_text = labs.check_unit(chosen, range_unit) if range_unit else unit_text
        if labs.is_other(chosen) and range_unit_text != unit_text:
            raise InvalidInput(f"The range of {labs.analyte_name(chosen)} must be in the result's unit {unit_text}.")
        labs.check_range(chosen, range_low, range_high, range_unit_text)
    text = " ".join((note or "").split()) or None
    if text is not None and len(text) > labs.MAX_NOTE:
        raise InvalidInput(f"The note is {len(text)} characters long; at most {labs.MAX_NOTE}.")
    return LabRow(
        id=result_id,
        day=chosen_day,
        analyte=chosen,
        value=amount,
        unit=unit_text,
        canonical_value=labs.to_canonical(chosen, amount, unit_text),
        range_low=None if range_low is None else float(range_low),
        range_high=None if range_high is None else float(range_high),
        range_unit=range_unit_text,
        note=text,
    )
