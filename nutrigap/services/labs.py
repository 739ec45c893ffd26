"""Blood test results (issue #17): add, edit, delete and list them; one unit of work per use case.

Every value is checked once, in the domain (``nutrigap.domain.labs``): the window, the command line and an
import all refuse the same things with the same message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from nutrigap.domain import labs
from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.domain.labs import LabResult, blood_json
from nutrigap.domain.nutrients import Nutrient
from nutrigap.services.context import AppContext
from nutrigap.services.lab_checks import check_result
from nutrigap.services.unit import write
from nutrigap.store.db import UnitOfWork
from nutrigap.store.lab_rows import LabRow, result_of

__all__ = [
    "LabResult", "add_result", "blood_by_nutrient_in", "blood_json", "check_result", "delete_result", "edit_result",
    "get_result", "list_results", "recent_results_in", "restore_result", "results_by_nutrient",
]  # fmt: skip


def to_result(row: LabRow) -> LabResult:
    """A stored row as the plain result the views show (canonical unit, range source, flag in words)."""
    return result_of(row)


def add_result(
    ctx: AppContext,
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
) -> LabResult:
    """Store a new result; returns it with its id."""
    row = check_result(
        day, analyte, value, unit, range_text=range_text, range_low=range_low, range_high=range_high,
        range_unit=range_unit, note=note,
    )  # fmt: skip
    with write(ctx) as uow:
        stored = uow.labs.add(row)
    return to_result(stored)


def restore_result(ctx: AppContext, result: LabResult) -> LabResult:
    """Store ``result`` again under its own id (the undo of a delete), checked like a new one, with the import
    that brought it (so ``import undo`` still removes it), unless that import was undone meanwhile: then it
    stays as the person's own result."""
    row = check_result(
        result.day, result.analyte, result.value, result.unit, range_low=result.range_low,
        range_high=result.range_high, range_unit=result.range_unit, note=result.note, result_id=result.id,
    )  # fmt: skip
    with write(ctx) as uow:
        if uow.labs.get(result.id) is not None:
            raise InvalidInput(f"Blood test result {result.id} already exists.")
        if result.import_id is not None and uow.imports.get(result.import_id) is not None:
            row = row._replace(import_id=result.import_id)
        stored = uow.labs.add(row)
    return to_result(stored)


def edit_result(
    ctx: AppContext,
    result_id: int,
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
) -> LabResult:
    """Replace result ``result_id`` with the values given (NotFound if there is none)."""
    row = check_result(
        day, analyte, value, unit, range_text=range_text, range_low=range_low, range_high=range_high,
        range_unit=range_unit, note=note, result_id=result_id,
    )  # fmt: skip
    with write(ctx) as uow:
        stored = uow.labs.update(row)
        if stored is None:
            raise NotFound(f"There is no blood test result {result_id}.")
    return to_result(stored)


def delete_result(ctx: AppContext, result_id: int) -> LabResult:
    """Delete result ``result_id``; returns what it was (for undo). NotFound if there is none."""
    with write(ctx) as uow:
        gone = uow.labs.delete(result_id)
        if gone is None:
            raise NotFound(f"There is no blood test result {result_id}; list them with: nutrigap lab list")
    return to_result(gone)


def get_result(ctx: AppContext, result_id: int) -> LabResult:
    with ctx.uow() as uow:
        row = uow.labs.get(result_id)
    if row is None:
        raise NotFound(f"There is no blood test result {result_id}.")
    return to_result(row)


def list_results(
    ctx: AppContext, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> list[LabResult]:
    """Results from ``start`` to ``end`` (inclusive; either may be open), oldest first."""
    first, last = labs.check_period(start, end)
    with ctx.uow() as uow:
        rows = uow.labs.between(first, last)
    return [to_result(r) for r in rows]


def blood_by_nutrient_in(uow: UnitOfWork, start: dt.date, end: dt.date) -> dict[Nutrient, list[LabResult]]:
    """The results of ``start``..``end`` that measure a tracked nutrient, grouped by it, read in a unit of work a
    use case already opened (the trend chart, the doctor's report)."""
    return results_by_nutrient([to_result(r) for r in uow.labs.between(start, end)])


def recent_results_in(uow: UnitOfWork, end: dt.date) -> tuple[LabResult, ...]:
    """The results of the year up to ``end``: the tracked nutrients' first (in their usual order), then the
    user's other tests; by date within each (``domain.labs.in_report_order``)."""
    start, end = labs.report_window(end)
    return labs.in_report_order(to_result(r) for r in uow.labs.between(start, end))


def results_by_nutrient(results: list[LabResult]) -> dict[Nutrient, list[LabResult]]:
    """The results that measure one of the tracked nutrients, grouped by it (charts, the doctor's report)."""
    grouped: dict[Nutrient, list[LabResult]] = {}
    for result in results:
        if result.nutrient is not None:
            grouped.setdefault(result.nutrient, []).append(result)
    return grouped
