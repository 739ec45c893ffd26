"""Blood test results in the diary export (``table`` = ``lab_result``): written by :func:`lab_rows` (one of
``transfer_write.SECTIONS``), read back by :func:`import_lab_result` (``transfer_rows.HANDLERS``), checked as
the window and the command line check them (``services.labs.check_result``). The canonical value is not
written: it follows exactly from the value and unit, and is worked out again on import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from nutrigap.domain.errors import InvalidInput
from nutrigap.store.models import LabResultRow


class Line(Protocol):
    """What the importer needs of one row of the file (``transfer_read.Line``, which imports this module's
    neighbour ``transfer_write``: a protocol keeps the modules free of a cycle)."""

    def fail(self, message: str) -> InvalidInput: ...
    def text(self, name: str, required: bool = False, max_len: int = 2000) -> str | None: ...
    def note(self, name: str = "note") -> str | None: ...
    def number_(
        self, name: str, required: bool = False, low: float | None = None, high: float | None = None
    ) -> float | None: ...
    def integer(
        self, name: str, required: bool = False, low: int | None = None, high: int | None = None
    ) -> int | None: ...
    def date(self, name: str, required: bool = False) -> dt.date | None: ...


#: The export's columns only blood test results use (appended to ``transfer_write.COLUMNS``).
LAB_COLUMNS = ["analyte", "value", "range_low", "range_high", "range_unit"]


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def lab_rows(s: Session) -> Iterator[dict[str, str]]:
    """One row per result, by id: the value, unit and lab range as entered."""
    for r in s.scalars(select(LabResultRow).order_by(LabResultRow.id)):
        yield {
            "table": "lab_result", "key": str(r.id), "date": r.day.isoformat(), "analyte": r.analyte,
            "value": _num(r.value), "unit": r.unit, "range_low": _num(r.range_low), "range_high": _num(r.range_high),
            "range_unit": r.range_unit or "", "note": r.note or "",
            "import_id": "" if r.import_id is None else str(r.import_id),
        }  # fmt: skip


def import_lab_result(session: Session, line: Line, import_id: int | None = None) -> None:
    """A result checked as a new one is (InvalidInput naming the line otherwise), under its exported id;
    ``import_id``: the import from another app that brought it (its id in this diary), if one did."""
    from nutrigap.services.lab_checks import check_result

    result_id = line.integer("key", False, 1, 2**31 - 1) or 0
    try:
        row = check_result(
            line.date("date", True) or "",
            line.text("analyte", True, 60) or "",
            line.text("value", True, 64) or "",
            line.text("unit", True, 20) or "",
            range_low=line.number_("range_low"),
            range_high=line.number_("range_high"),
            range_unit=line.text("range_unit", False, 20),
            note=line.note(),
            result_id=result_id,
        )
    except InvalidInput as exc:
        raise line.fail(str(exc).rstrip(".")) from None
    fields = {**row._asdict(), "import_id": import_id}
    if not result_id:
        del fields["id"]
    session.add(LabResultRow(**fields))
