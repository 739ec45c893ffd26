"""The undoable changes of blood test results: each is made through the services first, then pushed on the
window's undo stack (``gui/undo.UndoableChange``); undo and redo call the services again. A result keeps its id
when a delete is undone, so later commands still find it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nutrigap.domain.labs import LabResult
from nutrigap.gui.formatting import date_text
from nutrigap.gui.state import AppState
from nutrigap.gui.undo import UndoableChange
from nutrigap.services import labs


@dataclass(frozen=True, slots=True)
class LabInput:
    """What the form says, as typed."""

    day: dt.date
    analyte: str
    value: str
    unit: str
    range_text: str
    note: str

    def check(self) -> None:
        """InvalidInput with the reason when the services would refuse it."""
        labs.check_result(self.day, self.analyte, self.value, self.unit, range_text=self.range_text, note=self.note)


def describe(r: LabResult) -> str:
    return f"{r.name} {r.value:g} {r.unit} of {date_text(r.day, weekday=False)}"


class _LabCommand(UndoableChange):
    def announce(self) -> None:
        self.state.labs_changed.emit()


class LabAdded(_LabCommand):
    def __init__(self, state: AppState, result: LabResult) -> None:
        super().__init__(state, f"Add {result.name} result")
        self.result = result

    def _undo(self) -> None:
        labs.delete_result(self.state.ctx, self.result.id)

    def _redo(self) -> None:
        labs.restore_result(self.state.ctx, self.result)


class LabEdited(_LabCommand):
    def __init__(self, state: AppState, before: LabResult, after: LabResult) -> None:
        super().__init__(state, f"Change {before.name} result")
        self.before, self.after = before, after

    @staticmethod
    def _put(state: AppState, r: LabResult) -> None:
        labs.edit_result(
            state.ctx, r.id, r.day, r.analyte, r.value, r.unit, range_low=r.range_low, range_high=r.range_high,
            range_unit=r.range_unit, note=r.note,
        )  # fmt: skip

    def _undo(self) -> None:
        self._put(self.state, self.before)

    def _redo(self) -> None:
        self._put(self.state, self.after)


class LabsDeleted(_LabCommand):
    def __init__(self, state: AppState, removed: list[LabResult]) -> None:
        what = f"{removed[0].name} result" if len(removed) == 1 else f"{len(removed)} blood test results"
        super().__init__(state, f"Delete {what}")
        self.removed = removed

    def _undo(self) -> None:
        for r in self.removed:
            labs.restore_result(self.state.ctx, r)

    def _redo(self) -> None:
        for r in self.removed:
            labs.delete_result(self.state.ctx, r.id)


def add_lab_result(state: AppState, given: LabInput) -> LabResult:
    added = labs.add_result(
        state.ctx, given.day, given.analyte, given.value, given.unit, range_text=given.range_text, note=given.note
    )
    state.undo_stack.push(LabAdded(state, added))
    state.notice.emit(f"Recorded {describe(added)}. Undo: Ctrl+Z.")
    return added


def edit_lab_result(state: AppState, before: LabResult, given: LabInput) -> LabResult:
    after = labs.edit_result(
        state.ctx, before.id, given.day, given.analyte, given.value, given.unit, range_text=given.range_text,
        note=given.note,
    )  # fmt: skip
    state.undo_stack.push(LabEdited(state, before, after))
    state.notice.emit(f"Changed the result to {describe(after)}. Undo: Ctrl+Z.")
    return after


def delete_lab_results(state: AppState, ids: list[int]) -> list[LabResult]:
    removed = [labs.delete_result(state.ctx, i) for i in ids]
    if removed:
        state.undo_stack.push(LabsDeleted(state, removed))
        state.notice.emit(f"Deleted {describe(removed[0]) if len(removed) == 1 else f'{len(removed)} results'} "
                          "— Ctrl+Z brings it back.")  # fmt: skip
    return removed
