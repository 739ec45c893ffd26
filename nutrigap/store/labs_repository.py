"""The repository of blood test results (``lab_result``). It stages changes; the unit of work commits."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from nutrigap.store.lab_rows import LabRow
from nutrigap.store.models import LabResultRow

__all__ = ["LabKey", "LabResultRepository", "LabRow"]


#: (day, analyte, value, unit): the identity of a result for an import (the same measurement of the same day)
LabKey = tuple[dt.date, str, float, str]


def _row(r: LabResultRow) -> LabRow:
    return LabRow(
        r.id, r.day, r.analyte, r.value, r.unit, r.canonical_value, r.range_low, r.range_high, r.range_unit, r.note,
        r.import_id,
    )  # fmt: skip


class LabResultRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, values: LabRow) -> LabRow:
        """Store a result; ``values.id`` 0 takes a new id, another id is kept (undo of a delete, an import)."""
        fields = values._asdict()
        if not fields["id"]:
            del fields["id"]
        row = LabResultRow(**fields)
        self.session.add(row)
        self.session.flush()
        return _row(row)

    def get(self, result_id: int) -> LabRow | None:
        row = self.session.get(LabResultRow, result_id)
        return None if row is None else _row(row)

    def update(self, values: LabRow) -> LabRow | None:
        row = self.session.get(LabResultRow, values.id)
        if row is None:
            return None
        for key, value in values._asdict().items():
            if key not in ("id", "import_id"):  # a change keeps the result's import (its undo still removes it)
                setattr(row, key, value)
        self.session.flush()
        return _row(row)

    def delete(self, result_id: int) -> LabRow | None:
        row = self.session.get(LabResultRow, result_id)
        if row is None:
            return None
        found = _row(row)
        self.session.delete(row)
        self.session.flush()
        return found

    def between(self, start: dt.date | None = None, end: dt.date | None = None) -> list[LabRow]:
        """Results from ``start`` to ``end`` (inclusive, either open), by date then id."""
        query = select(LabResultRow)
        if start is not None:
            query = query.where(LabResultRow.day >= start)
        if end is not None:
            query = query.where(LabResultRow.day <= end)
        return [_row(r) for r in self.session.scalars(query.order_by(LabResultRow.day, LabResultRow.id))]

    # imports from other apps (issue #18) -------------------------------------------------------------------
    def add_imported(self, rows: list[LabRow], import_id: int) -> None:
        """Stage results an import brought (new ids), each carrying ``import_id`` for its undo."""
        for values in rows:
            fields = {**values._asdict(), "import_id": import_id}
            del fields["id"]
            self.session.add(LabResultRow(**fields))
        self.session.flush()

    def keys_between(self, start: dt.date, end: dt.date) -> Counter[LabKey]:
        """How many results of each (day, analyte, value, unit) the diary holds between two days (inclusive)."""
        rows = self.session.execute(
            select(LabResultRow.day, LabResultRow.analyte, LabResultRow.value, LabResultRow.unit).where(
                LabResultRow.day >= start, LabResultRow.day <= end
            )
        )
        return Counter((r[0], r[1], float(r[2]), r[3]) for r in rows)

    def count_by_import(self) -> dict[int, int]:
        """Import id → how many blood test results it brought (that are still in the diary)."""
        rows = self.session.execute(
            select(LabResultRow.import_id, func.count())
            .where(LabResultRow.import_id.is_not(None))
            .group_by(LabResultRow.import_id)
        )
        return {int(r[0] or 0): int(r[1]) for r in rows}

    def delete_import(self, import_id: int) -> int:
        """Delete the results an import brought; how many."""
        found = self.count_by_import().get(import_id, 0)
        self.session.execute(delete(LabResultRow).where(LabResultRow.import_id == import_id))
        self.session.flush()
        return found
