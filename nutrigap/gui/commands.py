"""Undoable diary changes (:class:`~nutrigap.gui.undo.UndoableChange`): pushed after the change succeeded through
the services, so a refused change never reaches the undo stack; undo and redo call the services again.

Undoing a delete restores the entry with a new id; commands hold an :class:`EntryHandle` per entry (shared
through :meth:`AppState.handle`) whose id follows every restore, so later commands still find their entry.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from nutrigap.domain.wording import plural
from nutrigap.gui.formatting import MEAL_LABELS, date_text
from nutrigap.gui.undo import UndoableChange
from nutrigap.services.views import EntryView

if TYPE_CHECKING:
    from nutrigap.gui.state import AppState, EntryHandle


class _DiaryCommand(UndoableChange):
    def before_change(self) -> None:
        days = self.days()
        if days and self.state.day not in days:
            self.state.set_day(min(days))  # show the day an undo or redo changes

    def announce(self) -> None:
        self.state.announce_entries(*self.days())

    def days(self) -> set[dt.date]:
        raise NotImplementedError


class CreatedEntriesCommand(_DiaryCommand):
    """Entries that were added or copied: undo removes them, redo puts them back."""

    def __init__(self, state: AppState, views: list[EntryView], text: str) -> None:
        super().__init__(state, text)
        self._views = list(views)
        self._handles = [state.new_handle(v.id) for v in views]

    def days(self) -> set[dt.date]:
        return {v.day for v in self._views}

    def _undo(self) -> None:
        from nutrigap.services import diary

        views = []
        for handle in self._handles:
            views.append(diary.remove_entry(self.state.ctx, handle.id))
            self.state.entry_removed(handle)
        self._views = views

    def _redo(self) -> None:
        from nutrigap.services import diary

        for handle, view in zip(self._handles, self._views, strict=True):
            self.state.entry_restored(handle, diary.restore_entry(self.state.ctx, view).id)


class DeleteEntriesCommand(_DiaryCommand):
    """Entries that were deleted: undo restores them exactly as they were, redo deletes them again."""

    def __init__(self, state: AppState, handles: list[EntryHandle], removed: list[EntryView]) -> None:
        what = removed[0].food_name if len(removed) == 1 else plural(len(removed), "entry", "entries")
        super().__init__(state, f"Delete {what}")
        self._views = list(removed)
        self._handles = list(handles)
        for handle in handles:
            state.entry_removed(handle)

    def days(self) -> set[dt.date]:
        return {v.day for v in self._views}

    def _undo(self) -> None:
        from nutrigap.services import diary

        for handle, view in zip(self._handles, self._views, strict=True):
            self.state.entry_restored(handle, diary.restore_entry(self.state.ctx, view).id)

    def _redo(self) -> None:
        from nutrigap.services import diary

        views = []
        for handle in self._handles:
            views.append(diary.remove_entry(self.state.ctx, handle.id))
            self.state.entry_removed(handle)
        self._views = views


class EditEntryCommand(_DiaryCommand):
    """A change of amount, unit, meal, date or note: undo and redo set the whole entry to one side."""

    def __init__(self, state: AppState, before: EntryView, after: EntryView) -> None:
        super().__init__(state, _edit_text(before, after))
        self._handle = state.handle(before.id)
        self._before = before
        self._after = after

    def days(self) -> set[dt.date]:
        return {self._before.day, self._after.day}

    def _apply(self, side: EntryView) -> None:
        from nutrigap.services import diary

        diary.update_entry(
            self.state.ctx,
            self._handle.id,
            quantity=side.quantity,
            unit=side.unit,
            meal=side.meal,
            day=side.day,
            position=side.position,
            note=side.note or "",
        )

    def _undo(self) -> None:
        self._apply(self._before)

    def _redo(self) -> None:
        self._apply(self._after)


def _edit_text(before: EntryView, after: EntryView) -> str:
    if before.day != after.day:
        return f"Move {before.food_name} to {date_text(after.day, weekday=False, year=False)}"
    if before.meal != after.meal:
        from nutrigap.domain.diary import Meal

        return f"Move {before.food_name} to {MEAL_LABELS[Meal(after.meal)].lower()}"
    return f"Change {before.food_name}"
