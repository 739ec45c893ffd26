"""A stored blood test result as plain values (no SQLAlchemy: the checks and the sqlite3 paths use it too)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from nutrigap.domain import labs
from nutrigap.domain.labs import LabResult

#: The columns of ``lab_result`` that :class:`LabRow` holds, in its order.
COLUMNS = (
    "id", "day", "analyte", "value", "unit", "canonical_value", "range_low", "range_high", "range_unit", "note",
    "import_id",
)  # fmt: skip


class LabRow(NamedTuple):
    """One stored blood test result, as entered, with its canonical value."""

    id: int
    day: dt.date
    analyte: str
    value: float
    unit: str
    canonical_value: float
    range_low: float | None
    range_high: float | None
    range_unit: str | None
    note: str | None
    #: the import from another app that brought it (``import undo`` removes it), None when typed
    import_id: int | None = None


def result_of(row: LabRow) -> LabResult:
    """A stored row as the plain result the views show (canonical unit, range source, flag in words)."""
    return labs.make_result(
        row.id, row.day, row.analyte, row.value, row.unit, row.range_low, row.range_high, row.range_unit, row.note,
        row.import_id,
    )  # fmt: skip
