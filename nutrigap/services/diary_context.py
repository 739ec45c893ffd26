"""What the diary's open-time steps need of the application context, as a type.

:class:`~nutrigap.services.context.AppContext` opens the diary by calling :mod:`nutrigap.services.startup`;
startup and what it uses (backup files, the diary's identity, the CSV writer, ``unit.write``) take a
:class:`DiaryContext` instead of importing the context, so no import leads back to it (an import-linter
contract in pyproject.toml keeps it so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from nutrigap.paths import DataPaths

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from nutrigap.store.db import UnitOfWork


class DiaryContext(Protocol):
    """The part of the application context the open-time steps and writes use."""

    paths: DataPaths
    read_only: bool
    auto_backup_enabled: bool
    allow_new_diary: bool
    diary_id: str | None
    notices: list[str]

    @property
    def engine(self) -> Engine: ...

    def uow(self) -> UnitOfWork: ...

    def diary_changed(self) -> None: ...

    def close(self) -> None: ...
