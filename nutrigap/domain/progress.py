"""A small protocol for long work (database builds, imports) to report progress and be cancelled."""

from __future__ import annotations

from typing import Protocol

from nutrigap.domain.errors import NutriGapError


class Cancelled(NutriGapError):
    """The user cancelled long-running work; nothing was changed."""


class Progress(Protocol):
    def __call__(self, message: str, fraction: float) -> None:
        """Report ``fraction`` (0..1) of the work done. Raise :class:`Cancelled` to stop."""


def no_progress(message: str, fraction: float) -> None:
    """A progress sink that ignores reports."""
