"""Writing to the diary: one unit of work, committed, then the context told that the diary changed.

Every service that changes the diary writes through :func:`write`::

    with write(ctx) as uow:
        uow.entries.add(...)

Leaving the block normally commits and forgets the derived data cached on the context
(``AppContext.diary_changed``); an exception rolls everything back and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from nutrigap.services.diary_context import DiaryContext

if TYPE_CHECKING:
    from nutrigap.store.db import UnitOfWork

__all__ = ["write"]


@contextmanager
def write(ctx: DiaryContext) -> Iterator[UnitOfWork]:
    """A unit of work that commits when the block ends without an exception, then calls ``diary_changed()``."""
    with ctx.uow() as uow:
        yield uow
        uow.commit()
    ctx.diary_changed()
