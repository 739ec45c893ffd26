"""Twitch episodes and daily factors as the window changes them: every change goes through the services first
and is then pushed onto the window's one undo stack (:attr:`AppState.undo_stack`), so Ctrl+Z undoes a logged
twitch or a glass of water exactly like a food entry.

``AppState.log`` is the one :class:`DailyLog` of a window. Each change ends in ``AppState.twitches_changed`` or
``AppState.factors_changed`` with the dates it touched; errors (:class:`~nutrigap.domain.errors.NutriGapError`)
reach the caller before anything is pushed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from nutrigap.gui.undo import UndoableChange

if TYPE_CHECKING:
    from nutrigap.gui.state import AppState
    from nutrigap.services.factors import FactorsView
    from nutrigap.services.twitches import TwitchView

#: The factor fields the window edits, in the order the factors panel shows them.
FACTOR_FIELDS = (
    "water_ml",
    "caffeine_mg",
    "last_caffeine_at",
    "sleep_h",
    "stress",
    "exercise_min",
    "exercise_intensity",
    "sun_min",
    "sun_exposure",
    "note",
)


class TwitchHandle:
    """A twitch episode as undo commands know it: its current id, updated when an undo puts it back."""

    __slots__ = ("id",)

    def __init__(self, episode_id: int) -> None:
        self.id = episode_id


class DailyLog:
    """Undoable changes to the twitch log and the daily factors of one window."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self._handles: dict[int, TwitchHandle] = {}

    def forget(self) -> None:
        self._handles.clear()

    def handle(self, episode_id: int, *, new: bool = False) -> TwitchHandle:
        if new:
            self._handles.pop(episode_id, None)  # SQLite may give a new episode the id of a deleted one
        found = self._handles.get(episode_id)
        if found is None:
            found = TwitchHandle(episode_id)
            self._handles[episode_id] = found
        return found

    def moved(self, handle: TwitchHandle, new_id: int) -> None:
        self._handles.pop(handle.id, None)
        handle.id = new_id
        self._handles[new_id] = handle

    # --- twitches -----------------------------------------------------------------------------------------
    def log_twitch(self, **details: object) -> TwitchView:
        """Record an episode (the arguments of :func:`nutrigap.services.twitches.log_twitch`)."""
        from nutrigap.services import twitches

        view = twitches.log_twitch(self.state.ctx, **details)  # type: ignore[arg-type]
        self.state.undo_stack.push(TwitchCreated(self, view))
        return view

    def edit_twitch(self, episode_id: int, **changes: object) -> TwitchView:
        from nutrigap.services import twitches

        before = twitches.get_twitch(self.state.ctx, episode_id)
        after = twitches.update_twitch(self.state.ctx, episode_id, **changes)  # type: ignore[arg-type]
        self.state.undo_stack.push(TwitchEdited(self, before, after))
        return after

    def delete_twitches(self, episode_ids: Iterable[int]) -> list[TwitchView]:
        from nutrigap.services import twitches

        ids = list(episode_ids)
        if not ids:
            return []
        handles = [self.handle(i) for i in ids]
        removed = [twitches.remove_twitch(self.state.ctx, h.id) for h in handles]
        self.state.undo_stack.push(TwitchesDeleted(self, handles, removed))
        what = f"the {removed[0].place} twitch" if len(removed) == 1 else f"{len(removed)} twitch episodes"
        self.state.notice.emit(f"Deleted {what}. Undo (Ctrl+Z) brings it back.")
        return removed

    # --- daily factors --------------------------------------------------------------------------------------
    def set_factors(self, day: dt.date, text: str, **values: object) -> FactorsView:
        """Set some of a day's factors (the keywords of :func:`nutrigap.services.factors.set_factors`)."""
        from nutrigap.services import factors

        before = factors.get_factors(self.state.ctx, day)
        after = factors.set_factors(self.state.ctx, day, **values)
        self.state.undo_stack.push(FactorsChanged(self, before, after, text))
        return after

    def announce_twitches(self, days: Iterable[dt.date]) -> None:
        self.state.twitches_changed.emit(frozenset(days))

    def announce_factors(self, days: Iterable[dt.date]) -> None:
        self.state.factors_changed.emit(frozenset(days))


class _LogCommand(UndoableChange):
    """A change to the twitch log or the daily factors (see :class:`~nutrigap.gui.undo.UndoableChange`)."""

    def __init__(self, log_: DailyLog, text: str) -> None:
        super().__init__(log_.state, text)
        self.log = log_


class TwitchCreated(_LogCommand):
    def __init__(self, log_: DailyLog, view: TwitchView) -> None:
        super().__init__(log_, f"Log {view.place} twitch")
        self._view = view
        self._handle = log_.handle(view.id, new=True)

    def announce(self) -> None:
        self.log.announce_twitches([self._view.occurred_at.date()])

    def _undo(self) -> None:
        from nutrigap.services import twitches

        self._view = twitches.remove_twitch(self.log.state.ctx, self._handle.id)

    def _redo(self) -> None:
        from nutrigap.services import twitches

        self.log.moved(self._handle, twitches.restore_twitch(self.log.state.ctx, self._view).id)


class TwitchesDeleted(_LogCommand):
    def __init__(self, log_: DailyLog, handles: list[TwitchHandle], removed: list[TwitchView]) -> None:
        what = f"{removed[0].place} twitch" if len(removed) == 1 else f"{len(removed)} twitch episodes"
        super().__init__(log_, f"Delete {what}")
        self._handles = handles
        self._views = removed

    def announce(self) -> None:
        self.log.announce_twitches(v.occurred_at.date() for v in self._views)

    def _undo(self) -> None:
        from nutrigap.services import twitches

        for handle, view in zip(self._handles, self._views, strict=True):
            self.log.moved(handle, twitches.restore_twitch(self.log.state.ctx, view).id)

    def _redo(self) -> None:
        from nutrigap.services import twitches

        self._views = [twitches.remove_twitch(self.log.state.ctx, h.id) for h in self._handles]


class TwitchEdited(_LogCommand):
    def __init__(self, log_: DailyLog, before: TwitchView, after: TwitchView) -> None:
        super().__init__(log_, f"Change {before.place} twitch")
        self._handle = log_.handle(before.id)
        self._before = before
        self._after = after

    def announce(self) -> None:
        self.log.announce_twitches({self._before.occurred_at.date(), self._after.occurred_at.date()})

    def _apply(self, side: TwitchView) -> None:
        from nutrigap.services import twitches

        twitches.update_twitch(
            self.log.state.ctx,
            self._handle.id,
            occurred_at=side.occurred_at,
            location=side.location,
            location_other=side.location_other,
            intensity=side.intensity,
            side=side.side,
            duration_s=side.duration_s,
            note=side.note,
            symptoms=side.symptoms,
        )

    def _undo(self) -> None:
        self._apply(self._before)

    def _redo(self) -> None:
        self._apply(self._after)


class FactorsChanged(_LogCommand):
    """A change to a day's factors: undo and redo set every field to one side."""

    def __init__(self, log_: DailyLog, before: FactorsView, after: FactorsView, text: str) -> None:
        super().__init__(log_, text)
        self._before = before
        self._after = after

    def announce(self) -> None:
        self.log.announce_factors([self._after.day])

    def _apply(self, side: FactorsView) -> None:
        from nutrigap.services import factors

        factors.set_factors(self.log.state.ctx, side.day, **{name: getattr(side, name) for name in FACTOR_FIELDS})

    def _undo(self) -> None:
        self._apply(self._before)

    def _redo(self) -> None:
        self._apply(self._after)
