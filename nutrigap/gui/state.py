"""The window's shared state: the application context, the day shown, the undo stack, and the announcements
that keep every view current.

Widgets take an :class:`AppState` in their constructor and connect to its signals (the napari shape): a view
never asks another view to refresh. Every change to the diary goes through an undoable command
(:mod:`nutrigap.gui.commands`) and ends in :attr:`AppState.entries_changed` with the dates it touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from nutrigap.domain.diary import LifeStage, Meal, Sex
from nutrigap.domain.wording import plural
from nutrigap.gui.commands import CreatedEntriesCommand, DeleteEntriesCommand, EditEntryCommand
from nutrigap.gui.daily_log import DailyLog
from nutrigap.gui.formatting import date_text
from nutrigap.services.context import AppContext
from nutrigap.services.views import EntryView, ProfileView

if TYPE_CHECKING:
    from nutrigap.services.day_panel import DayPanel
    from nutrigap.services.day_preview import DayPreview


class EntryHandle:
    """A diary entry as undo commands know it: its current id, kept up to date across delete and restore."""

    __slots__ = ("id",)

    def __init__(self, entry_id: int) -> None:
        self.id = entry_id

    def __repr__(self) -> str:
        return f"EntryHandle({self.id})"


class NextTurn(QObject):
    """A refresh asked for any number of times that runs once, on the next turn of the event loop (through
    :meth:`AppState.later`): the one way a view merges the changes announced together. Call it (or :meth:`ask`)
    to ask. It is a child of the widget it refreshes: connect signals to :meth:`ask` or :meth:`if_shown` (bound
    methods, so Qt drops the connections with the widget), and a refresh due after the widget was deleted is
    skipped."""

    def __init__(
        self,
        call: Callable[[], object],
        later: Callable[[Callable[[], object]], None],
        shown_day: Callable[[], dt.date],
        owner: QObject | None,
    ) -> None:
        super().__init__(owner)
        self._call = call
        self._later = later
        self._shown_day = shown_day
        #: True from the first ask until the call runs
        self.pending = False

    def __call__(self, *_: object) -> None:
        self.ask()

    def ask(self, *_: object) -> None:
        if not self.pending:
            self.pending = True
            self._later(self._run)

    def if_shown(self, days: frozenset[dt.date]) -> None:
        """Ask when the day shown is among ``days`` (connect the state's ``*_changed(days)`` signals here)."""
        if self._shown_day() in days:
            self.ask()

    def _run(self) -> None:
        if not shiboken6.isValid(self):  # the widget (and with it this child) was deleted meanwhile
            return
        self.pending = False
        self._call()


class AppState(QObject):
    """One per window. Holds no diary data of its own beyond small caches cleared on every change."""

    #: the day shown changed (a ``datetime.date``)
    day_changed = Signal(object)
    #: diary entries changed on these dates (a ``frozenset[datetime.date]``)
    entries_changed = Signal(object)
    #: the profile (sex, age, life stage, vitamin D unit) changed: targets must be recomputed
    profile_changed = Signal()
    #: custom foods, recipes, supplements or favourites changed
    foods_changed = Signal()
    #: the food database was built or replaced
    food_db_changed = Signal()
    #: a change could not be made or undone; the text is meant for the user
    error_occurred = Signal(str)
    #: a short note for the status bar about what just happened ("Deleted … — Ctrl+Z brings it back")
    notice = Signal(str)
    #: twitch episodes changed on these dates (a ``frozenset[datetime.date]``)
    twitches_changed = Signal(object)
    #: daily factors (water, caffeine, sleep, stress, exercise) changed on these dates (``frozenset[date]``)
    factors_changed = Signal(object)
    #: blood test results were added, changed or deleted (issue #17)
    labs_changed = Signal()
    #: the medicines list changed (issue #17): the nutrient pop-ups, insights and report mention them
    medicines_changed = Signal()
    #: the whole diary was replaced (a CSV import or a restored backup) or changed elsewhere (the command line,
    #: another window): every view reloads everything
    diary_replaced = Signal()

    def __init__(
        self,
        ctx: AppContext,
        day: dt.date | None = None,
        parent: QObject | None = None,
        *,
        preview: DayPreview | None = None,
    ) -> None:
        """``preview``: the shown day and the profile as read for the first paint (see
        :mod:`nutrigap.services.day_preview`); they stand in for the diary's answers until it changes."""
        super().__init__(parent)
        self.ctx = ctx
        self._day = day or (preview.day if preview is not None else dt.date.today())
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        # An entry deleted and restored (undo) comes back with a new id, and SQLite may give a deleted entry's
        # id to a new one; so commands hold an EntryHandle per entry whose id is updated on every restore.
        self._handles: dict[int, EntryHandle] = {}
        self._entries_cache: dict[dt.date, list[EntryView]] = {}
        self._profile: ProfileView | None = None
        self._first_panel: DayPanel | None = None
        if preview is not None:
            self._entries_cache[preview.day] = preview.entries
            self._profile = preview.profile
            self._first_panel = preview.panel
        self.entries_changed.connect(self._forget_entries)
        self.profile_changed.connect(self._forget_profile)
        self.food_db_changed.connect(self._forget_entries)
        self.foods_changed.connect(self._forget_entries)  # a changed custom food changes the entries using it
        self.diary_replaced.connect(self._forget_profile)
        self.log = DailyLog(self)
        #: work waiting for the first frame (see hold_deferred_work); None when it runs on the next turn
        self._held: list[Callable[[], object]] | None = None

    # --- work for the next turn of the event loop -----------------------------------------------------------
    def later(self, call: Callable[[], object]) -> None:
        """Run ``call`` on the next turn of the event loop (the window's one way to defer a refresh); while the
        start-up paints the first frame, right after the diary has opened instead."""
        if self._held is not None:
            self._held.append(call)
        else:
            QTimer.singleShot(0, call)

    def next_turn(self, call: Callable[[], object]) -> NextTurn:
        """``call`` wrapped so that asking it any number of times runs it once, on the next turn (:meth:`later`)."""
        owner = getattr(call, "__self__", None)
        return NextTurn(call, self.later, lambda: self.day, owner if isinstance(owner, QObject) else None)

    def hold_deferred_work(self) -> None:
        """From now until :meth:`release_deferred_work`, :meth:`later` keeps its calls: the start-up then
        paints the first frame before any of them (the twitches-and-factors line, a restored page) runs."""
        if self._held is None:
            self._held = []

    @property
    def starting(self) -> bool:
        """True while the start-up paints the first frame and opens the diary (deferred work is held)."""
        return self._held is not None

    def release_deferred_work(self) -> None:
        held, self._held = self._held or [], None
        for call in held:
            QTimer.singleShot(0, call)

    # --- the day shown ----------------------------------------------------------------------------------
    @property
    def day(self) -> dt.date:
        return self._day

    def set_day(self, day: dt.date) -> None:
        if day != self._day:
            self._day = day
            self.day_changed.emit(day)

    def shift_day(self, days: int) -> None:
        self.set_day(self._day + dt.timedelta(days=days))

    # --- reading ----------------------------------------------------------------------------------------
    def entries(self, day: dt.date | None = None) -> list[EntryView]:
        """Entries of a day in meal order (cached until the diary changes)."""
        day = day or self._day
        cached = self._entries_cache.get(day)
        if cached is None:
            from nutrigap.services import diary  # SQLAlchemy: not before the first frame (the preview's day)

            cached = diary.entries_for_day(self.ctx, day)
            self._entries_cache[day] = cached
        return cached

    def profile(self) -> ProfileView:
        if self._profile is None:
            from nutrigap.services import profile  # SQLAlchemy: not before the first frame (the preview's profile)

            self._profile = profile.get_profile(self.ctx)
        return self._profile

    def take_first_panel(self) -> DayPanel | None:
        """The nutrient panel read with the first frame's day (once; None after that, or without a preview, or
        once the diary changed): the panel shows it in the first frame."""
        panel, self._first_panel = self._first_panel, None
        return panel

    @property
    def vitamin_d_unit(self) -> str:
        return self.profile().profile.vitamin_d_unit

    # --- entry handles for undo -------------------------------------------------------------------------
    def handle(self, entry_id: int) -> EntryHandle:
        """The one handle for the entry that now has ``entry_id`` (commands keep handles, not ids)."""
        found = self._handles.get(entry_id)
        if found is None:
            found = EntryHandle(entry_id)
            self._handles[entry_id] = found
        return found

    def new_handle(self, entry_id: int) -> EntryHandle:
        """A handle for a freshly created entry (SQLite may reuse the id of an entry deleted earlier)."""
        self._handles.pop(entry_id, None)
        return self.handle(entry_id)

    def entry_removed(self, handle: EntryHandle) -> None:
        self._handles.pop(handle.id, None)

    def entry_restored(self, handle: EntryHandle, new_id: int) -> None:
        handle.id = new_id
        self._handles[new_id] = handle

    # --- announcements ----------------------------------------------------------------------------------
    def announce_entries(self, *days: dt.date) -> None:
        self.entries_changed.emit(frozenset(days))

    def _forget_entries(self, *_: object) -> None:
        self._entries_cache.clear()
        self._first_panel = None

    def _forget_profile(self) -> None:
        self._profile = None
        self._entries_cache.clear()
        self._first_panel = None

    def replace_diary(self) -> None:
        """After the diary was replaced as a whole (import, restore): forget undo steps and caches (their ids
        are gone) and tell every view to reload."""
        self.undo_stack.clear()
        self._handles.clear()
        self.log.forget()
        self.reload_all()

    def reload_all(self) -> None:
        """Another window or the command line changed the diary: every view reads it again (undo stays)."""
        self.ctx.diary_changed()
        self.diary_replaced.emit()
        self.profile_changed.emit()
        self.foods_changed.emit()
        self.entries_changed.emit(frozenset({self._day}))

    # --- changes (each one undoable) ----------------------------------------------------------------------
    # Each change is made through the services first; only a change that succeeded is pushed (its first redo
    # does nothing). Errors (NutriGapError) reach the caller, which shows them where the user typed.
    def log_food(
        self, day: dt.date, meal: Meal, food_id: str, quantity: float | str, unit: str, note: str | None = None
    ) -> EntryView:
        """Add an entry. Raises :class:`~nutrigap.domain.errors.NutriGapError` (nothing written) on bad input."""
        from nutrigap.services import diary

        view = diary.log_food(self.ctx, day, meal, food_id, quantity, unit, note)
        self.undo_stack.push(CreatedEntriesCommand(self, [view], f"Add {view.food_name}"))
        return view

    def edit_entry(
        self,
        entry_id: int,
        *,
        quantity: float | str | None = None,
        unit: str | None = None,
        meal: Meal | None = None,
        day: dt.date | None = None,
        note: str | None = None,
    ) -> EntryView:
        from nutrigap.services import diary

        before = diary.get_entry(self.ctx, entry_id)
        after = diary.update_entry(self.ctx, entry_id, quantity=quantity, unit=unit, meal=meal, day=day, note=note)
        self.undo_stack.push(EditEntryCommand(self, before, after))
        if after.day != before.day:
            self.notice.emit(
                f"Moved {after.food_name} to {date_text(after.day, year=False)}. Undo (Ctrl+Z) brings it back."
            )
        return after

    def move_entries(self, entry_ids: list[int], meal: Meal) -> None:
        """Move entries to another meal of their day (drag and drop), as one undo step."""
        from nutrigap.services import diary

        moves = [e for e in (diary.get_entry(self.ctx, i) for i in entry_ids) if e.meal != meal.value]
        if not moves:
            return
        if len(moves) == 1:
            after = diary.update_entry(self.ctx, moves[0].id, meal=meal)
            self.undo_stack.push(EditEntryCommand(self, moves[0], after))
            return
        self.undo_stack.beginMacro(f"Move {plural(len(moves), 'entry', 'entries')} to {meal.value}")
        try:
            for before in moves:
                after = diary.update_entry(self.ctx, before.id, meal=meal)
                self.undo_stack.push(EditEntryCommand(self, before, after))
        finally:
            self.undo_stack.endMacro()

    def delete_entries(self, entry_ids: list[int]) -> None:
        from nutrigap.services import diary

        if not entry_ids:
            return
        handles = [self.handle(i) for i in entry_ids]
        removed = [diary.remove_entry(self.ctx, h.id) for h in handles]
        self.undo_stack.push(DeleteEntriesCommand(self, handles, removed))
        what = removed[0].food_name if len(removed) == 1 else plural(len(removed), "entry", "entries")
        self.notice.emit(f"Deleted {what}. Undo (Ctrl+Z) brings it back.")

    def copy_entries(self, entry_ids: list[int], to_day: dt.date, to_meal: Meal | None = None) -> list[EntryView]:
        from nutrigap.services import diary

        copies = diary.copy_entries(self.ctx, entry_ids, to_day, to_meal)
        self.undo_stack.push(
            CreatedEntriesCommand(
                self, copies, f"Copy {plural(len(copies), 'entry', 'entries')} to {date_text(to_day, year=False)}"
            )
        )
        self.notice.emit(f"Copied {plural(len(copies), 'entry', 'entries')} to {date_text(to_day, year=False)}.")
        return copies

    def copy_day(self, from_day: dt.date, to_day: dt.date, meal: Meal | None = None) -> list[EntryView]:
        from nutrigap.services import diary

        copies = diary.copy_day(self.ctx, from_day, to_day, meal)
        what = "day" if meal is None else meal.value
        self.undo_stack.push(CreatedEntriesCommand(self, copies, f"Copy {what} to {date_text(to_day, year=False)}"))
        self.notice.emit(f"Copied {plural(len(copies), 'entry', 'entries')} to {date_text(to_day, year=False)}.")
        return copies

    def set_profile(self, *, sex: Sex, birth_date: dt.date, life_stage: LifeStage, vitamin_d_unit: str) -> ProfileView:
        """Save the profile; every view re-targets at once. Raises InvalidInput (nothing saved) on bad values."""
        from nutrigap.services import profile

        view = profile.set_profile(
            self.ctx, sex=sex, birth_date=birth_date, life_stage=life_stage, vitamin_d_unit=vitamin_d_unit
        )
        self.profile_changed.emit()
        return view
