"""The one base of the window's undo commands (diary entries, twitches, daily factors).

A command is pushed after its change already succeeded through the services, so a refused change never reaches
the undo stack: its first redo only announces the change; later undo and redo call the services again. An undo
or redo that fails tells the user and makes the command obsolete (Qt drops it from the stack, so the stack
never claims a state the diary lacks).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from nutrigap.domain.errors import NutriGapError

if TYPE_CHECKING:
    from nutrigap.gui.state import AppState

log = logging.getLogger(__name__)


class UndoableChange(QUndoCommand):
    """Subclasses say what the change touched (:meth:`announce`) and how to undo and redo it."""

    def __init__(self, state: AppState, text: str) -> None:
        super().__init__(text)
        self.state = state
        self._first_redo = True

    def redo(self) -> None:
        if self._first_redo:  # the change was made before the push
            self._first_redo = False
            self.announce()
            return
        self._guarded(self._redo)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, action: Callable[[], None]) -> None:
        self.before_change()
        try:
            action()
        except NutriGapError as exc:
            self._fail(str(exc))
        except Exception as exc:  # a failing undo must not take the window down; the user is told
            log.exception("undo/redo of %r failed", self.text())
            self._fail(f"{type(exc).__name__}: {exc}")
        finally:
            self.announce()

    def _fail(self, reason: str) -> None:
        self.setObsolete(True)
        self.state.error_occurred.emit(f"Could not {self.text().lower()}: {reason}")

    def before_change(self) -> None:
        """Runs before each undo and redo (a diary command shows the day it changes)."""

    def announce(self) -> None:
        """Tell the window what changed (the state's ``*_changed`` signals)."""
        raise NotImplementedError

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError
